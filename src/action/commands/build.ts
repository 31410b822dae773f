// The action's `build`: set up the builders when missing, restore the download caches, run the core
// build, save the caches (also after a failed build: what was downloaded is still good), and report
// every image x arch in the outputs and the summary.
import { join } from 'node:path';
import { buildImages, hasBuild, type ImageResult } from '../../image-build/build-images.js';
import type { Arch, KilnConfig, ResolvedImage } from '../../config/types.js';
import { hasPlugins } from '../../image-build/packer-driver.js';
import { InputError } from '../../errors.js';
import type { Logger } from '../../log.js';
import {
  actionsCacheBackend,
  artifactCacheSpec,
  packerPluginCacheSpec,
  dibCacheSpec,
  restoreCaches,
  saveCaches,
  type CacheSpec,
} from '../build-cache.js';
import { Input, Output } from '../constants.js';
import { actionInvocation, type ActionCommand, type ActionContext } from '../context.js';
import { jobArches } from '../inputs.js';
import { statusGraph, type SummaryRow } from '../summary.js';
import { setupDib, setupPacker } from '../tool-setup.js';
import { buildDeps, loadProject } from '../../wiring.js';

/** The requested images with their ancestors: what the build will touch. */
function withAncestors(config: KilnConfig, names: string[]): ResolvedImage[] {
  const seen = new Map<string, ResolvedImage>();
  const visit = (name: string) => {
    const image = config.images.get(name);
    if (!image || seen.has(name)) return;
    if (image.parent) visit(image.parent);
    seen.set(name, image);
  };
  names.forEach(visit);
  return [...seen.values()];
}

async function setupTools(ctx: ActionContext, images: ResolvedImage[]): Promise<void> {
  const dib = images.find((i) => i.builder === 'dib');
  const packer = images.find((i) => i.builder === 'packer');
  if (dib) {
    await ctx.logger.group('Set up diskimage-builder', () =>
      setupDib({
        version: dib.builder_version,
        runner: ctx.runner,
        logger: ctx.logger,
        isRoot: process.getuid?.() === 0,
      }),
    );
  }
  if (packer) {
    const version = ctx.inputs.packerVersion ?? packer.builder_version;
    await ctx.logger.group(`Set up Packer ${version}`, () =>
      setupPacker({ version, url: ctx.inputs.packerUrl, runner: ctx.runner, logger: ctx.logger }),
    );
  }
}

function cacheSpecs(images: ResolvedImage[], arches: Arch[], cacheDir: string): CacheSpec[] {
  return arches.flatMap((arch) => {
    const forArch = images.filter((i) => i.architectures.includes(arch));
    const specs: CacheSpec[] = [];
    if (forArch.some((i) => i.builder === 'dib')) {
      specs.push(dibCacheSpec(forArch, arch, join(cacheDir, 'dib-image-cache', arch)));
    }
    // Only versions with plugins have any to cache (a folder never written would never be a hit).
    if (forArch.some((i) => i.builder === 'packer' && hasPlugins(i.builder_version))) {
      specs.push(packerPluginCacheSpec(forArch, arch, join(cacheDir, 'packer-plugins')));
    }
    if (forArch.some((i) => Object.keys(i.artifacts).length > 0)) {
      specs.push(artifactCacheSpec(forArch, arch, join(cacheDir, 'artifacts')));
    }
    return specs;
  });
}

function buildRow(r: ImageResult): SummaryRow {
  const record = r.build?.record;
  const detail = r.error?.split('\n')[0] ?? (r.failedParent ? `parent ${r.failedParent} failed` : undefined);
  return {
    name: r.name,
    arch: r.arch,
    key: r.key,
    status: r.status,
    detail,
    size: record?.size,
    durationS: record?.duration_s,
  };
}

async function withCaches<T>(
  ctx: ActionContext,
  specs: CacheSpec[],
  logger: Logger,
  fn: () => Promise<T>,
): Promise<{ result: T; hit: boolean }> {
  const backend = ctx.inputs.cache ? await actionsCacheBackend() : undefined;
  if (ctx.inputs.cache && !backend)
    logger.info('the Actions cache service is not available here: building without it');
  if (!backend) return { result: await fn(), hit: false };
  const hits = await logger.group('Restore caches', () => restoreCaches(specs, backend, logger));
  try {
    return { result: await fn(), hit: specs.every((s) => hits.get(s.key) === s.key) };
  } finally {
    await logger.group('Save caches', () => saveCaches(specs, hits, backend, logger));
  }
}

/** Per built image with an SBOM on both sides: its package changes against the build it replaces. */
function packageNotes(results: ImageResult[]): string[] | undefined {
  const notes = results
    .filter((r) => r.packageChanges)
    .map((r) => {
      const [title, ...lines] = r.packageChanges!;
      return [`**${r.name}/${r.arch}**: ${title}`, '', ...lines].join('\n');
    });
  return notes.length ? notes : undefined;
}

export const buildAction: ActionCommand = async (ctx) => {
  const { inputs, logger } = ctx;
  if (inputs.images.length === 0) {
    throw new InputError(
      `input '${Input.Images}' is required for build`,
      undefined,
      "pass the matrix entry's images",
    );
  }
  const env = { ...ctx.env, KILN_CACHE_DIR: inputs.cacheDir };
  const project = await loadProject({ cwd: inputs.root, env, configDir: inputs.configDir });
  const { config } = project;
  const images = withAncestors(config, inputs.images);
  const arches = jobArches(inputs.architectures, images);
  if (inputs.setupTools) await setupTools(ctx, images);

  const { result: run, hit } = await withCaches(
    ctx,
    cacheSpecs(images, arches, inputs.cacheDir),
    logger,
    async () =>
      buildImages(
        {
          images: inputs.images,
          arches: inputs.architectures,
          output: inputs.resultsDir,
          slots: inputs.threads,
          force: inputs.force,
          promoteFrom: inputs.promoteFrom,
        },
        await buildDeps(actionInvocation(ctx, env), project),
      ),
  );
  logger.info(run.summary);

  const rows = run.results.map(buildRow);
  const failed = run.results.filter((r) => !hasBuild(r));
  return {
    outputs: {
      [Output.Built]: JSON.stringify(
        run.results.map((r) => ({
          name: r.name,
          arch: r.arch,
          key: r.key,
          status: r.status,
          record: r.build?.recordPath,
        })),
      ),
      [Output.ResultsDir]: inputs.resultsDir,
      [Output.CacheHit]: String(hit),
    },
    summary: {
      title: 'kiln build',
      rows,
      graph: statusGraph(rows, config),
      notes: packageNotes(run.results),
    },
    failure:
      failed.length > 0
        ? `${failed.length} of ${run.results.length} builds did not finish: ${failed.map((r) => `${r.name}/${r.arch}`).join(', ')}`
        : undefined,
  };
};
