/**
 * Far-future events kept out of the event queue: one list per simulated day, handed to the
 * queue at the start of that day.
 *
 * Chronic follow-ups are scheduled weeks ahead, and at any time they are most of the pending
 * events (about 200,000 of 211,000 in the 1.2-million baseline). In the heap every one of them
 * deepens every push and pop; here each costs O(1) to add, and one heap push on its day.
 * The lists are linked through typed arrays with a free list: no allocation per entry.
 */
export class DayCalendar {
  private readonly day: number;
  private readonly heads: Int32Array;
  private next = new Int32Array(1024);
  private times = new Float64Array(1024);
  private entities = new Int32Array(1024);
  private top = 0;
  private free = -1;
  /** Entries added and not yet drained. */
  count = 0;

  /** Lists for days 0 .. days (inclusive) of length `dayLength`. */
  constructor(days: number, dayLength: number) {
    this.day = dayLength;
    this.heads = new Int32Array(days + 1).fill(-1);
  }

  /** The day a time falls in (clamped to the last list). */
  dayOf(t: number): number {
    const d = Math.floor(t / this.day);
    return d < this.heads.length ? d : this.heads.length - 1;
  }

  /** Keeps `entity` for time t (in its day's list). */
  add(t: number, entity: number): void {
    let i = this.free;
    if (i >= 0) this.free = this.next[i];
    else {
      if (this.top === this.next.length) this.grow();
      i = this.top++;
    }
    const d = this.dayOf(t);
    this.times[i] = t;
    this.entities[i] = entity;
    this.next[i] = this.heads[d];
    this.heads[d] = i;
    this.count++;
  }

  /**
   * Empties day d's list, calling `fn(t, entity)` for each entry in the order they were added
   * (so that entries of equal time keep their order in the queue).
   */
  drain(d: number, fn: (t: number, entity: number) => void): void {
    if (d < 0 || d >= this.heads.length) return;
    // The list is newest first: reverse it, then walk it.
    let prev = -1;
    let i = this.heads[d];
    while (i >= 0) {
      const n = this.next[i];
      this.next[i] = prev;
      prev = i;
      i = n;
    }
    this.heads[d] = -1;
    i = prev;
    while (i >= 0) {
      const n = this.next[i];
      fn(this.times[i], this.entities[i]);
      this.next[i] = this.free;
      this.free = i;
      this.count--;
      i = n;
    }
  }

  private grow(): void {
    const n = this.next.length * 2;
    const next = new Int32Array(n);
    next.set(this.next);
    const times = new Float64Array(n);
    times.set(this.times);
    const entities = new Int32Array(n);
    entities.set(this.entities);
    this.next = next;
    this.times = times;
    this.entities = entities;
  }
}
