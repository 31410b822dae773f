// `kiln plan` as a core function (the CLI and the action adapter both call it): load the config,
// compute every build key, optionally compare with the keys at a git ref, select images, and lay
// them out as a GitHub matrix.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { inputErrorsOf, InputError } from '../errors.js';
import { run, type Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { COMMITTED_DIB_ELEMENTS, elementsPath } from '../config/elements-path.js';
import { loadConfig, type LoadOptions } from '../config/load.js';
import type { SourceTree } from '../config/source-tree.js';
import { ARCHES, type Arch, type KilnConfig } from '../config/types.js';
import { cachedTree } from './cached-tree.js';
import { KeyHasher, type ImageKeys } from './build-key.js';
import { ElementResolver } from './element-resolver.js';
import { changedSince, submodulePaths } from './git-changes.js';
import { gitTree, type GitTree } from './git-tree.js';
import { unchangedFromWorkTree } from './since-tree.js';
import { imageGraph, type ImageGraph } from './graph.js';
import { buildMatrix, packingNote } from './matrix.js';
import { closureNotes, packerNotes } from './notes.js';
import type { KeyedPath, PackerKeyInputs } from './packer-key.js';
import { checkRequest, selectImages } from './select.js';
import { readAheadWorkTree } from './tree-prefetch.js';
import type { Plan, PlannedImage } from './types.js';

export interface PlanOptions extends Pick<LoadOptions, 'cwd' | 'env' | 'configDir' | 'builtinElements'> {
  /** Images to plan (with the ancestors they need); empty or absent: all. */
  images?: string[];
  /** Architecture names as given (`-a`); absent: all. */
  arches?: string[];
  /** A git ref: plan only images whose key differs from their key at this ref. */
  since?: string;
  logger: Logger;
  /** Runs git for `since`. */
  runner?: Runner;
  /** The work tree to read (default: the files below `cwd`, read ahead when large). */
  workTree?: SourceTree;
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
}

export async function planBuilds(options: PlanOptions): Promise<Plan> {
  const arches = parseArches(options.arches);
  // git finds the --since commit while the work tree's keys are computed (awaited, and so
  // reported, only after the config loads: a config error comes first).
  const since = options.since === undefined ? undefined : sinceTree(options, options.since);
  const current = await loadAndKey(options);
  const { config, graph, keys } = current;
  for (const w of config.warnings ?? []) options.logger.warn(w.message, w.pos);
  const request = {
    architectures: new Map([...config.images].map(([n, i]) => [n, i.architectures])),
    images: options.images ?? [],
    arches: arches ?? ARCHES,
    archesExplicit: arches !== undefined,
  };
  // Before --since does any work: a misspelt image name should fail at once.
  checkRequest(graph, request);

  let changed: ((name: string, arch: Arch) => boolean) | undefined;
  if (options.since !== undefined) {
    const base = await keysAtRef(options, options.since, current, await since!);
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
  for (const n of notes) options.logger.debug(n);
  const packed = packingNote(images, include);
  if (packed) {
    options.logger.info(packed);
    notes.push(packed);
  }
  return { images, matrix: { include }, notes };
}

/** What `plan --since` already knows to be the same at the commit as in the work tree. */
export interface Unchanged {
  /** The loaded config, when no config file changed. */
  config?: KilnConfig;
  /** Digests of element folders without changes. */
  digests?: ReadonlyMap<string, string | undefined>;
}

/** Loads the config from `tree` (the work tree by default) and computes every build key. */
export async function loadAndKey(
  options: PlanOptions,
  tree?: SourceTree,
  unchanged: Unchanged = {},
): Promise<KeyedConfig> {
  const files = cachedTree(tree ?? options.workTree ?? readAheadWorkTree(resolve(options.cwd)));
  const config = unchanged.config ?? (await loadConfig({ ...options, tree: files }));
  const path = await elementsPath(config, {
    tree: files,
    env: options.env,
    builtinElements: options.builtinElements,
  });
  const graph = imageGraph(config.images);
  const project = path.dirs.find((d) => d.source === 'project')!.names;
  const overrides = [...project].filter((name) => COMMITTED_DIB_ELEMENTS.has(name)).sort();
  const hasher = new KeyHasher(files, new ElementResolver(files, path), unchanged.digests, overrides);
  const keys = await hasher.keys(config.images, graph);
  return {
    config,
    graph,
    keys,
    digests: hasher.digests,
    tree: files,
    packer: hasher.packer,
    inputs: hasher.inputs,
  };
}

/**
 * Keys as they were at `ref`. A config that does not load there (not yet written, or broken) means
 * every image counts as changed: a warning, not an error, so a PR that fixes the config can build.
 */
function sinceTree(options: PlanOptions, ref: string): Promise<GitTree> {
  const tree = gitTree(resolve(options.cwd), ref, options.runner ?? run);
  tree.catch(() => {}); // handled where it is awaited
  return tree;
}

async function keysAtRef(options: PlanOptions, ref: string, current: KeyedConfig, tree: GitTree) {
  const runner = options.runner ?? run;
  try {
    const { config } = current;
    const compared = keyedPaths(current);
    const submodules = [
      ...new Set(
        (
          await Promise.all([
            submodulePaths(config.root, runner, tree.commit),
            submodulePaths(config.root, runner),
          ])
        ).flat(),
      ),
    ];
    const changes = await changedSince(config.root, tree.commit, compared, runner, submodules);
    if (changes.length === 0) {
      options.logger.debug(`plan --since ${ref}: no file that feeds build keys changed`);
      return current.keys;
    }
    // Unchanged config files load to the same config; an unchanged element folder has the same digest.
    const configFiles = new Set(
      Object.values(config.files).map((f) => relative(config.root, f).split(sep).join('/')),
    );
    const changedDirs = new Set(changes.map((p) => p.split('/').slice(0, 2).join('/')));
    return (
      await loadAndKey(options, unchangedFromWorkTree(tree, current.tree, compared, changes), {
        config: changes.some((p) => configFiles.has(p)) ? undefined : config,
        digests: new Map([...current.digests].filter(([dir]) => !changedDirs.has(dir))),
      })
    ).keys;
  } catch (err) {
    const errors = inputErrorsOf(err);
    if (!errors) throw err;
    options.logger.warn(
      `the configuration at ${ref} does not load, so every image counts as changed:\n` +
        errors.map((e) => `  ${e.format()}`).join('\n'),
    );
    return undefined;
  } finally {
    await tree.close();
  }
}

/** Root-relative paths of everything the keys read: config files, elements, Packer files, inputs. */
function keyedPaths({ config, packer, inputs }: KeyedConfig): string[] {
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
