// A child image's closure from its parent's: a child's elements are its parent's plus its own, and
// deep parent chains make a full walk as long as the whole chain. So the walk covers only what the
// child adds, where that is certain to give what the full walk gives.
import type { ElementLocation } from '../config/elements-path.js';
import type { ElementClosure, ParentClosure } from './element-closure.js';
import { byName, type ElementGraph, type Walk } from './element-graph.js';

/** Whether `elements` extend the parent's: begin with every one of them, in order. */
export function extendsParent(elements: readonly string[], parent: ParentClosure): boolean {
  const prefix = parent.elements;
  if (elements.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (elements[i] !== prefix[i]) return false;
  return true;
}

/**
 * The closure of a child image whose elements extend its parent's, walking only what the child adds,
 * when that is certain to give what the full walk gives: what it adds is project elements without
 * element-provides (whose order could matter) that reach no new pinned or unknown name and that the
 * parent's second pass did not meet, and DIB's implicit elements are the parent's. Otherwise undefined.
 */
export function extendClosure(
  graph: ElementGraph,
  parent: ParentClosure,
  walk: Walk | undefined,
  elements: readonly string[],
  implicit: readonly string[],
): { closure: ElementClosure; walk: Walk } | undefined {
  if (!walk?.extendable || walk.second.implicit !== implicit.join('\n')) return;
  const queue = elements.slice(parent.elements.length).map((n) => graph.id(n));
  const epoch = graph.stamp();
  const { nodes, seen, found } = graph;
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
  const addedKeyed = graph.sorted(added).map((id) => nodes[id].location!);
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
  return { closure, walk: { visited: added, base: walk, extendable: true, second: walk.second } };
}

/** What a child's fully walked closure has in its keyed part beyond its parent's. */
export function addedTo(closure: ElementClosure, parent: ElementClosure): ElementClosure['added'] {
  return {
    keyed: minusSorted(closure.keyed, parent.keyed, byName),
    unresolvedKeyed: minusSorted(closure.unresolvedKeyed, parent.unresolvedKeyed, byString),
  };
}

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
