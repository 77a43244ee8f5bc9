/**
 * Confidence intervals over independent replications: Student-t quantiles, the t-interval, and
 * the interval kept inside a metric's range (logit or log scale) that summary.csv gives.
 */

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes 6.4). */
function betaIncomplete(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x > (a + 1) / (a + b + 2)) return 1 - betaIncomplete(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = 1 + num / c; if (Math.abs(c) < tiny) c = tiny;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = 1 + num / c; if (Math.abs(c) < tiny) c = tiny;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return (Math.exp(lnFront) * f) / a;
}

/** ln Gamma(x), Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0. */
export function logGamma(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Cumulative distribution function of Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * betaIncomplete(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile of Student's t: the q with P(T <= q) = p, by bisection on tCdf. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0,1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile: df must be positive, got ${df}`);
  if (p === 0.5) return 0;
  let lo = -1e4;
  let hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (tCdf(mid, df) < p) lo = mid; else hi = mid;
    if (hi - lo < 1e-12) break;
  }
  return 0.5 * (lo + hi);
}

export interface Interval {
  n: number;
  mean: number;
  sd: number;
  low: number;
  high: number;
  halfWidth: number;
}

/**
 * Mean with a two-sided t-interval at `level` (default 95 %) over independent values
 * (one per replication). With fewer than two values the interval is NaN.
 */
export function meanCI(values: ArrayLike<number>, level = 0.95): Interval {
  const n = values.length;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  if (n === 0) return { n, mean: NaN, sd: NaN, low: NaN, high: NaN, halfWidth: NaN };
  if (n === 1) return { n, mean, sd: NaN, low: NaN, high: NaN, halfWidth: NaN };
  const sd = Math.sqrt(m2 / (n - 1));
  const halfWidth = tQuantile(0.5 + level / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - halfWidth, high: mean + halfWidth, halfWidth };
}

/** What values a quantity can take: see `MetricRange` in catalog.ts. */
export type RangeKind = 'share' | 'percent' | 'nonneg' | 'real';

/**
 * How an interval was computed: `t` the plain t-interval, `logit` on the logit scale (shares and
 * percentages), `log` on the log scale (non-negative values), `t-clipped` the t-interval cut to the
 * range (a mean at a bound with a spread, which only rounding can give).
 */
export type IntervalMethod = 't' | 'logit' | 'log' | 't-clipped';

/** An interval for a mean and how it was computed. */
export interface RangeInterval { low: number; high: number; method: IntervalMethod }

const expit = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * Two-sided interval at `level` for a mean of `n` independent values with sample sd `sd`, kept
 * inside the values' range by the delta method on a transformed scale, then transformed back:
 *
 * - `share` ([0, 1]): logit(m) ± t·se / (m (1 − m)), back through the logistic function (the
 *   logit interval for a proportion of survey statistics: Korn & Graubard 1998; Stata's
 *   `proportion`, R survey's `svyciprop(method = "logit")`);
 * - `percent` ([0, 100]): the same on m / 100, times 100;
 * - `nonneg` ([0, ∞)): log(m) ± t·se / m, back through exp (the log-scale interval of a positive
 *   quantity);
 * - `real`: the plain t-interval m ± t·se.
 *
 * Here se = sd / √n and t is Student's quantile with n − 1 degrees of freedom, as in
 * {@link meanCI}. The transformed intervals always contain m and lie inside the range. With sd 0 the
 * interval is [m, m]. A mean exactly at a bound (all values at the bound, when they lie in the
 * range) has sd 0 and so [m, m]; should rounding leave a spread there, the t-interval cut to the
 * range is given (`t-clipped`). A mean outside the range (values that break it) gets the plain
 * t-interval. With fewer than two values, or a non-finite sd, the interval is NaN.
 */
export function rangeInterval(mean: number, sd: number, n: number, range: RangeKind, level = 0.95): RangeInterval {
  if (!(n >= 2) || !Number.isFinite(sd) || !Number.isFinite(mean)) return { low: NaN, high: NaN, method: range === 'real' ? 't' : range === 'nonneg' ? 'log' : 'logit' };
  const half = tQuantile(0.5 + level / 2, n - 1) * (sd / Math.sqrt(n));
  const scale = range === 'percent' ? 100 : 1;
  const top = range === 'share' || range === 'percent' ? scale : Infinity;
  const plain: RangeInterval = { low: mean - half, high: mean + half, method: 't' };
  if (range === 'real' || mean < 0 || mean > top) return plain;
  const method: IntervalMethod = range === 'nonneg' ? 'log' : 'logit';
  if (half === 0) return { low: mean, high: mean, method };
  if (mean === 0 || mean === top) {
    return { low: Math.max(0, mean - half), high: Math.min(top, mean + half), method: 't-clipped' };
  }
  let low: number;
  let high: number;
  if (range === 'nonneg') {
    const s = half / mean;
    low = mean * Math.exp(-s);
    high = mean * Math.exp(s);
  } else {
    const p = mean / scale;
    const centre = Math.log(p / (1 - p));
    const s = half / scale / (p * (1 - p));
    low = scale * expit(centre - s);
    high = scale * expit(centre + s);
  }
  // Rounding in the round trip must not move an end past the mean or out of the range.
  return { low: Math.max(0, Math.min(low, mean)), high: Math.min(top, Math.max(high, mean)), method };
}
