// Which image x architecture pairs a plan contains, and why. With `--since`, only images whose key
// changed (new images included) and their descendants; asked-for images bring the ancestors they
// need that are not already built (without `--since` nothing is known to be built).
import { InputError, InputErrors } from '../errors.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { Arch } from '../config/types.js';
import { ancestorsOf, type ImageGraph } from './graph.js';
import type { PlannedImage } from './types.js';

export interface Selection {
  name: string;
  arch: Arch;
  reason: NonNullable<PlannedImage['reason']>;
}

export interface SelectRequest {
  /** Architectures each image is built for. */
  architectures: ReadonlyMap<string, readonly Arch[]>;
  /** Asked-for images; empty means all. */
  images: readonly string[];
  /** Architectures to plan, in output order. */
  arches: readonly Arch[];
  /** True when the user named the architectures: then every asked-for image must have them all. */
  archesExplicit?: boolean;
  /** Whether an image x arch changed since the base ref; undefined when there is no base. */
  changed?: (name: string, arch: Arch) => boolean;
}

/** Selected pairs in topological order, architectures in `arches` order within an image (after checkRequest). */
export function selectImages(graph: ImageGraph, req: SelectRequest): Selection[] {
  const requested = new Set(req.images);
  const reasons = new Map<string, Selection['reason']>();
  const id = (name: string, arch: Arch) => `${name}\0${arch}`;

  for (const arch of req.arches) {
    // Parents come first in graph.order, so a parent's reason is known when its children are seen.
    for (const name of graph.order) {
      if (!req.architectures.get(name)!.includes(arch)) continue;
      const parent = graph.parentOf.get(name);
      let reason: Selection['reason'] | undefined;
      if (!req.changed) reason = 'requested';
      else if (parent !== undefined && isChangedOrBelow(reasons.get(id(parent, arch)))) reason = 'descendant';
      else if (req.changed(name, arch)) reason = 'changed';
      if (reason) reasons.set(id(name, arch), reason);
    }
  }

  let chosen = reasons;
  if (requested.size > 0) {
    chosen = new Map();
    for (const [key, reason] of reasons) {
      const [name, arch] = key.split('\0') as [string, Arch];
      if (!requested.has(name)) continue;
      chosen.set(key, reason);
      for (const ancestor of ancestorsOf(graph, name)) {
        const k = id(ancestor, arch);
        // An ancestor with no reason of its own is unchanged since the base ref: already built, and
        // so are its ancestors (a change above it would have made it a descendant).
        if (!reasons.has(k)) break;
        chosen.set(k, requested.has(ancestor) ? reasons.get(k)! : 'parent');
      }
    }
  }

  const out: Selection[] = [];
  for (const name of graph.order) {
    for (const arch of req.arches) {
      const reason = chosen.get(id(name, arch));
      if (reason) out.push({ name, arch, reason });
    }
  }
  return out;
}

const isChangedOrBelow = (r: Selection['reason'] | undefined) => r === 'changed' || r === 'descendant';

/** Unknown images, or an image without an asked-for architecture, are bad input. */
export function checkRequest(graph: ImageGraph, req: Omit<SelectRequest, 'changed'>): void {
  const errors: InputError[] = [];
  for (const name of req.images) {
    const arches = req.architectures.get(name);
    if (!arches) {
      errors.push(new InputError(`unknown image '${name}'`, undefined, didYouMean(name, graph.order)));
      continue;
    }
    const missing = req.arches.filter((a) => !arches.includes(a));
    if (missing.length > 0 && (req.archesExplicit || missing.length === req.arches.length)) {
      errors.push(
        new InputError(
          `image '${name}' is not built for ${missing.join(', ')}`,
          undefined,
          `it is built for ${arches.join(', ')}`,
        ),
      );
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
}
