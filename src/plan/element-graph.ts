// The loaded elements as a graph of numbered nodes, and DIB's expansion walked over it: a closure is
// then array reads and stamps rather than string sets (a thousand images' closures are most of a large
// plan otherwise). The walk computes what expandElements (dib-element-rules.ts) defines.
import type { ElementLocation } from '../config/elements-path.js';
import type { ElementFiles } from './dib-element-rules.js';
import type { ElementClosure } from './element-closure.js';

/** A loaded element in the form closures walk. */
export interface Node {
  name: string;
  /** Undefined: no dir on the path has this name. */
  location: ElementLocation | undefined;
  deps: number[];
  provides: number[];
  readable: boolean;
}

/** What a closure's walk saw, kept so that a child's closure can extend it instead of walking again. */
export interface Walk {
  /** The nodes the first pass visited beyond `base`'s (all of them when there is no base). */
  visited: number[];
  base?: Walk;
  /** False when a node of the first pass lists element-provides: a child's walk is then done in full. */
  extendable: boolean;
  /** The second pass: its starting names and every node it visited (the same along an extended chain). */
  second: { implicit: string; visited: number[] };
}

/** The names of a walk that found names nobody has, and the elements it found (for the errors). */
export interface UnknownNames {
  unknown: string[];
  members: string[];
}

export class ElementGraph {
  /** Every name met so far, numbered; nodes are built from the loaded files when first numbered. */
  private readonly ids = new Map<string, number>();
  readonly nodes: Node[] = [];
  /** Position of each node's name in sorted order (rebuilt after new names). */
  private rank = new Int32Array(0);
  private byRank = new Int32Array(0);
  /** Per-node stamps of the closure being computed: equal to its stamp means "in the set". */
  seen = new Int32Array(0);
  provided = new Int32Array(0);
  found = new Int32Array(0);
  private epoch = 0;

  constructor(
    private readonly locate: (name: string) => ElementLocation | undefined,
    private readonly files: (name: string) => ElementFiles | undefined,
  ) {}

  /** The number of `name`, with its node (and those of the names its files list) built on first use. */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id !== undefined) return id;
    id = this.nodes.length;
    this.ids.set(name, id);
    const node: Node = { name, location: this.locate(name), deps: [], provides: [], readable: false };
    this.nodes.push(node);
    const files = this.files(name);
    if (files) this.fill(node, files);
    return id;
  }

  /** The files of `name`, just read: a node made before (a name only provided so far) gets them now. */
  loaded(name: string, files: ElementFiles): void {
    const id = this.ids.get(name);
    if (id !== undefined) this.fill(this.nodes[id], files);
  }

  private fill(node: Node, files: ElementFiles): void {
    node.readable = files.readable;
    node.deps = files.deps.map((d) => this.id(d.name));
    node.provides = files.provides.map((p) => this.id(p));
  }

  /**
   * A stamp for a new closure: the stamp arrays (`seen`, `provided`, `found`) hold it for the nodes
   * in its sets. Sizes them (and the ranks) to the nodes known now, so read them after this.
   */
  stamp(): number {
    const n = this.nodes.length;
    if (this.rank.length !== n) {
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
    return ++this.epoch;
  }

  /** `ids` sorted by name (ranks as of the last stamp). */
  sorted(ids: readonly number[]): number[] {
    // Plain loops: TypedArray.from and Array.from with a mapper are far slower here.
    const ranks = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) ranks[i] = this.rank[ids[i]];
    ranks.sort();
    const out = new Array<number>(ids.length);
    for (let i = 0; i < ranks.length; i++) out[i] = this.byRank[ranks[i]];
    return out;
  }

  /**
   * DIB's expansion of `elements` over loaded files, then the pinned ones and `implicit` (DIB's
   * implicit elements that are on the path): no I/O, no awaits (it runs once per image).
   */
  walk(
    elements: readonly number[],
    implicit: readonly number[],
  ): { closure: ElementClosure; walk: Walk } | UnknownNames {
    const epoch = this.stamp();
    const { nodes, seen, provided, found } = this;
    const foundIds: number[] = [];
    const missing: number[] = [];
    const opaque: number[] = [];
    const pinned: number[] = [];
    const visited: number[][] = [[], []];
    let provides = false;

    // Indexed loops here and in the child extension: for-of allocates an iterator result per step
    // in code that has not been optimised yet, which is all of it in a one-shot CLI run.
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
      return { unknown: unknown.map(name), members: foundIds.map(name) };
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
    const walk = {
      visited: visited[0],
      extendable: !provides,
      second: { implicit: implicit.map(name).join('\n'), visited: visited[1] },
    };
    return { closure, walk };
  }
}

export const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
