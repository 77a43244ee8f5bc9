/**
 * A single queueing station built from kernel parts, for the theory tests: Poisson
 * arrivals into one `Resource`, service times from a `DistSpec`. One call runs one
 * replication: a warm-up of `warmup` time units, then `resetStats`, then `horizon` more.
 */
import { Simulation, Streams, Resource, Outcome, makeDist, type DistSpec } from '../../src/engine/index.js';

export interface StationSpec {
  /** Arrival rate (per time unit). */
  lambda: number;
  /** Service-time distribution. */
  service: DistSpec;
  /** Number of servers. */
  capacity: number;
  /** Max waiting; 0 makes a loss system. Default Infinity. */
  queueLimit?: number;
  warmup: number;
  horizon: number;
  seed: number | string;
  replication: number;
}

export interface StationRun {
  sim: Simulation;
  res: Resource;
  /** Length of the observed window (horizon). */
  observed: number;
  /** Outcomes of every request made in the observed window, by Outcome code. */
  outcomes: number[];
}

/** Runs one replication of the station and returns the resource with its post-warm-up statistics. */
export function runStation(spec: StationSpec): StationRun {
  const sim = new Simulation();
  const streams = new Streams(spec.seed, spec.replication);
  const interarrival = makeDist({ dist: 'exponential', mean: 1 / spec.lambda }, streams.get('arrivals'));
  const service = makeDist(spec.service, streams.get('service'));
  const outcomes = [0, 0, 0, 0];
  let observing = false;
  let nextEntity = 0;

  const depart = sim.defineKind(() => res.release(), 'depart');
  const res: Resource = new Resource(sim, {
    capacity: spec.capacity,
    queueLimit: spec.queueLimit,
    name: 'station',
    onGrant: (entity) => sim.schedule(service.sample(), depart, entity),
  });
  const arrive = sim.defineKind((entity) => {
    sim.schedule(interarrival.sample(), arrive, ++nextEntity);
    const outcome = res.request(entity);
    if (observing) outcomes[outcome]++;
    if (outcome === Outcome.GRANTED) sim.schedule(service.sample(), depart, entity);
  }, 'arrive');

  sim.schedule(interarrival.sample(), arrive, nextEntity);
  sim.run(spec.warmup);
  res.resetStats(sim.now);
  observing = true;
  sim.run(spec.warmup + spec.horizon);
  return { sim, res, observed: spec.horizon, outcomes };
}

/** Runs `n` independent replications (replication numbers 0..n-1) and maps each to a number. */
export function replicate(n: number, spec: Omit<StationSpec, 'replication'>, measure: (run: StationRun) => number): number[] {
  const out: number[] = [];
  for (let r = 0; r < n; r++) out.push(measure(runStation({ ...spec, replication: r })));
  return out;
}
