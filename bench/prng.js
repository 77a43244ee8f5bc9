/**
 * A small, fast seeded uniform generator (mulberry32) shared by the hold benchmarks,
 * so that the hold model measures queue cost, not generator cost. The model
 * benchmarks (mmc, network3) use each engine's own generators instead.
 */

/**
 * Returns a function giving mulberry32's 32-bit outputs (unsigned integers) from a 32-bit seed.
 * The state lives in an Int32Array: a captured `let` would be boxed as a heap number whenever
 * it left V8's small-integer range, which made the limit's queueing runs 8-12 % slower. Code that
 * also steps the generator inline passes its own `state` (`new Int32Array([seed | 0])`) to share.
 */
export function mulberry32Bits(seed, state = new Int32Array([seed | 0])) {
  return function bits() {
    const a = (state[0] = (state[0] + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Returns a function giving uniforms in [0, 1) from a 32-bit seed (mulberry32, as above). */
export function mulberry32(seed) {
  const bits = mulberry32Bits(seed);
  return () => bits() / 4294967296;
}
