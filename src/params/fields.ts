/**
 * Reusable field schemas for scenario files: durations with units, distributions
 * of durations, clock times, per-tier records. Each carries a description that
 * ends up in the published JSON Schema.
 */
import { z } from 'zod';
import { checkDistSpec, distMean, type DistSpec } from '../engine/distributions.js';
import { MAX_DURATION_MINUTES, MAX_NAME_CHARS, quoteText } from './caps.js';
import { CLOCK_PATTERN, DURATION_PATTERN, formatClock, parseClock, parseDuration, unitMinutes, type TimeUnit } from './units.js';

export const TIERS = ['village', 'township', 'county', 'regional'] as const;
export type Tier = (typeof TIERS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const TEST_TYPES = ['lab', 'imaging', 'ct', 'ecg'] as const;
export type TestType = (typeof TEST_TYPES)[number];
export const ACUITIES = ['minor', 'chronic_stable', 'chronic_complicated', 'acute_serious', 'emergency', 'complex'] as const;
export type Acuity = (typeof ACUITIES)[number];

const UNIT_WORDS: Record<TimeUnit, string> = { min: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/**
 * A non-negative duration of at most 100 years: a number in `unit`, or a string such as
 * `30 min`, `2 h`, `7 d`. Output: minutes.
 */
export function duration(unit: TimeUnit, what = 'a duration') {
  return z
    .union([z.number().nonnegative(), z.string().regex(new RegExp(DURATION_PATTERN), { message: `expected ${what} such as "30 min", "2 h" or "7 d"` })])
    .superRefine((v, ctx) => {
      // NaN (not a duration) is reported by the pattern; Infinity (400 digits) is too long.
      if (parseDuration(v, unit) > MAX_DURATION_MINUTES) {
        ctx.addIssue({ code: 'custom', message: `expected a duration of at most 100 years, got ${typeof v === 'string' ? quoteText(v) : v}` });
      }
    })
    .transform((v) => parseDuration(v, unit))
    .describe(`${what}: a number of ${UNIT_WORDS[unit]}, or a string with a unit ("30 min", "2 h", "7 d")`);
}

export const probability = z.number().min(0).max(1).describe('a probability or share between 0 and 1');
export const nonNegInt = z.number().int().nonnegative();

/**
 * A distribution of durations (output in minutes). A plain duration means a constant.
 * Families: exponential, normal, lognormal, gamma (mean and sd), uniform, triangular, empirical, constant.
 */
export function durationDist(unit: TimeUnit, what = 'a duration') {
  const d = duration(unit);
  const spec = z.discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('exponential'), mean: d }),
    z.strictObject({ dist: z.literal('normal'), mean: d, sd: d }),
    z.strictObject({ dist: z.literal('lognormal'), mean: d, sd: d }),
    z.strictObject({ dist: z.literal('gamma'), mean: d, sd: d }),
    z.strictObject({ dist: z.literal('uniform'), min: d, max: d }),
    z.strictObject({ dist: z.literal('triangular'), min: d, mode: d, max: d }),
    z.strictObject({ dist: z.literal('empirical'), values: z.array(d).min(1), weights: z.array(z.number().nonnegative()).optional() }),
    z.strictObject({ dist: z.literal('constant'), value: d }),
  ]);
  return z
    .union([d.transform((value): DistSpec => ({ dist: 'constant', value })), spec.transform((s) => s as DistSpec)])
    .superRefine((s, ctx) => refineDist(s, ctx, unitMinutes(unit)))
    .describe(`${what}: a duration, or a distribution {dist: exponential|normal|lognormal|gamma|uniform|triangular|empirical|constant, ...} with durations in ${UNIT_WORDS[unit]} by default`);
}

/** `weights[1]` -> ['weights', 1]. */
function fieldPath(field: string): Array<string | number> {
  const m = /^(\w+)(?:\[(\d+)\])?$/.exec(field);
  if (!m) return [];
  return m[2] === undefined ? [m[1]] : [m[1], Number(m[2])];
}

/**
 * Checks a distribution with the engine's own checks (`checkDistSpec`), the message on
 * the offending field. Numbers are shown in the field's unit (`scale` minutes each).
 */
function refineDist(spec: DistSpec, ctx: z.RefinementCtx, scale = 1): void {
  // Only a spec whose parameters all came through as numbers is checked; anything else
  // has already been reported by the schema.
  const params = Object.entries(spec).filter(([k]) => k !== 'dist' && k !== 'values' && k !== 'weights').map(([, v]) => v);
  const lists = [(spec as { values?: unknown }).values, (spec as { weights?: unknown }).weights];
  if (!params.every((v) => typeof v === 'number') || !lists.every((l) => l === undefined || (Array.isArray(l) && l.every((v) => typeof v === 'number')))) return;
  const shown = scale === 1 ? spec : scaleSpec(spec, 1 / scale);
  const problem = checkDistSpec(shown) ?? (scale === 1 ? undefined : checkDistSpec(spec));
  if (!problem) return;
  // A plain number or duration is a constant with no fields of its own in the file.
  const path = 'dist' in spec && spec.dist === 'constant' ? [] : fieldPath(problem.field);
  ctx.addIssue({ code: 'custom', path, message: problem.message });
}

function scaleSpec(spec: DistSpec, k: number): DistSpec {
  const out: Record<string, unknown> = { ...spec };
  for (const [key, v] of Object.entries(spec)) {
    if (typeof v === 'number') out[key] = v * k;
    else if (key === 'values' && Array.isArray(v)) out[key] = v.map((x: number) => x * k);
  }
  return out as DistSpec;
}

/** A distribution of plain numbers (e.g. village populations). */
export const numberDist = z
  .union([
    z.number().nonnegative().transform((value): DistSpec => ({ dist: 'constant', value })),
    z.discriminatedUnion('dist', [
      z.strictObject({ dist: z.literal('normal'), mean: z.number(), sd: z.number().nonnegative() }),
      z.strictObject({ dist: z.literal('lognormal'), mean: z.number().positive(), sd: z.number().nonnegative() }),
      z.strictObject({ dist: z.literal('gamma'), mean: z.number().positive(), sd: z.number().positive() }),
      z.strictObject({ dist: z.literal('uniform'), min: z.number(), max: z.number() }),
      z.strictObject({ dist: z.literal('triangular'), min: z.number(), mode: z.number(), max: z.number() }),
      z.strictObject({ dist: z.literal('exponential'), mean: z.number().positive() }),
      z.strictObject({ dist: z.literal('empirical'), values: z.array(z.number()).min(1), weights: z.array(z.number().nonnegative()).optional() }),
      z.strictObject({ dist: z.literal('constant'), value: z.number() }),
    ]).transform((s) => s as DistSpec),
  ])
  .superRefine((s, ctx) => refineDist(s, ctx))
  .describe('a number, or a distribution {dist: ..., mean, sd | min, max | values}');

/** The lowest value a distribution can take, when it is bounded below by its parameters. */
export function distFloor(spec: DistSpec): number | undefined {
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'uniform': case 'triangular': return spec.min;
    case 'empirical': return spec.values.reduce((a, b) => Math.min(a, b), Infinity);
    default: return undefined;
  }
}

/**
 * A distribution of residents per village: a `numberDist` with a positive mean and, for
 * families bounded below by their parameters, no negative values.
 */
export const populationDist = numberDist.superRefine((s, ctx) => {
  if (checkDistSpec(s)) return; // reported by numberDist
  // The field to blame: a plain number has none; otherwise the lower bound, or the mean.
  const field = s.dist === 'constant' ? [] : s.dist === 'empirical' ? ['values'] : s.dist === 'uniform' || s.dist === 'triangular' ? ['min'] : ['mean'];
  const floor = distFloor(s);
  const mean = distMean(s);
  if (floor !== undefined && floor < 0) {
    ctx.addIssue({ code: 'custom', path: field, message: `expected no village with fewer than 0 residents, got a lowest value of ${floor}` });
  } else if (!(mean > 0)) {
    ctx.addIssue({ code: 'custom', path: field, message: `expected a mean of more than 0 residents per village, got ${mean}` });
  }
});

/**
 * A clock time `HH:MM` (`24:00` only as the end of a day), output as minutes after midnight.
 * A session's start is checked to lie before its end, so `24:00` can only end one.
 */
export const clock = z
  .string()
  .regex(new RegExp(CLOCK_PATTERN), { message: 'expected a clock time "HH:MM" from 00:00 to 24:00' })
  .transform(parseClock)
  .describe('a clock time "HH:MM" (00:00 to 23:59, or 24:00 for the end of the day)');

/** A working session `{start, end}` in minutes after midnight. */
export interface Session {
  start: number;
  end: number;
}

/** Each session starts before it ends, and after the one before it has ended. */
export function refineSessions(sessions: readonly Session[], ctx: z.RefinementCtx): void {
  sessions.forEach((s, i) => {
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end)) return; // a malformed clock time, reported already
    if (!(s.start < s.end)) {
      ctx.addIssue({ code: 'custom', path: [i, 'end'], message: `expected a session end after its start (${formatClock(s.start)}), got ${formatClock(s.end)}` });
    } else if (i > 0 && sessions[i - 1].start < sessions[i - 1].end && s.start < sessions[i - 1].end) {
      ctx.addIssue({ code: 'custom', path: [i, 'start'], message: `expected sessions in order, not overlapping: a start at or after the end of the session before (${formatClock(sessions[i - 1].end)}), got ${formatClock(s.start)}` });
    }
  });
}

/**
 * A name shown in results and reports: non-empty, at most 200 characters, no control characters.
 */
export const displayName = z
  .string()
  .min(1)
  .max(MAX_NAME_CHARS)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, { message: 'expected a name without control characters (tabs, line breaks, ...)' });

/** A record with an optional entry per tier. */
export function perTier<T extends z.ZodType>(value: T, tiers: readonly Tier[] = TIERS) {
  const shape: Record<string, z.ZodOptional<T>> = {};
  for (const t of tiers) shape[t] = value.optional();
  return z.strictObject(shape) as unknown as z.ZodObject<{ [K in Tier]: z.ZodOptional<T> }>;
}
