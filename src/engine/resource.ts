/**
 * A pool of identical units (servers, slots, places) with a waiting line.
 *
 * Waiting requests sit in one FIFO ring per priority class (class 0 is served first).
 * Each waiting request occupies a slot in a pool of typed arrays; the rings hold slot
 * numbers. A slot's timer entry also tells its state: a patience timer's handle (>= 0),
 * NO_TIMER (waiting without patience) or NOT_WAITING (free, granted, or tombstoned).
 * Withdrawn or reneged requests are tombstoned in place and their slots reclaimed
 * when they reach the head of their ring. Patience timers are simulation events of one
 * kind per resource (NORMAL priority) whose entity is the slot, cancelled when the request
 * leaves the line.
 * No allocation per request or release.
 *
 * Dispatch invariant: after every change of state no waiting request is eligible to start.
 *
 * `request` and `release` have fast paths for the common case of one class holding more
 * units than it has reserved (no reservation in force). Each is guarded so that it does
 * exactly what the general path would do, in the same order, with the same statistics.
 */
import type { Simulation } from './simulation.js';
import { Tally, TimeWeighted } from './stats.js';

/** Result of `Resource.request`. */
export const Outcome = { GRANTED: 0, QUEUED: 1, BLOCKED: 2, BALKED: 3 } as const;
export type OutcomeCode = (typeof Outcome)[keyof typeof Outcome];

export interface ResourceOptions {
  /** Number of units (servers, slots, places). */
  capacity: number;
  /** Number of priority classes, 0 = highest; FIFO within a class (default 1). */
  classes?: number;
  /** Most requests that may wait; 0 makes a loss system (Erlang B). Default Infinity. */
  queueLimit?: number;
  name?: string;
  /** Called when a QUEUED request gets a unit, with the time it waited. */
  onGrant?: (entity: number, waited: number) => void;
  /** Called when a waiting request's patience runs out; it has left the line. */
  onRenege?: (entity: number, waited: number) => void;
  /** Consulted when an arrival would have to wait; true turns it away (BALKED). */
  balk?: (queueLength: number, cls: number) => boolean;
}

/** Slot timer entries that are not a patience timer's handle. */
const NO_TIMER = -1;
const NOT_WAITING = -2;

/** FIFO ring of slot numbers, growing by doubling. */
class Ring {
  buf = new Int32Array(16);
  head = 0;
  len = 0;
  push(x: number): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & (this.buf.length - 1)] = x;
    this.len++;
  }
  private grow(): void {
    const b = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.len; i++) b[i] = this.buf[(this.head + i) & (this.buf.length - 1)];
    this.buf = b;
    this.head = 0;
  }
  peek(): number {
    return this.buf[this.head];
  }
  shift(): number {
    const x = this.buf[this.head];
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.len--;
    return x;
  }
}

export class Resource {
  readonly name: string;
  readonly classes: number;
  readonly queueLimit: number;
  private readonly sim: Simulation;
  private readonly onGrant: ResourceOptions['onGrant'];
  private readonly onRenege: ResourceOptions['onRenege'];
  private readonly balk: ResourceOptions['balk'];
  private readonly renegeKind: number;

  private cap: number;
  private used = 0;
  private readonly usedBy: Int32Array;
  private readonly reserved: Int32Array;
  /** Sum over classes of max(0, reserved - inUseBy). */
  private reservedIdle = 0;

  private readonly rings: Ring[];
  /** rings[0], read by the one-class fast paths without the array. */
  private readonly ring0: Ring;
  /** Requests waiting by class; kept only with several classes (with one, `waiting` is it). */
  private readonly waitingBy: Int32Array;
  private waiting = 0;
  /** No balk hook and no queue limit: a one-class request that cannot start always queues. */
  private readonly openLine: boolean;

  // Slot pool of waiting requests.
  private slotEntity = new Int32Array(16);
  private slotArrival = new Float64Array(16);
  /** Patience timer's handle, NO_TIMER or NOT_WAITING (see the file's comment). */
  private slotTimer = new Float64Array(16);
  /** Class of the request in the slot; with one class never written (always 0). */
  private slotClass = new Int32Array(16);
  private freeSlots = new Int32Array(16);
  private freeCount = 0;
  private slotCount = 0;
  /** Tombstoned slots still in a ring (withdrawn or reneged, not yet reclaimed). */
  private dead = 0;

  /** Wait of every granted request (0 for immediate grants), all classes. */
  readonly waits = new Tally();
  private readonly waitsByClass: Tally[];
  /** Units in use over time. */
  readonly busy: TimeWeighted;
  /** Queue length over time. */
  readonly queue: TimeWeighted;
  /** Capacity over time. */
  readonly capacityTw: TimeWeighted;
  private nArrivals = 0;
  private nGranted = 0;
  private nBlocked = 0;
  private nReneged = 0;
  private nBalked = 0;

  constructor(sim: Simulation, opts: ResourceOptions) {
    const classes = opts.classes ?? 1;
    const queueLimit = opts.queueLimit ?? Infinity;
    if (!Number.isInteger(opts.capacity) || opts.capacity < 0) {
      throw new RangeError(`Resource: capacity must be a non-negative integer, got ${opts.capacity}`);
    }
    if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`Resource: classes must be a positive integer, got ${classes}`);
    if (!(queueLimit >= 0)) throw new RangeError(`Resource: queueLimit must be >= 0, got ${queueLimit}`);
    this.sim = sim;
    this.name = opts.name ?? 'resource';
    this.classes = classes;
    this.queueLimit = queueLimit;
    this.onGrant = opts.onGrant;
    this.onRenege = opts.onRenege;
    this.balk = opts.balk;
    this.cap = opts.capacity;
    this.usedBy = new Int32Array(classes);
    this.reserved = new Int32Array(classes);
    this.waitingBy = new Int32Array(classes);
    this.rings = Array.from({ length: classes }, () => new Ring());
    this.ring0 = this.rings[0];
    this.openLine = opts.balk === undefined && queueLimit === Infinity;
    // With one class, the class tally is the overall one (one Welford update per grant).
    this.waitsByClass = classes === 1 ? [this.waits] : Array.from({ length: classes }, () => new Tally());
    this.busy = new TimeWeighted(sim.now, 0);
    this.queue = new TimeWeighted(sim.now, 0);
    this.capacityTw = new TimeWeighted(sim.now, this.cap);
    this.renegeKind = sim.defineKind((slot) => this.renege(slot), `${this.name}/renege`);
  }

  get capacity(): number {
    return this.cap;
  }
  get inUse(): number {
    return this.used;
  }
  /** Requests waiting (all classes). */
  get queueLength(): number {
    return this.waiting;
  }
  /**
   * Whether a request of class `cls` made now would be granted at once (a unit free to it,
   * the idle reservations of other classes respected), without making it or counting it.
   */
  wouldGrant(cls = 0): boolean {
    return this.canStart(this.checkClass(cls));
  }
  inUseBy(cls: number): number {
    return this.usedBy[this.checkClass(cls)];
  }
  /** Requests of class `cls` waiting. */
  queueLengthBy(cls: number): number {
    return this.waitingIn(this.checkClass(cls));
  }
  waitsBy(cls: number): Tally {
    return this.waitsByClass[this.checkClass(cls)];
  }
  get arrivals(): number {
    return this.nArrivals;
  }
  get granted(): number {
    return this.nGranted;
  }
  get blocked(): number {
    return this.nBlocked;
  }
  get reneged(): number {
    return this.nReneged;
  }
  get balked(): number {
    return this.nBalked;
  }

  /**
   * Requests one unit for `entity` in class `cls`. GRANTED: the unit is held now (onGrant is
   * not called). QUEUED: onGrant fires when a unit is granted, or onRenege after `patience`.
   * BLOCKED: the line is at queueLimit. BALKED: the balk hook turned the arrival away.
   */
  request(entity: number, cls = 0, patience = Infinity): OutcomeCode {
    if (cls === 0 && this.classes === 1 && this.reservedIdle === 0) {
      // Fast path, one class and no idle reserved unit: canStart(0) is used < cap, take(0)
      // leaves reservedIdle alone, and the class tally is `waits`.
      this.nArrivals++;
      if (this.used < this.cap) {
        this.used++;
        this.usedBy[0]++;
        this.nGranted++;
        this.busy.update(this.sim.now, this.used);
        this.waits.add(0);
        return Outcome.GRANTED;
      }
      if (patience === Infinity && this.openLine) {
        // Queued without a patience timer (enqueue's last branch, written out: it is hot).
        const slot = this.allocSlot();
        this.slotEntity[slot] = entity;
        this.slotArrival[slot] = this.sim.now;
        // slotClass[slot] is 0 already: with one class it is never written.
        this.slotTimer[slot] = NO_TIMER;
        this.ring0.push(slot);
        this.waiting++;
        this.queue.update(this.sim.now, this.waiting);
        return Outcome.QUEUED;
      }
      return this.enqueue(entity, 0, patience);
    }
    return this.requestGeneral(entity, cls, patience);
  }

  /** `request` for several classes or with reserved units idle (out of line, so that `request` stays small enough to inline). */
  private requestGeneral(entity: number, cls: number, patience: number): OutcomeCode {
    this.checkClass(cls);
    this.nArrivals++;
    if (this.canStart(cls)) {
      this.take(cls);
      this.busy.update(this.sim.now, this.used);
      this.waits.add(0);
      if (this.classes > 1) this.waitsByClass[cls].add(0);
      return Outcome.GRANTED;
    }
    return this.enqueue(entity, cls, patience);
  }

  /** A request that cannot start now: BLOCKED, BALKED or QUEUED (with its patience timer). */
  private enqueue(entity: number, cls: number, patience: number): OutcomeCode {
    const now = this.sim.now;
    if (this.waiting >= this.queueLimit) {
      this.nBlocked++;
      return Outcome.BLOCKED;
    }
    if (this.balk !== undefined && this.balk(this.waiting, cls)) {
      this.nBalked++;
      return Outcome.BALKED;
    }
    if (!(patience >= 0)) throw new RangeError(`Resource ${this.name}: patience must be >= 0, got ${patience}`);
    const slot = this.allocSlot();
    this.slotEntity[slot] = entity;
    this.slotArrival[slot] = now;
    if (this.classes > 1) this.slotClass[slot] = cls;
    this.slotTimer[slot] = patience === Infinity ? NO_TIMER : this.sim.schedule(patience, this.renegeKind, slot);
    this.rings[cls].push(slot);
    this.countWaiting(cls, 1, now);
    return Outcome.QUEUED;
  }

  /** Returns one unit held by class `cls` and grants free units to eligible waiters. */
  release(cls = 0): void {
    if (cls === 0 && this.classes === 1 && this.used > this.reserved[0]) {
      // Fast paths, one class holding more than its reservation: reservedIdle is 0 before
      // and after, and canStart(0) is used < cap.
      if (this.waiting === 0 || this.used > this.cap) {
        // Nobody waits, or the line stays blocked (in use >= capacity after the release).
        this.used--;
        this.usedBy[0]--;
        this.busy.update(this.sim.now, this.used);
        return;
      }
      if (this.used === this.cap) {
        // Exactly one waiter becomes eligible: the general path's dispatch would grant the unit
        // to the head of the line and stop there, leaving in use unchanged. Its steps, in order:
        const now = this.sim.now;
        const slot = this.ring0.shift();
        const entity = this.slotEntity[slot];
        const waited = now - this.slotArrival[slot];
        const timer = this.slotTimer[slot];
        if (timer >= 0) this.sim.cancel(timer);
        this.freeSlot(slot);
        this.waiting--;
        this.queue.update(now, this.waiting);
        this.dropDeadHead(this.ring0);
        this.nGranted++;
        this.waits.add(waited);
        // In use is unchanged (the unit passed straight on): no busy-time record, as in the
        // general path below.
        if (this.onGrant !== undefined) this.onGrant(entity, waited);
        return;
      }
      // Waiters and a free unit: only from an onGrant hook while another dispatch is granting.
    }
    this.releaseGeneral(cls);
  }

  /** `release` by the general rule (out of line, so that `release` stays small enough to inline). */
  private releaseGeneral(cls: number): void {
    this.checkClass(cls);
    if (this.usedBy[cls] === 0) throw new Error(`Resource ${this.name}: release by class ${cls}, which holds no unit`);
    if (this.usedBy[cls] <= this.reserved[cls]) this.reservedIdle++;
    this.usedBy[cls]--;
    this.used--;
    // A unit handed straight to a waiter leaves `used` unchanged: record busy once, after,
    // and only if it changed (every other change of `used` records itself).
    this.dispatch();
    if (this.busy.value !== this.used) this.busy.update(this.sim.now, this.used);
  }

  /** Removes the first waiting request of `entity` from the line; false if it was not waiting. O(pool size). */
  withdraw(entity: number): boolean {
    for (let s = 0; s < this.slotCount; s++) {
      if (this.slotTimer[s] !== NOT_WAITING && this.slotEntity[s] === entity) {
        this.leave(s);
        return true;
      }
    }
    return false;
  }

  /**
   * Changes the number of units. Units in use above the new capacity finish normally;
   * nobody new starts until in-use < capacity.
   */
  setCapacity(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Resource ${this.name}: capacity must be a non-negative integer, got ${n}`);
    this.cap = n;
    this.capacityTw.update(this.sim.now, n);
    this.dispatch();
    this.busy.update(this.sim.now, this.used);
  }

  /**
   * Holds `n` units for class `cls` only: another class may start only while the free units
   * exceed the reserved units that their classes are not using. setReserved(cls, 0) releases
   * them to everyone and dispatches waiters.
   */
  setReserved(cls: number, n: number): void {
    this.checkClass(cls);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Resource ${this.name}: reserved units must be a non-negative integer, got ${n}`);
    this.reservedIdle -= Math.max(0, this.reserved[cls] - this.usedBy[cls]);
    this.reserved[cls] = n;
    this.reservedIdle += Math.max(0, n - this.usedBy[cls]);
    this.dispatch();
    this.busy.update(this.sim.now, this.used);
  }

  /** Units reserved for class `cls`. */
  reservedFor(cls: number): number {
    return this.reserved[this.checkClass(cls)];
  }

  /** Time average of units in use divided by time average of capacity, since the last reset. */
  utilisation(now: number): number {
    return this.busy.integral(now) / this.capacityTw.integral(now);
  }

  /** Starts a new statistics window at `now` (warm-up deletion); current state is kept. */
  resetStats(now: number): void {
    this.waits.reset();
    if (this.classes > 1) for (const t of this.waitsByClass) t.reset();
    this.busy.reset(now);
    this.queue.reset(now);
    this.capacityTw.reset(now);
    this.nArrivals = 0;
    this.nGranted = 0;
    this.nBlocked = 0;
    this.nReneged = 0;
    this.nBalked = 0;
  }

  /** Whether a request of class `cls` may take a unit now. */
  private canStart(cls: number): boolean {
    if (this.reservedIdle === 0) return this.used < this.cap;
    const free = this.cap - this.used;
    const own = this.reserved[cls] - this.usedBy[cls];
    const othersIdle = this.reservedIdle - (own > 0 ? own : 0);
    return free > othersIdle;
  }

  /** Takes a unit for class `cls` (busy time is recorded by the caller, once per change of state). */
  private take(cls: number): void {
    if (this.usedBy[cls] < this.reserved[cls]) this.reservedIdle--;
    this.usedBy[cls]++;
    this.used++;
    this.nGranted++;
  }

  /** Grants units to eligible waiters, highest class first, FIFO within a class, until none is eligible. */
  private dispatch(): void {
    const now = this.sim.now;
    let cls = 0;
    while (cls < this.classes) {
      if (this.waitingIn(cls) === 0 || !this.canStart(cls)) {
        cls++;
        continue;
      }
      const ring = this.rings[cls];
      const slot = ring.shift();
      const entity = this.slotEntity[slot];
      const waited = now - this.slotArrival[slot];
      const timer = this.slotTimer[slot];
      if (timer >= 0) this.sim.cancel(timer);
      this.freeSlot(slot);
      this.countWaiting(cls, -1, now);
      this.dropDeadHead(ring);
      this.take(cls);
      this.waits.add(waited);
      if (this.classes > 1) this.waitsByClass[cls].add(waited);
      if (this.onGrant !== undefined) this.onGrant(entity, waited);
      cls = 0;
    }
  }

  private renege(slot: number): void {
    this.slotTimer[slot] = NO_TIMER;
    const entity = this.slotEntity[slot];
    const waited = this.sim.now - this.slotArrival[slot];
    this.leave(slot);
    this.nReneged++;
    if (this.onRenege !== undefined) this.onRenege(entity, waited);
  }

  /** Takes a waiting request out of the line (tombstone) and cancels its patience timer. */
  private leave(slot: number): void {
    const cls = this.slotClass[slot];
    const timer = this.slotTimer[slot];
    this.slotTimer[slot] = NOT_WAITING;
    this.dead++;
    if (timer >= 0) this.sim.cancel(timer);
    this.countWaiting(cls, -1, this.sim.now);
    this.dropDeadHead(this.rings[cls]);
  }

  /** Reclaims tombstoned slots at the head of a ring, so the head is always a live request. */
  private dropDeadHead(ring: Ring): void {
    // Without tombstones (no withdrawal or renege pending reclamation) the head is live.
    if (this.dead === 0) return;
    while (ring.len > 0 && this.slotTimer[ring.peek()] === NOT_WAITING) {
      this.releaseSlot(ring.shift());
      this.dead--;
    }
  }

  /**
   * A request of class `cls` joins (+1) or leaves (-1) the line at `now`: the counts and the
   * queue-length record (the one-class fast paths of request and release write this out).
   */
  private countWaiting(cls: number, delta: number, now: number): void {
    if (this.classes > 1) this.waitingBy[cls] += delta;
    this.waiting += delta;
    this.queue.update(now, this.waiting);
  }

  /** Requests of class `cls` waiting. */
  private waitingIn(cls: number): number {
    return this.classes === 1 ? this.waiting : this.waitingBy[cls];
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotCount === this.slotEntity.length) this.growSlots();
    return this.slotCount++;
  }

  /** A granted request leaves the line: its slot is no longer waiting and goes back to the pool. */
  private freeSlot(slot: number): void {
    this.slotTimer[slot] = NOT_WAITING;
    this.releaseSlot(slot);
  }

  private releaseSlot(slot: number): void {
    this.freeSlots[this.freeCount++] = slot;
  }

  private growSlots(): void {
    const n = this.slotEntity.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.slotEntity = grow(this.slotEntity, new Int32Array(n));
    this.slotArrival = grow(this.slotArrival, new Float64Array(n));
    this.slotTimer = grow(this.slotTimer, new Float64Array(n));
    this.slotClass = grow(this.slotClass, new Int32Array(n));
    this.freeSlots = grow(this.freeSlots, new Int32Array(n));
  }

  private checkClass(cls: number): number {
    if (!(cls >= 0 && cls < this.classes) || !Number.isInteger(cls)) {
      throw new RangeError(`Resource ${this.name}: class must be an integer in [0, ${this.classes}), got ${cls}`);
    }
    return cls;
  }
}
