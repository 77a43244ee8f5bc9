/**
 * Property test of Resource under random operation sequences: requests in several
 * classes (some with patience), releases, capacity changes, reservations, withdrawals
 * and the passage of time (which lets patience run out). After every step:
 * - no grant takes a unit beyond the capacity at that moment, nor one held back for
 *   another class's reservation;
 * - no unit stays idle while a waiting request could take it, higher classes are
 *   served first, and each class first come, first served;
 * - no wait is negative, and every reported wait is the time since the request;
 * - entities are conserved: arrivals = granted + waiting + blocked + reneged + balked
 *   (+ withdrawn, counted here), and the counters agree with request()'s outcomes;
 * - the busy-units statistic holds the units in use, and its integral is that of the units
 *   in use over time, recomputed here.
 * With one class, the Resource's fast paths run; with three, its general path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation, Resource, Outcome } from '../../src/engine/index.js';

type Op =
  | { op: 'request'; cls: number; patience: number | undefined }
  | { op: 'release'; pick: number }
  | { op: 'capacity'; n: number }
  | { op: 'reserve'; cls: number; n: number }
  | { op: 'withdraw'; pick: number }
  | { op: 'advance'; dt: number };

const CLASSES = 3;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('request' as const), cls: fc.integer({ min: 0, max: CLASSES - 1 }), patience: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }) }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('release' as const), pick: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('capacity' as const), n: fc.integer({ min: 0, max: 5 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('reserve' as const), cls: fc.integer({ min: 0, max: CLASSES - 1 }), n: fc.integer({ min: 0, max: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('withdraw' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), dt: fc.integer({ min: 0, max: 15 }) }), weight: 2 },
);

const setupArb = fc.record({
  classes: fc.constantFrom(1, CLASSES),
  capacity: fc.integer({ min: 0, max: 4 }),
  queueLimit: fc.constantFrom(0, 1, 3, Infinity),
  balkAt: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
});

function check(setup: { classes: number; capacity: number; queueLimit: number; balkAt: number | undefined }, ops: Op[]): void {
  const sim = new Simulation();
  const C = setup.classes;
  let area = 0;
  let lastInUse = 0;
  let lastTime = 0;
  const requestedAt = new Map<number, number>();
  const patienceOf = new Map<number, number>();
  const classOf = new Map<number, number>();
  const waiting = new Set<number>();
  const reserved = new Array<number>(CLASSES).fill(0);
  const outcomes = [0, 0, 0, 0];
  let withdrawn = 0;
  let grantsByCallback = 0;
  let renegedByCallback = 0;
  const lastGranted = new Array<number>(CLASSES).fill(-1);

  /** Units that class `cls` may not use: other classes' reserved units they are not using. */
  const heldBackFrom = (cls: number, inUseBy: (k: number) => number): number => {
    let heldBack = 0;
    for (let k = 0; k < C; k++) if (k !== cls) heldBack += Math.max(0, reserved[k] - inUseBy(k));
    return heldBack;
  };
  /** Called just before a unit goes to class `cls`: there must be a unit free for it. */
  const assertRoomFor = (cls: number, inUseBefore: number, inUseByBefore: (k: number) => number): void => {
    expect(res.capacity - inUseBefore).toBeGreaterThan(heldBackFrom(cls, inUseByBefore));
  };

  const res: Resource = new Resource(sim, {
    capacity: setup.capacity,
    classes: C,
    queueLimit: setup.queueLimit,
    balk: setup.balkAt === undefined ? undefined : (queueLength) => queueLength >= setup.balkAt!,
    onGrant: (entity, waited) => {
      const cls = classOf.get(entity)!;
      expect(waiting.has(entity)).toBe(true);
      waiting.delete(entity);
      grantsByCallback++;
      expect(entity).toBeGreaterThan(lastGranted[cls]);
      lastGranted[cls] = entity;
      expect(waited).toBeGreaterThanOrEqual(0);
      expect(waited).toBeCloseTo(sim.now - requestedAt.get(entity)!, 9);
      // The unit is already counted as in use when onGrant runs.
      expect(res.inUse).toBeLessThanOrEqual(res.capacity);
      const byBefore = (k: number): number => res.inUseBy(k) - (k === cls ? 1 : 0);
      assertRoomFor(cls, res.inUse - 1, byBefore);
      // Higher classes go first: none of their waiters could have taken this unit.
      for (const w of waiting) {
        const k = classOf.get(w)!;
        if (k < cls) expect(res.capacity - (res.inUse - 1)).toBeLessThanOrEqual(heldBackFrom(k, byBefore));
      }
    },
    onRenege: (entity, waited) => {
      expect(waiting.has(entity)).toBe(true);
      waiting.delete(entity);
      renegedByCallback++;
      expect(waited).toBeGreaterThanOrEqual(0);
      expect(waited).toBeCloseTo(patienceOf.get(entity)!, 9);
    },
  });

  let nextEntity = 0;
  for (const o of ops) {
    // The units in use change only at operations (patience running out during `advance`
    // frees no unit): accumulate their integral up to now.
    area += lastInUse * (sim.now - lastTime);
    lastTime = sim.now;
    switch (o.op) {
      case 'request': {
        const e = nextEntity++;
        const cls = o.cls % C;
        requestedAt.set(e, sim.now);
        classOf.set(e, cls);
        if (o.patience !== undefined) patienceOf.set(e, o.patience);
        const inUseBefore = res.inUse;
        const byBefore = Array.from({ length: C }, (_, k) => res.inUseBy(k));
        const outcome = res.request(e, cls, o.patience);
        outcomes[outcome]++;
        if (outcome === Outcome.GRANTED) {
          lastGranted[cls] = e;
          assertRoomFor(cls, inUseBefore, (k) => byBefore[k]);
          expect(res.inUse).toBe(inUseBefore + 1);
          expect(res.inUse).toBeLessThanOrEqual(res.capacity);
        } else if (outcome === Outcome.QUEUED) {
          waiting.add(e);
        } else {
          expect(res.inUse).toBe(inUseBefore);
        }
        break;
      }
      case 'release': {
        const holders = Array.from({ length: C }, (_, k) => k).filter((k) => res.inUseBy(k) > 0);
        if (holders.length === 0) break;
        res.release(holders[o.pick % holders.length]);
        break;
      }
      case 'capacity':
        res.setCapacity(o.n);
        expect(res.capacity).toBe(o.n);
        break;
      case 'reserve':
        reserved[o.cls % C] = o.n;
        res.setReserved(o.cls % C, o.n);
        break;
      case 'withdraw': {
        if (waiting.size === 0) break;
        const e = [...waiting][o.pick % waiting.size];
        expect(res.withdraw(e)).toBe(true);
        waiting.delete(e);
        withdrawn++;
        expect(res.withdraw(e)).toBe(false);
        break;
      }
      case 'advance':
        area += lastInUse * o.dt;
        sim.run(sim.now + o.dt);
        lastTime = sim.now;
        break;
    }
    lastInUse = res.inUse;
    expect(res.busy.value).toBe(res.inUse);
    expect(res.busy.integral(sim.now)).toBeCloseTo(area, 9);
    // Conservation and bookkeeping after every step.
    expect(res.queueLength).toBe(waiting.size);
    expect(res.arrivals).toBe(outcomes.reduce((s, x) => s + x, 0));
    expect(res.granted).toBe(outcomes[Outcome.GRANTED] + grantsByCallback);
    expect(res.blocked).toBe(outcomes[Outcome.BLOCKED]);
    expect(res.balked).toBe(outcomes[Outcome.BALKED]);
    expect(res.reneged).toBe(renegedByCallback);
    expect(res.arrivals).toBe(res.granted + res.queueLength + res.blocked + res.reneged + res.balked + withdrawn);
    let held = 0;
    for (let k = 0; k < C; k++) held += res.inUseBy(k);
    expect(res.inUse).toBe(held);
    if (res.waits.count > 0) expect(res.waits.min).toBeGreaterThanOrEqual(0);
    expect(res.waits.count).toBe(res.granted);
    // Work conservation: no waiting class could start now.
    for (const e of waiting) {
      const cls = classOf.get(e)!;
      expect(res.capacity - res.inUse).toBeLessThanOrEqual(heldBackFrom(cls, (k) => res.inUseBy(k)));
    }
  }
}

describe('Resource invariants under random operations', () => {
  it('never over-grants, never waits negatively, conserves entities', () => {
    fc.assert(fc.property(setupArb, fc.array(opArb, { maxLength: 80 }), check), { numRuns: 1000, seed: 20240601 });
  });
});
