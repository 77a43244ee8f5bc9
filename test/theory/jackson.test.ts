/**
 * A three-station open Jackson network: external Poisson arrivals (10/h) at station 1
 * (3 servers, 4/h each); 30 % of its departures go on to station 2 (2 servers, 2/h),
 * 20 % of those on to station 3 (1 server, 1/h); everyone else leaves. By the product
 * form each station behaves as an M/M/c queue with its throughput from the traffic
 * equations. Per-station mean waits and the mean total sojourn (entry to exit) are
 * checked against it inside 99 % t-intervals over replications.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Simulation, Streams, Resource, Outcome, Tally, makeDist } from '../../src/engine/index.js';
import { meanCI } from '../../src/metrics/ci.js';
import { jacksonMeanSojourn, jacksonStations } from '../../src/metrics/queueing.js';

const external = [10, 0, 0];
const routing = [
  [0, 0.3, 0],
  [0, 0, 0.2],
  [0, 0, 0],
];
const mu = [4, 2, 1];
const servers = [3, 2, 1];
const warmup = 200;
const horizon = 20_000;
const reps = 20;

interface NetworkRun { waits: number[]; sojourn: number; }

/** One replication: arrivals during [0, warmup + horizon], then the network drains. */
function runNetwork(replication: number): NetworkRun {
  const sim = new Simulation();
  const streams = new Streams('jackson', replication);
  const interarrival = makeDist({ dist: 'exponential', mean: 1 / external[0] }, streams.get('arrivals'));
  const service = mu.map((m, j) => makeDist({ dist: 'exponential', mean: 1 / m }, streams.get(`service/${j}`)));
  const route = streams.get('routing');
  const enteredAt: number[] = [];
  const sojourn = new Tally();
  const stations: Resource[] = [];
  const done: number[] = [];

  const enter = (j: number, entity: number): void => {
    if (stations[j].request(entity) === Outcome.GRANTED) sim.schedule(service[j].sample(), done[j], entity);
  };
  const leave = (entity: number): void => {
    if (enteredAt[entity] >= warmup) sojourn.add(sim.now - enteredAt[entity]);
  };
  for (let j = 0; j < mu.length; j++) {
    done.push(sim.defineKind((entity) => {
      stations[j].release();
      const next = routing[j].findIndex((p) => p > 0);
      if (next >= 0 && route() < routing[j][next]) enter(next, entity);
      else leave(entity);
    }, `done/${j}`));
    stations.push(new Resource(sim, {
      capacity: servers[j],
      name: `station/${j}`,
      onGrant: (entity) => sim.schedule(service[j].sample(), done[j], entity),
    }));
  }
  const arrive = sim.defineKind((entity) => {
    enteredAt[entity] = sim.now;
    const t = sim.now + interarrival.sample();
    if (t <= warmup + horizon) sim.scheduleAt(t, arrive, entity + 1);
    enter(0, entity);
  }, 'arrive');

  sim.schedule(interarrival.sample(), arrive, 0);
  sim.run(warmup);
  for (const s of stations) s.resetStats(sim.now);
  sim.run();
  for (const s of stations) expect(s.queueLength + s.inUse).toBe(0);
  return { waits: stations.map((s) => s.waits.mean), sojourn: sojourn.mean };
}

describe('open Jackson network (3 stations in tandem with exits)', () => {
  let runs: NetworkRun[] = [];
  beforeAll(() => {
    runs = Array.from({ length: reps }, (_, r) => runNetwork(r));
  });
  const theory = jacksonStations(external, routing, mu, servers);

  for (let j = 0; j < mu.length; j++) {
    it(`station ${j + 1}: mean wait matches M/M/${servers[j]} at its throughput`, () => {
      const ci = meanCI(runs.map((r) => r.waits[j]), 0.99);
      console.info(`Jackson station ${j + 1}: Wq theory ${theory[j].meanWait.toFixed(4)}, sim ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, n=${reps})`);
      expect(theory[j].meanWait).toBeGreaterThanOrEqual(ci.low);
      expect(theory[j].meanWait).toBeLessThanOrEqual(ci.high);
    });
  }

  it('mean total sojourn matches the product form', () => {
    const expected = jacksonMeanSojourn(external, routing, mu, servers);
    const ci = meanCI(runs.map((r) => r.sojourn), 0.99);
    console.info(`Jackson sojourn: theory ${expected.toFixed(4)}, sim ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, n=${reps})`);
    expect(expected).toBeGreaterThanOrEqual(ci.low);
    expect(expected).toBeLessThanOrEqual(ci.high);
  });
});
