/**
 * The benchmarks written as a simjs user would write them: an Entity whose timers
 * (`setTimer(...).done(...)`) drive the model, FCFS Facilities for the stations,
 * simjs's own Random for the models, and the Facility's queue statistics for waits.
 * The npm package is a browser bundle: it registers itself on `window.Sim`.
 */
import { createRequire } from 'node:module';
import { startClock } from '../clock.js';
import { mulberry32 } from '../prng.js';

globalThis.window ??= {};
createRequire(import.meta.url)('simjs');
const Sim = globalThis.window.Sim;

/**
 * Classic hold through simjs's scheduler: `pending` timers, each of which re-arms
 * itself at now + exponential(1) when it fires; `sim.simulate(Infinity, ops)` then
 * processes exactly `ops` events. Only the simulate call is timed.
 */
export function hold(pending, ops, seed) {
  const rnd = mulberry32(seed);
  let fired = 0;
  class Holder extends Sim.Entity {
    start(n) {
      for (let i = 0; i < n; i++) this.setTimer(-Math.log(1 - rnd())).done(this.fire);
    }
    fire() {
      fired++;
      this.setTimer(-Math.log(1 - rnd())).done(this.fire);
    }
  }
  const sim = new Sim.Sim();
  sim.addEntity(Holder, 'holder', pending);
  const stop = startClock();
  sim.simulate(Infinity, ops);
  const { seconds, cpuSeconds } = stop();
  if (fired !== ops) throw new Error(`simjs hold: ${fired} events fired, expected ${ops}`);
  return { seconds, cpuSeconds, ops, pending: sim.queue.data.length };
}

/**
 * Open tandem network (see ../models.js) with one FCFS Facility per station. One source
 * entity generates the arrivals; every customer's service is a `useFacility` request
 * whose completion callback routes it on.
 */
export function tandem(model, customers, seed) {
  const { lambda, stations } = model;
  const k = stations.length;
  const random = new Sim.Random(seed);
  const facilities = stations.map((s, i) => new Sim.Facility(`station-${i}`, Sim.Facility.FCFS, s.c));
  let events = 0;
  let completed = 0;

  class Source extends Sim.Entity {
    start() {
      this.arrived = 0;
      // one completion callback per station, bound once
      this.leave = stations.map((s, i) => () => this.depart(i));
      this.setTimer(random.exponential(lambda)).done(this.arrive);
    }
    arrive() {
      events++;
      this.arrived++;
      this.enter(0);
      if (this.arrived < customers) this.setTimer(random.exponential(lambda)).done(this.arrive);
    }
    enter(i) {
      this.useFacility(facilities[i], random.exponential(stations[i].mu)).done(this.leave[i]);
    }
    depart(i) {
      events++;
      if (i + 1 < k && random.random() < stations[i].next) this.enter(i + 1);
      else completed++;
    }
  }

  const sim = new Sim.Sim();
  const stop = startClock();
  sim.addEntity(Source, 'source');
  sim.simulate(Infinity);
  const { seconds, cpuSeconds } = stop();
  const meanWait = facilities.map((f) => f.queueStats().durationSeries.average());
  return { seconds, cpuSeconds, events, customers: completed, meanWait };
}
