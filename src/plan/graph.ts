// The image graph: who is whose parent, the groups (a root image with all its descendants, built on
// one runner so children reuse the parent's caches) and a topological order (parents first, file
// order otherwise). The config loader already rejects cycles and unknown parents with their source
// positions; here they can only be a broken invariant, so they are reported as plain errors.
import type { ResolvedImage } from '../config/types.js';

export interface ImageGraph {
  /** Every image, parents before their children, file order among siblings. */
  order: string[];
  parentOf: Map<string, string | undefined>;
  /** Image -> the root image of its group. */
  groupOf: Map<string, string>;
}

export function imageGraph(images: ReadonlyMap<string, Pick<ResolvedImage, 'parent'>>): ImageGraph {
  const parentOf = new Map<string, string | undefined>();
  const childrenOf = new Map<string, string[]>();
  for (const [name, image] of images) {
    parentOf.set(name, image.parent);
    childrenOf.set(name, []);
  }
  for (const [name, parent] of parentOf) {
    if (parent === undefined) continue;
    const siblings = childrenOf.get(parent);
    if (!siblings) throw new Error(`image graph: ${name} has unknown parent ${parent}`);
    siblings.push(name);
  }

  // Walk down from each root; every image is reached exactly once from its root, so this is O(n)
  // even for long parent chains, and an image left unreached sits on a cycle.
  const order: string[] = [];
  const groupOf = new Map<string, string>();
  for (const [name, parent] of parentOf) {
    if (parent !== undefined) continue;
    const stack = [name];
    while (stack.length > 0) {
      const current = stack.pop()!;
      order.push(current);
      groupOf.set(current, name);
      const children = childrenOf.get(current)!;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  if (order.length !== parentOf.size) {
    const stuck = [...parentOf.keys()].filter((n) => !groupOf.has(n));
    throw new Error(`image graph: parent cycle among ${stuck.join(', ')}`);
  }
  return { order, parentOf, groupOf };
}

/** The image's ancestors, nearest first. */
export function ancestorsOf(graph: ImageGraph, name: string): string[] {
  const out: string[] = [];
  for (let p = graph.parentOf.get(name); p !== undefined; p = graph.parentOf.get(p)) out.push(p);
  return out;
}
