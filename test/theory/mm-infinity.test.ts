/**
 * M/M/infinity: with more servers than could ever be busy, no request waits at all,
 * and the time-average number of busy servers matches the offered load lambda / mu
 * inside a 99 % t-interval over replications.
 */
import { describe, expect, it } from 'vitest';
import { Outcome } from '../../src/engine/index.js';
import { meanCI } from '../../src/metrics/ci.js';
import { replicate } from '../helpers/station.js';

describe('M/M/infinity', () => {
  it('never waits, and the mean busy count is lambda / mu', () => {
    const lambda = 20;
    const mu = 1;
    const theory = lambda / mu;
    const busy = replicate(
      20,
      { lambda, service: { dist: 'exponential', mean: 1 / mu }, capacity: 1000, warmup: 20, horizon: 2_000, seed: 'mm-infinity' },
      ({ sim, res, outcomes }) => {
        expect(outcomes[Outcome.GRANTED]).toBe(res.arrivals);
        expect(res.granted).toBe(res.arrivals);
        expect(res.waits.count).toBe(res.granted);
        expect(res.waits.max).toBe(0);
        expect(res.waits.min).toBe(0);
        expect(res.queue.max).toBe(0);
        expect(res.queueLength).toBe(0);
        return res.busy.mean(sim.now);
      },
    );
    const ci = meanCI(busy, 0.99);
    console.info(`M/M/inf: busy theory ${theory}, sim ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, n=20)`);
    expect(theory).toBeGreaterThanOrEqual(ci.low);
    expect(theory).toBeLessThanOrEqual(ci.high);
  });
});
