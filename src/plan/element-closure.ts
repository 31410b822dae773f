// The element closure of an image: its elements plus everything their `element-deps` pull in,
// resolved along the elements path the way DIB does (first dir that has a name wins; a name another
// element lists in `element-provides` is satisfied by it).
//
// Two parts with different jobs. The *keyed* part follows only the project's own elements (read
// through the SourceTree), because their files are the same on every machine; a third-party or DIB
// element counts by its pin (commit, DIB version), which already fixes its own dependencies. So a
// build key never depends on whether DIB or a checkout happens to be present where `plan` runs.
// The *full* closure then follows pinned elements too where their files are on this machine; it
// finds dependencies nobody provides, and says where it had to stop.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import { locateElement, type ElementLocation, type ElementsPath } from '../config/elements-path.js';
import type { SourceTree } from '../config/source-tree.js';

export interface ElementClosure {
  /** The elements a build key covers, sorted by name. */
  keyed: ElementLocation[];
  /** Names reached by the keyed part that no dir on the path has (virtual names, or unknown). */
  unresolvedKeyed: string[];
  /** Every element found, sorted by name (keyed ones plus what pinned elements pulled in here). */
  all: string[];
  /** Pinned elements whose files are not on this machine, so their dependencies were not followed. */
  opaque: ElementLocation[];
  /** Names nobody here has, that an opaque element may provide (only when `opaque` is not empty). */
  unverified: string[];
}

interface ElementFiles {
  deps: { name: string; line: number }[];
  provides: string[];
  /** False when the element's files cannot be read here (name-only DIB or third-party entries). */
  readable: boolean;
}

/** Resolves closures for many images, reading each element's files once. */
export class ElementResolver {
  /** Element name -> its files, once read (names resolve to one location per resolver). */
  private readonly loaded = new Map<string, ElementFiles>();
  private readonly reading = new Map<string, Promise<void>>();
  /** Names whose files and all their dependencies' files are loaded. */
  private readonly complete = new Set<string>();
  private readonly locations = new Map<string, ElementLocation | undefined>();

  constructor(
    private readonly tree: SourceTree,
    private readonly path: ElementsPath,
  ) {}

  locate(name: string): ElementLocation | undefined {
    let location = this.locations.get(name);
    if (location === undefined && !this.locations.has(name)) {
      location = locateElement(name, this.path);
      this.locations.set(name, location);
    }
    return location;
  }

  async closure(elements: readonly string[]): Promise<ElementClosure> {
    await this.load([...elements, ...IMPLICIT_ELEMENTS]);
    return this.loadedClosure(elements);
  }

  /**
   * The closure of elements `load` has already read (with IMPLICIT_ELEMENTS): no I/O, no awaits,
   * for computing the closures of many images after one load.
   */
  loadedClosure(elements: readonly string[]): ElementClosure {
    const unread = elements.find((n) => !this.complete.has(n));
    if (unread !== undefined) throw new Error(`element '${unread}' was not loaded before its closure`);
    const implicit = dibImplicitElements(elements).filter((n) => this.locate(n));
    return this.resolve(elements, implicit);
  }

  /**
   * Reads the files of `names` and everything they depend on, a level at a time, concurrently.
   * Loading the elements of many images at once first makes each of their closures pure CPU.
   */
  async load(names: Iterable<string>): Promise<void> {
    let level = [...new Set(names)].filter((n) => !this.complete.has(n));
    const visited = new Set(level);
    while (level.length > 0) {
      const next: string[] = [];
      await Promise.all(
        level.map(async (name) => {
          const location = this.locate(name);
          if (!location) return;
          let reading = this.reading.get(name);
          if (!reading) {
            reading = this.read(location).then((files) => void this.loaded.set(name, files));
            this.reading.set(name, reading);
          }
          await reading;
          for (const dep of this.loaded.get(name)!.deps) {
            if (!visited.has(dep.name) && !this.complete.has(dep.name)) {
              visited.add(dep.name);
              next.push(dep.name);
            }
          }
        }),
      );
      level = next;
    }
    for (const name of visited) this.complete.add(name);
  }

  /** DIB's expansion over loaded files: no I/O, no awaits (it runs once per image). */
  private resolve(elements: readonly string[], implicit: readonly string[]): ElementClosure {
    const seen = new Set<string>();
    const provided = new Set<string>();
    const found = new Map<string, ElementLocation>();
    const missing = new Set<string>();
    const opaque = new Map<string, ElementLocation>();
    const pinned: string[] = [];

    const visit = (queue: string[], followPinned: boolean) => {
      for (let i = 0; i < queue.length; i++) {
        const name = queue[i];
        if (seen.has(name) || provided.has(name)) continue;
        seen.add(name);
        const location = this.locate(name);
        if (!location) {
          missing.add(name);
          continue;
        }
        found.set(name, location);
        if (location.source !== 'project' && !followPinned) {
          // Expanded in the second pass, so the keyed part never depends on pinned elements' files.
          pinned.push(name);
          continue;
        }
        const files = this.loaded.get(name)!;
        if (!files.readable) opaque.set(name, location);
        for (const p of files.provides) provided.add(p);
        for (const dep of files.deps) queue.push(dep.name);
      }
    };

    visit([...elements], false);
    // Sorting the names (plain string order) is cheaper than sorting the locations by a comparator.
    const keyed = [...found.keys()].sort().map((name) => found.get(name)!);
    const unresolvedKeyed = [...missing].filter((n) => !provided.has(n)).sort();
    for (const name of pinned) seen.delete(name);
    visit([...pinned, ...implicit], true);

    const unknown = [...missing].filter((n) => !provided.has(n) && !found.has(n)).sort();
    // A name nobody has is an error only when every element in the closure could be read here;
    // otherwise an unread one (DIB not installed, no checkout) may provide it.
    if (unknown.length > 0 && opaque.size === 0) {
      throw new InputErrors(unknown.map((name) => this.unknownElement(name, [...found.keys()])));
    }
    return {
      keyed,
      unresolvedKeyed,
      // Sorted when asked for: planning a thousand images only needs the parts above.
      get all() {
        return [...found.keys()].sort();
      },
      opaque: [...opaque.values()].sort(byName),
      unverified: unknown,
    };
  }

  /** The error for a dependency nobody has, at the first element-deps line (of `members`) naming it. */
  private unknownElement(name: string, members: string[]): InputError {
    const from = members.find((m) => this.loaded.get(m)?.deps.some((d) => d.name === name));
    const line =
      from === undefined ? undefined : this.loaded.get(from)!.deps.find((d) => d.name === name)!.line;
    const dir = from === undefined ? undefined : this.locate(from)!.dir;
    return new InputError(
      `unknown element '${name}': not in the project's elements/, a third-party checkout or DIB's built-in elements`,
      line === undefined ? undefined : { file: `${dir}/element-deps`, line, col: 1 },
    );
  }

  private async read(location: ElementLocation): Promise<ElementFiles> {
    if (location.dir === undefined) return { deps: [], provides: [], readable: false };
    const get =
      location.source === 'project'
        ? (file: string) => this.tree.readFile(`${location.dir}/${file}`)
        : (file: string) => readFile(join(location.dir!, file)).catch(absent);
    const [deps, provides] = await Promise.all([get('element-deps'), get('element-provides')]);
    return { deps: listed(deps), provides: listed(provides).map((d) => d.name), readable: true };
  }
}

/**
 * Elements disk-image-create adds by itself (lib/common-functions, arg_to_elements): `base`, and for
 * `vm` without a block-device-* element the MBR layout, which provides the `block-device` that `vm`
 * depends on (EFI on arm64; either provides it, which is all the closure needs). They only matter to
 * the full closure: DIB's elements count in keys by the DIB version.
 */
function dibImplicitElements(elements: readonly string[]): string[] {
  // IMPLICIT_ELEMENTS lists every name this can return.
  const blockDevice = elements.includes('vm') && !elements.some((e) => e.startsWith('block-device-'));
  return ['base', ...(blockDevice ? ['block-device-mbr'] : [])];
}

/** Every element dibImplicitElements may add: load them with an image's own elements. */
export const IMPLICIT_ELEMENTS: readonly string[] = ['base', 'block-device-mbr'];

/** A missing file reads as undefined; any other failure (permissions, I/O) is reported. */
function absent(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
  throw err;
}

/** DIB's reading of element-deps / element-provides: one name per line, blank lines skipped. */
function listed(text: Buffer | undefined): { name: string; line: number }[] {
  if (!text) return [];
  return text
    .toString('utf8')
    .split('\n')
    .map((l, i) => ({ name: l.trim(), line: i + 1 }))
    .filter((d) => d.name !== '');
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
