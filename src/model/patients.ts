/**
 * Patients as a struct of typed arrays, addressed by an integer index that is
 * recycled through a free list. No object per patient: the event loop passes the
 * index as the event's entity.
 */

/**
 * Uniform draws fixed at onset, so that variants of a scenario see the same patient:
 * each episode gets one 32-bit key from its village's stream, and draw k of the episode
 * is a hash of (key, k) (the murmur3 finaliser), computed when needed.
 */
export const U_CAPABLE = 0; // 4 draws: one per tier
export const U_ADMIT = 4; // 4 draws: one per tier
export const U_DOWN = 8;
export const U_RECOGNISE = 9; // 4 draws: one per test type
export const U_SPREAD = 13;
export const U_COMPLY = 14;
export const U_SIGNED = 15;
export const U_CHOICE = 16;
export const U_COMPLICATION = 32; // one draw per follow-up visit: 32 + visits left

/** Flags. */
export const F_SIGNED = 1;
export const F_COUNTED = 2; // onset after warm-up: episode metrics are recorded
export const F_REGIONAL = 4; // reached a regional centre
export const F_TREATED = 8; // definitive treatment has started (time to care recorded)
export const F_FOLLOWUP = 16; // the current visit is a chronic follow-up
export const F_DONE_EPISODE = 32; // episode metrics recorded
export const F_DOWN = 64; // moved down for recovery

export const TEST_SLOTS = 4;

export class PatientPool {
  capacity: number;
  live = 0;
  private top = 0;
  private free: Int32Array;
  private freeCount = 0;

  village!: Int32Array;
  condition!: Int32Array;
  cls!: Int8Array;
  facility!: Int32Array;
  treatFacility!: Int32Array;
  firstTier!: Int8Array;
  flags!: Int32Array;
  followUps!: Int16Array;
  testIndex!: Int8Array;
  onset!: Float64Array;
  arrive!: Float64Array;
  travel!: Float64Array;
  decided!: Float64Array;
  seen!: Float64Array; // start of the latest consultation
  seenAt!: Int32Array; // where it was
  stayEnd!: Float64Array;
  costIns!: Float64Array;
  costOop!: Float64Array;
  testTime!: Float64Array; // TEST_SLOTS per patient: time of the last result of each test type in this episode
  testFacility!: Int32Array; // TEST_SLOTS per patient: where it was done
  key!: Int32Array; // the episode's random key

  constructor(initial = 1024) {
    this.capacity = 0;
    this.free = new Int32Array(0);
    this.grow(initial);
  }

  private grow(n: number): void {
    const old = this.capacity;
    const copy = <T extends Int32Array | Int8Array | Int16Array | Float64Array>(a: T | undefined, make: (k: number) => T, per = 1): T => {
      const b = make(n * per);
      if (a) b.set(a);
      return b;
    };
    this.village = copy(this.village, (k) => new Int32Array(k));
    this.condition = copy(this.condition, (k) => new Int32Array(k));
    this.cls = copy(this.cls, (k) => new Int8Array(k));
    this.facility = copy(this.facility, (k) => new Int32Array(k));
    this.treatFacility = copy(this.treatFacility, (k) => new Int32Array(k));
    this.firstTier = copy(this.firstTier, (k) => new Int8Array(k));
    this.flags = copy(this.flags, (k) => new Int32Array(k));
    this.followUps = copy(this.followUps, (k) => new Int16Array(k));
    this.testIndex = copy(this.testIndex, (k) => new Int8Array(k));
    this.onset = copy(this.onset, (k) => new Float64Array(k));
    this.arrive = copy(this.arrive, (k) => new Float64Array(k));
    this.travel = copy(this.travel, (k) => new Float64Array(k));
    this.decided = copy(this.decided, (k) => new Float64Array(k));
    this.seen = copy(this.seen, (k) => new Float64Array(k));
    this.seenAt = copy(this.seenAt, (k) => new Int32Array(k));
    this.stayEnd = copy(this.stayEnd, (k) => new Float64Array(k));
    this.costIns = copy(this.costIns, (k) => new Float64Array(k));
    this.costOop = copy(this.costOop, (k) => new Float64Array(k));
    this.testTime = copy(this.testTime, (k) => new Float64Array(k), TEST_SLOTS);
    this.testFacility = copy(this.testFacility, (k) => new Int32Array(k), TEST_SLOTS);
    this.key = copy(this.key, (k) => new Int32Array(k));
    const free = new Int32Array(n);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
    this.capacity = n;
    void old;
  }

  /** A fresh patient index with every field reset. */
  alloc(): number {
    let p: number;
    if (this.freeCount > 0) p = this.free[--this.freeCount];
    else {
      if (this.top === this.capacity) this.grow(this.capacity * 2);
      p = this.top++;
    }
    this.live++;
    this.flags[p] = 0;
    this.followUps[p] = 0;
    this.testIndex[p] = 0;
    this.travel[p] = 0;
    this.costIns[p] = 0;
    this.costOop[p] = 0;
    this.treatFacility[p] = -1;
    this.seenAt[p] = -1;
    const t = p * TEST_SLOTS;
    for (let i = 0; i < TEST_SLOTS; i++) {
      this.testTime[t + i] = -Infinity;
      this.testFacility[t + i] = -1;
    }
    return p;
  }

  /** Draw k (a uniform on [0, 1)) of patient p's episode. */
  u(p: number, k: number): number {
    let h = (this.key[p] + Math.imul(k + 1, 0x9e3779b9)) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  }

  release(p: number): void {
    this.live--;
    this.free[this.freeCount++] = p;
  }
}
