/**
 * Little's law Lq = lambda Wq on simulated output: per replication, the time-average
 * queue length (Resource.queue) against the observed arrival rate times the mean wait
 * (Resource.waits). The 99 % t-interval of the paired difference must contain 0, and
 * both sides must also agree with the M/M/c value.
 */
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/metrics/ci.js';
import { mmc } from '../../src/metrics/queueing.js';
import { runStation } from '../helpers/station.js';

describe("Little's law on the queue of an M/M/2", () => {
  it('time-average queue length equals observed arrival rate x mean wait', () => {
    const lambda = 1.6;
    const mu = 1;
    const c = 2;
    const reps = 30;
    const lq: number[] = [];
    const lw: number[] = [];
    const diff: number[] = [];
    for (let r = 0; r < reps; r++) {
      const { sim, res, observed } = runStation({
        lambda, service: { dist: 'exponential', mean: 1 / mu }, capacity: c,
        warmup: 500, horizon: 40_000, seed: 'little', replication: r,
      });
      const l = res.queue.mean(sim.now);
      const w = (res.arrivals / observed) * res.waits.mean;
      lq.push(l);
      lw.push(w);
      diff.push(l - w);
    }
    const d = meanCI(diff, 0.99);
    const theory = mmc(lambda, mu, c).meanQueue;
    const ciL = meanCI(lq, 0.99);
    const ciW = meanCI(lw, 0.99);
    console.info(`Little: Lq - lambda Wq = ${d.mean.toExponential(3)} ± ${d.halfWidth.toExponential(3)}; Lq ${ciL.mean.toFixed(4)} ± ${ciL.halfWidth.toFixed(4)}, lambda Wq ${ciW.mean.toFixed(4)} ± ${ciW.halfWidth.toFixed(4)}, theory ${theory.toFixed(4)} (99 %, n=${reps})`);
    expect(0).toBeGreaterThanOrEqual(d.low);
    expect(0).toBeLessThanOrEqual(d.high);
    for (const ci of [ciL, ciW]) {
      expect(theory).toBeGreaterThanOrEqual(ci.low);
      expect(theory).toBeLessThanOrEqual(ci.high);
    }
  });
});
