// `kiln build` as a core function (the CLI and the action call it): plan the requested images (their
// keys, and the parents they need), then build them on N slots, parents first. An image whose key is
// in the local build index is copied from there instead of rebuilt (unless forced); with
// `promoteFrom`, one whose key a staging site's Glance holds is downloaded from there (promote.ts).
// Every image x arch ends up at `<output>/<name>/<arch>/` with its record.json, or is reported as failed.
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { cacheDir } from '../config/cache-dir.js';
import { loadConfig, type LoadOptions } from '../config/load.js';
import type { KilnConfig, ResolvedImage, Site } from '../config/types.js';
import { InputError, describeError } from '../errors.js';
import { run, type Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { imageGraph } from '../plan/graph.js';
import { planBuilds } from '../plan/plan-builds.js';
import type { PlannedImage } from '../plan/types.js';
import { fetchArtifact, type FetchArtifactOptions } from './artifacts.js';
import { ciRunUrl } from './ci-run.js';
import { objectArtifactOpener } from './object-artifact.js';
import { BuildIndex, exportBuild, type ExportedBuild } from './build-index.js';
import { hostMirrorEnv } from './debian-mirror.js';
import { runDib } from './dib-driver.js';
import type { DriverRun } from './driver-run.js';
import { addSbom } from './image-sbom.js';
import { changeLines, packagesOf, replacedPackages } from './package-changes.js';
import { gitHead, makeRecord } from './make-record.js';
import { runPacker } from './packer-driver.js';
import { buildProgress, type Progress } from './progress.js';
import { findCandidate, promoteImage } from './promote.js';
import { glancePromotionSource, promotionSources, type PromotionSource } from './promotion-source.js';
import { recordDir } from './record.js';
import { runSchedule } from './scheduler.js';
import { orphanWait, sweepScratch } from './stale-scratch.js';
import { summarize, type BuildStatus } from './summary.js';
import { ensureThirdPartyCheckout } from './third-party.js';

export interface BuildRequest extends Pick<LoadOptions, 'cwd' | 'configDir' | 'builtinElements'> {
  /** kiln's environment: config overrides, KILN_CACHE_DIR, KILN_HOST_MIRRORS; builders start from it. */
  env: NodeJS.ProcessEnv;
  images: string[];
  arches?: string[];
  output: string;
  /** Builds at once (default 1). */
  slots?: number;
  /** Rebuild even when the build index has the key, and replace the indexed result. */
  force?: boolean;
  logger: Logger;
  signal?: AbortSignal;
  runner?: Runner;
  progress?: Progress;
  now?: () => Date;
  /** Seconds a builder gets to clean up after SIGTERM before it is killed. */
  killGraceSeconds?: number;
  /** Sites (sites.yaml names) whose Glance may hold builds of the same keys, to promote instead of building. */
  promoteFrom?: string[];
  /** How a site is searched for builds to promote (default: its Glance through clouds.yaml). */
  promotionSource?: (site: Site) => PromotionSource;
}

export interface ImageResult {
  name: string;
  arch: string;
  key: string;
  status: BuildStatus;
  /** For built, unchanged and promoted images. */
  build?: ExportedBuild;
  /** For failed images: what went wrong. */
  error?: string;
  /** For images not built because an ancestor failed. */
  failedParent?: string;
  /** For built images: package changes against the build they replace, when both have an SBOM. */
  packageChanges?: string[];
}

/** The image x arch has its build (made, reused from the index or promoted); anything else fails the run. */
export const hasBuild = (r: Pick<ImageResult, 'status'>): boolean =>
  r.status === 'built' || r.status === 'unchanged' || r.status === 'promoted';

export interface BuildRun {
  results: ImageResult[];
  /** 0 when every image has its build (hasBuild), else 1. */
  exitCode: number;
  /** Human-readable summary lines. */
  summary: string;
}

/** Seconds assumed for an image never built on this machine (only its order matters). */
const DEFAULT_ESTIMATE_S = 600;

export async function buildImages(req: BuildRequest): Promise<BuildRun> {
  if (req.images.length === 0)
    throw new InputError('kiln build: name at least one image', undefined, 'usage: kiln build IMAGE...');
  const runner = req.runner ?? run;
  const now = req.now ?? (() => new Date());
  const loadOptions = {
    cwd: req.cwd,
    env: req.env,
    configDir: req.configDir,
    builtinElements: req.builtinElements,
  };
  const plan = await planBuilds({
    ...loadOptions,
    images: req.images,
    arches: req.arches,
    logger: req.logger,
    runner,
  });
  const config = await loadConfig(loadOptions);
  const sources = promotionSources(
    req.promoteFrom ?? [],
    config.sites,
    req.promotionSource ??
      ((site) => glancePromotionSource(site, { env: req.env, cwd: req.cwd, logger: req.logger })),
  );
  if (req.force && sources.length > 0)
    req.logger.warn('--force rebuilds every image: nothing is promoted from --promote-from sites');
  const cache = cacheDir(req.env, config.root);
  const index = new BuildIndex(cache);
  const orphans = await sweepScratch(index.root, { logger: req.logger });
  const durations = await index.durations();
  const progress = req.progress ?? buildProgress({ logger: req.logger });
  const ctx: BuildContext = {
    req,
    config,
    cache,
    index,
    runner,
    now,
    progress,
    gitSha: await gitHead(runner, config.root),
    exported: new Map(),
    packageChanges: new Map(),
    openObject: objectArtifactOpener(config.sites, { env: req.env, cwd: req.cwd, logger: req.logger }),
    elementsPath: undefined,
    orphanedBuilders: orphanWait(orphans, index.root, { logger: req.logger }),
  };

  const byId = new Map(plan.images.map((p) => [id(p), p]));
  const { promoted, unneeded } =
    sources.length > 0 && !req.force
      ? await promoteAll(ctx, plan.images, sources)
      : { promoted: new Map<string, ExportedBuild>(), unneeded: new Set<string>() };
  for (const [itemId, build] of promoted) ctx.exported.set(itemId, build);
  const toBuild = plan.images.filter((p) => !promoted.has(id(p)) && !unneeded.has(id(p)));
  const scheduled = await runSchedule(
    toBuild.map((p) => ({
      id: id(p),
      parent: p.parent ? `${p.parent}/${p.arch}` : undefined,
      estimate: durations[id(p)] ?? DEFAULT_ESTIMATE_S,
    })),
    (itemId) => buildOne(ctx, byId.get(itemId)!, itemId),
    { slots: req.slots ?? 1, signal: req.signal },
  );
  progress.close();

  const statusOf = new Map<
    string,
    { id: string; status: BuildStatus; error?: unknown; failedParent?: string }
  >(scheduled.map((r) => [r.id, r]));
  for (const itemId of promoted.keys()) statusOf.set(itemId, { id: itemId, status: 'promoted' });
  const results = plan.images.map((p) => statusOf.get(id(p))).filter((r) => r !== undefined);
  const images: ImageResult[] = results.map((r) => {
    const p = byId.get(r.id)!;
    return {
      name: p.name,
      arch: p.arch,
      key: p.key,
      status: r.status,
      build: ctx.exported.get(r.id),
      error: r.error === undefined ? undefined : describeError(r.error),
      failedParent: r.failedParent,
      packageChanges: ctx.packageChanges.get(r.id),
    };
  });
  const summary = summarize(images);
  return {
    results: images,
    exitCode: images.every(hasBuild) ? 0 : 1,
    summary,
  };
}

const id = (p: Pick<PlannedImage, 'name' | 'arch'>) => `${p.name}/${p.arch}`;

/**
 * Promotes what the sources hold, children before parents, so that a parent planned only because a
 * child needs it (reason 'parent') is neither promoted nor built when every child that needs it was
 * promoted. A promotion that fails is a warning: that image is built instead (its parent then counts
 * as needed).
 */
async function promoteAll(
  ctx: BuildContext,
  planned: readonly PlannedImage[],
  sources: readonly PromotionSource[],
): Promise<{ promoted: Map<string, ExportedBuild>; unneeded: Set<string> }> {
  const { req } = ctx;
  const { logger } = req;
  // The image graph's order has parents first: its reverse, children first.
  const rank = new Map(imageGraph(ctx.config.images).order.map((name, i) => [name, i]));
  const children = new Map<string, string[]>();
  for (const p of planned) {
    if (!p.parent) continue;
    const parentId = id({ name: p.parent, arch: p.arch });
    children.set(parentId, [...(children.get(parentId) ?? []), id(p)]);
  }
  const promoted = new Map<string, ExportedBuild>();
  const unneeded = new Set<string>();
  const unreachable = new Set<string>();
  for (const p of [...planned].sort((a, b) => rank.get(b.name)! - rank.get(a.name)!)) {
    const itemId = id(p);
    const kids = children.get(itemId) ?? [];
    if (p.reason === 'parent' && kids.every((k) => promoted.has(k) || unneeded.has(k))) {
      unneeded.add(itemId);
      logger.info(`${itemId}: not needed: every image that needs it was promoted`);
      continue;
    }
    if (await ctx.index.lookup(p.key, p.name, p.arch)) continue; // the build index is closer
    const image = ctx.config.images.get(p.name)!;
    const candidate = await findCandidate(sources, p, image, logger, unreachable);
    if (!candidate) {
      logger.info(`${itemId}: no build of key ${p.key.slice(0, 12)} to promote: building it`);
      continue;
    }
    const outDir = recordDir(req.output, p.name, p.arch);
    await rm(outDir, { recursive: true, force: true });
    const work = await ctx.index.workDir(p.key);
    try {
      const { file, record } = await promoteImage({
        planned: p,
        image,
        candidate,
        dir: work,
        gitSha: ctx.gitSha,
        now: ctx.now,
        runner: ctx.runner,
        logger,
        signal: req.signal,
      });
      const withSbom = await addSbom(record, file, work, { runner: ctx.runner, logger, signal: req.signal });
      promoted.set(itemId, await exportBuild(await ctx.index.store(work, file, withSbom, false), req.output));
    } catch (err) {
      if (req.signal?.aborted) throw err;
      logger.warn(`${itemId}: not promoted, building it instead: ${describeError(err)}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  return { promoted, unneeded };
}

interface BuildContext {
  req: BuildRequest;
  config: KilnConfig;
  cache: string;
  index: BuildIndex;
  runner: Runner;
  now: () => Date;
  progress: Progress;
  gitSha: string;
  /** Finished images by id (children of Packer images need their parent's file). */
  exported: Map<string, ExportedBuild>;
  /** Per built image: its package changes against the build it replaces (summary lines). */
  packageChanges: Map<string, string[]>;
  /** Opens object-store artifacts with their site's credentials. */
  openObject: FetchArtifactOptions['openObject'];
  /** ELEMENTS_PATH dirs, made once (third-party checkouts) by the first DIB build. */
  elementsPath: Promise<string[]> | undefined;
  /** Resolves once no orphaned builder of a killed kiln uses this DIB image cache (stale-scratch.ts). */
  orphanedBuilders: (imageCache: string, signal?: AbortSignal) => Promise<void>;
}

async function buildOne(
  ctx: BuildContext,
  planned: PlannedImage,
  id: string,
): Promise<'built' | 'unchanged'> {
  const { req, index } = ctx;
  if (!req.force) {
    const hit = await index.lookup(planned.key, planned.name, planned.arch);
    if (hit) {
      ctx.exported.set(id, await exportBuild(hit, req.output));
      req.logger.info(`${id}: unchanged (build key ${planned.key.slice(0, 12)} is in the build index)`);
      return 'unchanged';
    }
  }
  const image = ctx.config.images.get(planned.name)!;
  const outDir = recordDir(req.output, planned.name, planned.arch);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const logFile = join(outDir, 'build.log');
  const work = await index.workDir(planned.key);
  ctx.progress.start(id);
  let failed = true;
  try {
    const started = ctx.now();
    const file = await runBuilder(ctx, image, planned, id, work, {
      env: req.env,
      logFile,
      signal: req.signal,
      killGraceSeconds: req.killGraceSeconds,
      onPhase: (phase) => ctx.progress.phase(id, phase),
    });
    const record = await makeRecord(
      {
        name: planned.name,
        arch: planned.arch,
        key: planned.key,
        builder: image.builder,
        builder_version: image.builder_version,
        format: image.disk_format,
        imagePath: file,
        git_sha: ctx.gitSha,
        build_url: ciRunUrl(req.env),
        built_at: started,
        duration_s: (ctx.now().getTime() - started.getTime()) / 1000,
      },
      ctx.runner,
    );
    const deps = { runner: ctx.runner, logger: req.logger, signal: req.signal };
    const replaced = await replacedPackages(index.root, planned.name, planned.arch);
    const withSbom = await addSbom(record, file, work, deps);
    const changes = changeLines(replaced, await packagesOf(work, withSbom));
    const entry = await index.store(work, file, withSbom);
    if (changes) ctx.packageChanges.set(id, changes);
    ctx.exported.set(id, await exportBuild(entry, req.output));
    failed = false;
    return 'built';
  } finally {
    await rm(work, { recursive: true, force: true });
    await ctx.progress.end(id, failed, logFile);
  }
}

async function runBuilder(
  ctx: BuildContext,
  image: ResolvedImage,
  planned: PlannedImage,
  id: string,
  work: string,
  driverRun: DriverRun,
): Promise<string> {
  const { req, cache } = ctx;
  // Exported under their variable names: DIB elements read them, Packer templates via env().
  const artifacts: Record<string, string> = {};
  for (const [name, artifact] of Object.entries(image.artifacts)) {
    artifacts[name] = await fetchArtifact(artifact, {
      cache,
      label: `${id}: ${name}`,
      signal: req.signal,
      openObject: ctx.openObject,
    });
  }
  if (image.builder === 'packer') {
    const parent = planned.parent ? ctx.exported.get(`${planned.parent}/${planned.arch}`) : undefined;
    return runPacker(
      {
        image,
        arch: planned.arch,
        key: planned.key,
        root: ctx.config.root,
        varFiles: image.var_files,
        outputDir: work,
        gitSha: ctx.gitSha,
        parentImage: parent?.imagePath,
        pluginDir: join(cache, 'packer-plugins'),
      },
      { ...driverRun, env: { ...driverRun.env, ...artifacts } },
      ctx.runner,
    );
  }
  ctx.elementsPath ??= elementsPathDirs(ctx);
  const usesDebian = image.elements.some((e) => e === 'debian' || e === 'debian-minimal');
  const imageCache = join(cache, 'dib-image-cache', planned.arch);
  await ctx.orphanedBuilders(imageCache, req.signal);
  return runDib(
    {
      image,
      arch: planned.arch,
      key: planned.key,
      elementsPath: await ctx.elementsPath,
      outputBase: join(work, image.name),
      imageCache,
      artifacts,
      gitSha: ctx.gitSha,
      buildUrl: ciRunUrl(req.env),
      buildDate: ctx.now(),
      extraEnv: req.env.KILN_HOST_MIRRORS === '1' && usesDebian ? await hostMirrorEnv(image.env) : undefined,
    },
    driverRun,
    ctx.runner,
  );
}

/** The project's elements/, then every third-party repo's elements dir at its pinned commit. */
async function elementsPathDirs(ctx: BuildContext): Promise<string[]> {
  const dirs = [join(ctx.config.root, 'elements')];
  for (const repo of ctx.config.thirdParty.values()) {
    dirs.push(
      await ensureThirdPartyCheckout(repo, { cache: ctx.cache, runner: ctx.runner, signal: ctx.req.signal }),
    );
  }
  return dirs;
}
