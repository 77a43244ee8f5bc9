/**
 * The pending-event set: a 4-ary min-heap over parallel typed arrays.
 *
 * Each entry holds a time, an order key, a kind and an entity. The order key is
 * `priority * 2^40 + sequence`, so entries pop in order of time, then priority
 * (lower first), then insertion. The sequence number is the entry's handle.
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

export class EventQueue {
  private times: Float64Array;
  private keys: Float64Array;
  private kinds: Int32Array;
  private entities: Int32Array;
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
    this.keys = new Float64Array(cap);
    this.kinds = new Int32Array(cap);
    this.entities = new Int32Array(cap);
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
    for (let i = 0; i < this.n; i++) counts[this.kinds[i]]++;
  }

  /** Inserts an entry and returns its handle (the sequence number). */
  push(time: number, kind: number, entity: number, priority: number): number {
    if (!(priority >= MIN_PRIORITY && priority <= MAX_PRIORITY) || priority !== Math.floor(priority)) {
      throw new RangeError(`event priority must be an integer in [${MIN_PRIORITY}, ${MAX_PRIORITY}], got ${priority}`);
    }
    if (this.n === this.times.length) this.grow();
    const handle = this.seq++;
    const key = priority * SEQ_SPACE + handle;
    const times = this.times;
    const keys = this.keys;
    const kinds = this.kinds;
    const entities = this.entities;
    // Sift up with a hole.
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p];
      if (pt < time || (pt === time && keys[p] < key)) break;
      times[i] = pt;
      keys[i] = keys[p];
      kinds[i] = kinds[p];
      entities[i] = entities[p];
      i = p;
    }
    times[i] = time;
    keys[i] = key;
    kinds[i] = kind;
    entities[i] = entity;
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
    const keys = this.keys;
    const kinds = this.kinds;
    const entities = this.entities;
    this.outTime = times[0];
    this.outKind = kinds[0];
    this.outEntity = entities[0];
    const topKey = keys[0];
    const last = --this.n;
    if (last > 0) {
      const t = times[last];
      const k = keys[last];
      const kd = kinds[last];
      const en = entities[last];
      // Sift down with a hole (siftDown, inlined: this is the event loop's hottest path).
      let i = 0;
      for (;;) {
        const c0 = 4 * i + 1;
        if (c0 >= last) break;
        let m = c0;
        let mt = times[c0];
        let mk = keys[c0];
        const end = c0 + 4 < last ? c0 + 4 : last;
        for (let c = c0 + 1; c < end; c++) {
          const ct = times[c];
          if (ct < mt || (ct === mt && keys[c] < mk)) {
            m = c;
            mt = ct;
            mk = keys[c];
          }
        }
        if (t < mt || (t === mt && k < mk)) break;
        times[i] = mt;
        keys[i] = mk;
        kinds[i] = kinds[m];
        entities[i] = entities[m];
        i = m;
      }
      times[i] = t;
      keys[i] = k;
      kinds[i] = kd;
      entities[i] = en;
    }
    if (this.cancelled.size !== 0) {
      const seq = topKey - Math.floor(topKey / SEQ_SPACE) * SEQ_SPACE;
      const hit = this.cancelled.delete(seq);
      if (this.n === 0) this.cancelled.clear();
      if (hit) return false;
    }
    return true;
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
    const { times, keys, kinds, entities, cancelled } = this;
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const key = keys[r];
      const seq = key - Math.floor(key / SEQ_SPACE) * SEQ_SPACE;
      if (cancelled.has(seq)) {
        if (drop) drop(kinds[r], entities[r]);
        continue;
      }
      times[w] = times[r];
      keys[w] = key;
      kinds[w] = kinds[r];
      entities[w] = entities[r];
      w++;
    }
    this.n = w;
    cancelled.clear();
    for (let i = (w - 2) >> 2; i >= 0; i--) this.siftDown(i);
  }

  /** Told the kind and entity of each cancelled entry that `compact` removes. */
  onDrop: ((kind: number, entity: number) => void) | undefined = undefined;

  private siftDown(start: number): void {
    const { times, keys, kinds, entities } = this;
    const n = this.n;
    const t = times[start];
    const k = keys[start];
    const kd = kinds[start];
    const en = entities[start];
    let i = start;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let m = c0;
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        if (times[c] < times[m] || (times[c] === times[m] && keys[c] < keys[m])) m = c;
      }
      if (t < times[m] || (t === times[m] && k < keys[m])) break;
      times[i] = times[m];
      keys[i] = keys[m];
      kinds[i] = kinds[m];
      entities[i] = entities[m];
      i = m;
    }
    times[i] = t;
    keys[i] = k;
    kinds[i] = kd;
    entities[i] = en;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const keys = new Float64Array(cap);
    const kinds = new Int32Array(cap);
    const entities = new Int32Array(cap);
    times.set(this.times);
    keys.set(this.keys);
    kinds.set(this.kinds);
    entities.set(this.entities);
    this.times = times;
    this.keys = keys;
    this.kinds = kinds;
    this.entities = entities;
  }
}
