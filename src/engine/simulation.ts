/**
 * The simulation clock and run loop. Events are (time, kind, entity) triples in an
 * `EventQueue`; running one calls the handler bound to its kind with its entity.
 * Two convenience forms sit on top for cold paths: `call` (a closure) and `process`
 * (a generator that yields delays or Signals).
 */
import { EventQueue } from './queue.js';

/** Named priorities: at equal times, lower values run first. NORMAL is the default. */
export const Priority = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 } as const;

/** Runs one event of a kind; receives the event's entity. */
export type Handler = (entity: number) => void;

/** What a process generator may yield: a delay, or a Signal to wait for. */
export type ProcessGenerator = Generator<number | Signal, void, unknown>;

/** The error for a negative or NaN delay (out of line, so that `schedule` stays small enough to inline). */
function badDelay(delay: number): never {
  throw new RangeError(`schedule: delay must be >= 0, got ${delay}`);
}

export class Simulation {
  /** Current simulated time. */
  now = 0;
  private readonly queue: EventQueue;
  private readonly handlers: Handler[] = [];
  private readonly kindNames: string[] = [];
  private processed = 0;
  private stopped = false;

  // Closures for `call`: a slot table with a free list.
  private readonly callFns: Array<(() => void) | undefined> = [];
  private readonly callFree: number[] = [];
  private readonly callKind: number;

  // Generators for `process`, with the value each resumes with.
  private readonly procs: Array<ProcessGenerator | undefined> = [];
  private readonly procValues: unknown[] = [];
  private readonly procFree: number[] = [];
  private readonly procKind: number;

  constructor(opts: { initialCapacity?: number } = {}) {
    this.queue = new EventQueue(opts.initialCapacity ?? 1024);
    this.callKind = this.defineKind((slot) => this.runCall(slot), 'call');
    this.procKind = this.defineKind((slot) => this.resume(slot), 'process');
    this.queue.onDrop = (kind, entity) => {
      if (kind === this.callKind) this.freeCall(entity);
    };
  }

  /** Number of events run so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.queue.live;
  }

  /** Events pending by kind: element k counts the pending events of kind k (O(pending)). */
  pendingByKind(): number[] {
    const counts = new Array<number>(this.handlers.length).fill(0);
    this.queue.countByKind(counts);
    return counts;
  }

  /** Allocates a new event kind bound to `handler`; returns its id (a small integer). */
  defineKind(handler: Handler, name?: string): number {
    this.handlers.push(handler);
    this.kindNames.push(name ?? `kind${this.handlers.length - 1}`);
    return this.handlers.length - 1;
  }

  /** The name given to a kind in `defineKind`. */
  kindName(kind: number): string {
    return this.kindNames[kind];
  }

  /**
   * Schedules `kind`/`entity` at now + delay. Events run in order of time, then priority
   * (lower first), then insertion. Returns a handle for `cancel`.
   */
  schedule(delay: number, kind: number, entity: number, priority: number = 2): number {
    // The default is Priority.NORMAL written as a literal: reading the module constant costs a
    // guarded load on every call, and a literal keeps `schedule` small enough to inline.
    if (!(delay >= 0)) badDelay(delay);
    return this.queue.push(this.now + delay, kind, entity, priority);
  }

  /** Schedules `kind`/`entity` at absolute `time` (not before now). */
  scheduleAt(time: number, kind: number, entity: number, priority: number = Priority.NORMAL): number {
    if (!(time >= this.now)) throw new RangeError(`scheduleAt: time ${time} is before now (${this.now})`);
    return this.queue.push(time, kind, entity, priority);
  }

  /** Cancels a pending event (tombstone, O(1)). A handle that already ran or was cancelled is ignored. */
  cancel(handle: number): void {
    this.queue.cancel(handle);
  }

  /** Runs `fn` at now + delay (cold-path form: allocates a closure slot). Returns a handle. */
  call(delay: number, fn: () => void, priority: number = Priority.NORMAL): number {
    const slot = this.callFree.length > 0 ? this.callFree.pop()! : this.callFns.length;
    this.callFns[slot] = fn;
    try {
      return this.schedule(delay, this.callKind, slot, priority);
    } catch (err) {
      this.freeCall(slot);
      throw err;
    }
  }

  /**
   * Starts a generator process at the current time (after events already scheduled for now).
   * It yields a number to wait that long, or a Signal to wait until it fires; `yield` then
   * evaluates to the signal's value (undefined after a delay).
   */
  process(gen: ProcessGenerator): void {
    const slot = this.procFree.length > 0 ? this.procFree.pop()! : this.procs.length;
    this.procs[slot] = gen;
    this.procValues[slot] = undefined;
    this.schedule(0, this.procKind, slot);
  }

  /**
   * Runs events until the queue is empty, `stop()` is called, or the next event is later
   * than `until`. Unless stopped, a finite `until` leaves `now = until`, so a run can be
   * resumed with a later horizon.
   */
  run(until = Infinity): void {
    if (!(until >= this.now)) throw new RangeError(`run: until ${until} is before now (${this.now})`);
    this.stopped = false;
    const q = this.queue;
    const handlers = this.handlers;
    const bounded = until !== Infinity;
    while (!this.stopped && q.size !== 0) {
      if (bounded && q.peekTime() > until) break;
      if (!q.pop()) {
        if (q.outKind === this.callKind) this.freeCall(q.outEntity);
        continue;
      }
      this.now = q.outTime;
      this.processed++;
      handlers[q.outKind](q.outEntity);
    }
    if (!this.stopped && until !== Infinity) this.now = until;
  }

  /** Runs the next pending event; returns false if none is left. */
  step(): boolean {
    const q = this.queue;
    while (q.size !== 0) {
      if (!q.pop()) {
        if (q.outKind === this.callKind) this.freeCall(q.outEntity);
        continue;
      }
      this.now = q.outTime;
      this.processed++;
      this.handlers[q.outKind](q.outEntity);
      return true;
    }
    return false;
  }

  /** Makes `run` return after the event being processed. */
  stop(): void {
    this.stopped = true;
  }

  /** @internal Resumes the process in `slot` with `value` at the current time (used by Signal). */
  wake(slot: number, value: unknown): void {
    this.procValues[slot] = value;
    this.schedule(0, this.procKind, slot);
  }

  private runCall(slot: number): void {
    const fn = this.callFns[slot]!;
    this.freeCall(slot);
    fn();
  }

  private freeCall(slot: number): void {
    this.callFns[slot] = undefined;
    this.callFree.push(slot);
  }

  private resume(slot: number): void {
    const gen = this.procs[slot]!;
    const value = this.procValues[slot];
    this.procValues[slot] = undefined;
    const r = gen.next(value);
    if (r.done) {
      this.procs[slot] = undefined;
      this.procFree.push(slot);
      return;
    }
    const y = r.value;
    if (typeof y === 'number') {
      this.schedule(y, this.procKind, slot);
    } else if (y instanceof Signal) {
      y.wait(slot);
    } else {
      throw new TypeError(`process yielded ${String(y)}; expected a delay (number) or a Signal`);
    }
  }
}

/** A one-shot event for processes: those waiting on it resume, in the order they waited, when fire() is called. */
export class Signal {
  private readonly sim: Simulation;
  private waiters: number[] = [];
  private isFired = false;
  private firedValue: unknown = undefined;

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  /** True once fire() has been called. */
  get fired(): boolean {
    return this.isFired;
  }

  /** The value given to fire() (undefined before). */
  get value(): unknown {
    return this.firedValue;
  }

  /** Fires the signal: every waiting process resumes at the current time with `value`. Fires once only. */
  fire(value?: unknown): void {
    if (this.isFired) throw new Error('Signal already fired');
    this.isFired = true;
    this.firedValue = value;
    for (const slot of this.waiters) this.sim.wake(slot, value);
    this.waiters = [];
  }

  /** @internal Registers a process slot; a fired signal resumes it at once (at the current time). */
  wait(slot: number): void {
    if (this.isFired) this.sim.wake(slot, this.firedValue);
    else this.waiters.push(slot);
  }
}
