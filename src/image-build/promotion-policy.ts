// Which planned builds `kiln build --promote-from` takes from staging sites instead of building, and
// in what order (promote.ts brings one back). Children go first, so that a parent planned only
// because a child needs it (reason 'parent') is neither promoted nor built when every child that
// needs it was promoted. A key the local build index holds is left to the build (it is closer). A
// promotion that fails is a warning: that image is built instead (its parent then counts as needed).
import { rm } from 'node:fs/promises';
import type { KilnConfig } from '../config/types.js';
import { describeError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { imageGraph } from '../plan/graph.js';
import type { PlannedImage } from '../plan/types.js';
import { exportBuild, type BuildIndex, type ExportedBuild } from './build-index.js';
import { addSbom } from './image-sbom.js';
import { findCandidate, promoteImage } from './promote.js';
import type { PromotionSource } from './promotion-source.js';
import { recordDir } from '../record/record.js';

export interface PromotionSetup {
  config: KilnConfig;
  index: BuildIndex;
  /** Where each build lands as `<output>/<name>/<arch>/`. */
  output: string;
  gitSha: string;
  now: () => Date;
  runner: Runner;
  logger: Logger;
  signal?: AbortSignal;
}

export interface Promotions {
  /** Promoted builds by `name/arch`. */
  promoted: Map<string, ExportedBuild>;
  /** Parents neither promoted nor to be built: every child that needed them was promoted. */
  unneeded: Set<string>;
}

const id = (p: Pick<PlannedImage, 'name' | 'arch'>) => `${p.name}/${p.arch}`;

export async function promoteAll(
  setup: PromotionSetup,
  planned: readonly PlannedImage[],
  sources: readonly PromotionSource[],
): Promise<Promotions> {
  const { config, index, logger, signal } = setup;
  // The image graph's order has parents first: its reverse, children first.
  const rank = new Map(imageGraph(config.images).order.map((name, i) => [name, i]));
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
    if (await index.lookup(p.key, p.name, p.arch)) continue; // the build index is closer
    const image = config.images.get(p.name)!;
    const candidate = await findCandidate(sources, p, image, logger, unreachable);
    if (!candidate) {
      logger.info(`${itemId}: no build of key ${p.key.slice(0, 12)} to promote: building it`);
      continue;
    }
    await rm(recordDir(setup.output, p.name, p.arch), { recursive: true, force: true });
    const work = await index.workDir(p.key);
    try {
      const { file, record } = await promoteImage({
        planned: p,
        image,
        candidate,
        dir: work,
        gitSha: setup.gitSha,
        now: setup.now,
        runner: setup.runner,
        logger,
        signal,
      });
      const withSbom = await addSbom(record, file, work, { runner: setup.runner, logger, signal });
      promoted.set(itemId, await exportBuild(await index.store(work, file, withSbom, false), setup.output));
    } catch (err) {
      if (signal?.aborted) throw err;
      logger.warn(`${itemId}: not promoted, building it instead: ${describeError(err)}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  return { promoted, unneeded };
}
