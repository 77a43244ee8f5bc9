/**
 * Streaming statistics collected during a run: observation tallies, time-weighted
 * averages and log-binned histograms. Constant memory, no allocation per observation.
 */

/** Count, mean, variance (Welford's update), min, max and sum of observations. Empty: NaN except count and sum. */
export class Tally {
  private n = 0;
  private m = 0;
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private total = 0;

  add(x: number): void {
    const n = ++this.n;
    const d = x - this.m;
    this.m += d / n;
    this.m2 += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    this.total += x;
  }

  get count(): number {
    return this.n;
  }
  get mean(): number {
    return this.n === 0 ? NaN : this.m;
  }
  /** Sample variance (divisor n - 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }
  get min(): number {
    return this.n === 0 ? NaN : this.lo;
  }
  get max(): number {
    return this.n === 0 ? NaN : this.hi;
  }
  get sum(): number {
    return this.total;
  }

  reset(): void {
    this.n = 0;
    this.m = 0;
    this.m2 = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.total = 0;
  }
}

/** A piecewise-constant quantity over time (queue length, units in use): its integral, time average and maximum. */
export class TimeWeighted {
  private v: number;
  private hi: number;
  private start: number;
  private last: number;
  private area = 0;

  constructor(now = 0, value = 0) {
    this.v = value;
    this.hi = value;
    this.start = now;
    this.last = now;
  }

  /** The tracked value changes to `value` at time `now` (not before the previous change). */
  update(now: number, value: number): void {
    this.area += this.v * (now - this.last);
    this.last = now;
    this.v = value;
    if (value > this.hi) this.hi = value;
  }

  /** The tracked value changes by `delta` at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.v + delta);
  }

  /** Current value. */
  get value(): number {
    return this.v;
  }
  /** Largest value since construction or the last reset. */
  get max(): number {
    return this.hi;
  }

  /** Integral of the value over [start, now]. */
  integral(now: number): number {
    return this.area + this.v * (now - this.last);
  }

  /** Time average over [start, now]; the current value if the interval is empty. */
  mean(now: number): number {
    const span = now - this.start;
    return span > 0 ? this.integral(now) / span : this.v;
  }

  /** Starts a new observation window at `now`, keeping the current value (warm-up deletion). */
  reset(now: number): void {
    this.start = now;
    this.last = now;
    this.area = 0;
    this.hi = this.v;
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

  /** Non-empty bins as [low, high, count]: zeros as [0, 0, n], underflow as [0, min, n], overflow as [max, largest seen, n]. */
  bins(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    if (this.zeros > 0) out.push([0, 0, this.zeros]);
    if (this.under > 0) out.push([0, this.lowest, this.under]);
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] > 0) out.push([this.lowEdge(i), Math.min(this.highest, this.lowEdge(i + 1)), this.counts[i]]);
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
