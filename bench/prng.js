/**
 * A small, fast seeded uniform generator (mulberry32) shared by the hold benchmarks,
 * so that the hold model measures queue cost, not generator cost. The model
 * benchmarks (mmc, network3) use each engine's own generators instead.
 */

/** Returns a function giving uniforms in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let a = seed | 0;
  return function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponential sampler with the given mean, driven by `next` (uniform in [0, 1)). */
export function expSampler(next, mean) {
  return () => -mean * Math.log(1 - next());
}
