// DIB's rules for an image's elements, and what kiln's element closure means, written the plain way.
//
// DIB (element_dependencies.py) expands an image's elements along the elements path: each element's
// `element-deps` file lists names it pulls in, one a line; a name that an element of the image lists
// in `element-provides` is satisfied by that element; the first dir on the path that has a name wins
// (config/elements-path.ts). disk-image-create adds a few elements by itself (dibImplicitElements).
//
// expandElements below is the definition of kiln's closure, with string sets as DIB's code reads. The
// resolver (element-closure.ts) computes the same thing over numbered nodes, extends a parent's
// closure for its children, and turns unknown names into errors; the tests check it against this.

/** An element's `element-deps` and `element-provides`, as read from its dir. */
export interface ElementFiles {
  deps: { name: string; line: number }[];
  provides: string[];
  /** False when the element's files cannot be read here (name-only DIB or third-party entries). */
  readable: boolean;
}

/** Every element dibImplicitElements may add: load them with an image's own elements. */
export const IMPLICIT_ELEMENTS: readonly string[] = ['base', 'block-device-mbr'];

/**
 * Elements disk-image-create adds by itself (lib/common-functions, arg_to_elements): `base`, and for
 * `vm` without a block-device-* element the MBR layout, which provides the `block-device` that `vm`
 * depends on (EFI on arm64; either provides it, which is all the closure needs). They only matter to
 * the full closure: DIB's elements count in keys by the DIB version.
 */
export function dibImplicitElements(elements: readonly string[]): string[] {
  // IMPLICIT_ELEMENTS lists every name this can return.
  let vm = false;
  for (let i = 0; i < elements.length; i++) {
    if (elements[i].startsWith('block-device-')) return ['base'];
    vm ||= elements[i] === 'vm';
  }
  return vm ? ['base', 'block-device-mbr'] : ['base'];
}

/** An element's files from the bytes of its element-deps and element-provides (undefined: absent). */
export function elementFiles(deps: Buffer | undefined, provides: Buffer | undefined): ElementFiles {
  return { deps: listed(deps), provides: listed(provides).map((d) => d.name), readable: true };
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

/** The closure of an image's elements, by name (ElementClosure in element-closure.ts, by location). */
export interface ElementExpansion {
  /** What a build key covers: the project's elements followed, pinned ones counted, sorted. */
  keyed: string[];
  /** Names the keyed part reached that no dir has and no element of it provides. */
  unresolvedKeyed: string[];
  /** Every element found, pinned ones' dependencies followed where their files are here. */
  all: string[];
  /** Elements whose files cannot be read here, so whose dependencies were not followed. */
  opaque: string[];
  /** Names nobody has that an opaque element may provide. */
  unverified: string[];
}

/**
 * The closure of `elements`, as kiln defines it: DIB's expansion in two passes. The first follows
 * only the project's elements (the keyed part: a third-party or DIB element counts by its pin, which
 * fixes its own dependencies, so a key never depends on what is installed where `plan` runs); the
 * second then follows the pinned elements met and DIB's implicit ones. A name nobody has is an error
 * (`unknown`) only when every element could be read; otherwise an unread one may provide it.
 */
export function expandElements(
  elements: readonly string[],
  locate: (name: string) => { source: string } | undefined,
  files: (name: string) => { deps: readonly string[]; provides: readonly string[]; readable: boolean },
): ElementExpansion | { unknown: string[] } {
  const seen = new Set<string>();
  const provided = new Set<string>();
  const found = new Set<string>();
  const missing = new Set<string>();
  const opaque = new Set<string>();
  const pinned: string[] = [];
  const visit = (queue: string[], followPinned: boolean) => {
    for (let i = 0; i < queue.length; i++) {
      const name = queue[i];
      if (seen.has(name) || provided.has(name)) continue;
      seen.add(name);
      const location = locate(name);
      if (!location) {
        missing.add(name);
        continue;
      }
      found.add(name);
      if (location.source !== 'project' && !followPinned) {
        pinned.push(name);
        continue;
      }
      const f = files(name);
      if (!f.readable) opaque.add(name);
      for (const p of f.provides) provided.add(p);
      queue.push(...f.deps);
    }
  };
  visit([...elements], false);
  const keyed = [...found].sort();
  const unresolvedKeyed = [...missing].filter((n) => !provided.has(n)).sort();
  for (const name of pinned) seen.delete(name);
  visit([...pinned, ...dibImplicitElements(elements).filter((n) => locate(n))], true);
  const unknown = [...missing].filter((n) => !provided.has(n) && !found.has(n)).sort();
  if (unknown.length > 0 && opaque.size === 0) return { unknown };
  return { keyed, unresolvedKeyed, all: [...found].sort(), opaque: [...opaque].sort(), unverified: unknown };
}
