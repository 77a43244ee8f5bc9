/**
 * Streaming statistics collected during a run: observation tallies, time-weighted
 * averages and log-binned histograms. Constant memory, no allocation per observation.
 */

/** Count, mean, variance (Welford's update), min, max and sum of observations. Empty: NaN except count and sum. */
export class Tally {
  /**
   * n, mean, M2, min, max, sum in one Float64Array: six doubles side by side, where six
   * double fields of an object would each be a separate heap number in V8.
   */
  private readonly s = new Float64Array([0, 0, 0, Infinity, -Infinity, 0]);

  add(x: number): void {
    const s = this.s;
    const n = ++s[0];
    const d = x - s[1];
    const m = (s[1] += d / n);
    s[2] += d * (x - m);
    if (x < s[3]) s[3] = x;
    if (x > s[4]) s[4] = x;
    s[5] += x;
  }

  get count(): number {
    return this.s[0];
  }
  get mean(): number {
    return this.s[0] === 0 ? NaN : this.s[1];
  }
  /** Sample variance (divisor n - 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.s[0] < 2 ? NaN : this.s[2] / (this.s[0] - 1);
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }
  get min(): number {
    return this.s[0] === 0 ? NaN : this.s[3];
  }
  get max(): number {
    return this.s[0] === 0 ? NaN : this.s[4];
  }
  get sum(): number {
    return this.s[5];
  }

  reset(): void {
    this.s.set([0, 0, 0, Infinity, -Infinity, 0]);
  }
}

/** A piecewise-constant quantity over time (queue length, units in use): its integral, time average and maximum. */
export class TimeWeighted {
  /** value, max, start, last change, area: in one Float64Array, as in Tally. */
  private readonly s: Float64Array;

  constructor(now = 0, value = 0) {
    this.s = new Float64Array([value, value, now, now, 0]);
  }

  /** The tracked value changes to `value` at time `now` (not before the previous change). */
  update(now: number, value: number): void {
    const s = this.s;
    s[4] += s[0] * (now - s[3]);
    s[3] = now;
    s[0] = value;
    if (value > s[1]) s[1] = value;
  }

  /** The tracked value changes by `delta` at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.s[0] + delta);
  }

  /** Current value. */
  get value(): number {
    return this.s[0];
  }
  /** Largest value since construction or the last reset. */
  get max(): number {
    return this.s[1];
  }

  /** Integral of the value over [start, now]. */
  integral(now: number): number {
    return this.s[4] + this.s[0] * (now - this.s[3]);
  }

  /** Time average over [start, now]; the current value if the interval is empty. */
  mean(now: number): number {
    const span = now - this.s[2];
    return span > 0 ? this.integral(now) / span : this.s[0];
  }

  /** Starts a new observation window at `now`, keeping the current value (warm-up deletion). */
  reset(now: number): void {
    const s = this.s;
    s[2] = now;
    s[3] = now;
    s[4] = 0;
    s[1] = s[0];
  }
}

/**
 * Streaming quantiles of non-negative values with bounded relative error.
 *
 * Values in [min, max) fall in log-spaced bins [min g^i, min g^(i+1)) with
 * g = (1 + e) / (1 - e), e = `relativeError`; each bin reports 2 g L / (g + 1) for its low
 * edge L, which is within relative distance e of every value in the bin. `quantile(p)`
 * returns the reported value of the bin holding the exact sample quantile (the order
 * statistic of rank ceil(p n), at least 1), clamped to the observed [min, max], so for
 * values in [min, max) its relative error is at most e (up to floating-point rounding).
 * Exact zeros have their own bin and are reported exactly; values in (0, min) count in an
 * underflow bin reported as `min`; values >= max count in an overflow bin reported as the
 * largest value seen. Defaults: e = 0.01, min = 1e-3, max = 1e7.
 *
 * `interpolatedQuantile(p)` instead places the rank linearly within its bin, so that two samples
 * whose quantile falls in the same bin still get different estimates; its relative error is at
 * most the bins' relative width g − 1 = 2e / (1 − e) (`interpolationError`).
 */
export class Histogram {
  readonly relativeError: number;
  readonly lowest: number;
  readonly highest: number;
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly counts: Float64Array;
  private readonly edges: Float64Array;
  private zeros = 0;
  private under = 0;
  private over = 0;
  private n = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(opts: { relativeError?: number; min?: number; max?: number } = {}) {
    const e = opts.relativeError ?? 0.01;
    const min = opts.min ?? 1e-3;
    const max = opts.max ?? 1e7;
    if (!(e > 0 && e < 1)) throw new RangeError(`Histogram: relativeError must be in (0, 1), got ${e}`);
    if (!(min > 0 && max > min && Number.isFinite(max))) {
      throw new RangeError(`Histogram: need 0 < min < max < Infinity, got min ${min}, max ${max}`);
    }
    this.relativeError = e;
    this.lowest = min;
    this.highest = max;
    this.gamma = (1 + e) / (1 - e);
    this.logGamma = Math.log(this.gamma);
    this.counts = new Float64Array(Math.ceil(Math.log(max / min) / this.logGamma));
    // Bin edges, precomputed so that add() needs one logarithm and no exponential.
    this.edges = new Float64Array(this.counts.length + 2);
    for (let i = 0; i < this.edges.length; i++) this.edges[i] = min * Math.exp(i * this.logGamma);
  }

  /** Records a non-negative value. */
  add(x: number): void {
    if (!(x >= 0)) throw new RangeError(`Histogram: values must be >= 0, got ${x}`);
    this.n++;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (x === 0) this.zeros++;
    else if (x < this.lowest) this.under++;
    else if (x >= this.highest) this.over++;
    else this.counts[this.index(x)]++;
  }

  get count(): number {
    return this.n;
  }

  /** Estimated p-quantile (0 <= p <= 1) with relative error at most `relativeError`; NaN when empty. */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Histogram: p must be in [0, 1], got ${p}`);
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let est: number;
    let seen = this.zeros;
    if (rank <= seen) return 0;
    seen += this.under;
    if (rank <= seen) {
      est = this.lowest;
    } else {
      est = this.hi;
      const counts = this.counts;
      for (let i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (rank <= seen) {
          est = (2 * this.lowEdge(i) * this.gamma) / (this.gamma + 1);
          break;
        }
      }
    }
    return Math.min(this.hi, Math.max(this.lo, est));
  }

  /** Relative width g − 1 of a bin: the bound on the relative error of {@link interpolatedQuantile}. */
  get interpolationError(): number {
    return this.gamma - 1;
  }

  /**
   * Estimated p-quantile (0 <= p <= 1) of the same order statistic as {@link quantile} (rank
   * ceil(p n), at least 1), placed by linear interpolation within its bin: the k-th of the bin's c
   * values at L + (H − L) (k − 1/2) / c for the bin [L, H). The exact value and the estimate are
   * both in [L, H), so for values in [min, max) the relative error is below g − 1
   * (`interpolationError`). Zeros, the underflow and the overflow bin as in {@link quantile};
   * clamped to the observed [min, max]; NaN when empty.
   */
  interpolatedQuantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Histogram: p must be in [0, 1], got ${p}`);
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let seen = this.zeros;
    if (rank <= seen) return 0;
    seen += this.under;
    let est = rank <= seen ? this.lowest : this.hi;
    if (rank > seen) {
      const counts = this.counts;
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i];
        if (rank <= seen + c) {
          const low = this.lowEdge(i);
          const high = Math.min(this.highest, this.lowEdge(i + 1));
          est = low + ((high - low) * (rank - seen - 0.5)) / c;
          break;
        }
        seen += c;
      }
    }
    return Math.min(this.hi, Math.max(this.lo, est));
  }

  /** Adds another histogram's counts; both must have the same relativeError, min and max. */
  merge(o: Histogram): void {
    if (o.relativeError !== this.relativeError || o.lowest !== this.lowest || o.highest !== this.highest) {
      throw new RangeError('Histogram: cannot merge histograms with different bins');
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += o.counts[i];
    this.zeros += o.zeros;
    this.under += o.under;
    this.over += o.over;
    this.n += o.n;
    if (o.lo < this.lo) this.lo = o.lo;
    if (o.hi > this.hi) this.hi = o.hi;
  }

  reset(): void {
    this.counts.fill(0);
    this.zeros = 0;
    this.under = 0;
    this.over = 0;
    this.n = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }

  /**
   * Non-empty bins as [low, high, count]: zeros as [0, 0, n], underflow as [0, min, n], overflow as
   * [max, largest seen, n]. With `merge` > 1, each run of `merge` consecutive bins (from `min`) is
   * reported as one bin g^merge wide, for a coarser table than the quantiles need.
   */
  bins(merge = 1): Array<[number, number, number]> {
    if (!(Number.isInteger(merge) && merge >= 1)) throw new RangeError(`Histogram: merge must be a positive integer, got ${merge}`);
    const out: Array<[number, number, number]> = [];
    if (this.zeros > 0) out.push([0, 0, this.zeros]);
    if (this.under > 0) out.push([0, this.lowest, this.under]);
    for (let i = 0; i < this.counts.length; i += merge) {
      let n = 0;
      const end = Math.min(this.counts.length, i + merge);
      for (let j = i; j < end; j++) n += this.counts[j];
      if (n > 0) out.push([this.lowEdge(i), Math.min(this.highest, this.lowEdge(end)), n]);
    }
    if (this.over > 0) out.push([this.highest, this.hi, this.over]);
    return out;
  }

  private lowEdge(i: number): number {
    return this.edges[i];
  }

  private index(x: number): number {
    let i = Math.floor(Math.log(x / this.lowest) / this.logGamma);
    // Correct the rare off-by-one of the logarithm at bin edges.
    if (i > 0 && x < this.edges[i]) i--;
    else if (x >= this.edges[i + 1]) i++;
    return Math.min(i, this.counts.length - 1);
  }
}
