import type { Command } from 'commander';
import { UserError } from '../../io/errors.js';
import { ExponentialDist, Outcome, Resource, Simulation, Streams } from '../../engine/index.js';
import { meanCI } from '../../metrics/ci.js';
import { mmc } from '../../metrics/queueing.js';

/** Parameters of the demonstration M/M/c queue (time in minutes). */
export interface DemoOptions {
  customers: number;
  seed: number | string;
  servers?: number;
  arrivalsPerHour?: number;
  servicesPerHour?: number;
}

export interface DemoResult {
  servers: number;
  lambda: number;
  mu: number;
  customers: number;
  warmup: number;
  meanWait: number;
  meanWaitHalfWidth: number;
  utilisation: number;
  theoryMeanWait: number;
  theoryUtilisation: number;
  theoryPWait: number;
  pWait: number;
  eventsProcessed: number;
  wallMs: number;
}

const BATCHES = 20;

/**
 * Simulates an M/M/c queue on the kernel: Poisson arrivals, exponential service, c servers,
 * FIFO. The first 5 % of customers are a warm-up whose statistics are discarded; the mean
 * wait gets a 95 % batch-means interval over 20 batches of the remaining customers.
 */
export function runDemo(opts: DemoOptions): DemoResult {
  const c = opts.servers ?? 4;
  const lambda = (opts.arrivalsPerHour ?? 3.6) / 60;
  const mu = (opts.servicesPerHour ?? 1) / 60;
  const customers = opts.customers;
  const warmup = Math.floor(customers * 0.05);
  const measured = customers - warmup;
  const batchSize = Math.max(1, Math.floor(measured / BATCHES));

  const t0 = performance.now();
  const sim = new Simulation();
  const streams = new Streams(opts.seed, 0);
  const interarrival = new ExponentialDist(1 / lambda, streams.get('demo/arrivals'));
  const service = new ExponentialDist(1 / mu, streams.get('demo/service'));
  const batchSums = new Float64Array(BATCHES);
  const batchCounts = new Float64Array(BATCHES);
  let served = 0;
  let delayed = 0;
  let waitSum = 0;
  let immediate = 0;

  const recordWait = (entity: number, waited: number): void => {
    if (entity < warmup) return;
    waitSum += waited;
    if (waited > 0) delayed++;
    else immediate++;
    const b = Math.floor((entity - warmup) / batchSize);
    if (b < BATCHES) {
      batchSums[b] += waited;
      batchCounts[b]++;
    }
  };
  const departure = sim.defineKind(() => {
    server.release();
    if (++served === customers) sim.stop();
  }, 'departure');
  const server = new Resource(sim, {
    capacity: c,
    name: 'servers',
    onGrant: (entity, waited) => {
      recordWait(entity, waited);
      sim.schedule(service.sample(), departure, entity);
    },
  });
  const arrival = sim.defineKind((entity) => {
    if (entity === warmup) server.resetStats(sim.now);
    if (server.request(entity) === Outcome.GRANTED) {
      recordWait(entity, 0);
      sim.schedule(service.sample(), departure, entity);
    }
    if (entity + 1 < customers) sim.schedule(interarrival.sample(), arrival, entity + 1);
  }, 'arrival');
  sim.schedule(interarrival.sample(), arrival, 0);
  sim.run();

  const batchMeans = Array.from(batchSums, (s, i) => s / batchCounts[i]).filter((x) => Number.isFinite(x));
  const ci = meanCI(batchMeans);
  const theory = mmc(lambda, mu, c);
  return {
    servers: c,
    lambda,
    mu,
    customers,
    warmup,
    meanWait: waitSum / (delayed + immediate),
    meanWaitHalfWidth: ci.halfWidth,
    utilisation: server.utilisation(sim.now),
    pWait: delayed / (delayed + immediate),
    theoryMeanWait: theory.meanWait,
    theoryUtilisation: theory.utilisation,
    theoryPWait: theory.pWait,
    eventsProcessed: sim.eventsProcessed,
    wallMs: performance.now() - t0,
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--customers must be a positive integer, got ${value}`);
  return n;
}

/** `tiersim demo`: an M/M/c queue on the kernel, compared with Erlang C. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Simulate an M/M/4 queue (3.6 arrivals/h, 1 service/h per server) on the kernel and compare with Erlang C.')
    .option('--customers <n>', 'number of customers to simulate', positiveInt, 1_000_000)
    .option('--seed <seed>', 'random seed', '1')
    .action((o: { customers: number; seed: string }) => {
      const seed = /^-?\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
      const r = runDemo({ customers: o.customers, seed });
      const fmt = (x: number, d = 3): string => x.toFixed(d);
      const rows: Array<[string, string, string]> = [
        ['mean wait in queue (min)', `${fmt(r.meanWait, 2)} ± ${fmt(r.meanWaitHalfWidth, 2)}`, fmt(r.theoryMeanWait, 2)],
        ['probability of waiting', fmt(r.pWait), fmt(r.theoryPWait)],
        ['server utilisation', fmt(r.utilisation), fmt(r.theoryUtilisation)],
      ];
      const w0 = Math.max(...rows.map((x) => x[0].length));
      const w1 = Math.max('simulated'.length, ...rows.map((x) => x[1].length));
      console.log(`M/M/${r.servers}: lambda = ${fmt(r.lambda * 60, 2)}/h, mu = ${fmt(r.mu * 60, 2)}/h per server, ` +
        `${r.customers} customers (first ${r.warmup} discarded as warm-up), seed ${o.seed}`);
      console.log(`${''.padEnd(w0)}  ${'simulated'.padEnd(w1)}  Erlang C`);
      for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
      console.log('(± is a 95 % batch-means half-width over 20 batches)');
      console.log(`events processed: ${r.eventsProcessed}, wall time: ${fmt(r.wallMs, 0)} ms ` +
        `(${fmt(r.eventsProcessed / (r.wallMs / 1000) / 1e6, 2)} M events/s)`);
    });
}
