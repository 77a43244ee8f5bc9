import { describe, expect, it } from 'vitest';
import { Histogram, makeDist, Streams, Tally, TimeWeighted } from '../../src/engine/index.js';

describe('Tally', () => {
  it('matches the two-pass mean and sample variance', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const t = new Tally();
    xs.forEach((x) => t.add(x));
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(t.count).toBe(xs.length);
    expect(t.mean).toBeCloseTo(mean, 12);
    expect(t.variance).toBeCloseTo(variance, 12);
    expect([t.min, t.max, t.sum]).toEqual([1, 9, 44]);
    t.reset();
    expect([t.count, t.mean, t.variance]).toEqual([0, NaN, NaN]);
  });
});

describe('TimeWeighted', () => {
  it('integrates a step function and restarts the window on reset', () => {
    const tw = new TimeWeighted(0, 1);
    tw.update(2, 3); // 1 on [0,2)
    tw.add(5, -2); // 3 on [2,5), then 1
    expect(tw.integral(10)).toBe(2 + 9 + 5);
    expect(tw.mean(10)).toBe(1.6);
    expect(tw.max).toBe(3);
    tw.reset(10);
    expect(tw.max).toBe(1);
    tw.update(12, 0);
    expect(tw.integral(20)).toBe(2);
    expect(tw.mean(20)).toBe(0.2);
    expect(tw.mean(10)).toBe(0);
  });
});

describe('Histogram', () => {
  const exactQuantile = (sorted: Float64Array, p: number): number => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
  const ps = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

  for (const relativeError of [0.01, 0.05]) {
    it(`quantiles are within relative error ${relativeError} of the exact sample quantiles`, () => {
      const rng = new Streams('histogram', 0).get(`lognormal/${relativeError}`);
      const d = makeDist({ dist: 'lognormal', mean: 40, sd: 80 }, rng);
      const h = new Histogram({ relativeError });
      const xs = new Float64Array(50_000);
      for (let i = 0; i < xs.length; i++) {
        xs[i] = d.sample();
        h.add(xs[i]);
      }
      xs.sort();
      for (const p of ps) {
        const exact = exactQuantile(xs, p);
        // 1e-12 allows for rounding in the bin-edge arithmetic only.
        expect(Math.abs(h.quantile(p) - exact) / exact, `p = ${p}`).toBeLessThanOrEqual(relativeError * (1 + 1e-12));
      }
    });
  }

  it('reports zeros exactly, tracks under/overflow, and merges', () => {
    const a = new Histogram({ min: 1, max: 100 });
    const b = new Histogram({ min: 1, max: 100 });
    [0, 0, 0.5, 10].forEach((x) => a.add(x));
    [200, 50].forEach((x) => b.add(x));
    a.merge(b);
    expect(a.count).toBe(6);
    expect(a.quantile(0.3)).toBe(0);
    expect(a.quantile(0.5)).toBe(1); // underflow reported as min
    expect(a.quantile(1)).toBe(200); // overflow reported as the largest value
    const bins = a.bins();
    expect(bins[0]).toEqual([0, 0, 2]);
    expect(bins[1]).toEqual([0, 1, 1]);
    expect(bins[bins.length - 1]).toEqual([100, 200, 1]);
    expect(bins.reduce((s, x) => s + x[2], 0)).toBe(6);
    expect(() => a.merge(new Histogram())).toThrow(RangeError);
    expect(() => a.add(-1)).toThrow(RangeError);
    a.reset();
    expect(a.quantile(0.5)).toBeNaN();
  });
});
