// Images named on the command line of publish and verify-signature: every name must be an image of
// images.yaml, checked before anything is uploaded or read, with one message for all of them.
import { InputError } from '../errors.js';
import { didYouMean } from './did-you-mean.js';

/** Throws bad input naming every unknown image (with a guess when there is one). */
export function checkNamedImages(images: ReadonlyMap<string, unknown>, names: readonly string[]): void {
  const unknown = names.filter((n) => !images.has(n));
  if (!unknown.length) return;
  const guess = unknown.length === 1 ? didYouMean(unknown[0]!, images.keys()) : undefined;
  const known = `images.yaml defines: ${[...images.keys()].join(', ')}`;
  throw new InputError(
    `unknown image ${unknown.map((n) => `'${n}'`).join(', ')}`,
    undefined,
    guess ? `${guess} ${known}` : known,
  );
}
