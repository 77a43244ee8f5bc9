/**
 * Sampling distributions bound to a random stream. Each is described by a plain
 * `DistSpec` (as written in scenario files), validated on construction (RangeError),
 * and exposes its exact mean and variance. The normal, lognormal, gamma and uniform
 * samplers come from d3-random, driven by the given stream through `.source(rng)`; the
 * exponential, the commonest in queueing models, by a ziggurat (about twice as fast as
 * inversion with a logarithm).
 */
import { randomGamma, randomLogNormal, randomNormal, randomUniform } from 'd3-random';
import type { Rng } from './random.js';

export type DistSpec =
  | { dist: 'exponential'; mean: number }
  | { dist: 'normal'; mean: number; sd: number }
  /** `mean` and `sd` of the variable itself (not of its logarithm). */
  | { dist: 'lognormal'; mean: number; sd: number }
  /** Shape k = mean^2 / sd^2, scale = sd^2 / mean. */
  | { dist: 'gamma'; mean: number; sd: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  /** Discrete: `values` with probabilities proportional to `weights` (equal if omitted). */
  | { dist: 'empirical'; values: number[]; weights?: number[] }
  | { dist: 'constant'; value: number };

export interface Dist {
  sample(): number;
  /**
   * The value at cumulative probability u in (0, 1): quantile(U) for U uniform on (0, 1)
   * has this distribution. Lets a model draw from a uniform of its own (a patient's key, for
   * common random numbers) instead of the bound stream. Absent for gamma (no closed form).
   */
  readonly quantile?: (u: number) => number;
  readonly mean: number;
  readonly variance: number;
}

/**
 * The standard normal quantile, by Acklam's rational approximation (relative error below
 * 1.2e-9 over (0, 1)); -Infinity at 0 and Infinity at 1.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return p === 0 ? -Infinity : NaN;
  if (!(p < 1)) return p === 1 ? Infinity : NaN;
  const LOW = 0.02425;
  if (p < LOW || p > 1 - LOW) {
    const q = Math.sqrt(-2 * Math.log(p < LOW ? p : 1 - p));
    const x = (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783)
      / ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
    return p < LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q)
    / (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
}

/*
 * The ziggurat of Marsaglia & Tsang (2000, J. Stat. Softw. 5(8)) for the standard
 * exponential: 256 layers of equal area under exp(-x), the last one with the tail beyond
 * ZIG_R. Layer i holds [0, x_i) uniformly with scale ZIG_W[i]; a point below the layer
 * above (r < ZIG_K[i]) is accepted at once (98.9 % of draws), the rest are tested against
 * the density, and the tail is ZIG_R plus a fresh exponential (memorylessness). The tables
 * are computed here by the paper's recurrence (its `zigset`), scaled for 24-bit draws.
 */
const ZIG_R = 7.697117470131487;
const ZIG_BITS = 2 ** 24;
const ZIG_K = new Float64Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
{
  const v = 3.949659822581572e-3; // area of each layer
  let de = ZIG_R;
  let te = de;
  const q = v / Math.exp(-de);
  ZIG_K[0] = (de / q) * ZIG_BITS;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / ZIG_BITS;
  ZIG_W[255] = de / ZIG_BITS;
  ZIG_F[0] = 1;
  ZIG_F[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(v / de + Math.exp(-de));
    ZIG_K[i + 1] = (de / te) * ZIG_BITS;
    te = de;
    ZIG_F[i] = Math.exp(-de);
    ZIG_W[i] = de / ZIG_BITS;
  }
}

/** The ziggurat's tables (read-only), for code that draws its own bits (bench/engines/limit.js). */
export const ZIGGURAT_EXPONENTIAL: { readonly r: number; readonly k: Float64Array; readonly w: Float64Array; readonly f: Float64Array } = {
  r: ZIG_R, k: ZIG_K, w: ZIG_W, f: ZIG_F,
};

/**
 * A standard exponential (mean 1) from `rng` by the ziggurat above. Each try takes one
 * uniform's 32 bits: the low 8 pick the layer, the high 24 the point in it (disjoint bits,
 * so the layer and the point are independent). Values fall on a grid of 2^-24 of their
 * layer's width (at most 4.6e-7); the distribution is exact up to that grid.
 */
export function standardExponential(rng: Rng): number {
  for (;;) {
    const bits = (rng() * 4294967296) >>> 0;
    const i = bits & 255;
    const r = bits >>> 8;
    const x = r * ZIG_W[i];
    if (r < ZIG_K[i]) return x;
    if (i === 0) return ZIG_R - Math.log1p(-rng());
    if (ZIG_F[i] + rng() * (ZIG_F[i - 1] - ZIG_F[i]) < Math.exp(-x)) return x;
  }
}

/**
 * An invalid parameter of a distribution: `field` names it (`max`, `weights[1]`, or
 * `weights` for the list as a whole), `expected` says what it must be, `got` what it was.
 */
export class DistParamError extends RangeError {
  constructor(readonly dist: string, readonly field: string, readonly expected: string, readonly got: string) {
    super(`${dist}: ${field} must be ${expected}, got ${got}`);
    this.name = 'DistParamError';
  }
}

function finite(name: string, field: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new DistParamError(name, field, 'a finite number', String(x));
}
function positive(name: string, field: string, x: number): void {
  finite(name, field, x);
  if (!(x > 0)) throw new DistParamError(name, field, '> 0', String(x));
}
function nonNegative(name: string, field: string, x: number): void {
  finite(name, field, x);
  if (!(x >= 0)) throw new DistParamError(name, field, '>= 0', String(x));
}
/** Parameters derived from the given ones (e.g. the lognormal's sigma) must be finite numbers. */
function derived(name: string, field: string, what: string, given: number, ...values: number[]): void {
  if (!values.every(Number.isFinite)) {
    throw new DistParamError(name, field, `such that ${what} ${values.length > 1 ? 'are finite numbers' : 'is a finite number'}`, String(given));
  }
}

/** Exponential with the given mean. */
export class ExponentialDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  private readonly rng: Rng;
  constructor(mean: number, rng: Rng) {
    positive('exponential', 'mean', mean);
    this.mean = mean;
    this.variance = mean * mean;
    this.rng = rng;
  }
  /**
   * The mean times a standard exponential from the ziggurat (`standardExponential`): one
   * uniform per sample in 98.9 % of cases and no logarithm. A method, not a closure per
   * instance, so that a call site serving several instances sees one function.
   */
  sample(): number {
    return this.mean * standardExponential(this.rng);
  }
  readonly quantile = (u: number): number => -this.mean * Math.log1p(-u);
}

/** Normal (may return negative values). */
export class NormalDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  readonly sample: () => number;
  constructor(mean: number, sd: number, rng: Rng) {
    finite('normal', 'mean', mean);
    nonNegative('normal', 'sd', sd);
    derived('normal', 'sd', 'sd^2', sd, sd * sd);
    this.mean = mean;
    this.variance = sd * sd;
    this.sample = randomNormal.source(rng)(mean, sd);
    this.quantile = (u) => mean + sd * normalQuantile(u);
  }
  readonly quantile: (u: number) => number;
}

/** Lognormal parameterised by the mean and sd of the variable: sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2. */
export class LognormalDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  readonly sample: () => number;
  constructor(mean: number, sd: number, rng: Rng) {
    positive('lognormal', 'mean', mean);
    nonNegative('lognormal', 'sd', sd);
    const s2 = Math.log1p((sd * sd) / (mean * mean));
    derived('lognormal', 'sd', 'sd^2 and sigma', sd, sd * sd, s2);
    this.mean = mean;
    this.variance = sd * sd;
    const mu = Math.log(mean) - s2 / 2;
    const sigma = Math.sqrt(s2);
    this.sample = randomLogNormal.source(rng)(mu, sigma);
    this.quantile = (u) => Math.exp(mu + sigma * normalQuantile(u));
  }
  readonly quantile: (u: number) => number;
}

/** Gamma with shape k = mean^2/var and scale theta = var/mean. */
export class GammaDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  readonly sample: () => number;
  constructor(mean: number, sd: number, rng: Rng) {
    positive('gamma', 'mean', mean);
    positive('gamma', 'sd', sd);
    const v = sd * sd;
    derived('gamma', 'sd', 'the shape mean^2/sd^2 and the scale sd^2/mean', sd, (mean * mean) / v, v / mean);
    if (!((mean * mean) / v > 0 && v / mean > 0)) throw new DistParamError('gamma', 'sd', 'such that the shape and scale are positive', String(sd));
    this.mean = mean;
    this.variance = v;
    this.sample = randomGamma.source(rng)((mean * mean) / v, v / mean);
  }
}

/** Continuous uniform on [min, max). */
export class UniformDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  readonly sample: () => number;
  constructor(min: number, max: number, rng: Rng) {
    finite('uniform', 'min', min);
    finite('uniform', 'max', max);
    if (!(min <= max)) throw new DistParamError('uniform', 'max', `>= min (${min})`, String(max));
    if (!Number.isFinite(max - min)) throw new DistParamError('uniform', 'max', `within a finite distance of min (${min})`, String(max));
    this.mean = (min + max) / 2;
    this.variance = ((max - min) * (max - min)) / 12;
    this.sample = randomUniform.source(rng)(min, max);
    this.quantile = (u) => min + u * (max - min);
  }
  readonly quantile: (u: number) => number;
}

/** Triangular on [min, max] with the given mode, sampled by inverting the CDF. */
export class TriangularDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  private readonly rng: Rng;
  private readonly a: number;
  private readonly b: number;
  private readonly c: number;
  private readonly fc: number;
  constructor(min: number, mode: number, max: number, rng: Rng) {
    finite('triangular', 'min', min);
    finite('triangular', 'mode', mode);
    finite('triangular', 'max', max);
    if (!(min < max)) throw new DistParamError('triangular', 'max', `> min (${min})`, String(max));
    if (!Number.isFinite(max - min)) throw new DistParamError('triangular', 'max', `within a finite distance of min (${min})`, String(max));
    if (!(min <= mode && mode <= max)) throw new DistParamError('triangular', 'mode', `between min and max (${min} to ${max})`, String(mode));
    this.rng = rng;
    this.a = min;
    this.b = max;
    this.c = mode;
    this.fc = (mode - min) / (max - min);
    this.mean = (min + mode + max) / 3;
    this.variance = (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18;
  }
  sample(): number {
    return this.quantile(this.rng());
  }
  readonly quantile = (u: number): number => {
    const { a, b, c } = this;
    return u < this.fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
  };
}

/** Discrete distribution over `values` with probabilities proportional to `weights`; Walker/Vose alias table, O(1) per draw. */
export class EmpiricalDist implements Dist {
  readonly mean: number;
  readonly variance: number;
  private readonly rng: Rng;
  private readonly values: Float64Array;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  /** The values in ascending order and their cumulative probabilities, for the quantile. */
  private readonly sorted: Float64Array;
  private readonly cum: Float64Array;
  constructor(values: number[], weights: number[] | undefined, rng: Rng) {
    const n = values.length;
    if (n === 0) throw new DistParamError('empirical', 'values', 'a list of at least one value', 'an empty list');
    values.forEach((v, i) => finite('empirical', `values[${i}]`, v));
    const w = weights ?? values.map(() => 1);
    if (w.length !== n) throw new DistParamError('empirical', 'weights', `one weight per value (${n})`, `${w.length}`);
    w.forEach((x, i) => nonNegative('empirical', `weights[${i}]`, x));
    const total = w.reduce((s, x) => s + x, 0);
    if (!(total > 0)) throw new DistParamError('empirical', 'weights', 'not all zero', 'all zero');
    if (!Number.isFinite(total)) throw new DistParamError('empirical', 'weights', 'small enough that their sum is finite', 'a sum of Infinity');
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (w[i] / total) * values[i];
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (w[i] / total) * (values[i] - mean) ** 2;
    this.mean = mean;
    this.variance = variance;
    this.rng = rng;
    this.values = Float64Array.from(values);
    // The quantile walks the values in ascending order (values sorted with their weights).
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    this.sorted = Float64Array.from(order, (i) => values[i]);
    this.cum = new Float64Array(n);
    let acc = 0;
    let lastPositive = 0;
    order.forEach((i, k) => {
      acc += w[i] / total;
      this.cum[k] = acc;
      if (w[i] > 0) lastPositive = k;
    });
    // 1 from the last value of positive weight on, so that rounding leaves no u in (0, 1) for
    // a value of weight zero.
    this.cum.fill(1, lastPositive);
    // Vose's alias method.
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = w.map((x) => (x * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1; // only reached through rounding
  }
  sample(): number {
    const x = this.rng() * this.values.length;
    const i = Math.floor(x);
    return x - i < this.prob[i] ? this.values[i] : this.values[this.alias[i]];
  }
  /** The smallest value whose cumulative probability exceeds u (binary search). */
  readonly quantile = (u: number): number => {
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < this.cum[mid]) hi = mid;
      else lo = mid + 1;
    }
    return this.sorted[lo];
  };
}

/** Always the same value. */
export class ConstantDist implements Dist {
  readonly mean: number;
  readonly variance = 0;
  constructor(value: number) {
    finite('constant', 'value', value);
    this.mean = value;
  }
  sample(): number {
    return this.mean;
  }
  readonly quantile = (): number => this.mean;
}

/** Builds the distribution described by `spec`, drawing from `rng`. Throws RangeError on invalid parameters. */
export function makeDist(spec: DistSpec, rng: Rng): Dist {
  switch (spec.dist) {
    case 'exponential':
      return new ExponentialDist(spec.mean, rng);
    case 'normal':
      return new NormalDist(spec.mean, spec.sd, rng);
    case 'lognormal':
      return new LognormalDist(spec.mean, spec.sd, rng);
    case 'gamma':
      return new GammaDist(spec.mean, spec.sd, rng);
    case 'uniform':
      return new UniformDist(spec.min, spec.max, rng);
    case 'triangular':
      return new TriangularDist(spec.min, spec.mode, spec.max, rng);
    case 'empirical':
      return new EmpiricalDist(spec.values, spec.weights, rng);
    case 'constant':
      return new ConstantDist(spec.value);
    default:
      throw new RangeError(`unknown distribution ${JSON.stringify((spec as { dist?: unknown }).dist)}`);
  }
}

const noRng: Rng = () => 0.5;

/** Mean of the distribution described by `spec`, without a generator (validates like makeDist). */
export function distMean(spec: DistSpec): number {
  return makeDist(spec, noRng).mean;
}

/** A problem with a distribution's parameters: the field to blame and what it must be. */
export interface DistProblem {
  /** `max`, `sd`, `weights[1]`, `weights`, ... */
  field: string;
  /** e.g. `expected max >= min (2), got 1`. */
  message: string;
}

/**
 * Checks a `DistSpec` with the same checks `makeDist` applies, and also that its mean and
 * variance are finite numbers (so that the model can use both).
 * @returns the problem, or undefined when the distribution can be built and used.
 */
export function checkDistSpec(spec: DistSpec): DistProblem | undefined {
  let dist: Dist;
  try {
    dist = makeDist(spec, noRng);
  } catch (err) {
    if (err instanceof DistParamError) {
      const name = err.field.replace(/\[\d+\]$/, '');
      const named = err.field === name && !/^(a|an|one|such) /.test(err.expected);
      return { field: err.field, message: `expected ${named ? `${name} ` : ''}${err.expected}, got ${err.got}` };
    }
    if (err instanceof RangeError) return { field: 'dist', message: err.message };
    throw err;
  }
  const last = Object.keys(spec).filter((k) => k !== 'dist').at(-1) ?? 'dist';
  if (!Number.isFinite(dist.mean)) return { field: last, message: `expected values whose mean is a finite number, got a mean of ${dist.mean}` };
  if (!Number.isFinite(dist.variance)) return { field: last, message: `expected values whose variance is a finite number, got ${dist.variance}` };
  return undefined;
}
