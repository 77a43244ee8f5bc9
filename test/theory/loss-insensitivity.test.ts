/**
 * Insensitivity of Erlang B: an M/G/c/c loss system with lognormal holding times
 * (same mean, standard deviation twice the mean) blocks the same fraction of
 * arrivals as M/M/c/c. Checked inside a 99 % t-interval over replications.
 */
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/metrics/ci.js';
import { erlangB } from '../../src/metrics/queueing.js';
import { replicate } from '../helpers/station.js';

const mean = 1;
const cases = [
  { c: 1, a: 0.5 },
  { c: 5, a: 3 },
  { c: 20, a: 18 },
];

describe('M/G/c/c with lognormal holding times vs Erlang B', () => {
  for (const { c, a } of cases) {
    it(`c=${c}, a=${a}`, () => {
      const theory = erlangB(c, a);
      const blocking = replicate(
        20,
        { lambda: a / mean, service: { dist: 'lognormal', mean, sd: 2 * mean }, capacity: c, queueLimit: 0, warmup: 50 * mean, horizon: 40_000 / a, seed: `insensitive-${c}` },
        ({ res }) => res.blocked / res.arrivals,
      );
      const ci = meanCI(blocking, 0.99);
      console.info(`M/G/${c}/${c} lognormal a=${a}: B theory ${theory.toFixed(5)}, sim ${ci.mean.toFixed(5)} ± ${ci.halfWidth.toFixed(5)} (99 %, n=20)`);
      expect(theory).toBeGreaterThanOrEqual(ci.low);
      expect(theory).toBeLessThanOrEqual(ci.high);
    });
  }
});
