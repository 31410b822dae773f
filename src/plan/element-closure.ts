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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import { locateElement, type ElementLocation, type ElementsPath } from '../config/elements-path.js';
import { readFiles, type SourceTree } from '../config/source-tree.js';

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
  /**
   * With a parent closure given: what the keyed part has that the parent's has not (the parent's
   * key, part of a child's, covers the rest).
   */
  added?: { keyed: ElementLocation[]; unresolvedKeyed: string[] };
}

/** A parent image's elements and closure, for the closure of a child (whose elements extend them). */
export interface ParentClosure {
  elements: readonly string[];
  closure: ElementClosure;
}

/** What a closure's walk saw, kept so that a child's closure can extend it instead of walking again. */
interface Walk {
  /** The nodes the first pass visited beyond `base`'s (all of them when there is no base). */
  visited: number[];
  base?: Walk;
  /** False when a node of the first pass lists element-provides: a child's walk is then done in full. */
  extendable: boolean;
  /** The second pass: its starting names and every node it visited (the same along an extended chain). */
  second: { implicit: string; visited: number[] };
}

interface ElementFiles {
  deps: { name: string; line: number }[];
  provides: string[];
  /** False when the element's files cannot be read here (name-only DIB or third-party entries). */
  readable: boolean;
}

/**
 * A loaded element in the form closures walk: names as numbers, so a closure is array reads and
 * stamps rather than string sets (a thousand images' closures are most of a large plan otherwise).
 */
interface Node {
  name: string;
  /** Undefined: no dir on the path has this name. */
  location: ElementLocation | undefined;
  deps: number[];
  provides: number[];
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

  /** Every name met so far, numbered; nodes are built from `loaded` when a closure needs them. */
  private readonly ids = new Map<string, number>();
  private readonly nodes: Node[] = [];
  /** Position of each node's name in sorted order (rebuilt after new names). */
  private rank = new Int32Array(0);
  private byRank = new Int32Array(0);
  /** Per-node stamps of the closure being computed: equal to `epoch` means "in the set". */
  private seen = new Int32Array(0);
  private provided = new Int32Array(0);
  private found = new Int32Array(0);
  private epoch = 0;
  private allProjectRead = false;
  private readonly walks = new WeakMap<ElementClosure, Walk>();

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
  loadedClosure(elements: readonly string[], parent?: ParentClosure): ElementClosure {
    // The parent's elements were checked with its closure: only what extends them is new here.
    const extending = parent !== undefined && startsWith(elements, parent.elements);
    for (let i = extending ? parent.elements.length : 0; i < elements.length; i++) {
      if (!this.complete.has(elements[i]))
        throw new Error(`element '${elements[i]}' was not loaded before its closure`);
    }
    const implicit = dibImplicitElements(elements).filter((n) => this.locate(n));
    const extended = extending && this.extend(parent, elements, implicit);
    if (extended) return extended;
    const closure = this.resolve(
      elements.map((n) => this.id(n)),
      implicit.map((n) => this.id(n)),
    );
    if (parent) {
      closure.added = {
        keyed: minusSorted(closure.keyed, parent.closure.keyed, byName),
        unresolvedKeyed: minusSorted(closure.unresolvedKeyed, parent.closure.unresolvedKeyed, byString),
      };
    }
    return closure;
  }

  /**
   * The closure of a child image from its parent's, walking only what the child adds, when that is
   * certain to give what the full walk gives (the child's elements extending the parent's): what
   * they add is project elements without element-provides (whose order could matter) that reach no
   * new pinned or unknown name and that the parent's second pass did not meet. Otherwise undefined.
   * Deep parent chains are what make this worth it: a full walk is as long as the whole chain.
   */
  private extend(
    parent: ParentClosure,
    elements: readonly string[],
    implicit: string[],
  ): ElementClosure | undefined {
    const walk = this.walks.get(parent.closure);
    const start = parent.elements.length;
    if (!walk?.extendable || walk.second.implicit !== implicit.join('\n')) return;
    const queue = elements.slice(start).map((n) => this.id(n));
    this.prepare();
    const { nodes, seen, found } = this;
    const epoch = ++this.epoch;
    // Indexed loops here and in the walks: for-of allocates an iterator result per step in code
    // that has not been optimised yet, which is all of it in a one-shot CLI run.
    for (let w: Walk | undefined = walk; w; w = w.base) {
      for (let i = 0; i < w.visited.length; i++) seen[w.visited[i]] = epoch;
    }
    const second = walk.second.visited;
    for (let i = 0; i < second.length; i++) found[second[i]] = epoch;
    const added: number[] = [];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i];
      if (seen[id] === epoch) continue;
      seen[id] = epoch;
      const node = nodes[id];
      const plain = node.location?.source === 'project' && node.readable && node.provides.length === 0;
      if (!plain || found[id] === epoch) return;
      added.push(id);
      for (let d = 0; d < node.deps.length; d++) queue.push(node.deps[d]);
    }
    const addedKeyed = this.sorted(added).map((id) => nodes[id].location!);
    const base = parent.closure;
    let keyed: ElementLocation[] | undefined;
    const closure: ElementClosure = {
      // Merged when asked for: the key only needs what was added.
      get keyed() {
        return (keyed ??= [...base.keyed, ...addedKeyed].sort(byName));
      },
      unresolvedKeyed: base.unresolvedKeyed,
      get all() {
        return [...base.all, ...added.map((id) => nodes[id].name)].sort();
      },
      opaque: base.opaque,
      unverified: base.unverified,
      added: { keyed: addedKeyed, unresolvedKeyed: [] },
    };
    this.walks.set(closure, { visited: added, base: walk, extendable: true, second: walk.second });
    return closure;
  }

  /**
   * Reads the files of `names` and everything they depend on, a level at a time, concurrently.
   * Loading the elements of many images at once first makes each of their closures pure CPU.
   */
  async load(names: Iterable<string>): Promise<void> {
    let level = [...new Set(names)].filter((n) => !this.complete.has(n));
    const visited = new Set(level);
    while (level.length > 0) {
      // One await per level, not per element: a catalogue's level holds a thousand elements.
      const located = level.filter((name) => this.locate(name));
      await this.startReading(located);
      const next: string[] = [];
      for (const name of located) {
        for (const dep of this.loaded.get(name)!.deps) {
          if (!visited.has(dep.name) && !this.complete.has(dep.name)) {
            visited.add(dep.name);
            next.push(dep.name);
          }
        }
      }
      level = next;
    }
    // A name no dir has (a virtual name, or a typo): read every project element's files too, so
    // that an error can name the element that would provide it (unknownElement).
    if (!this.allProjectRead && [...visited].some((n) => !this.locate(n))) {
      this.allProjectRead = true;
      const project = this.path.dirs.find((d) => d.source === 'project');
      await this.startReading(
        [...(project?.names ?? [])].filter((n) => this.locate(n)?.source === 'project'),
      );
    }
    for (const name of visited) {
      this.complete.add(name);
      // Numbered now, so the closures that follow meet no new names (each would re-rank them all).
      this.id(name);
    }
  }

  /** Reads the files of located `names` not read yet: the project's in one batch from the tree. */
  private startReading(names: readonly string[]): Promise<unknown> {
    const waits: Promise<void>[] = [];
    const project: string[] = [];
    for (const name of names) {
      const reading = this.reading.get(name);
      if (reading) waits.push(reading);
      else if (this.locate(name)!.source === 'project') project.push(name);
      else {
        // A pinned element's files are local and few: read them now.
        this.loadedFiles(name, readPinned(this.locate(name)!));
        this.reading.set(name, Promise.resolve());
      }
    }
    if (project.length > 0) {
      const dir = (name: string) => this.locate(name)!.dir!;
      const paths = project.flatMap((name) => [`${dir(name)}/element-deps`, `${dir(name)}/element-provides`]);
      const batch = readFiles(this.tree, paths).then((bytes) =>
        project.forEach((name, i) => this.loadedFiles(name, elementFiles(bytes[2 * i], bytes[2 * i + 1]))),
      );
      for (const name of project) this.reading.set(name, batch);
      waits.push(batch);
    }
    return Promise.all(waits);
  }

  private loadedFiles(name: string, files: ElementFiles): void {
    this.loaded.set(name, files);
    // A node made before its files were read (a name only provided so far) gets them now.
    const id = this.ids.get(name);
    if (id !== undefined) this.fill(this.nodes[id], files);
  }

  /** The number of `name`, with its node (and those of the names its files list) built on first use. */
  private id(name: string): number {
    let id = this.ids.get(name);
    if (id !== undefined) return id;
    id = this.nodes.length;
    this.ids.set(name, id);
    const node: Node = { name, location: this.locate(name), deps: [], provides: [], readable: false };
    this.nodes.push(node);
    const files = this.loaded.get(name);
    if (files) this.fill(node, files);
    return id;
  }

  private fill(node: Node, files: ElementFiles): void {
    node.readable = files.readable;
    node.deps = files.deps.map((d) => this.id(d.name));
    node.provides = files.provides.map((p) => this.id(p));
  }

  /** Sizes the stamp arrays and ranks to the nodes known now. */
  private prepare(): void {
    const n = this.nodes.length;
    if (this.rank.length === n) return;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.seen = grow(this.seen);
    this.provided = grow(this.provided);
    this.found = grow(this.found);
    const order = this.nodes.map((node, id) => ({ name: node.name, id })).sort(byName);
    this.rank = new Int32Array(n);
    this.byRank = new Int32Array(n);
    order.forEach(({ id }, r) => {
      this.rank[id] = r;
      this.byRank[r] = id;
    });
  }

  /** `ids` sorted by name. */
  private sorted(ids: readonly number[]): number[] {
    // Plain loops: TypedArray.from and Array.from with a mapper are far slower here.
    const ranks = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) ranks[i] = this.rank[ids[i]];
    ranks.sort();
    const out = new Array<number>(ids.length);
    for (let i = 0; i < ranks.length; i++) out[i] = this.byRank[ranks[i]];
    return out;
  }

  /** DIB's expansion over loaded files: no I/O, no awaits (it runs once per image). */
  private resolve(elements: readonly number[], implicit: readonly number[]): ElementClosure {
    this.prepare();
    const { nodes, seen, provided, found } = this;
    const epoch = ++this.epoch;
    const foundIds: number[] = [];
    const missing: number[] = [];
    const opaque: number[] = [];
    const pinned: number[] = [];
    const visited: number[][] = [[], []];
    let provides = false;

    const visit = (queue: number[], followPinned: boolean) => {
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        if (seen[id] === epoch || provided[id] === epoch) continue;
        seen[id] = epoch;
        visited[+followPinned].push(id);
        const node = nodes[id];
        if (!node.location) {
          missing.push(id);
          continue;
        }
        if (found[id] !== epoch) {
          found[id] = epoch;
          foundIds.push(id);
        }
        if (node.location.source !== 'project' && !followPinned) {
          // Expanded in the second pass, so the keyed part never depends on pinned elements' files.
          pinned.push(id);
          continue;
        }
        if (!node.readable) opaque.push(id);
        if (!followPinned && node.provides.length > 0) provides = true;
        for (let p = 0; p < node.provides.length; p++) provided[node.provides[p]] = epoch;
        for (let d = 0; d < node.deps.length; d++) queue.push(node.deps[d]);
      }
    };

    visit([...elements], false);
    const keyed = this.sorted(foundIds).map((id) => nodes[id].location!);
    const name = (id: number) => nodes[id].name;
    const unresolvedKeyed = this.sorted(missing.filter((id) => provided[id] !== epoch)).map(name);
    for (const id of pinned) seen[id] = 0;
    visit([...pinned, ...implicit], true);

    const unknown = this.sorted(missing.filter((id) => provided[id] !== epoch && found[id] !== epoch));
    // A name nobody has is an error only when every element in the closure could be read here;
    // otherwise an unread one (DIB not installed, no checkout) may provide it.
    if (unknown.length > 0 && opaque.length === 0) {
      throw new InputErrors(unknown.map((id) => this.unknownElement(name(id), foundIds.map(name))));
    }
    const closure: ElementClosure = {
      keyed,
      unresolvedKeyed,
      // Sorted when asked for: planning a thousand images only needs the parts above.
      get all() {
        return foundIds.map(name).sort();
      },
      opaque: opaque.map((id) => nodes[id].location!).sort(byName),
      unverified: unknown.map(name),
    };
    this.walks.set(closure, {
      visited: visited[0],
      extendable: !provides,
      second: { implicit: implicit.map(name).join('\n'), visited: visited[1] },
    });
    return closure;
  }

  /** The error for a dependency nobody has, at the first element-deps line (of `members`) naming it. */
  private unknownElement(name: string, members: string[]): InputError {
    const from = members.find((m) => this.loaded.get(m)?.deps.some((d) => d.name === name));
    const line =
      from === undefined ? undefined : this.loaded.get(from)!.deps.find((d) => d.name === name)!.line;
    const dir = from === undefined ? undefined : this.locate(from)!.dir;
    const pos = line === undefined ? undefined : { file: `${dir}/element-deps`, line, col: 1 };
    const providers = [...this.loaded].filter(([, f]) => f.provides.includes(name)).map(([n]) => `'${n}'`);
    if (from !== undefined && providers.length > 0) {
      return new InputError(
        `element '${from}' depends on '${name}', which only ${providers.join(' or ')} provides, and the image has none of them`,
        pos,
        `add ${providers.join(' or ')} to the image's elements`,
      );
    }
    return new InputError(
      `unknown element '${name}': not in the project's elements/, a third-party checkout or DIB's built-in elements`,
      pos,
    );
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
  let vm = false;
  for (let i = 0; i < elements.length; i++) {
    if (elements[i].startsWith('block-device-')) return ['base'];
    vm ||= elements[i] === 'vm';
  }
  return vm ? ['base', 'block-device-mbr'] : ['base'];
}

/** Whether `list` begins with every member of `prefix`, in order. */
function startsWith(list: readonly string[], prefix: readonly string[]): boolean {
  if (list.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
  return true;
}

/** Every element dibImplicitElements may add: load them with an image's own elements. */
export const IMPLICIT_ELEMENTS: readonly string[] = ['base', 'block-device-mbr'];

function elementFiles(deps: Buffer | undefined, provides: Buffer | undefined): ElementFiles {
  return { deps: listed(deps), provides: listed(provides).map((d) => d.name), readable: true };
}

/** A third-party or DIB element's files where they are on this machine (name-only otherwise). */
function readPinned(location: ElementLocation): ElementFiles {
  if (location.dir === undefined) return { deps: [], provides: [], readable: false };
  const read = (file: string) => {
    try {
      return readFileSync(join(location.dir!, file));
    } catch (err) {
      // A missing file reads as undefined; any other failure (permissions, I/O) is reported.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  };
  return elementFiles(read('element-deps'), read('element-provides'));
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
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The members of `a` that `b` lacks; both sorted by `order`. */
function minusSorted<T>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number): T[] {
  const out: T[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && order(b[j], x) < 0) j++;
    if (j === b.length || order(b[j], x) !== 0) out.push(x);
  }
  return out;
}
