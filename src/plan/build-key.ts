// Build keys: a SHA-256 per image x architecture over everything that decides the image's bytes
// (docs/design.md, "The build key"). Stable across machines and runs: sorted keys and file lists,
// tree-relative paths, no timestamps, and pinned versions from the config, never what is installed here.
import { hash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { ElementLocation } from '../config/elements-path.js';
import type { SourceTree } from '../config/source-tree.js';
import type { Arch, ResolvedImage } from '../config/types.js';
import { IMPLICIT_ELEMENTS } from './dib-element-rules.js';
import type { ElementClosure } from './element-closure.js';
import type { ElementResolver } from './element-resolver.js';
import type { ImageGraph } from './graph.js';
import {
  inputFiles,
  packerKeyInputs,
  PathDigests,
  type KeyedPath,
  type PackerKeyInputs,
} from './packer-key.js';
import { folderDigest } from './tree-digest.js';

/** Bumped whenever what goes into a key changes, so old keys never match new ones by accident. */
const BUILD_KEY_VERSION = 2;

/** Packer keys changed meaning (what the template reads, not its whole folder): never match old ones. */
const PACKER_KEY_VERSION = 2;

/**
 * Settings that do not change the image's bytes: where it runs, where it is published, how it is
 * tested and signed, which other architectures exist, and source positions. Everything else counts, including
 * fields added to the config later (safer to rebuild once than to reuse a wrong image).
 */
const NOT_KEYED = new Set([
  'pos',
  'elementPos',
  'runners',
  'sites',
  'test',
  'signing',
  'architectures',
  'artifacts',
  'manifest_extra',
  // Counted by the contents of the files they match (the globs alone would miss an edit).
  'inputs',
]);

export interface ImageKeys {
  /** Key per architecture the image is built for. */
  keys: Map<Arch, string>;
  /** The image's element closure (DIB images only). */
  closure?: ElementClosure;
}

/** A DIB image's own digest (before architecture and parent), and the element lines it covers. */
export interface OwnDigest {
  elements: string;
  digest: string;
}

/**
 * What an earlier run of the hasher over the same config may lend a later one (`plan --since`):
 * closures, when no element was added or removed and no element-deps or element-provides changed
 * (the element graph is the same), and own digests of images without `inputs:`, which are the same
 * whenever the image object and the digest of its element lines are.
 */
export interface KeyReuse {
  closures?: ReadonlyMap<string, ImageKeys>;
  own?: ReadonlyMap<ResolvedImage, OwnDigest>;
}

/** Computes the keys of all images, hashing each element folder and file once. */
export class KeyHasher {
  /** The line each project or third-party element adds to an image's element list. */
  private readonly lines = new Map<ElementLocation, string>();

  /** Digests of the files and folders Packer templates and `inputs:` read. */
  private readonly paths: PathDigests;

  /** What each Packer image's key covers (plan's notes, plan --explain, plan --since). */
  readonly packer = new Map<string, PackerKeyInputs>();

  /** The files each image's `inputs:` match (images without `inputs:` are absent). */
  readonly inputs = new Map<string, KeyedPath[]>();

  /** Digest of each project element folder hashed so far (undefined: no files). */
  readonly digests = new Map<string, string | undefined>();

  /** Own digests of DIB images without `inputs:`, for a later run to reuse (KeyReuse). */
  readonly own = new Map<ResolvedImage, OwnDigest>();

  /**
   * `known`: digests of element folders known to be unchanged (from the work tree, for --since).
   * `overrides`: project elements named like one of DIB's own. DIB's elements may depend on them,
   * but those dependencies are only visible where DIB is installed, so they count for every DIB
   * image: a key must not depend on the machine, and a missed change would reuse a wrong image.
   */
  constructor(
    private readonly tree: SourceTree,
    private readonly elements: ElementResolver,
    private readonly known: ReadonlyMap<string, string | undefined> = new Map(),
    private readonly overrides: readonly string[] = [],
    private readonly reuse: KeyReuse = {},
  ) {
    this.paths = new PathDigests(tree);
  }

  async keys(images: ReadonlyMap<string, ResolvedImage>, graph: ImageGraph): Promise<Map<string, ImageKeys>> {
    // Three passes, so that shared work is done once however many images share it: every closure,
    // then one line per distinct project or third-party element (its folder hashed once), then each
    // image's digest.
    const closures = new Map<string, ElementClosure>();
    const dib = graph.order.map((name) => images.get(name)!).filter((image) => image.builder === 'dib');
    if (this.reuse.closures) {
      for (const image of dib) closures.set(image.name, this.reuse.closures.get(image.name)!.closure!);
    } else {
      const names = new Set([...this.overrides, ...IMPLICIT_ELEMENTS]);
      for (const image of dib) for (let i = 0; i < image.elements.length; i++) names.add(image.elements[i]);
      await this.elements.load(names);
      for (const image of dib) {
        const parent = image.parent === undefined ? undefined : images.get(image.parent)!;
        const parentClosure = parent && closures.get(parent.name);
        closures.set(
          image.name,
          this.elements.loadedClosure(
            image.elements,
            parentClosure && { elements: parent.elements, closure: parentClosure },
          ),
        );
      }
    }
    const overrides = this.overrides.length > 0 ? (await this.elements.closure(this.overrides)).keyed : [];
    const added = new Map<string, AddedElements>();
    for (const image of dib) added.set(image.name, addedElements(closures.get(image.name)!, overrides));
    const pending = new Map<ElementLocation, Promise<void>>();
    for (const { keyed } of added.values()) {
      for (const e of keyed) {
        if (e.source !== 'dib' && !pending.has(e)) {
          pending.set(
            e,
            this.elementLine(e).then((line) => void this.lines.set(e, line)),
          );
        }
      }
    }
    await Promise.all(pending.values());
    const own = await Promise.all(
      graph.order.map((name) => {
        const image = images.get(name)!;
        const elements = added.get(name);
        return elements ? this.dibDigest(image, elements) : this.packerDigest(image);
      }),
    );

    // Parent keys chain in topological order.
    const out = new Map<string, ImageKeys>();
    graph.order.forEach((name, i) => {
      const image = images.get(name)!;
      const parentKeys = image.parent === undefined ? undefined : out.get(image.parent)!.keys;
      const keys = new Map<Arch, string>();
      for (const arch of image.architectures) {
        const parentKey = parentKeys?.get(arch);
        if (parentKeys && !parentKey) {
          // The loader rejects this; checked again because a key without its parent's would be wrong.
          throw new InputError(
            `image '${name}' is built for ${arch} but its parent '${image.parent}' is not`,
            image.pos,
          );
        }
        keys.set(
          arch,
          sha256(`kiln build key v${BUILD_KEY_VERSION}\n${own[i]}\n${arch}\n${parentKey ?? ''}`),
        );
      }
      out.set(name, { keys, closure: closures.get(name) });
    });
    return out;
  }

  private async dibDigest(image: ResolvedImage, added: AddedElements): Promise<string> {
    // DIB's own elements count by the DIB version the config pins for this image's builder.
    const lines = added.keyed.map((e) =>
      e.source === 'dib' ? JSON.stringify(['dib', e.name, image.builder_version]) : this.lines.get(e)!,
    );
    for (const name of added.unresolved) lines.push(JSON.stringify(['unresolved', name]));
    const elements = sha256(lines.sort().join('\n'));
    // `inputs:` files are read from the tree, so only images without them are lent.
    if (image.inputs.length > 0) {
      return sha256(canonicalJson({ ...ownInputs(image), ...(await this.inputFiles(image)), elements }));
    }
    const before = this.reuse.own?.get(image);
    const own =
      before?.elements === elements
        ? before
        : { elements, digest: sha256(canonicalJson({ ...ownInputs(image), elements })) };
    this.own.set(image, own);
    return own.digest;
  }

  private async packerDigest(image: ResolvedImage): Promise<string> {
    const packer = await packerKeyInputs(this.tree, image, this.paths);
    this.packer.set(image.name, packer);
    return sha256(
      canonicalJson({
        ...ownInputs(image),
        ...(await this.inputFiles(image)),
        packer: {
          version: PACKER_KEY_VERSION,
          template: packer.template,
          var_files: packer.var_files,
          referenced: packer.referenced,
        },
      }),
    );
  }

  /** `{ inputs }` for an image with `inputs:`, else nothing (keys without it stay as they were). */
  private async inputFiles(image: ResolvedImage): Promise<{ inputs?: KeyedPath[] }> {
    if (image.inputs.length === 0) return {};
    const files = await inputFiles(this.tree, image, this.paths);
    this.inputs.set(image.name, files);
    return { inputs: files };
  }

  /** The line of a project or third-party element (the resolver gives each name one location object). */
  private async elementLine(e: ElementLocation): Promise<string> {
    if (e.source === 'project') {
      const dir = e.dir!;
      const digest = this.known.has(dir) ? this.known.get(dir) : await folderDigest(this.tree, dir);
      this.digests.set(dir, digest);
      return JSON.stringify(['project', e.name, digest ?? 'empty']);
    }
    const { repo, ref, elements_dir } = e.repo!;
    return JSON.stringify(['third-party', e.name, repo, ref, elements_dir]);
  }
}

/** The image's settings that count (see NOT_KEYED). */
export function normalisedConfig(image: ResolvedImage): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(image)) {
    if (!NOT_KEYED.has(key)) config[key] = image[key as keyof ResolvedImage];
  }
  return config;
}

/**
 * JSON with object keys sorted at every level and undefined members left out, in the order a
 * JavaScript object keeps them once inserted sorted (array-index keys first, by number). Written as
 * sorted copies of the objects and one JSON.stringify: lists of names (most of a config) are then
 * written natively, without a call back into JavaScript for each value.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') return value.map(sortedCopy);
    return value;
  }
  const object = value as Record<string, unknown>;
  // No prototype: a key named __proto__ is then a member like any other.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(object).sort()) {
    if (object[key] !== undefined) out[key] = sortedCopy(object[key]);
  }
  return out;
}

function ownInputs(image: ResolvedImage) {
  return {
    config: normalisedConfig(image),
    artifacts: Object.fromEntries(Object.entries(image.artifacts).map(([k, a]) => [k, a.sha256])),
  };
}

/** What an image's keyed closure adds to its parent's (all of it for an image without a DIB parent). */
interface AddedElements {
  keyed: ElementLocation[];
  unresolved: string[];
}

/**
 * A key counts only the elements its image's closure adds to its parent's (closure.added): the
 * parent's key, part of this one, covers the rest. So a deep image hashes what it adds, not its
 * whole closure (and one whose closure lost a name to element-provides still changes with it: safe,
 * not wrong). Overrides count for every DIB image, so only for one without a DIB parent.
 */
function addedElements(closure: ElementClosure, overrides: ElementLocation[]): AddedElements {
  if (closure.added) return { keyed: closure.added.keyed, unresolved: closure.added.unresolvedKeyed };
  return {
    keyed: overrides.length > 0 ? [...new Set([...closure.keyed, ...overrides])] : closure.keyed,
    unresolved: closure.unresolvedKeyed,
  };
}

// One-shot hashing: thousands of small digests per plan, each cheaper without a Hash object.
const sha256 = (text: string) => hash('sha256', text);
