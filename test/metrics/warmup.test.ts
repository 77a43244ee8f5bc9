/**
 * MSER-5 (White 1997) and Welch's moving average on synthetic series: an exponential decay to a
 * level plus noise is truncated near where the decay has died out; a stationary series is not
 * truncated; the moving average is the mean of the 2w + 1 values around each day.
 */
import { describe, expect, it } from 'vitest';
import { mser, welchAverage } from '../../src/metrics/warmup.js';
import { Streams } from '../../src/engine/index.js';

/** Gaussian noise from a seeded stream (Box-Muller). */
function noise(seed: number, n: number, sd: number): Float64Array {
  const u = new Streams(seed, 0).get('noise');
  return Float64Array.from({ length: n }, () => sd * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

describe('MSER-5', () => {
  it('truncates an exponential decay to a level where it has died out', () => {
    // 10 + 8 exp(-t / 15) + N(0, 1): the transient is below the noise's batch-mean sd (0.45) after about 44 days.
    for (const seed of [1, 2, 3, 4, 5]) {
      const e = noise(seed, 400, 1);
      const x = e.map((v, t) => 10 + 8 * Math.exp(-t / 15) + v);
      const r = mser(x);
      expect(r.batches).toBe(80);
      expect(r.truncation % 5).toBe(0);
      expect(r.truncation).toBeGreaterThanOrEqual(25);
      expect(r.truncation).toBeLessThanOrEqual(100);
      expect(r.atLimit).toBe(false);
    }
  });

  it('does not truncate a series without a transient (beyond a batch or two of noise)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = mser(noise(seed, 400, 1).map((v) => 10 + v));
      expect(r.truncation).toBeLessThanOrEqual(30);
    }
    expect(mser(new Float64Array(100).fill(3)).truncation).toBe(0);
  });

  it('computes the statistic of its definition and skips missing days', () => {
    // Batches of 5: means 10, 0, 0, 0 -> d = 1 leaves zero variance.
    const x = [10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0, 0, NaN, 0, 0, 0, 0, 0, 0, 0, 1];
    const r = mser(x);
    expect(r.batches).toBe(4);
    expect(r.truncatedBatches).toBe(1);
    expect(r.mserMin).toBe(0);
    // Two batches (10, 0): only d = 0 keeps two, mean 5, sum of squares 50, over 2^2.
    expect(mser([10, 10, 10, 10, 10, 0, 0, 0, 0, 0], 5).mserMin).toBe(12.5);
    // Batches (10, 0, 0, 5): MSER(0) = 68.75 / 16, MSER(1) = 16.67 / 9, MSER(2) = 12.5 / 4.
    const y = mser([10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 5]);
    expect(y.truncatedBatches).toBe(1);
    expect(y.mserMin).toBeCloseTo(50 / 27, 12);
    expect(mser(x.slice(0, 20)).truncation).toBe(5);
  });

  it('flags a minimum at half the run', () => {
    const x = Float64Array.from({ length: 100 }, (_, t) => 100 - t);
    const r = mser(x);
    expect(r.truncatedBatches).toBe(10);
    expect(r.atLimit).toBe(true);
  });
});

describe("Welch's moving average", () => {
  it('averages 2w + 1 values, fewer near the start, none within w of the end', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = welchAverage(x, 2);
    expect([...y.slice(0, 6)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Number.isNaN(y[6]) && Number.isNaN(y[7])).toBe(true);
    const z = welchAverage([0, 3, 0, 3, 0, 3, 0], 1);
    expect([...z.slice(0, 6)]).toEqual([0, 1, 2, 1, 2, 1]);
  });
});
