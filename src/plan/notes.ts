// What the plan could not see on this machine, said once per plan rather than once per image:
// the element closure stops at DIB's built-in elements when DIB is not installed, and at
// third-party elements that are not checked out. Neither changes a build key (those count by their
// pins); the notes explain why a closure looks short and why some names were not verified.
import type { ImageKeys } from './build-key.js';
import type { PackerKeyInputs } from './packer-key.js';

/** References in Packer templates that kiln could not resolve, each once (images share templates). */
export function packerNotes(packer: ReadonlyMap<string, PackerKeyInputs>): string[] {
  return [...new Set([...packer.values()].flatMap((p) => p.notes.map((n) => n.format())))];
}

export function closureNotes(keys: ReadonlyMap<string, ImageKeys>): string[] {
  const dib = new Set<string>();
  const thirdParty = new Set<string>();
  const unverified = new Set<string>();
  for (const { closure } of keys.values()) {
    if (!closure) continue;
    for (const e of closure.opaque) (e.source === 'dib' ? dib : thirdParty).add(e.name);
    for (const name of closure.unverified) unverified.add(name);
  }
  const list = (names: Set<string>) => [...names].sort().join(', ');
  const notes: string[] = [];
  if (dib.size > 0) {
    notes.push(
      `diskimage-builder is not installed here: element closures stop at DIB's built-in elements (${list(dib)}); ` +
        'they count in build keys by the pinned DIB version',
    );
  }
  if (thirdParty.size > 0) {
    notes.push(
      `third-party elements not checked out here: ${list(thirdParty)}; their element-deps were not followed ` +
        '(they count in build keys by their pinned commit)',
    );
  }
  if (unverified.size > 0) {
    notes.push(
      `element names not found here, assumed provided by an element that could not be read: ${list(unverified)}`,
    );
  }
  return notes;
}
