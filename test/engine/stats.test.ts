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

  // The model's setting (bins 0.1 % wide) and a coarser one.
  for (const relativeError of [0.001 / 2.001, 0.01]) {
    it(`interpolated quantiles are within the bin width of the exact sample quantiles (relativeError ${relativeError.toPrecision(3)})`, () => {
      const h = new Histogram({ relativeError, min: 0.01, max: 1e6 });
      const bound = h.interpolationError;
      expect(bound).toBeCloseTo((2 * relativeError) / (1 - relativeError), 15);
      const streams = new Streams('histogram-interpolated', 0);
      // Waits of a queue: a share of exact zeros, then a skewed spread; samples small and large.
      for (const [size, spec] of [[37, { dist: 'exponential', mean: 20 }], [5_000, { dist: 'lognormal', mean: 40, sd: 80 }], [40_000, { dist: 'gamma', mean: 15, sd: 30 }]] as const) {
        h.reset();
        const rng = streams.get(`${spec.dist}/${size}`);
        const d = makeDist(spec, rng);
        const xs = new Float64Array(size);
        for (let i = 0; i < size; i++) {
          xs[i] = rng() < 0.2 ? 0 : d.sample();
          h.add(xs[i]);
        }
        xs.sort();
        for (const p of ps) {
          const exact = exactQuantile(xs, p);
          const est = h.interpolatedQuantile(p);
          if (exact === 0) expect(est, `n = ${size}, p = ${p}`).toBe(0);
          // Below the lowest bin edge the bound does not hold: the underflow bin is reported as `min`.
          else if (exact < h.lowest) expect(est).toBeLessThanOrEqual(h.lowest);
          else expect(Math.abs(est - exact) / exact, `n = ${size}, p = ${p}`).toBeLessThanOrEqual(bound * (1 + 1e-9));
        }
      }
    });
  }

  it('interpolated quantiles of samples with different seeds differ, where bin centres coincide', () => {
    // Five "replications" of 3,000 waits each: the samples' medians lie within a few per cent
    // of one another, so several share a 2 %-wide bin and get the same bin-centre estimate.
    const coarse: number[] = [];
    const fine: number[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const d = makeDist({ dist: 'lognormal', mean: 30, sd: 20 }, new Streams(seed, 0).get('waits'));
      const a = new Histogram({ relativeError: 0.01, min: 0.01, max: 1e6 });
      const b = new Histogram({ relativeError: 0.001 / 2.001, min: 0.01, max: 1e6 });
      for (let i = 0; i < 3_000; i++) {
        const x = d.sample();
        a.add(x);
        b.add(x);
      }
      coarse.push(a.quantile(0.5));
      fine.push(b.interpolatedQuantile(0.5));
    }
    expect(new Set(coarse).size).toBeLessThan(5);
    expect(new Set(fine).size).toBe(5);
  });

  it('bins(merge) reports runs of merged bins with the same counts', () => {
    const h = new Histogram({ relativeError: 0.001 / 2.001, min: 0.01, max: 1e6 });
    const rng = new Streams('histogram-bins', 0).get('x');
    for (let i = 0; i < 2_000; i++) h.add(rng() < 0.1 ? 0 : 100 * rng());
    const merged = h.bins(20);
    expect(merged.reduce((s, b) => s + b[2], 0)).toBe(h.count);
    expect(merged[0][0]).toBe(0);
    for (const [low, high] of merged.filter((b) => b[0] > 0)) expect(high / low).toBeCloseTo(1.001 ** 20, 9);
    expect(h.bins(1).reduce((s, b) => s + b[2], 0)).toBe(h.count);
    expect(() => h.bins(0)).toThrow(RangeError);
  });

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
