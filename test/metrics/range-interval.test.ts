import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBeta, randomLcg } from 'd3-random';
import { rangeInterval, type RangeKind } from '../../src/metrics/ci.js';
import { summarise } from '../../src/metrics/tables.js';
import { normalQuantile } from '../../src/engine/distributions.js';

/** Mean (sum / n, as arquero computes it) and sample sd of `xs`. */
function stats(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (xs.length - 1)) };
}

const TOP: Record<RangeKind, number> = { share: 1, percent: 100, nonneg: Infinity, real: Infinity };

/** Values of a range: plain doubles, values at the bounds, and values crowded near them. */
function value(range: 'share' | 'percent' | 'nonneg'): fc.Arbitrary<number> {
  const top = range === 'nonneg' ? 1e6 : TOP[range];
  return fc.oneof(
    fc.double({ min: 0, max: top, noNaN: true }),
    fc.constantFrom(0, top),
    fc.double({ min: 0, max: 1e-6, noNaN: true }).map((e) => top * (1 - e)),
    fc.double({ min: 0, max: 1e-6, noNaN: true }),
  );
}

describe('rangeInterval', () => {
  for (const range of ['share', 'percent', 'nonneg'] as const) {
    it(`${range}: every interval lies in the range and contains the mean`, () => {
      fc.assert(fc.property(fc.array(value(range), { minLength: 2, maxLength: 12 }), (xs) => {
        const { mean, sd } = stats(xs);
        const ci = rangeInterval(mean, sd, xs.length, range);
        expect(ci.low).toBeGreaterThanOrEqual(0);
        expect(ci.high).toBeLessThanOrEqual(TOP[range]);
        expect(ci.low).toBeLessThanOrEqual(mean);
        expect(ci.high).toBeGreaterThanOrEqual(mean);
      }), { numRuns: 2000 });
    });
  }

  it('summary.csv intervals of shares, percentages and waits stay in range through summarise()', () => {
    const metric = { share: 'time_above_85', percent: 'admissions_blocked', nonneg: 'wait_consult_p95' } as const;
    const arb = fc.constantFrom('share', 'percent', 'nonneg' as const).chain((range) =>
      fc.tuple(fc.constant(range), fc.array(value(range), { minLength: 2, maxLength: 8 })));
    fc.assert(fc.property(arb, ([range, xs]) => {
      const rows = xs.map((v, replication) => ({ replication, metric: metric[range], tier: 'county', facility: '', group: '', value: v }));
      const s = summarise(rows).objects()[0] as Record<string, number>;
      expect(s.ci_low).toBeGreaterThanOrEqual(0);
      expect(s.ci_high).toBeLessThanOrEqual(TOP[range]);
      expect(s.ci_low).toBeLessThanOrEqual(s.mean);
      expect(s.ci_high).toBeGreaterThanOrEqual(s.mean);
    }), { numRuns: 300 });
  });

  it('gives [m, m] for sd 0, the t-interval for real values, and nothing below two values', () => {
    expect(rangeInterval(1, 0, 5, 'share')).toEqual({ low: 1, high: 1, method: 'logit' });
    expect(rangeInterval(0, 0, 5, 'nonneg')).toEqual({ low: 0, high: 0, method: 'log' });
    expect(rangeInterval(0.4, 0, 5, 'share')).toEqual({ low: 0.4, high: 0.4, method: 'logit' });
    const t = rangeInterval(-0.2, 0.3, 5, 'real');
    expect(t.method).toBe('t');
    expect(t.low).toBeCloseTo(-0.2 - 2.7764451051977987 * 0.3 / Math.sqrt(5), 9);
    expect(Number.isNaN(rangeInterval(0.5, NaN, 1, 'share').low)).toBe(true);
    // A mean at a bound with a spread (only rounding gives one): the t-interval cut at the bound.
    const clipped = rangeInterval(1, 0.01, 5, 'share');
    expect(clipped.method).toBe('t-clipped');
    expect(clipped.high).toBe(1);
    expect(clipped.low).toBeCloseTo(1 - 2.7764451051977987 * 0.01 / Math.sqrt(5), 9);
  });

  it('covers the mean of a Beta(48, 2) share (mean 0.96) 95 % of the time with 5 replications', () => {
    // 2,000 sets of 5 replications. If the true coverage is 95 %, the number of sets covered is
    // Binomial(2000, 0.95): the observed share lies within z sqrt(0.95 * 0.05 / 2000) of 0.95 with
    // probability 99.9 % for z the normal quantile at 0.9995 (normal approximation; n p (1 - p) = 95).
    const sets = 2000;
    const n = 5;
    const [a, b] = [48, 2];
    const truth = a / (a + b);
    const band = normalQuantile(0.9995) * Math.sqrt(0.95 * 0.05 / sets);
    const beta = randomBeta.source(randomLcg(0.5))(a, b);
    let covered = 0;
    let tCovered = 0;
    for (let k = 0; k < sets; k++) {
      const xs = Array.from({ length: n }, () => beta());
      const { mean, sd } = stats(xs);
      const ci = rangeInterval(mean, sd, n, 'share');
      const t = rangeInterval(mean, sd, n, 'real');
      if (ci.low <= truth && truth <= ci.high) covered++;
      if (t.low <= truth && truth <= t.high) tCovered++;
    }
    expect(Math.abs(covered / sets - 0.95)).toBeLessThanOrEqual(band);
    // The same check has the power to fail: the plain t-interval, skewed by the bound, covers less.
    expect(tCovered / sets).toBeLessThan(0.95 - band);
  });
});
