// The worker-thread hasher gives the same digests as hashing in place, whatever the chunk sizes
// (chunks larger than a ring slot are split, many small ones fill the ring and wait).
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BackgroundHasher } from '../../src/openstack/background-hash.js';

describe('BackgroundHasher', () => {
  it('matches sha256 and sha512 over chunks of any size, in order', async () => {
    const sizes = [
      1,
      4095,
      1024 * 1024,
      3 * 1024 * 1024 + 17,
      ...Array.from({ length: 40 }, (_, i) => 7919 * (i + 1)),
    ];
    const chunks = sizes.map((n) => randomBytes(n));
    const hasher = new BackgroundHasher(['sha256', 'sha512']);
    for (const c of chunks) await hasher.update(c);
    const all = Buffer.concat(chunks);
    expect(await hasher.digest()).toEqual({
      sha256: createHash('sha256').update(all).digest('hex'),
      sha512: createHash('sha512').update(all).digest('hex'),
    });
  });

  it('hashes nothing to the empty digests', async () => {
    const hasher = new BackgroundHasher(['sha256']);
    expect(await hasher.digest()).toEqual({ sha256: createHash('sha256').digest('hex') });
  });
});
