// The one call other stages make: a GlanceClient for a clouds.yaml cloud (or the OS_* variables),
// authenticated, with its TLS settings, its secrets registered with the logger, and errors that
// name `label` (the site, or the cloud).
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { CloudConfig } from './cloud.js';
import { loadCloud } from './clouds-config.js';
import { HttpGlanceClient, type GlanceClientOptions } from './glance.js';
import type { GlanceClient } from './glance-types.js';
import { httpTransport } from './http.js';
import { KeystoneSession } from './keystone.js';

export interface ConnectOptions {
  /** clouds.yaml cloud; defaults to OS_CLOUD, then the OS_* variables. */
  cloud?: string;
  /** Names the site in messages, e.g. "site kvm-site (cloud site-a)"; defaults to "cloud <name>". */
  label?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  /** Overrides for tests (page size, retry pacing). */
  client?: Partial<Omit<GlanceClientOptions, 'session' | 'logger' | 'label'>>;
}

/** Loads the cloud's settings without contacting it (bad input fails here, before any work). */
export function resolveCloud(options: Pick<ConnectOptions, 'cloud' | 'env' | 'cwd'>): CloudConfig {
  return loadCloud({ name: options.cloud, env: options.env, cwd: options.cwd });
}

export function keystoneSession(cloud: CloudConfig, label: string, logger: Logger): KeystoneSession {
  let ca: Buffer | undefined;
  if (cloud.cacert) {
    try {
      ca = readFileSync(cloud.cacert);
    } catch (err) {
      throw new InputError(`cacert ${cloud.cacert}: ${(err as Error).message}`);
    }
  }
  const transport = httpTransport({ ca, rejectUnauthorized: cloud.verify });
  return new KeystoneSession({ cloud, transport, logger, label });
}

/** Authenticates and returns the cloud's Glance client. */
export async function connectGlance(options: ConnectOptions): Promise<GlanceClient> {
  const cloud = resolveCloud(options);
  const label = options.label ?? `cloud ${cloud.name}`;
  const session = keystoneSession(cloud, label, options.logger);
  await session.authenticate();
  await session.endpoint('image');
  return new HttpGlanceClient({ ...options.client, session, logger: options.logger, label });
}
