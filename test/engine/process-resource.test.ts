import { describe, expect, it } from 'vitest';
import { makeDist, ProcessResource, Resource, Simulation, Streams, type Grant } from '../../src/engine/index.js';

/**
 * M/M/c with every customer's interarrival and service time drawn in advance from named streams,
 * run once with callbacks (`Resource` + onGrant) and once with generator processes
 * (`ProcessResource`): the line is the same, so every customer's wait must be the same.
 */
function waitsBothWays(customers: number, servers: number): { callback: number[]; process: number[] } {
  const streams = new Streams(11, 0);
  const gap = makeDist({ dist: 'exponential', mean: 1 }, streams.get('arrivals'));
  const service = makeDist({ dist: 'exponential', mean: 0.9 * servers }, streams.get('service'));
  const arrivals: number[] = [];
  const services: number[] = [];
  let t = 0;
  for (let i = 0; i < customers; i++) {
    t += gap.sample();
    arrivals.push(t);
    services.push(service.sample());
  }

  const callback = new Array<number>(customers);
  {
    const sim = new Simulation();
    const done = sim.defineKind(() => res.release());
    const res: Resource = new Resource(sim, {
      capacity: servers,
      onGrant: (i, waited) => { callback[i] = waited; sim.schedule(services[i], done, i); },
    });
    const arrive = sim.defineKind((i) => {
      if (res.request(i) === 0) { callback[i] = 0; sim.schedule(services[i], done, i); }
    });
    arrivals.forEach((a, i) => sim.scheduleAt(a, arrive, i));
    sim.run();
  }

  const process = new Array<number>(customers);
  {
    const sim = new Simulation();
    const res = new ProcessResource(sim, { capacity: servers });
    sim.process((function* () {
      for (let i = 0; i < customers; i++) {
        yield arrivals[i] - sim.now;
        const me = i;
        sim.process((function* () {
          const grant = (yield res.request()) as Grant;
          process[me] = grant.waited;
          yield services[me];
          res.release();
        })());
      }
    })());
    sim.run();
  }
  return { callback, process };
}

describe('ProcessResource (generator form)', () => {
  it('gives every customer of an M/M/3 the same wait as the callback form', () => {
    const { callback, process } = waitsBothWays(5000, 3);
    expect(process).toEqual(callback);
    expect(callback.filter((w) => w > 0).length).toBeGreaterThan(1000);
  });

  it('serves classes in priority order and reports reneging, blocking and balking', () => {
    const sim = new Simulation();
    const res = new ProcessResource(sim, { capacity: 1, classes: 2, queueLimit: 3 });
    const log: string[] = [];
    const customer = (name: string, cls: number, patience: number, hold: number) => sim.process((function* () {
      const g = (yield res.request(cls, patience)) as Grant;
      log.push(`${name}:${g.outcome}@${sim.now}`);
      if (g.outcome !== 'granted') return;
      yield hold;
      res.release(cls);
    })());
    customer('a', 1, Infinity, 10); // holds the only unit 0-10
    customer('b', 1, Infinity, 1); //  waits, class 1
    customer('c', 1, 5, 1); //         gives up at 5
    customer('d', 0, Infinity, 1); //  class 0: overtakes b
    customer('e', 1, Infinity, 1); //  the line holds 3: blocked
    sim.run();
    expect(log).toEqual(['a:granted@0', 'e:blocked@0', 'c:reneged@5', 'd:granted@10', 'b:granted@11']);
    expect(res.inUse).toBe(0);
    expect(res.queueLength).toBe(0);
    expect(res.resource.reneged).toBe(1);
    expect(res.resource.blocked).toBe(1);

    const sim2 = new Simulation();
    const balky = new ProcessResource(sim2, { capacity: 0, balk: (q) => q >= 1 });
    const outcomes: string[] = [];
    for (let i = 0; i < 2; i++) sim2.process((function* () { outcomes.push(((yield balky.request()) as Grant).outcome); })());
    sim2.run(1);
    expect(outcomes).toEqual(['balked']);
    expect(balky.queueLength).toBe(1);
  });
});
