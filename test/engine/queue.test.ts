import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, MAX_KINDS, MAX_PRIORITY, MIN_PRIORITY } from '../../src/engine/queue.js';

type Op =
  | { op: 'push'; time: number; priority: number }
  | { op: 'pop' }
  | { op: 'cancel'; pick: number };

interface Ref { time: number; priority: number; seq: number; entity: number }

const byOrder = (a: Ref, b: Ref): number => a.time - b.time || a.priority - b.priority || a.seq - b.seq;

/** Pops the next live entry, skipping tombstones; undefined when none is left. */
function popLive(q: EventQueue): { time: number; entity: number } | undefined {
  while (q.size > 0) if (q.pop()) return { time: q.outTime, entity: q.outEntity };
  return undefined;
}

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order under random push/pop/cancel sequences', () => {
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -2, max: 3 }) }) },
      { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), fc.integer({ min: 1, max: 8 }), (ops, initialCapacity) => {
        const q = new EventQueue(initialCapacity);
        let live: Ref[] = [];
        const issued: number[] = [];
        let entity = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const seq = q.push(o.time, 7, entity, o.priority);
            live.push({ time: o.time, priority: o.priority, seq, entity });
            issued.push(seq);
            entity++;
          } else if (o.op === 'pop') {
            live.sort(byOrder);
            const want = live.shift();
            const got = popLive(q);
            expect(got?.entity).toBe(want?.entity);
            if (want) expect(got?.time).toBe(want.time);
          } else if (issued.length > 0) {
            const h = issued[o.pick % issued.length];
            q.cancel(h);
            live = live.filter((r) => r.seq !== h);
          }
        }
        expect(q.live).toBe(live.length);
        live.sort(byOrder);
        for (const want of live) expect(popLive(q)?.entity).toBe(want.entity);
        expect(popLive(q)).toBeUndefined();
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('sweeps tombstones of handles that already ran', () => {
    const q = new EventQueue(4);
    const ran: number[] = [];
    for (let i = 0; i < 200; i++) ran.push(q.push(i, 0, i, 0));
    q.push(1000, 0, 999, 0);
    for (let i = 0; i < 200; i++) q.pop();
    for (const h of ran) q.cancel(h); // all already ran: must not cancel the pending one
    expect(q.live).toBe(1);
    expect(popLive(q)?.entity).toBe(999);
  });

  it('rejects priorities outside the exact key range', () => {
    const q = new EventQueue();
    expect(() => q.push(0, 0, 0, 5000)).toThrow(RangeError);
    expect(() => q.push(0, 0, 0, 1.5)).toThrow(RangeError);
    expect(() => q.push(0, 0, 0, NaN)).toThrow(/priority/);
  });

  it('accepts exactly the priorities [MIN_PRIORITY, MAX_PRIORITY] and kinds [0, MAX_KINDS) (push writes the bounds as literals)', () => {
    const q = new EventQueue();
    q.push(0, 0, 0, MIN_PRIORITY);
    q.push(0, 0, 0, MAX_PRIORITY);
    q.push(0, MAX_KINDS - 1, 0, 0);
    expect(() => q.push(0, 0, 0, MIN_PRIORITY - 1)).toThrow(/priority/);
    expect(() => q.push(0, 0, 0, MAX_PRIORITY + 1)).toThrow(/priority/);
    expect(() => q.push(0, MAX_KINDS, 0, 0)).toThrow(/kind/);
    // A bad priority is reported before a bad kind.
    expect(() => q.push(0, MAX_KINDS, 0, 0.5)).toThrow(/priority/);
    expect(q.size).toBe(3);
  });

  it('moves kind and entity through the heap bit for bit, at the extremes of their ranges', () => {
    const q = new EventQueue(4); // grows several times
    const entities = [0, -1, 2 ** 31 - 1, -(2 ** 31), 12345, -7];
    const kinds = [0, MAX_KINDS - 1, 1, 2 ** 19, 3];
    const expected: Array<[number, number, number]> = [];
    for (let i = 0; i < 500; i++) {
      const t = (i * 7919) % 503; // times out of order, so entries move up and down
      const kind = kinds[i % kinds.length];
      const entity = entities[i % entities.length];
      q.push(t, kind, entity, (i % 3) - 1);
      expected.push([t, (i % 3) - 1, i]);
    }
    expected.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [t, , i] of expected) {
      expect(q.pop()).toBe(true);
      expect([q.outTime, q.outKind, q.outEntity]).toEqual([t, kinds[i % kinds.length], entities[i % entities.length]]);
    }
  });

  it('rejects kinds outside [0, MAX_KINDS)', () => {
    const q = new EventQueue();
    expect(() => q.push(0, -1, 0, 0)).toThrow(RangeError);
    expect(() => q.push(0, MAX_KINDS, 0, 0)).toThrow(RangeError);
  });
});
