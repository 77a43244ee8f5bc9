/**
 * The benchmarks written as a tiersim model author would write them: a Simulation with
 * integer event kinds, one Resource per station (its `waits` tally gives the mean wait),
 * and named Streams feeding exponential distributions from makeDist.
 */
import { Simulation, Resource, Outcome, Streams, makeDist } from '../../dist/engine/index.js';
import { startClock } from '../clock.js';
import { mulberry32 } from '../prng.js';

/**
 * Classic hold through the Simulation: `pending` events of one kind whose handler
 * schedules its entity again at now + exponential(1); the handler stops the run after
 * `ops` events. Only `run()` is timed.
 */
export function hold(pending, ops, seed) {
  const rnd = mulberry32(seed);
  const sim = new Simulation({ initialCapacity: pending + 16 });
  let fired = 0;
  const HOLD = sim.defineKind((entity) => {
    if (++fired === ops) sim.stop();
    sim.schedule(-Math.log(1 - rnd()), HOLD, entity);
  }, 'hold');
  for (let i = 0; i < pending; i++) sim.schedule(-Math.log(1 - rnd()), HOLD, i);
  const stop = startClock();
  sim.run();
  const { seconds, cpuSeconds } = stop();
  if (fired !== ops) throw new Error(`tiersim hold: ${fired} events fired, expected ${ops}`);
  return { seconds, cpuSeconds, ops, pending: sim.pending };
}

/**
 * Open tandem network (see ../models.js): an arrival kind that chains itself, one
 * completion kind per station, and one Resource per station. A customer is an integer
 * entity; a queued request is started by the Resource's onGrant hook.
 */
export function tandem(model, customers, seed) {
  const { lambda, stations } = model;
  const k = stations.length;
  const sim = new Simulation();
  const streams = new Streams(seed, 0);
  const interarrival = makeDist({ dist: 'exponential', mean: 1 / lambda }, streams.get('arrivals'));
  const routing = streams.get('routing');
  const service = stations.map((s, i) => makeDist({ dist: 'exponential', mean: 1 / s.mu }, streams.get(`service/${i}`)));
  const done = new Array(k);
  const resources = stations.map(
    (s, i) =>
      new Resource(sim, {
        capacity: s.c,
        name: `station-${i}`,
        onGrant: (entity) => sim.schedule(service[i].sample(), done[i], entity),
      }),
  );
  let arrived = 0;
  let completed = 0;

  /** The customer joins station i: served now if a server is free, else queued until onGrant. */
  function enter(i, entity) {
    if (resources[i].request(entity) === Outcome.GRANTED) sim.schedule(service[i].sample(), done[i], entity);
  }
  for (let i = 0; i < k; i++) {
    const next = i + 1 < k ? stations[i].next : 0;
    done[i] = sim.defineKind((entity) => {
      resources[i].release();
      if (next > 0 && routing() < next) enter(i + 1, entity);
      else completed++;
    }, `done/${i}`);
  }
  const ARRIVAL = sim.defineKind((entity) => {
    arrived++;
    enter(0, entity);
    if (arrived < customers) sim.schedule(interarrival.sample(), ARRIVAL, entity + 1);
  }, 'arrival');

  const stop = startClock();
  sim.schedule(interarrival.sample(), ARRIVAL, 0);
  sim.run();
  const { seconds, cpuSeconds } = stop();
  return { seconds, cpuSeconds, events: sim.eventsProcessed, customers: completed, meanWait: resources.map((r) => r.waits.mean) };
}
