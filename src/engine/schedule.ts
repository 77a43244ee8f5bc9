/**
 * Weekly opening hours. Sessions [start, end) in minutes from midnight, each with a
 * capacity, apply on the listed weekdays (0 = Monday; time 0 is Monday 00:00); `dayDelta`
 * (optional, one integer per weekday) adds to every session's capacity on that weekday, so
 * that the hours stay the same while the number of units differs from day to day. Outside
 * sessions the capacity is `closedCapacity` (default 0). Attached to a Resource, the
 * schedule sets its capacity with one event per change of capacity (URGENT priority, so
 * a change at time t precedes other events at t).
 */
import { MINUTES_PER_DAY, MINUTES_PER_WEEK } from './arrivals.js';
import type { Resource } from './resource.js';
import { Priority, type Simulation } from './simulation.js';

export interface Session {
  start: number;
  end: number;
  capacity: number;
}

export class WeeklySchedule {
  readonly sessions: readonly Session[];
  readonly days: readonly number[];
  readonly closedCapacity: number;
  /** Per weekday, what is added to every session's capacity that day (all zero unless given). */
  readonly dayDelta: readonly number[];
  /** Total open unit-minutes per week: sum over open days and sessions of (end - start) × capacity. */
  readonly weeklyUnitMinutes: number;
  /** Times within the week (ascending) at which the capacity changes, and the capacity from then on. */
  private readonly changeTimes: Float64Array;
  private readonly changeCaps: Int32Array;
  private readonly changeOpen: Uint8Array;
  private readonly openDay: Uint8Array;
  /**
   * When every session starts and ends on a whole minute: per minute of the day, 1 + the
   * index of the session it falls in (0: none), so that looking a time up is one index.
   */
  private readonly minuteSession: Uint8Array | null;

  constructor(opts: { sessions: Session[]; days: number[]; closedCapacity?: number; dayDelta?: readonly number[] }) {
    const sessions = [...opts.sessions].sort((a, b) => a.start - b.start);
    const closed = opts.closedCapacity ?? 0;
    if (!Number.isInteger(closed) || closed < 0) throw new RangeError(`WeeklySchedule: closedCapacity must be a non-negative integer, got ${closed}`);
    sessions.forEach((s, i) => {
      if (!(s.start >= 0 && s.start < s.end && s.end <= MINUTES_PER_DAY)) {
        throw new RangeError(`WeeklySchedule: session ${s.start}-${s.end} must satisfy 0 <= start < end <= 1440`);
      }
      if (!Number.isInteger(s.capacity) || s.capacity < 0) throw new RangeError(`WeeklySchedule: session capacity must be a non-negative integer, got ${s.capacity}`);
      if (i > 0 && s.start < sessions[i - 1].end) throw new RangeError(`WeeklySchedule: sessions overlap at minute ${s.start}`);
    });
    const days = [...new Set(opts.days)].sort((a, b) => a - b);
    for (const d of days) if (!Number.isInteger(d) || d < 0 || d > 6) throw new RangeError(`WeeklySchedule: weekday must be an integer 0..6, got ${d}`);
    const delta = opts.dayDelta ?? [0, 0, 0, 0, 0, 0, 0];
    if (delta.length !== 7 || !delta.every((x) => Number.isInteger(x))) throw new RangeError(`WeeklySchedule: dayDelta must be 7 integers, got ${JSON.stringify(delta)}`);
    for (const d of days) for (const s of sessions) {
      if (s.capacity + delta[d] < 0) throw new RangeError(`WeeklySchedule: session ${s.start}-${s.end} on weekday ${d} would have capacity ${s.capacity + delta[d]}`);
    }
    this.sessions = sessions;
    this.days = days;
    this.closedCapacity = closed;
    this.dayDelta = [...delta];
    this.openDay = Uint8Array.from({ length: 7 }, (_, d) => (days.includes(d) ? 1 : 0));
    // m in [start, end) iff floor(m) in [start, end) when start and end are integers.
    const whole = sessions.length < 256 && sessions.every((x) => Number.isInteger(x.start) && Number.isInteger(x.end));
    this.minuteSession = whole ? new Uint8Array(MINUTES_PER_DAY) : null;
    if (this.minuteSession) sessions.forEach((x, i) => this.minuteSession!.fill(i + 1, x.start, x.end));
    const sessionMinutes = sessions.reduce((s, x) => s + (x.end - x.start), 0);
    this.weeklyUnitMinutes = days.length * sessions.reduce((s, x) => s + (x.end - x.start) * x.capacity, 0)
      + days.reduce((w, d) => w + delta[d] * sessionMinutes, 0);

    // Candidate boundaries within the week, keeping those where capacity or openness changes.
    const candidates = new Set<number>();
    for (const d of days) for (const s of sessions) {
      candidates.add(d * MINUTES_PER_DAY + s.start);
      candidates.add((d * MINUTES_PER_DAY + s.end) % MINUTES_PER_WEEK);
    }
    const sorted = [...candidates].sort((a, b) => a - b);
    const times: number[] = [];
    const caps: number[] = [];
    const open: boolean[] = [];
    sorted.forEach((t, i) => {
      const prev = sorted[(i - 1 + sorted.length) % sorted.length];
      if (this.capacityAt(t) !== this.capacityAt(prev) || this.isOpen(t) !== this.isOpen(prev)) {
        times.push(t);
        caps.push(this.capacityAt(t));
        open.push(this.isOpen(t));
      }
    });
    this.changeTimes = Float64Array.from(times);
    this.changeCaps = Int32Array.from(caps);
    this.changeOpen = Uint8Array.from(open.map(Number));
  }

  /** Whether time t (minutes from Monday 00:00) falls in a session on an open day. */
  isOpen(t: number): boolean {
    return this.sessionAt(t) !== undefined;
  }

  /** Capacity at time t. */
  capacityAt(t: number): number {
    const s = this.sessionAt(t);
    return s === undefined ? this.closedCapacity : s.capacity + this.dayDelta[Math.floor(t / MINUTES_PER_DAY) % 7];
  }

  /** Next time >= t at which the schedule is open (t itself if open); Infinity if never open. */
  nextOpen(t: number): number {
    if (this.isOpen(t)) return t;
    const n = this.changeTimes.length;
    if (n === 0) return Infinity;
    const week = Math.floor(t / MINUTES_PER_WEEK) * MINUTES_PER_WEEK;
    for (let w = 0; w <= 1; w++) {
      for (let i = 0; i < n; i++) {
        const c = week + w * MINUTES_PER_WEEK + this.changeTimes[i];
        if (c > t && this.changeOpen[i] === 1) return c;
      }
    }
    return Infinity;
  }

  /**
   * Sets `res` (one resource, or several that keep the same hours) to the capacity at the
   * current time and then changes it at each boundary, for as long as the simulation runs:
   * one event per boundary however many resources follow it. `onChange(open, t)` is told of
   * every change. (Keeps events pending forever: run the simulation with an `until`.)
   */
  attach(sim: Simulation, res: Resource | readonly Resource[], onChange?: (open: boolean, t: number) => void): void {
    const all: readonly Resource[] = Array.isArray(res) ? res : [res as Resource];
    const cap0 = this.capacityAt(sim.now);
    for (const r of all) r.setCapacity(cap0);
    const n = this.changeTimes.length;
    if (n === 0) return;
    let week = Math.floor(sim.now / MINUTES_PER_WEEK) * MINUTES_PER_WEEK;
    let i = 0;
    while (i < n && week + this.changeTimes[i] <= sim.now) i++;
    if (i === n) {
      i = 0;
      week += MINUTES_PER_WEEK;
    }
    const kind = sim.defineKind((idx) => {
      const cap = this.changeCaps[idx];
      for (let k = 0; k < all.length; k++) all[k].setCapacity(cap);
      if (onChange !== undefined) onChange(this.changeOpen[idx] === 1, sim.now);
      let next = idx + 1;
      if (next === n) {
        next = 0;
        week += MINUTES_PER_WEEK;
      }
      sim.scheduleAt(week + this.changeTimes[next], kind, next, Priority.URGENT);
    }, 'schedule');
    sim.scheduleAt(week + this.changeTimes[i], kind, i, Priority.URGENT);
  }

  private sessionAt(t: number): Session | undefined {
    const day = Math.floor(t / MINUTES_PER_DAY) % 7;
    if (this.openDay[day] !== 1) return undefined;
    const m = t - Math.floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
    const table = this.minuteSession;
    if (table !== null) {
      // m is in [0, 1440) but for times a rounding error short of midnight (m < 0: no session).
      const i = m >= 0 ? table[Math.floor(m)] : 0;
      return i === 0 ? undefined : this.sessions[i - 1];
    }
    for (const s of this.sessions) if (m >= s.start && m < s.end) return s;
    return undefined;
  }
}
