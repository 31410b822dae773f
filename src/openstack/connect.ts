// The one call other stages make: a GlanceClient for a clouds.yaml cloud (or the OS_* variables),
// authenticated, with its TLS settings, its secrets registered with the logger, and errors that
// name `label` (the site, or the cloud).
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { CloudConfig } from './cloud.js';
import { loadCloud, seconds } from './clouds-config.js';
import { BarbicanKeyManager, type KeyManager } from './barbican.js';
import { HttpGlanceClient, type GlanceClientOptions } from './glance.js';
import type { GlanceClient } from './glance-types.js';
import { DEFAULT_IDLE_TIMEOUT_MS, httpTransport } from './http.js';
import { KeystoneSession } from './keystone.js';

export interface ConnectOptions {
  /** clouds.yaml cloud; defaults to OS_CLOUD, then the OS_* variables. */
  cloud?: string;
  /** Names the site in messages, e.g. "site kvm-site (cloud site-a)"; defaults to "cloud <name>". */
  label?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** The run's stop (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Overrides for tests (page size, retry pacing). */
  client?: Partial<Omit<GlanceClientOptions, 'session' | 'logger' | 'label'>>;
}

/** A sites.yaml site as messages name it: "site kvm (cloud site-a)". */
export function siteLabel(site: { name: string; cloud: string }): string {
  return `site ${site.name} (cloud ${site.cloud})`;
}

/** How to reach a sites.yaml site: its clouds.yaml cloud, named in errors by siteLabel. */
export function siteConnection(
  site: { name: string; cloud: string },
  o: Omit<ConnectOptions, 'cloud' | 'label'>,
): ConnectOptions {
  return { ...o, cloud: site.cloud, label: siteLabel(site) };
}

/** Loads the cloud's settings without contacting it (bad input fails here, before any work). */
export function resolveCloud(options: Pick<ConnectOptions, 'cloud' | 'env' | 'cwd'>): CloudConfig {
  return loadCloud({ name: options.cloud, env: options.env, cwd: options.cwd });
}

/**
 * How long a connect or a silence (no byte either way) may last: KILN_HTTP_TIMEOUT, else the cloud's
 * `api_timeout`, else 60 s. Uploads and downloads are bounded by it between bytes, not in total.
 */
export function httpTimeoutMs(cloud: CloudConfig, env: NodeJS.ProcessEnv): number {
  const override = env.KILN_HTTP_TIMEOUT;
  if (override) return seconds(override, 'KILN_HTTP_TIMEOUT') * 1000;
  return cloud.apiTimeout !== undefined ? cloud.apiTimeout * 1000 : DEFAULT_IDLE_TIMEOUT_MS;
}

export interface SessionOptions {
  cloud: CloudConfig;
  label: string;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** The run's stop (SIGINT/SIGTERM): authentication and reads give up when it fires. */
  signal?: AbortSignal;
}

export function keystoneSession(o: SessionOptions): KeystoneSession {
  const { cloud } = o;
  let ca: Buffer | undefined;
  if (cloud.cacert) {
    try {
      ca = readFileSync(cloud.cacert);
    } catch (err) {
      throw new InputError(`cacert ${cloud.cacert}: ${(err as Error).message}`);
    }
  }
  const transport = httpTransport({ ca, rejectUnauthorized: cloud.verify }, httpTimeoutMs(cloud, o.env));
  return new KeystoneSession({ cloud, transport, logger: o.logger, label: o.label, stop: o.signal });
}

/** Authenticates and returns the cloud's Glance client. */
export async function connectGlance(options: ConnectOptions): Promise<GlanceClient> {
  const cloud = resolveCloud(options);
  const label = options.label ?? `cloud ${cloud.name}`;
  const session = keystoneSession({
    cloud,
    label,
    logger: options.logger,
    env: options.env,
    signal: options.signal,
  });
  await session.authenticate();
  await session.endpoint('image');
  return new HttpGlanceClient({ ...options.client, session, logger: options.logger, label });
}

/** Authenticates and returns the cloud's Barbican (key-manager), where signing certificates live. */
export async function connectKeyManager(options: Omit<ConnectOptions, 'client'>): Promise<KeyManager> {
  const cloud = resolveCloud(options);
  const session = keystoneSession({
    cloud,
    label: options.label ?? `cloud ${cloud.name}`,
    logger: options.logger,
    env: options.env,
    signal: options.signal,
  });
  await session.authenticate();
  await session.endpoint('key-manager');
  return new BarbicanKeyManager(session, options.logger);
}
