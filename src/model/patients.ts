/**
 * Patients as a struct of typed arrays, addressed by an integer index that is
 * recycled through a free list. No object per patient: the event loop passes the
 * index as the event's entity.
 *
 * Chronic patients between follow-up visits (most of the patients in the system at any
 * time, each waiting weeks) are put to sleep: the few fields a follow-up needs move to a
 * compact dormant record and the active slot is freed. The active records then stay few and
 * close together, and the patients in an episode share the cache with one another rather
 * than with hundreds of thousands of sleepers.
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
export const U_WARD_FULL = 17; // whether an admission to a full ward accepts a lever's bed elsewhere
export const U_COMPLICATION = 32; // one draw per follow-up visit: 32 + visits left
/**
 * Durations drawn from the patient's own key, one draw per visit: U_CONSULT + visit for a
 * consultation, U_STAY + visit for a stay, U_TEST + visit x TEST_SLOTS + test type for a test,
 * where visit = 8 x follow-up visits left + 4 x (a follow-up visit) + tier (see `visitIndex`).
 */
export const U_CONSULT = 1 << 20;
export const U_STAY = 1 << 21;
export const U_TEST = 1 << 22;
/**
 * Draws of a visit for a lever's own steps, per visit as above: U_LEVER_VISIT + 4 x visit + j
 * (j = 0..3, four draws a visit, e.g. whether a step happens, its outcome and its length), and
 * U_LEVER_TEST + visit x TEST_SLOTS + test type (one draw per test, e.g. the length of a step
 * that follows the test). Distinct from every draw above, the consultation, stay and test ones
 * included (visit < 2^14 while follow-up visits are at most 1,000).
 */
export const U_LEVER_VISIT = 1 << 23;
export const U_LEVER_TEST = 1 << 24;

/** Flags. */
export const F_SIGNED = 1;
export const F_COUNTED = 2; // onset after warm-up: episode metrics are recorded
export const F_REGIONAL = 4; // reached a regional centre
export const F_TREATED = 8; // definitive treatment has started (time to care recorded)
export const F_FOLLOWUP = 16; // the current visit is a chronic follow-up
export const F_DONE_EPISODE = 32; // episode metrics recorded
export const F_OUT_OF_REGION = 64; // turned away: the episode's care is outside the region (outcomes.ts)
export const F_LEFT_UNTREATED = 128; // left a doctor's queue untreated (patience) for care outside the region

export const TEST_SLOTS = 4;

/**
 * Fields every event touches, stored together: HOT consecutive doubles per patient (two
 * cache lines), so that an event costs one or two cache misses however large the
 * population. Integers are held exactly as doubles.
 */
export const H_FACILITY = 0; // where the patient is (or is going)
export const H_CLS = 1; // emergency, referred or walk-in
export const H_CONDITION = 2;
export const H_FLAGS = 3;
export const H_ARRIVE = 4; // arrival at the current facility (or start of the current stay)
export const H_KEY = 5; // the episode's random key
export const H_TEST_INDEX = 6; // the test in progress
export const H_VILLAGE = 7;
export const H_SEEN = 8; // start of the latest consultation
export const H_SEEN_AT = 9; // where it was
export const H_COST_INS = 10;
export const H_COST_OOP = 11;
export const H_TRAVEL = 12; // minutes travelled in the episode
export const H_TREAT_FACILITY = 13; // facility of the definitive treatment (-1 before)
export const H_FOLLOW_UPS = 14; // follow-up visits left
export const H_ONSET = 15; // time of onset (-Infinity for chronic patients already in follow-up at the start)
const HOT = 16;

/**
 * Dormant record: the hot fields a sleeping patient keeps (as int32), then TEST_SLOTS test
 * facilities; its test times are kept apart.
 */
const KEPT = [H_CONDITION, H_FLAGS, H_KEY, H_VILLAGE, H_TREAT_FACILITY, H_FOLLOW_UPS];
const D_TEST_FACILITY = KEPT.length;
const D_INTS = D_TEST_FACILITY + TEST_SLOTS;

export class PatientPool {
  capacity: number;
  /** Patients in the system: active and dormant. */
  live = 0;
  private top = 0;
  private free: Int32Array;
  private freeCount = 0;

  /** The hot fields, HOT per patient. */
  private h!: Float64Array;
  decided!: Float64Array;
  stayEnd!: Float64Array;
  testTime!: Float64Array; // TEST_SLOTS per patient: time of the last result of each test type in this episode
  testFacility!: Int32Array; // TEST_SLOTS per patient: where it was done

  constructor(initial = 1024) {
    this.capacity = 0;
    this.free = new Int32Array(0);
    this.grow(initial);
  }

  private grow(n: number): void {
    const copy = <T extends Int32Array | Float64Array>(a: T | undefined, make: (k: number) => T, per = 1): T => {
      const b = make(n * per);
      if (a) b.set(a);
      return b;
    };
    this.h = copy(this.h, (k) => new Float64Array(k), HOT);
    this.decided = copy(this.decided, (k) => new Float64Array(k));
    this.stayEnd = copy(this.stayEnd, (k) => new Float64Array(k));
    this.testTime = copy(this.testTime, (k) => new Float64Array(k), TEST_SLOTS);
    this.testFacility = copy(this.testFacility, (k) => new Int32Array(k), TEST_SLOTS);
    const free = new Int32Array(n);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
    this.capacity = n;
  }

  /** Hot field f (an H_ constant) of patient p. */
  get(p: number, f: number): number {
    return this.h[p * HOT + f];
  }

  set(p: number, f: number, v: number): void {
    this.h[p * HOT + f] = v;
  }

  /** A fresh patient index with every field reset. */
  alloc(): number {
    this.live++;
    return this.slot();
  }

  private slot(): number {
    let p: number;
    if (this.freeCount > 0) p = this.free[--this.freeCount];
    else {
      if (this.top === this.capacity) this.grow(this.capacity * 2);
      p = this.top++;
    }
    this.h.fill(0, p * HOT, p * HOT + HOT);
    this.decided[p] = NaN;
    this.stayEnd[p] = NaN;
    this.h[p * HOT + H_TREAT_FACILITY] = -1;
    this.h[p * HOT + H_SEEN_AT] = -1;
    const t = p * TEST_SLOTS;
    for (let i = 0; i < TEST_SLOTS; i++) {
      this.testTime[t + i] = -Infinity;
      this.testFacility[t + i] = -1;
    }
    return p;
  }

  /**
   * Which visit of the episode the patient is on at a facility of this tier, for per-visit
   * draws: distinct for every consultation, stay and test of one patient.
   */
  visitIndex(p: number, tier: number): number {
    return 8 * this.get(p, H_FOLLOW_UPS) + ((this.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 ? 4 : 0) + tier;
  }

  /** Draw k of patient p's episode as a uniform on the open interval (0, 1), for quantiles. */
  uOpen(p: number, k: number): number {
    return this.u(p, k) + 2 ** -33;
  }

  /** Draw k (a uniform on [0, 1)) of patient p's episode. */
  u(p: number, k: number): number {
    let h = (this.h[p * HOT + H_KEY] + Math.imul(k + 1, 0x9e3779b9)) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  }

  release(p: number): void {
    this.live--;
    this.free[this.freeCount++] = p;
  }

  // Dormant records.
  private dInt = new Int32Array(0);
  private dTestTime = new Float64Array(0);
  private dFree = new Int32Array(0);
  private dFreeCount = 0;
  private dTop = 0;

  /**
   * Puts patient p to sleep until its next follow-up visit and returns the dormant record's
   * index (p's slot is freed). Kept: condition, flags, episode key, village, treating
   * facility, follow-ups left and the test history. Everything else is set afresh during a
   * visit before it is read (where the patient arrives, when, its class and its consultation),
   * or no longer read once the episode is done (onset, travel and costs).
   */
  sleep(p: number): number {
    let d: number;
    if (this.dFreeCount > 0) d = this.dFree[--this.dFreeCount];
    else {
      if (this.dTop * D_INTS === this.dInt.length) this.growDormant();
      d = this.dTop++;
    }
    const o = p * HOT;
    const b = d * D_INTS;
    for (let i = 0; i < KEPT.length; i++) this.dInt[b + i] = this.h[o + KEPT[i]];
    for (let i = 0; i < TEST_SLOTS; i++) {
      this.dInt[b + D_TEST_FACILITY + i] = this.testFacility[p * TEST_SLOTS + i];
      this.dTestTime[d * TEST_SLOTS + i] = this.testTime[p * TEST_SLOTS + i];
    }
    this.free[this.freeCount++] = p;
    return d;
  }

  /** Wakes dormant record d into an active patient (a fresh slot) and returns its index. */
  wake(d: number): number {
    const p = this.slot();
    const o = p * HOT;
    const b = d * D_INTS;
    for (let i = 0; i < KEPT.length; i++) this.h[o + KEPT[i]] = this.dInt[b + i];
    for (let i = 0; i < TEST_SLOTS; i++) {
      this.testFacility[p * TEST_SLOTS + i] = this.dInt[b + D_TEST_FACILITY + i];
      this.testTime[p * TEST_SLOTS + i] = this.dTestTime[d * TEST_SLOTS + i];
    }
    this.dFree[this.dFreeCount++] = d;
    return p;
  }

  private growDormant(): void {
    const n = Math.max(1024, this.dTop * 2);
    const di = new Int32Array(n * D_INTS);
    di.set(this.dInt);
    const dt = new Float64Array(n * TEST_SLOTS);
    dt.set(this.dTestTime);
    const df = new Int32Array(n);
    df.set(this.dFree.subarray(0, this.dFreeCount));
    this.dInt = di;
    this.dTestTime = dt;
    this.dFree = df;
  }
}
