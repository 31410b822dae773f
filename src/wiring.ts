// The composition root. Every stage is `stage(request, deps)` (docs/design.md, "Stage layering"):
// the adapters (src/cli/commands/, src/action/commands/) turn flags or inputs into the request, load
// the configuration once per run, and get the deps here, so the CLI and the action wire each stage
// the same way. The OpenStack clients are imported when a stage first needs them: `kiln plan` never
// parses them (src/cli/commands/index.ts).
import { resolve } from 'node:path';
import type { FetchArtifactOptions } from './image-build/artifacts.js';
import type { BuildDeps } from './image-build/build-images.js';
import type { Progress } from './image-build/progress.js';
import type { PromotionSource } from './image-build/promotion-source.js';
import { cacheDir } from './config/cache-dir.js';
import { loadConfig, type ConfigSource, type LoadOptions } from './config/load.js';
import type { KilnConfig, Site } from './config/types.js';
import { run, type Runner } from './exec.js';
import type { Logger } from './log.js';
import type { ConnectOptions } from './openstack/connect.js';
import { cachedTree } from './plan/cached-tree.js';
import type { PlanDeps } from './plan/plan-builds.js';
import { takeReadAhead } from './plan/tree-prefetch.js';
import type { PublishDeps } from './publish/publish.js';
import type { SyncDeps } from './release/sync.js';
import type { TestImagesDeps } from './verify/test-images.js';

/** What one run of kiln talks to, whichever adapter started it. */
export interface Invocation {
  /** The repository root; relative paths of flags and inputs are resolved against it. */
  cwd: string;
  /** kiln's environment (the action's without the runner's secrets: src/action/core-env.ts). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Starts programs (git, DIB, Packer, qemu-img, ...). */
  runner: Runner;
  /** The run's stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
  now: () => Date;
}

export function invocation(
  o: Pick<Invocation, 'cwd' | 'env' | 'logger' | 'signal'> & { runner?: Runner },
): Invocation {
  const { cwd, env, logger, signal } = o;
  return { cwd, env, logger, signal, runner: o.runner ?? run, now: () => new Date() };
}

/** A loaded configuration with where it came from, as plan and build take it. */
export interface Project {
  config: KilnConfig;
  source: ConfigSource;
}

/**
 * Loads the configuration for the stages that compute build keys. A large elements/ is read on
 * another thread while the config is parsed; each file is read once for both.
 */
export async function loadProject(
  o: Pick<LoadOptions, 'cwd' | 'env' | 'configDir' | 'builtinElements'>,
): Promise<Project> {
  const source: ConfigSource = { ...o, tree: cachedTree(takeReadAhead(resolve(o.cwd))) };
  return { config: await loadConfig(source), source };
}

export function planDeps(inv: Invocation, project: Project): PlanDeps {
  return { ...project, logger: inv.logger, runner: inv.runner };
}

/** Connection options for a sites.yaml site, named in messages by siteLabel. */
async function siteConnections(inv: Invocation) {
  const connect = await import('./openstack/connect.js');
  const options = (site: Site): ConnectOptions =>
    connect.siteConnection(site, { env: inv.env, cwd: inv.cwd, logger: inv.logger, signal: inv.signal });
  return {
    options,
    glance: (site: Site) => connect.connectGlance(options(site)),
    keyManager: (site: Site) => connect.connectKeyManager(options(site)),
  };
}

export async function buildDeps(
  inv: Invocation,
  project: Project,
  o: { progress?: Progress } = {},
): Promise<BuildDeps> {
  const [{ buildProgress }, { glancePromotionSource }, { objectArtifactOpener }] = await Promise.all([
    import('./image-build/progress.js'),
    import('./image-build/promotion-source.js'),
    import('./image-build/object-artifact.js'),
  ]);
  const sources = { env: inv.env, cwd: inv.cwd, logger: inv.logger };
  const promotionSource = (site: Site): PromotionSource => glancePromotionSource(site, sources);
  const openObject: FetchArtifactOptions['openObject'] = objectArtifactOpener(project.config.sites, sources);
  return {
    ...planDeps(inv, project),
    env: inv.env,
    signal: inv.signal,
    now: inv.now,
    progress: o.progress ?? buildProgress({ logger: inv.logger }),
    promotionSource,
    openObject,
  };
}

export function testDeps(inv: Invocation, config: KilnConfig, o: { tmpDir?: string } = {}): TestImagesDeps {
  const { runner, logger, env, signal, now } = inv;
  return { config, runner, logger, env, signal, now, tmpDir: o.tmpDir };
}

export async function publishDeps(
  inv: Invocation,
  config: KilnConfig,
  o: {
    /** Where the dry-run plan goes. */
    print: (line: string) => void;
    /** Where converted files are kept (default kiln's cache, KILN_CACHE_DIR). */
    cacheDir?: string;
    /** KILN_SIGNING_KEY when it comes from elsewhere than the environment (the action's input). */
    signingKey?: string;
  },
): Promise<PublishDeps> {
  const [sites, { SIGNING_KEY_ENV }] = await Promise.all([
    siteConnections(inv),
    import('./signing/signing-key.js'),
  ]);
  return {
    config,
    connect: sites.glance,
    keyManager: sites.keyManager,
    // Only publish sees the key: never the environment of builds or other programs.
    env: o.signingKey ? { ...inv.env, [SIGNING_KEY_ENV]: o.signingKey } : inv.env,
    runner: inv.runner,
    logger: inv.logger,
    cacheDir: o.cacheDir ?? cacheDir(inv.env, config.root),
    now: inv.now,
    print: o.print,
    signal: inv.signal,
  };
}

/**
 * Sync's deps for a clouds.yaml cloud: its settings are read first (bad input before contacting it),
 * then Glance is connected. The signing key is registered with the logger before anything runs.
 */
export async function syncDeps(inv: Invocation, cloud: string, signingKey?: string): Promise<SyncDeps> {
  const [connect, { maskKey }] = await Promise.all([
    import('./openstack/connect.js'),
    import('./signing/signing-key.js'),
  ]);
  const options = { cloud, env: inv.env, cwd: inv.cwd, logger: inv.logger };
  connect.resolveCloud(options);
  const glance = await connect.connectGlance({ ...options, signal: inv.signal });
  if (signingKey) maskKey(signingKey, inv.logger);
  return {
    glance,
    runner: inv.runner,
    logger: inv.logger,
    signal: inv.signal,
    signing: { keyManager: () => connect.connectKeyManager(options), signingKey },
  };
}

/** Glance, Barbican and image data of sites.yaml sites, for checking published signatures. */
export async function siteReaders(inv: Invocation) {
  const [sites, { glancePromotionSource }] = await Promise.all([
    siteConnections(inv),
    import('./image-build/promotion-source.js'),
  ]);
  return {
    connect: sites.glance,
    keyManager: sites.keyManager,
    openData: (site: Site, imageId: string) =>
      glancePromotionSource(site, sites.options(site)).openData(imageId, inv.signal),
  };
}
