/**
 * M/M/1 and M/M/c: the mean wait in queue over independent replications matches
 * Erlang C, Wq = C(c, a) / (c mu - lambda), inside a 99 % t-interval.
 */
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/metrics/ci.js';
import { mmcMeanWait } from '../../src/metrics/queueing.js';
import { replicate } from '../helpers/station.js';

const mu = 1;
const cases = [
  { c: 1, rho: 0.5, warmup: 200, horizon: 40_000, reps: 30 },
  { c: 1, rho: 0.9, warmup: 2_000, horizon: 200_000, reps: 30 },
  { c: 4, rho: 0.9, warmup: 2_000, horizon: 80_000, reps: 30 },
  { c: 10, rho: 0.7, warmup: 200, horizon: 20_000, reps: 30 },
];

describe('M/M/c mean wait in queue vs Erlang C', () => {
  for (const { c, rho, warmup, horizon, reps } of cases) {
    it(`c=${c}, rho=${rho}`, () => {
      const lambda = rho * c * mu;
      const theory = mmcMeanWait(lambda, mu, c);
      const waits = replicate(
        reps,
        { lambda, service: { dist: 'exponential', mean: 1 / mu }, capacity: c, warmup, horizon, seed: `mmc-${c}-${rho}` },
        (run) => run.res.waits.mean,
      );
      const ci = meanCI(waits, 0.99);
      console.info(`M/M/${c} rho=${rho}: Wq theory ${theory.toFixed(4)}, sim ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, n=${reps})`);
      expect(theory).toBeGreaterThanOrEqual(ci.low);
      expect(theory).toBeLessThanOrEqual(ci.high);
    });
  }
});
