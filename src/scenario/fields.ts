/**
 * Reusable field schemas for scenario files: durations with units, distributions
 * of durations, clock times, per-tier records. Each carries a description that
 * ends up in the published JSON Schema.
 */
import { z } from 'zod';
import type { DistSpec } from '../engine/distributions.js';
import { DURATION_PATTERN, parseClock, parseDuration, type TimeUnit } from './units.js';

export const TIERS = ['village', 'township', 'county', 'regional'] as const;
export type Tier = (typeof TIERS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const TEST_TYPES = ['lab', 'imaging', 'ct', 'ecg'] as const;
export type TestType = (typeof TEST_TYPES)[number];
export const ACUITIES = ['minor', 'chronic_stable', 'chronic_complicated', 'acute_serious', 'emergency', 'complex'] as const;
export type Acuity = (typeof ACUITIES)[number];

const UNIT_WORDS: Record<TimeUnit, string> = { min: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/** A non-negative duration: a number in `unit`, or a string such as `30 min`, `2 h`, `7 d`. Output: minutes. */
export function duration(unit: TimeUnit, what = 'a duration') {
  return z
    .union([z.number().nonnegative(), z.string().regex(new RegExp(DURATION_PATTERN), { message: `expected ${what} such as "30 min", "2 h" or "7 d"` })])
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
    .describe(`${what}: a duration, or a distribution {dist: exponential|normal|lognormal|gamma|uniform|triangular|empirical|constant, ...} with durations in ${UNIT_WORDS[unit]} by default`);
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
  .describe('a number, or a distribution {dist: ..., mean, sd | min, max | values}');

/** A clock time `HH:MM`, output as minutes after midnight. */
export const clock = z
  .string()
  .regex(/^([01]?[0-9]|2[0-4]):[0-5][0-9]$/, { message: 'expected a clock time "HH:MM"' })
  .transform(parseClock)
  .describe('a clock time "HH:MM"');

/** A record with an optional entry per tier. */
export function perTier<T extends z.ZodType>(value: T, tiers: readonly Tier[] = TIERS) {
  const shape: Record<string, z.ZodOptional<T>> = {};
  for (const t of tiers) shape[t] = value.optional();
  return z.strictObject(shape) as unknown as z.ZodObject<{ [K in Tier]: z.ZodOptional<T> }>;
}
