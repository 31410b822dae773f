// Seeded random numbers, for the random element graphs that check the resolver and the build keys
// against expandElements (src/plan/dib-element-rules.ts), the plain definition of a closure.

/** The random numbers those checks use: mulberry32 from a fixed seed, so a failing case can be rerun. */
export function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
