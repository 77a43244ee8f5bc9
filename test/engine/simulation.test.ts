import { describe, expect, it } from 'vitest';
import { Priority, Signal, Simulation } from '../../src/engine/index.js';

/** A simulation with one kind that logs [now, entity]. */
function logging(): { sim: Simulation; kind: number; log: Array<[number, number]> } {
  const sim = new Simulation({ initialCapacity: 2 });
  const log: Array<[number, number]> = [];
  const kind = sim.defineKind((e) => log.push([sim.now, e]), 'log');
  return { sim, kind, log };
}

describe('Simulation', () => {
  it('runs events at equal times in insertion order', () => {
    const { sim, kind, log } = logging();
    for (let e = 0; e < 50; e++) sim.schedule(3, kind, e);
    sim.run();
    expect(log.map(([, e]) => e)).toEqual(Array.from({ length: 50 }, (_, e) => e));
    expect(sim.now).toBe(3);
    expect(sim.eventsProcessed).toBe(50);
  });

  it('orders equal-time events by named priority, and time before priority', () => {
    const { sim, kind, log } = logging();
    sim.schedule(1, kind, 4, Priority.LOW);
    sim.schedule(1, kind, 3, Priority.NORMAL);
    sim.schedule(1, kind, 1, Priority.URGENT);
    sim.schedule(1, kind, 2, Priority.HIGH);
    sim.schedule(0.5, kind, 0, Priority.LOW);
    sim.schedule(1, kind, 5, Priority.URGENT);
    sim.run();
    expect(log).toEqual([[0.5, 0], [1, 1], [1, 5], [1, 2], [1, 3], [1, 4]]);
  });

  it('gives an event scheduled without a priority Priority.NORMAL (the literal default in schedule)', () => {
    const { sim, kind, log } = logging();
    sim.schedule(1, kind, 3, Priority.LOW);
    sim.schedule(1, kind, 1);
    sim.schedule(1, kind, 2, Priority.NORMAL);
    sim.schedule(1, kind, 0, Priority.HIGH);
    sim.schedule(1, kind, 4);
    sim.run();
    expect(log.map(([, e]) => e)).toEqual([0, 1, 2, 4, 3]);
  });

  it('never runs a cancelled event, leaves the others alone, and ignores repeated or late cancels', () => {
    const { sim, kind, log } = logging();
    const handles = [1, 2, 3, 4].map((e) => sim.schedule(e, kind, e));
    sim.cancel(handles[1]);
    sim.cancel(handles[1]);
    expect(sim.pending).toBe(3);
    sim.run(1);
    sim.cancel(handles[0]); // already ran
    expect(sim.pending).toBe(2);
    sim.run();
    expect(log).toEqual([[1, 1], [3, 3], [4, 4]]);
    expect(sim.eventsProcessed).toBe(3);
    expect(sim.pending).toBe(0);
  });

  it('run(until) stops before later events, leaves now = until, and can be resumed', () => {
    const { sim, kind, log } = logging();
    for (const t of [1, 5, 10]) sim.schedule(t, kind, t);
    sim.run(6);
    expect(log).toEqual([[1, 1], [5, 5]]);
    expect(sim.now).toBe(6);
    sim.schedule(1, kind, 7); // relative to now = 6
    sim.run(20);
    expect(log).toEqual([[1, 1], [5, 5], [7, 7], [10, 10]]);
    expect(sim.now).toBe(20);
    expect(() => sim.run(10)).toThrow(RangeError);
  });

  it('runs an event exactly at until', () => {
    const { sim, kind, log } = logging();
    sim.schedule(6, kind, 6);
    sim.run(6);
    expect(log).toEqual([[6, 6]]);
  });

  it('stop() ends run after the current event; step() runs one event', () => {
    const { sim, log } = logging();
    const stopper = sim.defineKind((e) => {
      log.push([sim.now, e]);
      if (e === 2) sim.stop();
    });
    for (const e of [1, 2, 3]) sim.schedule(e, stopper, e);
    sim.run(100);
    expect(log).toEqual([[1, 1], [2, 2]]);
    expect(sim.now).toBe(2);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(3);
    expect(sim.step()).toBe(false);
  });

  it('rejects negative delays and times in the past', () => {
    const { sim, kind } = logging();
    sim.schedule(2, kind, 0);
    sim.run();
    expect(() => sim.schedule(-1, kind, 0)).toThrow(RangeError);
    expect(() => sim.scheduleAt(1, kind, 0)).toThrow(RangeError);
    expect(() => sim.schedule(NaN, kind, 0)).toThrow(RangeError);
  });

  it('call() runs closures in order and can be cancelled', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    sim.call(2, () => seen.push(`b@${sim.now}`));
    const h = sim.call(1, () => seen.push('cancelled'));
    sim.call(1, () => seen.push(`a@${sim.now}`));
    sim.cancel(h);
    sim.run();
    expect(seen).toEqual(['a@1', 'b@2']);
  });

  it('process() drives generators through delays and signals', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const ready = new Signal(sim);
    sim.process((function* () {
      seen.push(`waiter start ${sim.now}`);
      const v = yield ready;
      seen.push(`waiter got ${String(v)} at ${sim.now}`);
      yield 2;
      seen.push(`waiter done ${sim.now}`);
    })());
    sim.process((function* () {
      yield 5;
      ready.fire('go');
      seen.push(`firer fired ${sim.now}`);
    })());
    sim.run();
    expect(seen).toEqual(['waiter start 0', 'firer fired 5', 'waiter got go at 5', 'waiter done 7']);
    expect(ready.fired).toBe(true);
    expect(() => ready.fire()).toThrow();
  });

  it('a process waiting on an already fired signal resumes at once', () => {
    const sim = new Simulation();
    const s = new Signal(sim);
    s.fire(42);
    let got: unknown;
    sim.process((function* () {
      yield 3;
      got = yield s;
    })());
    sim.run();
    expect(got).toBe(42);
    expect(sim.now).toBe(3);
  });
});
