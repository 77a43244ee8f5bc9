/**
 * Cross-check against SIM.JS: the same M/M/4 queue (lambda = 3.6/h, mu = 1/h, rho = 0.9)
 * run in both simulators over independent replications. The two mean waits must agree
 * (99 % Welch t-interval of the difference contains 0), and each must agree with Erlang C.
 */
import { describe, expect, it } from 'vitest';
import { meanCI, tQuantile, type Interval } from '../../src/metrics/ci.js';
import { mmcMeanWait } from '../../src/metrics/queueing.js';
import { loadSimjs } from '../helpers/simjs.js';
import { replicate } from '../helpers/station.js';

const lambda = 3.6;
const mu = 1;
const c = 4;
const warmup = 1_000;
const horizon = 40_000;
const reps = 20;

/** Mean wait in queue of customers arriving after the warm-up, one SIM.JS replication. */
function simjsMeanWait(seed: number): number {
  const S = loadSimjs();
  const sim = new S.Sim();
  const rand = new S.Random(seed);
  const servers = new S.Facility('servers', S.Facility.FCFS, c);
  let sum = 0;
  let n = 0;
  class Source extends S.Entity {
    start(): void {
      this.setTimer(rand.exponential(lambda)).done(this.arrive);
    }
    arrive(): void {
      const arrived = this.time();
      const duration = rand.exponential(mu);
      this.useFacility(servers, duration).done(() => {
        if (arrived >= warmup) {
          sum += this.time() - arrived - duration;
          n++;
        }
      });
      this.setTimer(rand.exponential(lambda)).done(this.arrive);
    }
  }
  sim.addEntity(Source);
  sim.simulate(warmup + horizon);
  return sum / n;
}

/** Welch t-interval at `level` for the difference of two independent means. */
function welch(a: Interval, b: Interval, level: number): { diff: number; halfWidth: number } {
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { diff: a.mean - b.mean, halfWidth: tQuantile(0.5 + level / 2, df) * Math.sqrt(va + vb) };
}

describe('M/M/4 in tiersim and in SIM.JS', () => {
  it('mean waits agree with each other and with Erlang C', () => {
    const theory = mmcMeanWait(lambda, mu, c);
    const ours = meanCI(
      replicate(reps, { lambda, service: { dist: 'exponential', mean: 1 / mu }, capacity: c, warmup, horizon, seed: 'simjs-crosscheck' }, (run) => run.res.waits.mean),
      0.99,
    );
    const theirs = meanCI(Array.from({ length: reps }, (_, r) => simjsMeanWait(1000 + r)), 0.99);
    const d = welch(ours, theirs, 0.99);
    console.info(`simjs cross-check: Wq theory ${theory.toFixed(4)}; tiersim ${ours.mean.toFixed(4)} ± ${ours.halfWidth.toFixed(4)}; simjs ${theirs.mean.toFixed(4)} ± ${theirs.halfWidth.toFixed(4)}; difference ${d.diff.toFixed(4)} ± ${d.halfWidth.toFixed(4)} (99 %, n=${reps} each)`);
    expect(Math.abs(d.diff)).toBeLessThanOrEqual(d.halfWidth);
    for (const ci of [ours, theirs]) {
      expect(theory).toBeGreaterThanOrEqual(ci.low);
      expect(theory).toBeLessThanOrEqual(ci.high);
    }
  });
});
