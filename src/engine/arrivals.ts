/**
 * Time-varying Poisson arrivals. Time is in minutes and 0 is Monday 00:00; months are
 * 12 equal blocks of 30.4375 days (a 365.25-day year).
 */
import type { Rng } from './random.js';

export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
export const MINUTES_PER_MONTH = 30.4375 * MINUTES_PER_DAY;

function multipliers(name: string, xs: number[] | undefined, n: number): Float64Array {
  if (xs === undefined) return new Float64Array(n).fill(1);
  if (xs.length !== n) throw new RangeError(`RateProfile: ${name} needs ${n} multipliers, got ${xs.length}`);
  xs.forEach((x, i) => {
    if (!(x >= 0 && Number.isFinite(x))) throw new RangeError(`RateProfile: ${name}[${i}] must be finite and >= 0, got ${x}`);
  });
  return Float64Array.from(xs);
}

const maxOf = (a: Float64Array): number => a.reduce((m, x) => Math.max(m, x), 0);
const meanOf = (a: Float64Array): number => a.reduce((s, x) => s + x, 0) / a.length;

/**
 * A piecewise-constant rate: base × hourly[hour of day] × weekday[day, 0 = Monday] × monthly[month].
 */
export class RateProfile {
  readonly base: number;
  /** Upper bound of the rate (attained: every hour, weekday and month combination occurs). */
  readonly max: number;
  /**
   * Long-run average rate, base × mean(hourly) × mean(weekday) × mean(monthly). Exact when the
   * monthly multipliers are equal; otherwise month blocks, which are not whole weeks, make the
   * true average differ by a fraction of a percent at most for typical profiles.
   */
  readonly mean: number;
  private readonly hourly: Float64Array;
  private readonly weekday: Float64Array;
  private readonly monthly: Float64Array;
  /** Whether a factor's multipliers are all 1 (rate skips it: multiplying by 1 is exact). */
  private readonly flatHourly: boolean;
  private readonly flatWeekday: boolean;
  private readonly flatMonthly: boolean;

  constructor(opts: { base: number; hourly?: number[]; weekday?: number[]; monthly?: number[] }) {
    if (!(opts.base >= 0 && Number.isFinite(opts.base))) throw new RangeError(`RateProfile: base must be finite and >= 0, got ${opts.base}`);
    this.base = opts.base;
    this.hourly = multipliers('hourly', opts.hourly, 24);
    this.weekday = multipliers('weekday', opts.weekday, 7);
    this.monthly = multipliers('monthly', opts.monthly, 12);
    const flat = (a: Float64Array): boolean => a.every((x) => x === 1);
    this.flatHourly = flat(this.hourly);
    this.flatWeekday = flat(this.weekday);
    this.flatMonthly = flat(this.monthly);
    this.max = this.base * maxOf(this.hourly) * maxOf(this.weekday) * maxOf(this.monthly);
    this.mean = this.base * meanOf(this.hourly) * meanOf(this.weekday) * meanOf(this.monthly);
  }

  /** Rate at time t (minutes from Monday 00:00; t >= 0). */
  rate(t: number): number {
    let r = this.base;
    if (!this.flatHourly) r *= this.hourly[Math.floor(t / MINUTES_PER_HOUR) % 24];
    if (!this.flatWeekday) r *= this.weekday[Math.floor(t / MINUTES_PER_DAY) % 7];
    if (!this.flatMonthly) r *= this.monthly[Math.floor(t / MINUTES_PER_MONTH) % 12];
    return r;
  }
}

/** Uniforms on [0, 1) by stream index (a StreamBank, or one generator whatever the index). */
export interface UniformSource {
  next(stream: number): number;
}

/**
 * The first arrival strictly after t of a Poisson process of rate scale x profile.rate,
 * by thinning (Lewis & Shedler) at the bound scale x profile.max, drawing from `src`'s
 * stream `stream`. Infinity if the rate is zero everywhere.
 */
export function nextArrival(profile: RateProfile, scale: number, t: number, src: UniformSource, stream: number): number {
  const max = scale * profile.max;
  if (max === 0) return Infinity;
  let s = t;
  for (;;) {
    s -= Math.log1p(-src.next(stream)) / max;
    if (s > t && src.next(stream) * max < scale * profile.rate(s)) return s;
  }
}

/** Non-homogeneous Poisson arrivals from a RateProfile and one generator, by thinning (see nextArrival). */
export class PoissonArrivals {
  private readonly profile: RateProfile;
  private readonly src: UniformSource;

  constructor(profile: RateProfile, rng: Rng) {
    this.profile = profile;
    this.src = { next: () => rng() };
  }

  /** Time of the next arrival strictly after t; Infinity if the rate is zero everywhere. */
  next(t: number): number {
    return nextArrival(this.profile, 1, t, this.src, 0);
  }
}
