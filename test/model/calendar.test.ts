/**
 * DayCalendar: far-future entries kept by day and handed back, day by day, in the order they
 * were added; nothing lost or duplicated while entries are added and drained in any order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DayCalendar } from '../../src/model/calendar.js';

const drained = (cal: DayCalendar, d: number): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  cal.drain(d, (t, e) => out.push([t, e]));
  return out;
};

describe('DayCalendar', () => {
  it('files entries by day, clamps later times into the last list, and drains in the order added', () => {
    const cal = new DayCalendar(3, 10);
    cal.add(25, 1);
    cal.add(12, 2);
    cal.add(29.5, 3);
    cal.add(1e9, 4); // beyond the last day: the last list
    cal.add(25, 5);
    expect(cal.dayOf(1e9)).toBe(3);
    expect(cal.count).toBe(5);
    expect(drained(cal, 2)).toEqual([[25, 1], [29.5, 3], [25, 5]]);
    expect(drained(cal, 2)).toEqual([]);
    expect(drained(cal, 1)).toEqual([[12, 2]]);
    expect(drained(cal, 7)).toEqual([]); // no such day
    expect(cal.count).toBe(1);
    expect(drained(cal, 3)).toEqual([[1e9, 4]]);
    expect(cal.count).toBe(0);
  });

  it('loses and duplicates nothing over any interleaving of adds and drains (free entries reused, growth)', () => {
    const op = fc.oneof(
      fc.record({ add: fc.double({ min: 0, max: 120, noNaN: true }) }),
      fc.record({ drain: fc.integer({ min: 0, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const cal = new DayCalendar(11, 10);
        const model: Array<Array<[number, number]>> = Array.from({ length: 12 }, () => []);
        let id = 0;
        for (const o of ops) {
          if ('add' in o) {
            cal.add(o.add, id);
            model[Math.min(11, Math.floor(o.add / 10))].push([o.add, id]);
            id++;
          } else {
            expect(drained(cal, o.drain)).toEqual(model[o.drain] ?? []);
            if (o.drain < 12) model[o.drain] = [];
          }
          expect(cal.count).toBe(model.reduce((s, l) => s + l.length, 0));
        }
      }),
      { numRuns: 60 },
    );
  });
});
