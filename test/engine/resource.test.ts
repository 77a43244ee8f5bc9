import { describe, expect, it } from 'vitest';
import { Outcome, Resource, Simulation, WeeklySchedule } from '../../src/engine/index.js';

/** A resource whose grants and reneges are logged as [event, entity, now, waited]. */
function setup(opts: { capacity: number; classes?: number; queueLimit?: number; balk?: (q: number, c: number) => boolean }) {
  const sim = new Simulation();
  const log: Array<[string, number, number, number]> = [];
  const res = new Resource(sim, {
    ...opts,
    onGrant: (e, w) => log.push(['grant', e, sim.now, w]),
    onRenege: (e, w) => log.push(['renege', e, sim.now, w]),
  });
  return { sim, res, log };
}

describe('Resource', () => {
  it('grants up to capacity, queues FIFO, and hands released units on', () => {
    const { sim, res, log } = setup({ capacity: 2 });
    expect([0, 1, 2, 3].map((e) => res.request(e))).toEqual([Outcome.GRANTED, Outcome.GRANTED, Outcome.QUEUED, Outcome.QUEUED]);
    expect(res.queueLength).toBe(2);
    sim.call(5, () => res.release());
    sim.call(7, () => res.release());
    sim.run();
    expect(log).toEqual([['grant', 2, 5, 5], ['grant', 3, 7, 7]]);
    expect(res.inUse).toBe(2);
    expect(res.waits.count).toBe(4);
    expect(res.waits.mean).toBe(3);
    expect(() => new Resource(sim, { capacity: 1 }).release()).toThrow();
  });

  it('serves higher classes first and FIFO within a class', () => {
    const { sim, res, log } = setup({ capacity: 1, classes: 3 });
    res.request(0, 2);
    res.request(1, 2);
    res.request(2, 1);
    res.request(3, 0);
    res.request(4, 1);
    for (let i = 1; i <= 4; i++) sim.call(i, () => res.release(res.inUseBy(0) ? 0 : res.inUseBy(1) ? 1 : 2));
    sim.run();
    expect(log.map(([, e]) => e)).toEqual([3, 2, 4, 1]);
    expect(res.waitsBy(2).count).toBe(2);
  });

  it('never lends reserved units to another class until setReserved(cls, 0)', () => {
    const { sim, res, log } = setup({ capacity: 3, classes: 2 });
    res.setReserved(0, 1);
    expect([10, 11, 12].map((e) => res.request(e, 1))).toEqual([Outcome.GRANTED, Outcome.GRANTED, Outcome.QUEUED]);
    // Class 0 may use its reservation; class 1 still waits while it is held or idle.
    expect(res.request(0, 0)).toBe(Outcome.GRANTED);
    sim.call(1, () => res.release(0));
    sim.run(50);
    expect(res.inUseBy(1)).toBe(2);
    expect(log).toEqual([]);
    // When class 1 frees an ordinary unit, its waiter takes it; the reserved unit stays idle.
    sim.call(1, () => res.release(1));
    sim.run(60);
    expect(log).toEqual([['grant', 12, 51, 51]]);
    expect(res.request(13, 1)).toBe(Outcome.QUEUED);
    sim.call(1, () => res.setReserved(0, 0));
    sim.run(100);
    expect(log).toEqual([['grant', 12, 51, 51], ['grant', 13, 61, 1]]);
    expect(res.inUseBy(1)).toBe(3);
  });

  it('wouldGrant says whether a request would be granted now, without making or counting it', () => {
    const { res } = setup({ capacity: 2, classes: 2 });
    res.setReserved(0, 1);
    expect(res.wouldGrant(1)).toBe(true);
    expect(res.request(10, 1)).toBe(Outcome.GRANTED);
    // The last unit is held for class 0: class 1 would queue, class 0 would be granted.
    expect(res.wouldGrant(1)).toBe(false);
    expect(res.wouldGrant(0)).toBe(true);
    expect(res.arrivals).toBe(1);
    expect(res.request(11, 1)).toBe(Outcome.QUEUED);
    expect(res.request(12, 0)).toBe(Outcome.GRANTED);
    expect(res.wouldGrant(0)).toBe(false);
    expect(() => res.wouldGrant(2)).toThrow();
  });

  it('lets the reserving class use ordinary units too', () => {
    const { res } = setup({ capacity: 3, classes: 2 });
    res.setReserved(0, 1);
    expect([0, 1, 2].map((e) => res.request(e, 0))).toEqual([Outcome.GRANTED, Outcome.GRANTED, Outcome.GRANTED]);
    expect(res.request(3, 1)).toBe(Outcome.QUEUED);
  });

  it('reneges when patience runs out and grants those still waiting', () => {
    const { sim, res, log } = setup({ capacity: 1 });
    res.request(0);
    expect(res.request(1, 0, 10)).toBe(Outcome.QUEUED);
    expect(res.request(2, 0, 100)).toBe(Outcome.QUEUED);
    expect(res.request(3, 0, 20)).toBe(Outcome.QUEUED);
    sim.call(50, () => res.release());
    sim.run();
    expect(log).toEqual([['renege', 1, 10, 10], ['renege', 3, 20, 20], ['grant', 2, 50, 50]]);
    expect(res.reneged).toBe(2);
    expect(res.queueLength).toBe(0);
    expect(sim.pending).toBe(0); // entity 2's patience timer was cancelled
  });

  it('balks through the hook and blocks at the queue limit', () => {
    const { res } = setup({ capacity: 1, queueLimit: 3, balk: (q) => q >= 2 });
    expect([0, 1, 2, 3].map((e) => res.request(e))).toEqual([Outcome.GRANTED, Outcome.QUEUED, Outcome.QUEUED, Outcome.BALKED]);
    expect(res.balked).toBe(1);
    const { res: loss } = setup({ capacity: 2, queueLimit: 0 });
    expect([0, 1, 2, 3].map((e) => loss.request(e))).toEqual([Outcome.GRANTED, Outcome.GRANTED, Outcome.BLOCKED, Outcome.BLOCKED]);
    expect(loss.blocked).toBe(2);
    expect(loss.arrivals).toBe(4);
    expect(loss.queueLength).toBe(0);
  });

  it('withdraws a waiting request', () => {
    const { sim, res, log } = setup({ capacity: 1 });
    res.request(0);
    res.request(1, 0, 30);
    res.request(2);
    expect(res.withdraw(1)).toBe(true);
    expect(res.withdraw(1)).toBe(false);
    expect(res.withdraw(0)).toBe(false); // holds a unit, not waiting
    sim.call(5, () => res.release());
    sim.run();
    expect(log).toEqual([['grant', 2, 5, 5]]);
    expect(res.reneged).toBe(0);
  });

  it('lets units above a reduced capacity finish, then starts nobody until in-use < capacity', () => {
    const { sim, res, log } = setup({ capacity: 3 });
    [0, 1, 2, 3].forEach((e) => res.request(e));
    res.setCapacity(1);
    sim.call(1, () => res.release());
    sim.call(2, () => res.release());
    sim.call(3, () => res.release());
    sim.run();
    expect(log).toEqual([['grant', 3, 3, 3]]);
  });

  it('resets statistics after warm-up and keeps the state', () => {
    const { sim, res } = setup({ capacity: 2 });
    res.request(0);
    res.request(1);
    res.request(2);
    sim.call(10, () => res.release());
    sim.run(20);
    res.resetStats(sim.now);
    expect([res.arrivals, res.granted, res.waits.count, res.waitsBy(0).count]).toEqual([0, 0, 0, 0]);
    expect(res.inUse).toBe(2);
    expect(res.busy.mean(20)).toBe(2);
    sim.call(10, () => res.release()); // at 30: busy 1 from then on
    sim.run(40);
    expect(res.busy.integral(40)).toBe(2 * 10 + 1 * 10);
    expect(res.busy.mean(40)).toBe(1.5);
    expect(res.utilisation(40)).toBe(0.75);
    expect(res.queue.mean(40)).toBe(0);
  });
});

describe('WeeklySchedule', () => {
  const weekdays = [0, 1, 2, 3, 4];
  const schedule = new WeeklySchedule({
    sessions: [{ start: 840, end: 1020, capacity: 3 }, { start: 480, end: 720, capacity: 2 }],
    days: weekdays,
  });

  it('closes and opens capacity at the exact session boundaries', () => {
    const sim = new Simulation();
    const res = new Resource(sim, { capacity: 5 });
    const changes: Array<[boolean, number, number]> = [];
    schedule.attach(sim, res, (open, t) => changes.push([open, t, res.capacity]));
    expect(res.capacity).toBe(0);
    sim.run(2 * 10080);
    const expected: Array<[boolean, number, number]> = [];
    for (let w = 0; w < 2; w++) for (const d of weekdays) {
      const day = w * 10080 + d * 1440;
      expected.push([true, day + 480, 2], [false, day + 720, 0], [true, day + 840, 3], [false, day + 1020, 0]);
    }
    expect(changes).toEqual(expected);
    expect(res.capacityTw.integral(2 * 10080)).toBe(2 * schedule.weeklyUnitMinutes);
    expect(schedule.weeklyUnitMinutes).toBe(5 * (240 * 2 + 180 * 3));
  });

  it('adds dayDelta to every session of its weekday, hours unchanged', () => {
    const shifted = new WeeklySchedule({
      sessions: [{ start: 840, end: 1020, capacity: 3 }, { start: 480, end: 720, capacity: 2 }],
      days: weekdays,
      dayDelta: [0, 2, 0, -1, 0, 5, 0],
    });
    const sim = new Simulation();
    const res = new Resource(sim, { capacity: 0 });
    const caps: Array<[number, number]> = [];
    shifted.attach(sim, res, (_open, t) => caps.push([t, res.capacity]));
    sim.run(10080);
    const expected: Array<[number, number]> = [];
    for (const d of weekdays) {
      const add = [0, 2, 0, -1, 0][d];
      expected.push([d * 1440 + 480, 2 + add], [d * 1440 + 720, 0], [d * 1440 + 840, 3 + add], [d * 1440 + 1020, 0]);
    }
    expect(caps).toEqual(expected);
    expect(shifted.capacityAt(5 * 1440 + 600)).toBe(0); // Saturday is closed: its delta does nothing
    expect(shifted.weeklyUnitMinutes).toBe(schedule.weeklyUnitMinutes + (2 - 1) * (240 + 180));
    expect(res.capacityTw.integral(10080)).toBe(shifted.weeklyUnitMinutes);
    expect(() => new WeeklySchedule({ sessions: [{ start: 0, end: 60, capacity: 1 }], days: [2], dayDelta: [0, 0, -2, 0, 0, 0, 0] })).toThrow(/capacity -1/);
  });

  it('starts from the capacity in force when attached mid-week', () => {
    const sim = new Simulation();
    sim.run(4 * 1440 + 900); // Friday 15:00
    const res = new Resource(sim, { capacity: 0 });
    const times: number[] = [];
    schedule.attach(sim, res, (_open, t) => times.push(t));
    expect(res.capacity).toBe(3);
    sim.run(7 * 1440 + 600);
    expect(times).toEqual([4 * 1440 + 1020, 7 * 1440 + 480]);
    expect(res.capacity).toBe(2);
  });

  it('answers isOpen and nextOpen', () => {
    expect(schedule.isOpen(480)).toBe(true);
    expect(schedule.isOpen(720)).toBe(false);
    expect(schedule.nextOpen(720)).toBe(840);
    expect(schedule.nextOpen(500)).toBe(500);
    expect(schedule.nextOpen(4 * 1440 + 1020)).toBe(7 * 1440 + 480);
    expect(schedule.isOpen(5 * 1440 + 600)).toBe(false);
    expect(new WeeklySchedule({ sessions: [], days: [] }).nextOpen(0)).toBe(Infinity);
    expect(() => new WeeklySchedule({ sessions: [{ start: 0, end: 100, capacity: 1 }, { start: 50, end: 200, capacity: 1 }], days: [0] })).toThrow(RangeError);
  });

  it('looks times up the same way with whole-minute and fractional session bounds', () => {
    // Whole-minute bounds use a per-minute table; fractional ones the list of sessions.
    const days = [0, 2, 3, 6];
    const whole = new WeeklySchedule({ sessions: [{ start: 0, end: 30, capacity: 1 }, { start: 480, end: 720, capacity: 2 }, { start: 1410, end: 1440, capacity: 4 }], days });
    const nudged = new WeeklySchedule({ sessions: [{ start: 0, end: 30 + 1e-9, capacity: 1 }, { start: 480, end: 720 + 1e-9, capacity: 2 }, { start: 1410, end: 1440, capacity: 4 }], days });
    const brute = (t: number, nudge = 0): number => {
      const day = Math.floor(t / 1440) % 7;
      const m = t - Math.floor(t / 1440) * 1440;
      if (!days.includes(day) || m < 0) return 0;
      if (m < 30 + nudge) return 1;
      if (m >= 480 && m < 720 + nudge) return 2;
      return m >= 1410 ? 4 : 0;
    };
    const times: number[] = [];
    for (let d = 0; d < 9; d++) {
      for (const m of [0, 1e-7, 29.999999, 30, 30.5, 479.9999, 480, 600.25, 719.99999, 720, 1409.999, 1410, 1439.9999999]) times.push(d * 1440 + m);
      // A rounding error short of the next midnight (t / 1440 rounds up to the next day).
      times.push((d + 1) * 1440 - 1e-13);
    }
    times.push(-1, -1e-9, -0);
    for (const t of times) {
      expect(whole.capacityAt(t)).toBe(brute(t));
      expect(whole.isOpen(t)).toBe(brute(t) > 0);
      expect(nudged.capacityAt(t)).toBe(brute(t, 1e-9));
    }
    expect(nudged.isOpen(30 + 5e-10)).toBe(true);
    expect(whole.isOpen(30 + 5e-10)).toBe(false);
  });
});
