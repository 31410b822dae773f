import { describe, expect, it } from 'vitest';
import { checkNamedImages } from '../../src/config/named-images.js';
import { InputError } from '../../src/errors.js';

const images = new Map(['debian-12', 'ubuntu-24.04'].map((n) => [n, {}]));
const refused = (names: string[]) => {
  try {
    checkNamedImages(images, names);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).format();
  }
  throw new Error('accepted');
};

describe('images named on the command line', () => {
  it('pass when images.yaml defines every one', () => {
    expect(() => checkNamedImages(images, ['ubuntu-24.04', 'debian-12'])).not.toThrow();
  });

  it('refuse unknown names, with a guess for a single one and the images there are', () => {
    expect(refused(['debain-12'])).toBe(
      "unknown image 'debain-12' (did you mean 'debian-12'? images.yaml defines: debian-12, ubuntu-24.04)",
    );
    expect(refused(['debian-12', 'a', 'b'])).toBe(
      "unknown image 'a', 'b' (images.yaml defines: debian-12, ubuntu-24.04)",
    );
  });
});
