// `kiln build` as a core function (the CLI and the action call it): plan the requested images (their
// keys, and the parents they need), then build them on N slots, parents first. An image whose key is
// in the local build index is copied from there instead of rebuilt (unless forced); with
// `promoteFrom`, one whose key a staging site's Glance holds is downloaded from there
// (promotion-policy.ts). The builders themselves are run by builder-dispatch.ts. Every image x arch
// ends up at `<output>/<name>/<arch>/` with its record.json, or is reported as failed.
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { cacheDir } from '../config/cache-dir.js';
import type { KilnConfig, Site } from '../config/types.js';
import { InputError, describeError } from '../errors.js';
import { planBuilds, type PlanDeps } from '../plan/plan-builds.js';
import type { PlannedImage } from '../plan/types.js';
import type { FetchArtifactOptions } from './artifacts.js';
import { Builders } from './builder-dispatch.js';
import { ciRunUrl } from './ci-run.js';
import { BuildIndex, exportBuild, type ExportedBuild } from './build-index.js';
import { addSbom } from './image-sbom.js';
import { changeLines, packagesOf, replacedPackages } from './package-changes.js';
import { gitHead, makeRecord } from './make-record.js';
import type { Progress } from './progress.js';
import { promoteAll, type Promotions } from './promotion-policy.js';
import { promotionSources, type PromotionSource } from './promotion-source.js';
import { recordDir } from '../record/record.js';
import { runSchedule } from './scheduler.js';
import { orphanWait, sweepScratch } from './stale-scratch.js';
import { summarize, type BuildStatus } from './summary.js';

export interface BuildRequest {
  images: string[];
  /** Architecture names as given (`-a`); absent: each image's own. */
  arches?: string[];
  output: string;
  /** Builds at once (default 1). */
  slots?: number;
  /** Rebuild even when the build index has the key, and replace the indexed result. */
  force?: boolean;
  /** Seconds a builder gets to clean up after SIGTERM before it is killed. */
  killGraceSeconds?: number;
  /** Sites (sites.yaml names) whose Glance may hold builds of the same keys, to promote instead of building. */
  promoteFrom?: string[];
}

/** What build works with (and plans with); an adapter gets them from src/wiring.ts (buildDeps). */
export interface BuildDeps extends PlanDeps {
  /** kiln's environment: KILN_CACHE_DIR, KILN_HOST_MIRRORS; builders start from it. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  now: () => Date;
  progress: Progress;
  /** How a `promoteFrom` site is searched for builds to promote (its Glance through clouds.yaml). */
  promotionSource: (site: Site) => PromotionSource;
  /** Opens object-store artifacts with their site's credentials. */
  openObject: FetchArtifactOptions['openObject'];
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

export async function buildImages(req: BuildRequest, deps: BuildDeps): Promise<BuildRun> {
  if (req.images.length === 0)
    throw new InputError('kiln build: name at least one image', undefined, 'usage: kiln build IMAGE...');
  const { config, logger, runner, progress } = deps;
  const plan = await planBuilds({ images: req.images, arches: req.arches }, deps);
  const sources = promotionSources(req.promoteFrom ?? [], config.sites, deps.promotionSource);
  if (req.force && sources.length > 0)
    logger.warn('--force rebuilds every image: nothing is promoted from --promote-from sites');
  const cache = cacheDir(deps.env, config.root);
  const index = new BuildIndex(cache);
  const orphans = await sweepScratch(index.root, { logger });
  const durations = await index.durations();
  const gitSha = await gitHead(runner, config.root);
  const ctx: BuildContext = {
    req,
    deps,
    config,
    index,
    gitSha,
    exported: new Map(),
    packageChanges: new Map(),
    builders: new Builders({
      config,
      cache,
      env: deps.env,
      runner,
      now: deps.now,
      gitSha,
      signal: deps.signal,
      openObject: deps.openObject,
      orphanedBuilders: orphanWait(orphans, index.root, { logger }),
    }),
  };

  const byId = new Map(plan.images.map((p) => [id(p), p]));
  const { promoted, unneeded }: Promotions =
    sources.length > 0 && !req.force
      ? await promoteAll(
          { config, index, output: req.output, gitSha, now: deps.now, runner, logger, signal: deps.signal },
          plan.images,
          sources,
        )
      : { promoted: new Map(), unneeded: new Set() };
  for (const [itemId, build] of promoted) ctx.exported.set(itemId, build);
  const toBuild = plan.images.filter((p) => !promoted.has(id(p)) && !unneeded.has(id(p)));
  const scheduled = await runSchedule(
    toBuild.map((p) => ({
      id: id(p),
      parent: p.parent ? `${p.parent}/${p.arch}` : undefined,
      estimate: durations[id(p)] ?? DEFAULT_ESTIMATE_S,
    })),
    (itemId) => buildOne(ctx, byId.get(itemId)!, itemId),
    { slots: req.slots ?? 1, signal: deps.signal },
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

interface BuildContext {
  req: BuildRequest;
  deps: BuildDeps;
  config: KilnConfig;
  index: BuildIndex;
  gitSha: string;
  /** Finished images by id (children of Packer images need their parent's file). */
  exported: Map<string, ExportedBuild>;
  /** Per built image: its package changes against the build it replaces (summary lines). */
  packageChanges: Map<string, string[]>;
  builders: Builders;
}

async function buildOne(
  ctx: BuildContext,
  planned: PlannedImage,
  id: string,
): Promise<'built' | 'unchanged'> {
  const { req, deps, index } = ctx;
  if (!req.force) {
    const hit = await index.lookup(planned.key, planned.name, planned.arch);
    if (hit) {
      ctx.exported.set(id, await exportBuild(hit, req.output));
      deps.logger.info(`${id}: unchanged (build key ${planned.key.slice(0, 12)} is in the build index)`);
      return 'unchanged';
    }
  }
  const image = ctx.config.images.get(planned.name)!;
  const outDir = recordDir(req.output, planned.name, planned.arch);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const logFile = join(outDir, 'build.log');
  const work = await index.workDir(planned.key);
  deps.progress.start(id);
  let failed = true;
  try {
    const started = deps.now();
    const parent = planned.parent ? ctx.exported.get(`${planned.parent}/${planned.arch}`) : undefined;
    const file = await ctx.builders.run(
      image,
      planned,
      work,
      {
        env: deps.env,
        logFile,
        signal: deps.signal,
        killGraceSeconds: req.killGraceSeconds,
        onPhase: (phase) => deps.progress.phase(id, phase),
        onNote: (note) => deps.logger.info(`${id}: ${note}`),
      },
      parent?.imagePath,
    );
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
        build_url: ciRunUrl(deps.env),
        built_at: started,
        duration_s: (deps.now().getTime() - started.getTime()) / 1000,
      },
      deps.runner,
    );
    const sbomDeps = { runner: deps.runner, logger: deps.logger, signal: deps.signal };
    const replaced = await replacedPackages(index.root, planned.name, planned.arch);
    const withSbom = await addSbom(record, file, work, sbomDeps);
    const changes = changeLines(replaced, await packagesOf(work, withSbom));
    const entry = await index.store(work, file, withSbom);
    if (changes) ctx.packageChanges.set(id, changes);
    ctx.exported.set(id, await exportBuild(entry, req.output));
    failed = false;
    return 'built';
  } finally {
    await rm(work, { recursive: true, force: true });
    await deps.progress.end(id, failed, logFile);
  }
}
