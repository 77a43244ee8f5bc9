/**
 * Parameters with uncertainty, for probabilistic sensitivity analysis (`tiersim psa`, docs/psa.md).
 * A scenario's top-level `uncertainty:` block maps a parameter path (as `--param` of `tiersim sweep`
 * takes it) to a distribution. Ordinary runs ignore the block and use the point values; a PSA draws
 * values from the distributions and puts them at the paths.
 *
 *   uncertainty:
 *     conditions[0].incidence: { dist: gamma, mean: 1500, sd: 150 }
 *     tiers.township.beds: { dist: triangular, min: 10, mode: 12, max: 15 }
 */
import { z } from 'zod';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import { normalQuantile } from '../engine/distributions.js';

const num = z.number();

const meanSd = <D extends string>(dist: D, what: string) => z.strictObject({
  dist: z.literal(dist),
  mean: num.describe(`mean of the parameter${what}`),
  sd: num.describe('standard deviation of the parameter, >= 0 (0: always the mean)'),
});

/** What each mean/sd form's mean must be. */
const MEAN_RANGE: Record<string, { text: string; ok: (x: number) => boolean }> = {
  normal: { text: 'a finite number', ok: Number.isFinite },
  lognormal: { text: 'a number > 0', ok: (x) => Number.isFinite(x) && x > 0 },
  gamma: { text: 'a number > 0', ok: (x) => Number.isFinite(x) && x > 0 },
  beta: { text: 'a number between 0 and 1 (exclusive)', ok: (x) => x > 0 && x < 1 },
};

/** The distributions a parameter may be given. */
export const uncertainDistSchema = z.discriminatedUnion('dist', [
  meanSd('normal', ''),
  meanSd('lognormal', ' (> 0)'),
  meanSd('gamma', ' (> 0)'),
  meanSd('beta', ' (between 0 and 1, exclusive)'),
  z.strictObject({ dist: z.literal('uniform'), min: num, max: num }),
  z.strictObject({ dist: z.literal('triangular'), min: num, mode: num, max: num }),
]).superRefine((d, ctx) => {
  const bad = (field: string, expected: string, got: number) => ctx.addIssue({ code: 'custom', path: [field], message: `expected ${expected}, got ${got}` });
  if (d.dist === 'uniform' || d.dist === 'triangular') {
    for (const [k, v] of Object.entries(d)) if (k !== 'dist' && !Number.isFinite(v)) return bad(k, 'a finite number', v as number);
    if (!(d.min <= d.max)) return bad('max', `max >= min (${d.min})`, d.max);
    if (d.dist === 'triangular' && !(d.min <= d.mode && d.mode <= d.max)) bad('mode', `a mode between min and max (${d.min} to ${d.max})`, d.mode);
    return;
  }
  const range = MEAN_RANGE[d.dist];
  if (!range.ok(d.mean)) return bad('mean', range.text, d.mean);
  if (!(Number.isFinite(d.sd) && d.sd >= 0)) return bad('sd', 'a number >= 0', d.sd);
  if (d.dist === 'beta' && d.sd > 0 && !(d.sd * d.sd < d.mean * (1 - d.mean))) {
    bad('sd', `sd below sqrt(mean x (1 - mean)) = ${Math.sqrt(d.mean * (1 - d.mean)).toPrecision(4)} (no beta with this mean spreads more)`, d.sd);
  }
});

export type UncertainDist = z.output<typeof uncertainDistSchema>;

/** The `uncertainty:` block: parameter path -> distribution. */
export const uncertaintySchema = z.record(z.string().max(300), uncertainDistSchema)
  .describe('distributions of uncertain parameters for `tiersim psa` (path as in `sweep --param` -> distribution); ordinary runs use the point values');

/**
 * The value of `d` at cumulative probability `u` in (0, 1). Zero-width distributions (sd 0, or
 * min = max) give their point exactly. Mean/sd forms: lognormal's are of the variable itself,
 * gamma's shape is mean^2/sd^2, beta's alpha + beta is mean (1 - mean) / sd^2 - 1.
 */
export function uncertainQuantile(d: UncertainDist, u: number): number {
  switch (d.dist) {
    case 'uniform':
      return d.min === d.max ? d.min : d.min + u * (d.max - d.min);
    case 'triangular': {
      if (d.min === d.max) return d.min;
      const { min: a, mode: c, max: b } = d;
      return u < (c - a) / (b - a) ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    default:
      break;
  }
  if (d.sd === 0) return d.mean;
  const v = d.sd * d.sd;
  switch (d.dist) {
    case 'normal':
      return d.mean + d.sd * normalQuantile(u);
    case 'lognormal': {
      const s2 = Math.log1p(v / (d.mean * d.mean));
      return Math.exp(Math.log(d.mean) - s2 / 2 + Math.sqrt(s2) * normalQuantile(u));
    }
    case 'gamma':
      return gammaQuantile(u, (d.mean * d.mean) / v, d.mean / v);
    case 'beta': {
      const k = (d.mean * (1 - d.mean)) / v - 1;
      return betaQuantile(u, d.mean * k, (1 - d.mean) * k);
    }
  }
}
