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
 * Open tandem network (see ../models.js), written as a model author would with the kernel's
 * API: each station is built with its own Resource, service distribution and completion kind,
 * and an `enter` function that the station before it calls; an arrival kind chains itself. A
 * customer is an integer entity; a queued request is started by the Resource's onGrant hook.
 */
export function tandem(model, customers, seed) {
  const { lambda, stations } = model;
  const k = stations.length;
  const sim = new Simulation();
  const streams = new Streams(seed, 0);
  const interarrival = makeDist({ dist: 'exponential', mean: 1 / lambda }, streams.get('arrivals'));
  const routing = streams.get('routing');
  let arrived = 0;
  let completed = 0;

  /** Builds station i, whose customers go on to `onward` (the next station's entry) with probability p. */
  function station(i, onward, p) {
    const service = makeDist({ dist: 'exponential', mean: 1 / stations[i].mu }, streams.get(`service/${i}`));
    const resource = new Resource(sim, {
      capacity: stations[i].c,
      name: `station-${i}`,
      onGrant: (entity) => sim.schedule(service.sample(), done, entity),
    });
    const done = sim.defineKind((entity) => {
      resource.release();
      if (p > 0 && routing() < p) onward(entity);
      else completed++;
    }, `done/${i}`);
    /** The customer joins the station: served now if a server is free, else queued until onGrant. */
    const enter = (entity) => {
      if (resource.request(entity) === Outcome.GRANTED) sim.schedule(service.sample(), done, entity);
    };
    return { resource, enter };
  }
  // Last station first, so that each knows the entry of the one after it.
  const built = new Array(k);
  let onward = null;
  for (let i = k - 1; i >= 0; i--) {
    built[i] = station(i, onward, i + 1 < k ? stations[i].next : 0);
    onward = built[i].enter;
  }
  const enterFirst = built[0].enter;
  const ARRIVAL = sim.defineKind((entity) => {
    arrived++;
    enterFirst(entity);
    if (arrived < customers) sim.schedule(interarrival.sample(), ARRIVAL, entity + 1);
  }, 'arrival');

  const stop = startClock();
  sim.schedule(interarrival.sample(), ARRIVAL, 0);
  sim.run();
  const { seconds, cpuSeconds } = stop();
  return { seconds, cpuSeconds, events: sim.eventsProcessed, customers: completed, meanWait: built.map((b) => b.resource.waits.mean) };
}
