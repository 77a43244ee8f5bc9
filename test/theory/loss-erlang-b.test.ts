/**
 * M/M/c/c (a Resource with queueLimit 0): the fraction of arrivals blocked over
 * independent replications matches Erlang B inside a 99 % t-interval.
 */
import { describe, expect, it } from 'vitest';
import { Outcome } from '../../src/engine/index.js';
import { meanCI } from '../../src/metrics/ci.js';
import { erlangB } from '../../src/metrics/queueing.js';
import { replicate } from '../helpers/station.js';

const mu = 1;
const cases = [
  { c: 1, a: 0.5 },
  { c: 5, a: 3 },
  { c: 20, a: 18 },
];

describe('M/M/c/c blocking probability vs Erlang B', () => {
  for (const { c, a } of cases) {
    it(`c=${c}, a=${a}`, () => {
      const theory = erlangB(c, a);
      const blocking = replicate(
        20,
        { lambda: a * mu, service: { dist: 'exponential', mean: 1 / mu }, capacity: c, queueLimit: 0, warmup: 20, horizon: 40_000 / a, seed: `erlang-b-${c}` },
        ({ res, outcomes }) => {
          // A loss system never queues, and the resource's counters agree with what request() returned.
          expect(outcomes[Outcome.QUEUED]).toBe(0);
          expect(res.blocked).toBe(outcomes[Outcome.BLOCKED]);
          expect(res.arrivals).toBe(outcomes[Outcome.GRANTED] + outcomes[Outcome.BLOCKED]);
          return res.blocked / res.arrivals;
        },
      );
      const ci = meanCI(blocking, 0.99);
      console.info(`M/M/${c}/${c} a=${a}: B theory ${theory.toFixed(5)}, sim ${ci.mean.toFixed(5)} ± ${ci.halfWidth.toFixed(5)} (99 %, n=20)`);
      expect(theory).toBeGreaterThanOrEqual(ci.low);
      expect(theory).toBeLessThanOrEqual(ci.high);
    });
  }
});
