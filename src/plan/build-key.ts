// Build keys: a SHA-256 per image x architecture over everything that decides the image's bytes
// (DESIGN.md, "Build key"). Stable across machines and runs: sorted keys and file lists, tree-relative
// paths, no timestamps, and pinned versions from the config, never what is installed here.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { ElementLocation } from '../config/elements-path.js';
import type { SourceTree } from '../config/source-tree.js';
import type { Arch, ResolvedImage } from '../config/types.js';
import type { ElementClosure, ElementResolver } from './element-closure.js';
import type { ImageGraph } from './graph.js';
import { fileDigest, folderDigest } from './tree-digest.js';

/** Bumped whenever what goes into a key changes, so old keys never match new ones by accident. */
export const BUILD_KEY_VERSION = 1;

/**
 * Settings that do not change the image's bytes: where it runs, where it is published, how it is
 * tested, which other architectures exist, and source positions. Everything else counts, including
 * fields added to the config later (safer to rebuild once than to reuse a wrong image).
 */
const NOT_KEYED = new Set(['pos', 'elementPos', 'runners', 'sites', 'test', 'architectures', 'artifacts']);

export interface ImageKeys {
  /** Key per architecture the image is built for. */
  keys: Map<Arch, string>;
  /** The image's element closure (DIB images only). */
  closure?: ElementClosure;
}

/** Computes the keys of all images, hashing each element folder and file once. */
export class KeyHasher {
  private readonly elementDigests = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly tree: SourceTree,
    private readonly elements: ElementResolver,
  ) {}

  async keys(images: ReadonlyMap<string, ResolvedImage>, graph: ImageGraph): Promise<Map<string, ImageKeys>> {
    const out = new Map<string, ImageKeys>();
    // Own inputs of all images in parallel; then chain parent keys in topological order.
    const own = await Promise.all(graph.order.map((name) => this.ownInputs(images.get(name)!)));
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
          sha256(`kiln build key v${BUILD_KEY_VERSION}\n${own[i].digest}\n${arch}\n${parentKey ?? ''}`),
        );
      }
      out.set(name, { keys, closure: own[i].closure });
    });
    return out;
  }

  private async ownInputs(image: ResolvedImage): Promise<{ digest: string; closure?: ElementClosure }> {
    const inputs: Record<string, unknown> = {
      config: normalisedConfig(image),
      artifacts: Object.fromEntries(Object.entries(image.artifacts).map(([k, a]) => [k, a.sha256])),
    };
    let closure: ElementClosure | undefined;
    if (image.builder === 'dib') {
      closure = await this.elements.closure(image.elements);
      inputs.elements = await this.elementInputs(image, closure);
    } else {
      inputs.packer = await this.packerInputs(image);
    }
    return { digest: sha256(canonicalJson(inputs)), closure };
  }

  /**
   * One line per keyed element, sorted: deep images have long closures, and a sorted list of short
   * JSON lines hashes much faster than a canonicalised object per image.
   */
  private async elementInputs(image: ResolvedImage, closure: ElementClosure): Promise<string> {
    const lines = await Promise.all(
      closure.keyed.map(async (e) => {
        if (e.source === 'project')
          return JSON.stringify(['project', e.name, (await this.elementDigest(e)) ?? 'empty']);
        if (e.source === 'third-party' && e.repo) {
          return JSON.stringify(['third-party', e.name, e.repo.repo, e.repo.ref, e.repo.elements_dir]);
        }
        // DIB's own elements count by the DIB version the config pins for this image's builder.
        return JSON.stringify(['dib', e.name, image.builder_version]);
      }),
    );
    for (const name of closure.unresolvedKeyed) lines.push(JSON.stringify(['unresolved', name]));
    return sha256(lines.sort().join('\n'));
  }

  private elementDigest(e: ElementLocation): Promise<string | undefined> {
    let digest = this.elementDigests.get(e.dir!);
    if (!digest) {
      digest = folderDigest(this.tree, e.dir!);
      this.elementDigests.set(e.dir!, digest);
    }
    return digest;
  }

  private async packerInputs(image: ResolvedImage) {
    const file = async (path: string, what: string) => {
      const digest = await fileDigest(this.tree, path);
      if (!digest)
        throw new InputError(
          `${what} '${path}' of image '${image.name}' not found in ${this.tree.label}`,
          image.pos,
        );
      return { path, digest };
    };
    if (!image.template) throw new InputError(`Packer image '${image.name}' has no template`, image.pos);
    return {
      template: await file(image.template, 'Packer template'),
      var_files: await Promise.all(image.var_files.map((v) => file(v, 'Packer var file'))),
    };
  }
}

export function normalisedConfig(image: ResolvedImage): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).filter(([k]) => !NOT_KEYED.has(k)));
}

/** JSON with object keys sorted at every level and undefined members left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
