// `kiln plan` as a core function (the CLI and the action adapter both call it): compute every build
// key of the loaded config, optionally compare with the keys at a git ref, select images, and lay
// them out as a GitHub matrix.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { inputErrorsOf, InputError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { COMMITTED_DIB_ELEMENTS, elementsPath } from '../config/elements-path.js';
import { loadConfig, type ConfigSource } from '../config/load.js';
import type { SourceTree } from '../config/source-tree.js';
import { ARCHES, type Arch, type KilnConfig, type ResolvedImage } from '../config/types.js';
import { cachedTree } from './cached-tree.js';
import { KeyHasher, type ImageKeys, type KeyReuse, type OwnDigest } from './build-key.js';
import { ElementResolver } from './element-resolver.js';
import { changedSince, submodulePaths, type Change } from './git-changes.js';
import { gitTree, type GitTree } from './git-tree.js';
import { unchangedFromWorkTree } from './since-tree.js';
import { within } from '../within.js';
import { imageGraph, type ImageGraph } from './graph.js';
import { buildMatrix, packingNote } from './matrix.js';
import { closureNotes, packerNotes } from './notes.js';
import type { KeyedPath, PackerKeyInputs } from './packer-key.js';
import { checkRequest, selectImages } from './select.js';
import type { Plan, PlannedImage } from './types.js';

export interface PlanRequest {
  /** Images to plan (with the ancestors they need); empty or absent: all. */
  images?: string[];
  /** Architecture names as given (`-a`); absent: all. */
  arches?: string[];
  /** A git ref: plan only images whose key differs from their key at this ref. */
  since?: string;
}

/** What plan works with; an adapter gets them from src/wiring.ts (loadProject, planDeps). */
export interface PlanDeps {
  /** The configuration, loaded once per run by the adapter. */
  config: KilnConfig;
  /** Where it was read from: element folders are hashed from the same tree. */
  source: ConfigSource;
  logger: Logger;
  /** Runs git for `since`. */
  runner: Runner;
}

export interface KeyedConfig {
  config: KilnConfig;
  graph: ImageGraph;
  keys: Map<string, ImageKeys>;
  /** Digest of each project element folder the keys cover. */
  digests: ReadonlyMap<string, string | undefined>;
  /** What the config and elements were read from. */
  tree: SourceTree;
  /** What each Packer image's key covers. */
  packer: ReadonlyMap<string, PackerKeyInputs>;
  /** The files each image's `inputs:` match. */
  inputs: ReadonlyMap<string, KeyedPath[]>;
  /** DIB images' own digests (KeyReuse). */
  own: ReadonlyMap<ResolvedImage, OwnDigest>;
}

export async function planBuilds(req: PlanRequest, deps: PlanDeps): Promise<Plan> {
  const { logger } = deps;
  const arches = parseArches(req.arches);
  // git finds the --since commit and what changed since while the work tree's keys are computed
  // (awaited, and so reported, only after the keys: an error in the work tree's elements comes first).
  const since = req.since === undefined ? undefined : sinceFacts(deps, req.since);
  const current = await keyConfig(deps.config, deps.source);
  const { config, graph, keys } = current;
  for (const w of config.warnings ?? []) logger.warn(w.message, w.pos);
  const request = {
    architectures: new Map([...config.images].map(([n, i]) => [n, i.architectures])),
    images: req.images ?? [],
    arches: arches ?? ARCHES,
    archesExplicit: arches !== undefined,
  };
  // Before --since does any work: a misspelt image name should fail at once.
  checkRequest(graph, request);

  let changed: ((name: string, arch: Arch) => boolean) | undefined;
  if (req.since !== undefined) {
    const base = await keysAtRef(deps, req.since, current, await since!);
    changed = (name, arch) => base?.get(name)?.keys.get(arch) !== current.keys.get(name)!.keys.get(arch);
  }

  const selection = selectImages(graph, { ...request, changed });
  const images: PlannedImage[] = selection.map(({ name, arch, reason }) => {
    const image = config.images.get(name)!;
    return {
      name,
      arch,
      builder: image.builder,
      key: keys.get(name)!.keys.get(arch)!,
      parent: image.parent,
      group: graph.groupOf.get(name)!,
      reason,
    };
  });
  const include = buildMatrix(images, config.images, graph);
  const notes = [...closureNotes(keys), ...packerNotes(current.packer)];
  for (const n of notes) logger.debug(n);
  const packed = packingNote(images, include);
  if (packed) {
    logger.info(packed);
    notes.push(packed);
  }
  return { images, matrix: { include }, notes };
}

/**
 * Computes every build key of `config`, reading elements from `tree` (default where the config was
 * read). `plan --since` passes the files at a git commit, with the config when no config file changed
 * (else it is loaded from `tree`), the digests of element folders without changes, and what the work
 * tree's keys can lend (`reuse`).
 */
export async function keyConfig(
  config: KilnConfig | undefined,
  source: ConfigSource,
  tree: SourceTree = source.tree,
  digests?: ReadonlyMap<string, string | undefined>,
  reuse?: KeyReuse,
): Promise<KeyedConfig> {
  const files = cachedTree(tree);
  const loaded = config ?? (await loadConfig({ ...source, tree: files }));
  const path = await elementsPath(loaded, {
    tree: files,
    env: source.env,
    builtinElements: source.builtinElements,
  });
  const graph = imageGraph(loaded.images);
  const project = path.dirs.find((d) => d.source === 'project')!.names;
  const overrides = [...project].filter((name) => COMMITTED_DIB_ELEMENTS.has(name)).sort();
  const hasher = new KeyHasher(files, new ElementResolver(files, path), digests, overrides, reuse);
  const keys = await hasher.keys(loaded.images, graph);
  return {
    config: loaded,
    graph,
    keys,
    digests: hasher.digests,
    tree: files,
    packer: hasher.packer,
    inputs: hasher.inputs,
    own: hasher.own,
  };
}

/** The files an element's place in the element graph comes from (src/plan/element-loader.ts). */
const ELEMENT_GRAPH_FILE = /(^|\/)element-(deps|provides)$/;

/** What git says about the --since commit without the work tree's keys. */
interface SinceFacts {
  tree: GitTree;
  submodules: string[];
  /** Paths known from the config alone (keyedPaths without Packer's and `inputs:` files)... */
  asked: string[];
  /** ...and which of them differ from the commit. */
  changes: Change[];
}

/** Started before the keys, so that git runs beside the key computation instead of after it. */
function sinceFacts(deps: PlanDeps, ref: string): Promise<SinceFacts> {
  const { config, runner } = deps;
  const asked = configPaths(config);
  const inWorkTree = submodulePaths(config.root, runner);
  const facts = gitTree(resolve(deps.source.cwd), ref, runner).then(async (tree) => {
    try {
      const submodules = [
        ...new Set(
          (await Promise.all([submodulePaths(config.root, runner, tree.commit), inWorkTree])).flat(),
        ),
      ];
      const changes = await changedSince(config.root, tree.commit, asked, runner, submodules);
      // Something changed: its files will be read at the commit once the work tree's keys are done.
      if (changes.length > 0) tree.prefetch();
      return { tree, submodules, asked, changes };
    } catch (err) {
      await tree.close();
      throw err;
    }
  });
  facts.catch(() => {}); // handled where it is awaited
  return facts;
}

/**
 * Keys as they were at `ref`. A config that does not load there (not yet written, or broken) means
 * every image counts as changed: a warning, not an error, so a PR that fixes the config can build.
 */
async function keysAtRef(deps: PlanDeps, ref: string, current: KeyedConfig, facts: SinceFacts) {
  const { runner, logger } = deps;
  const { tree, submodules } = facts;
  try {
    const { config } = current;
    const compared = keyedPaths(current);
    // Packer's and `inputs:` files outside what was compared early are compared now.
    const rest = compared.filter((p) => !facts.asked.some((a) => within(p, a)));
    const changes = [
      ...facts.changes,
      ...(await changedSince(config.root, tree.commit, rest, runner, submodules)),
    ];
    if (changes.length === 0) {
      logger.debug(`plan --since ${ref}: no file that feeds build keys changed`);
      return current.keys;
    }
    // Unchanged config files load to the same config; an unchanged element folder has the same
    // digest; with files only edited, and none of those the element graph is made of, closures
    // are the same too.
    const configFiles = new Set(
      Object.values(config.files).map((f) => relative(config.root, f).split(sep).join('/')),
    );
    const sameConfig = !changes.some((c) => configFiles.has(c.path));
    const sameGraph = sameConfig && changes.every((c) => c.edit && !ELEMENT_GRAPH_FILE.test(c.path));
    const changedDirs = new Set(changes.map((c) => c.path.split('/').slice(0, 2).join('/')));
    return (
      await keyConfig(
        sameConfig ? config : undefined,
        deps.source,
        unchangedFromWorkTree(tree, current.tree, compared, changes),
        new Map([...current.digests].filter(([dir]) => !changedDirs.has(dir))),
        sameConfig ? { closures: sameGraph ? current.keys : undefined, own: current.own } : undefined,
      )
    ).keys;
  } catch (err) {
    const errors = inputErrorsOf(err);
    if (!errors) throw err;
    logger.warn(
      `the configuration at ${ref} does not load, so every image counts as changed:\n` +
        errors.map((e) => `  ${e.format()}`).join('\n'),
    );
    return undefined;
  } finally {
    await tree.close();
  }
}

/** Root-relative paths the config alone says feed keys: config files, elements, Packer templates and var files. */
function configPaths(config: KilnConfig): string[] {
  const paths = new Set<string>(['elements']);
  for (const file of Object.values(config.files)) {
    const rel = relative(config.root, file);
    // A config file outside the repository is read from disk for both sides: the same either way.
    if (!rel.startsWith('..') && !isAbsolute(rel)) paths.add(rel.split(sep).join('/'));
  }
  for (const image of config.images.values()) {
    if (image.template) paths.add(image.template);
    for (const v of image.var_files) paths.add(v);
  }
  return [...paths];
}

/** Root-relative paths of everything the keys read: config files, elements, Packer files, inputs. */
function keyedPaths({ config, packer, inputs }: KeyedConfig): string[] {
  const paths = new Set(configPaths(config));
  for (const p of packer.values()) {
    for (const f of [...p.template, ...p.var_files, ...p.referenced]) paths.add(f.path);
  }
  for (const files of inputs.values()) for (const f of files) paths.add(f.path);
  return [...paths];
}

function parseArches(names: string[] | undefined): Arch[] | undefined {
  if (!names || names.length === 0) return undefined;
  const bad = names.filter((a) => !(ARCHES as readonly string[]).includes(a));
  if (bad.length > 0) {
    throw new InputError(
      `unknown architecture ${bad.map((a) => `'${a}'`).join(', ')}`,
      undefined,
      `use ${ARCHES.join(', ')}`,
    );
  }
  return ARCHES.filter((a) => names.includes(a));
}
