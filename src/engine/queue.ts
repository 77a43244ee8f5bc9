/**
 * The pending-event set: a 4-ary min-heap over typed arrays.
 *
 * Each entry holds a time, an order key, a kind and an entity. The order key is
 * `priority * 2^40 + sequence`, so entries pop in order of time, then priority
 * (lower first), then insertion. The sequence number is the entry's handle.
 * Times sit in their own Float64Array, so that comparing four children reads one or two
 * cache lines; key, entity and kind sit together in 16 bytes of a second buffer (a
 * Float64Array view to move them as two doubles, an Int32Array view to read and write
 * entity and kind), so that moving an entry up or down touches two cache lines, not four.
 * The kind is the high word of the second double: kinds are below 2^20, so that double is
 * never a NaN and its bits are moved unchanged.
 *
 * Cancellation is by tombstone: `cancel(handle)` records the sequence in a set that
 * `pop` consults only while it is non-empty, so runs without cancellations pay nothing.
 * Tombstones whose event already ran are dropped by an amortised compaction.
 * No allocation per push or pop; the arrays grow by doubling.
 */

const SEQ_SPACE = 2 ** 40;
/** Priorities must be integers in [MIN_PRIORITY, MAX_PRIORITY] so that order keys stay exact. */
export const MIN_PRIORITY = -2048;
export const MAX_PRIORITY = 2047;
/** Kinds must be integers below this (see the layout above). */
export const MAX_KINDS = 2 ** 20;

/** The error for an out-of-range push (kept out of `push`, which must stay small). */
function badPush(priority: number, kind: number): never {
  if (!(priority >= MIN_PRIORITY && priority <= MAX_PRIORITY) || priority !== Math.floor(priority)) {
    throw new RangeError(`event priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
  }
  throw new RangeError(`event kind must be in [0, ${MAX_KINDS}), got ${kind}`);
}

export class EventQueue {
  private times: Float64Array;
  /** Two doubles per entry: the order key, then (entity, kind) as two int32 words. */
  private meta: Float64Array;
  /** The same buffer as int32: entry i has its entity at 4i + 2 and its kind at 4i + 3. */
  private ints: Int32Array;
  private n = 0;
  private seq = 0;
  private readonly cancelled = new Set<number>();

  /** Kind of the entry removed by the last `pop`. */
  outKind = 0;
  /** Entity of the entry removed by the last `pop`. */
  outEntity = 0;
  /** Time of the entry removed by the last `pop`. */
  outTime = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, initialCapacity | 0);
    this.times = new Float64Array(cap);
    this.meta = new Float64Array(2 * cap);
    this.ints = new Int32Array(this.meta.buffer);
  }

  /** Entries in the heap, tombstoned ones included. */
  get size(): number {
    return this.n;
  }

  /** Entries that will still run: compacts tombstones away first (O(size) when any exist). */
  get live(): number {
    if (this.cancelled.size !== 0) this.compact();
    return this.n;
  }

  /** Adds to `counts[kind]` one per entry that will still run (a census, O(size)). */
  countByKind(counts: Float64Array | number[]): void {
    if (this.cancelled.size !== 0) this.compact();
    for (let i = 0; i < this.n; i++) counts[this.ints[4 * i + 3]]++;
  }

  /** Inserts an entry and returns its handle (the sequence number). */
  push(time: number, kind: number, entity: number, priority: number): number {
    // The bounds are written as literals (MIN_PRIORITY, MAX_PRIORITY, MAX_KINDS, SEQ_SPACE): an
    // exported const is read through a module cell with a hole check, and the error is built out
    // of line, so that push stays small enough for V8 to inline into its callers.
    if ((priority | 0) !== priority || priority < -2048 || priority > 2047 || !(kind >= 0 && kind < 1048576)) {
      badPush(priority, kind);
    }
    let i = this.n;
    if (i === this.times.length) this.grow();
    this.n = i + 1;
    const handle = this.seq++;
    const key = priority * 1099511627776 + handle;
    const times = this.times;
    const meta = this.meta;
    // Sift up with a hole.
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && meta[2 * p] < key)) break;
      times[i] = pt;
      meta[2 * i] = meta[2 * p];
      meta[2 * i + 1] = meta[2 * p + 1];
      i = p;
    }
    times[i] = time;
    meta[2 * i] = key;
    const ints = this.ints;
    ints[4 * i + 2] = entity;
    ints[4 * i + 3] = kind;
    return handle;
  }

  /** Time of the earliest entry (tombstoned or not); Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.times[0];
  }

  /**
   * Removes the earliest entry into `outTime`/`outKind`/`outEntity`. Returns false if that
   * entry was cancelled (it is removed all the same). Must not be called on an empty queue.
   */
  pop(): boolean {
    const times = this.times;
    const meta = this.meta;
    this.outTime = times[0];
    this.outEntity = this.ints[2];
    this.outKind = this.ints[3];
    const topKey = meta[0];
    const last = --this.n;
    if (last > 0) {
      const t = times[last];
      const k = meta[2 * last];
      const x = meta[2 * last + 1];
      // Sift down with a hole (siftDown, inlined: this is the event loop's hottest path). The
      // earliest child m has time mt; order keys are read only when times tie.
      let i = 0;
      for (;;) {
        const c0 = 4 * i + 1;
        if (c0 >= last) break;
        let m = c0;
        let mt = times[c0];
        const end = c0 + 4 < last ? c0 + 4 : last;
        for (let c = c0 + 1; c < end; c++) {
          const ct = times[c];
          if (ct < mt || (ct === mt && meta[2 * c] < meta[2 * m])) {
            m = c;
            mt = ct;
          }
        }
        if (t < mt || (t === mt && k < meta[2 * m])) break;
        times[i] = mt;
        meta[2 * i] = meta[2 * m];
        meta[2 * i + 1] = meta[2 * m + 1];
        i = m;
      }
      times[i] = t;
      meta[2 * i] = k;
      meta[2 * i + 1] = x;
    }
    return this.cancelled.size === 0 || this.survives(topKey);
  }

  /**
   * Whether the entry just popped, with order key `key`, was not cancelled; drops its tombstone
   * if it was. Out of line, so that `pop` stays small enough for V8 to inline.
   */
  private survives(key: number): boolean {
    const hit = this.cancelled.delete(key - Math.floor(key / SEQ_SPACE) * SEQ_SPACE);
    if (this.n === 0) this.cancelled.clear();
    return !hit;
  }

  /**
   * Tombstones the entry with this handle. A handle that already ran, was cancelled, or
   * was never issued changes nothing observable. O(1) amortised.
   */
  cancel(handle: number): void {
    if (!(handle >= 0 && handle < this.seq) || handle !== Math.floor(handle)) return;
    if (this.n === 0) return;
    this.cancelled.add(handle);
    // Tombstones of events that already ran never match again; sweep them (and the
    // cancelled entries) out once they outnumber the heap, so the cost stays amortised O(1).
    if (this.cancelled.size > 64 && this.cancelled.size > this.n) this.compact();
  }

  /**
   * Removes every cancelled entry from the heap and clears the tombstone set.
   * `onDrop(kind, entity)` is told about each removed entry.
   */
  compact(): void {
    const drop = this.onDrop;
    const { times, meta, ints, cancelled } = this;
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const key = meta[2 * r];
      const seq = key - Math.floor(key / SEQ_SPACE) * SEQ_SPACE;
      if (cancelled.has(seq)) {
        if (drop) drop(ints[4 * r + 3], ints[4 * r + 2]);
        continue;
      }
      times[w] = times[r];
      meta[2 * w] = key;
      meta[2 * w + 1] = meta[2 * r + 1];
      w++;
    }
    this.n = w;
    cancelled.clear();
    for (let i = (w - 2) >> 2; i >= 0; i--) this.siftDown(i);
  }

  /** Told the kind and entity of each cancelled entry that `compact` removes. */
  onDrop: ((kind: number, entity: number) => void) | undefined = undefined;

  private siftDown(start: number): void {
    const { times, meta } = this;
    const n = this.n;
    const t = times[start];
    const k = meta[2 * start];
    const x = meta[2 * start + 1];
    let i = start;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let m = c0;
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        if (times[c] < times[m] || (times[c] === times[m] && meta[2 * c] < meta[2 * m])) m = c;
      }
      if (t < times[m] || (t === times[m] && k < meta[2 * m])) break;
      times[i] = times[m];
      meta[2 * i] = meta[2 * m];
      meta[2 * i + 1] = meta[2 * m + 1];
      i = m;
    }
    times[i] = t;
    meta[2 * i] = k;
    meta[2 * i + 1] = x;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const meta = new Float64Array(2 * cap);
    times.set(this.times);
    meta.set(this.meta);
    this.times = times;
    this.meta = meta;
    this.ints = new Int32Array(meta.buffer);
  }
}
