import { describe, expect, it } from 'vitest';
import { distMean, makeDist, Streams, type DistSpec } from '../../src/engine/index.js';
import { checkDistSpec, DistParamError, normalQuantile, standardExponential } from '../../src/engine/distributions.js';
import { meanCI } from '../../src/metrics/ci.js';

const REPS = 40;
const N = 5000;

/**
 * Per-replication sample means and (unbiased) sample variances from independent streams,
 * drawn by `sample()` or, with `byQuantile`, as quantile(U) of uniforms on (0, 1).
 */
function replicate(spec: DistSpec, byQuantile = false): { means: number[]; variances: number[] } {
  const streams = new Streams(byQuantile ? 'quantiles' : 'distributions', 0);
  const means: number[] = [];
  const variances: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const rng = streams.get(`${spec.dist}/${r}`);
    const d = makeDist(spec, rng);
    const draw = byQuantile ? () => d.quantile!(rng() + 2 ** -33) : () => d.sample();
    let m = 0, m2 = 0;
    for (let i = 1; i <= N; i++) {
      const x = draw();
      const delta = x - m;
      m += delta / i;
      m2 += delta * (x - m);
    }
    means.push(m);
    variances.push(m2 / (N - 1));
  }
  return { means, variances };
}

const cases: Array<{ spec: DistSpec; mean: number; variance: number }> = [
  { spec: { dist: 'exponential', mean: 12 }, mean: 12, variance: 144 },
  { spec: { dist: 'normal', mean: 5, sd: 2 }, mean: 5, variance: 4 },
  { spec: { dist: 'lognormal', mean: 30, sd: 15 }, mean: 30, variance: 225 },
  { spec: { dist: 'gamma', mean: 8, sd: 4 }, mean: 8, variance: 16 },
  { spec: { dist: 'gamma', mean: 2, sd: 3 }, mean: 2, variance: 9 },
  { spec: { dist: 'uniform', min: 2, max: 10 }, mean: 6, variance: 64 / 12 },
  { spec: { dist: 'triangular', min: 1, mode: 2, max: 6 }, mean: 3, variance: (1 + 4 + 36 - 2 - 6 - 12) / 18 },
  { spec: { dist: 'empirical', values: [1, 2, 5], weights: [0.5, 0.3, 0.2] }, mean: 2.1, variance: 0.5 * 1.1 ** 2 + 0.3 * 0.1 ** 2 + 0.2 * 2.9 ** 2 },
  { spec: { dist: 'empirical', values: [3, 4, 5, 6] }, mean: 4.5, variance: 1.25 },
];

const withQuantile = cases.filter((c) => c.spec.dist !== 'gamma');

/**
 * Every case checks two intervals (mean, variance) by sampling, and again by quantile where the
 * family has one; Bonferroni makes the whole family hold at 99 %: each interval is at
 * 1 - 0.01 / (number of intervals).
 */
const LEVEL = 1 - 0.01 / (2 * (cases.length + withQuantile.length));

/** Moments of a sample against the exact ones, within the family-wise intervals. */
function expectMoments(spec: DistSpec, mean: number, variance: number, byQuantile: boolean): void {
  const { means, variances } = replicate(spec, byQuantile);
  const m = meanCI(means, LEVEL);
  expect(mean).toBeGreaterThanOrEqual(m.low);
  expect(mean).toBeLessThanOrEqual(m.high);
  const v = meanCI(variances, LEVEL);
  expect(variance).toBeGreaterThanOrEqual(v.low);
  expect(variance).toBeLessThanOrEqual(v.high);
}

describe('distributions', () => {
  for (const { spec, mean, variance } of cases) {
    it(`${JSON.stringify(spec)}: exact moments, and sample moments within family-wise 99 % intervals`, () => {
      const d = makeDist(spec, () => 0.5);
      expect(d.mean).toBeCloseTo(mean, 12);
      expect(d.variance).toBeCloseTo(variance, 12);
      expect(distMean(spec)).toBeCloseTo(mean, 12);
      expectMoments(spec, mean, variance, false);
    });
  }

  // Every family but gamma has a quantile; quantile(U) must have the same moments.
  for (const { spec, mean, variance } of withQuantile) {
    it(`${JSON.stringify(spec)}: quantile(U) has the exact moments (family-wise 99 % intervals)`, () => {
      expectMoments(spec, mean, variance, true);
    });
  }

  it('the ziggurat exponential follows Exp(1): chi-square over 200 equiprobable bins, and its tail share, at the 0.1 % level', () => {
    const rng = new Streams('ziggurat', 0).get('exp');
    const n = 1_000_000;
    const bins = 200;
    const counts = new Float64Array(bins);
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const x = standardExponential(rng);
      expect(x).toBeGreaterThanOrEqual(0);
      // Bin j holds [-ln(1 - j/bins), -ln(1 - (j+1)/bins)): CDF 1 - e^-x puts each at 1/bins.
      counts[Math.min(bins - 1, Math.floor(-Math.expm1(-x) * bins))]++;
      if (x > 7.697117470131487) tail++;
    }
    const expected = n / bins;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    // Upper 0.1 % point of chi-square with bins - 1 degrees of freedom (Wilson-Hilferty).
    const k = bins - 1;
    const crit = k * (1 - 2 / (9 * k) + normalQuantile(0.999) * Math.sqrt(2 / (9 * k))) ** 3;
    expect(chi2).toBeLessThan(crit);
    // Beyond the base layer's edge (the tail, drawn apart): probability e^-R; normal 99.9 % interval for the count.
    const p = Math.exp(-7.697117470131487);
    const half = normalQuantile(0.9995) * Math.sqrt(n * p * (1 - p));
    expect(Math.abs(tail - n * p)).toBeLessThan(half);
  });

  it('gamma has no quantile (models fall back to sampling)', () => {
    expect(makeDist({ dist: 'gamma', mean: 8, sd: 4 }, () => 0.5).quantile).toBeUndefined();
  });

  it('normalQuantile matches known values of the inverse normal CDF and is monotone', () => {
    // Phi(1) = 0.8413447460685429, Phi(-2) = 0.022750131948179195, Phi(3) = 0.9986501019683699.
    const known: Array<[number, number]> = [[0.5, 0], [0.975, 1.959963984540054], [0.8413447460685429, 1], [0.022750131948179195, -2], [0.9986501019683699, 3]];
    for (const [p, x] of known) expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-8 * Math.max(1, Math.abs(x)));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    let prev = -Infinity;
    for (let i = 1; i < 10_000; i++) {
      const x = normalQuantile(i / 10_000);
      expect(x).toBeGreaterThan(prev);
      expect(normalQuantile(1 - i / 10_000)).toBeCloseTo(-x, 8);
      prev = x;
    }
  });

  it('empirical quantile steps through the sorted values at their cumulative weights', () => {
    const d = makeDist({ dist: 'empirical', values: [5, 1, 2], weights: [0.2, 0.5, 0.3] }, () => 0.5);
    expect([0.01, 0.49, 0.5, 0.79, 0.8, 0.99].map((u) => d.quantile!(u))).toEqual([1, 1, 2, 2, 5, 5]);
    // A largest value of weight zero is never returned, however close u comes to 1.
    const z = makeDist({ dist: 'empirical', values: [1, 2, 3, 100], weights: [0.1, 0.1, 0.6, 0] }, () => 0.5);
    expect(z.quantile!(1 - 2 ** -53)).toBe(3);
  });

  it('constant always returns its value', () => {
    const d = makeDist({ dist: 'constant', value: 4 }, () => 0.3);
    expect([d.sample(), d.sample()]).toEqual([4, 4]);
    expect(d.variance).toBe(0);
  });

  it('empirical never returns a value of weight zero', () => {
    const d = makeDist({ dist: 'empirical', values: [1, 2, 3], weights: [1, 0, 1] }, new Streams(1, 0).get('e'));
    for (let i = 0; i < 10_000; i++) expect(d.sample()).not.toBe(2);
  });

  it('rejects invalid parameters with RangeError', () => {
    const bad: DistSpec[] = [
      { dist: 'exponential', mean: 0 },
      { dist: 'exponential', mean: NaN },
      { dist: 'normal', mean: 1, sd: -1 },
      { dist: 'lognormal', mean: -1, sd: 1 },
      { dist: 'gamma', mean: 1, sd: 0 },
      { dist: 'uniform', min: 3, max: 1 },
      { dist: 'triangular', min: 0, mode: 5, max: 4 },
      { dist: 'triangular', min: 2, mode: 2, max: 2 },
      { dist: 'empirical', values: [] },
      { dist: 'empirical', values: [1, 2], weights: [1] },
      { dist: 'empirical', values: [1, 2], weights: [0, 0] },
      { dist: 'empirical', values: [1, 2], weights: [1, -1] },
      { dist: 'constant', value: Infinity },
      { dist: 'weibull' } as unknown as DistSpec,
    ];
    for (const spec of bad) expect(() => makeDist(spec, () => 0.5), JSON.stringify(spec)).toThrow(RangeError);
  });

  it('checkDistSpec() names the field at fault, with the same checks makeDist applies', () => {
    const cases: Array<[DistSpec, string, string]> = [
      [{ dist: 'uniform', min: 2, max: 1 }, 'max', 'expected max >= min (2), got 1'],
      [{ dist: 'triangular', min: 2, mode: 5, max: 4 }, 'mode', 'expected mode between min and max (2 to 4), got 5'],
      [{ dist: 'triangular', min: 2, mode: 2, max: 2 }, 'max', 'expected max > min (2), got 2'],
      [{ dist: 'empirical', values: [1, 2], weights: [0, 0] }, 'weights', 'expected weights not all zero, got all zero'],
      [{ dist: 'empirical', values: [1, 2], weights: [1] }, 'weights', 'expected one weight per value (2), got 1'],
      [{ dist: 'empirical', values: [1, 2], weights: [1, -1] }, 'weights[1]', 'expected >= 0, got -1'],
      [{ dist: 'gamma', mean: 15, sd: 0 }, 'sd', 'expected sd > 0, got 0'],
      [{ dist: 'exponential', mean: 0 }, 'mean', 'expected mean > 0, got 0'],
      [{ dist: 'lognormal', mean: 0, sd: 5 }, 'mean', 'expected mean > 0, got 0'],
      [{ dist: 'lognormal', mean: 12, sd: 1e308 }, 'sd', 'expected such that sd^2 and sigma are finite numbers, got 1e+308'],
      [{ dist: 'gamma', mean: 1e200, sd: 1 }, 'sd', 'expected such that the shape mean^2/sd^2 and the scale sd^2/mean are finite numbers, got 1'],
      [{ dist: 'uniform', min: -1e308, max: 1e308 }, 'max', 'expected max within a finite distance of min (-1e+308), got 1e+308'],
      [{ dist: 'normal', mean: 0, sd: 1e200 }, 'sd', 'expected such that sd^2 is a finite number, got 1e+200'],
      [{ dist: 'empirical', values: [-1e308, 1e308] }, 'values', 'expected values whose variance is a finite number, got Infinity'],
      [{ dist: 'constant', value: Infinity }, 'value', 'expected a finite number, got Infinity'],
    ];
    for (const [spec, field, message] of cases) {
      expect(checkDistSpec(spec), JSON.stringify(spec)).toEqual({ field, message });
      // Every case but the empirical one of huge values (each value valid on its own) fails in makeDist too.
      if (spec.dist !== 'empirical' || spec.weights) expect(() => makeDist(spec, () => 0.5), JSON.stringify(spec)).toThrow(DistParamError);
    }
    expect(checkDistSpec({ dist: 'triangular', min: 1, mode: 1, max: 3 })).toBeUndefined();
    expect(checkDistSpec({ dist: 'lognormal', mean: 12, sd: 5 })).toBeUndefined();
    expect(checkDistSpec({ dist: 'empirical', values: [1, 2], weights: [0, 1] })).toBeUndefined();
  });
});
