/**
 * The event log (trace) of a replication: one row per event of a patient's episode, for
 * process mining (pm4py, bupaR) and animation.
 *
 * The model reports to a `Monitor` at fixed points of a patient's path; with no monitor it
 * reports nothing and pays one test of a field per point. `TraceRecorder` is the monitor
 * behind `tiersim run --trace`: it numbers episodes (cases) as they begin, follows a patient
 * through the patient pool's sleep and wake (the pool recycles indices), keeps a sample of
 * the cases chosen by a hash of their number (no random stream is touched, so tracing never
 * changes a result), and stores rows in growing typed arrays.
 */

/** What happened, with its lifecycle transition (XES `lifecycle:transition`). */
export const ACTIVITIES = [
  { name: 'onset', lifecycle: 'complete' },
  { name: 'arrival', lifecycle: 'complete' },
  { name: 'consultation', lifecycle: 'start' },
  { name: 'consultation', lifecycle: 'complete' },
  { name: 'test', lifecycle: 'start' },
  { name: 'test', lifecycle: 'complete' },
  { name: 'referral', lifecycle: 'complete' },
  { name: 'admission', lifecycle: 'complete' },
  { name: 'inpatient stay', lifecycle: 'start' },
  { name: 'inpatient stay', lifecycle: 'complete' },
  { name: 'down-referral', lifecycle: 'complete' },
  { name: 'follow-up', lifecycle: 'complete' },
  { name: 'turned away', lifecycle: 'complete' },
  { name: 'leave', lifecycle: 'complete' },
  { name: 'left untreated', lifecycle: 'complete' },
] as const;

/** Activity codes, indices into ACTIVITIES. */
export const Activity = {
  ONSET: 0,
  ARRIVAL: 1,
  CONSULT_START: 2,
  CONSULT_END: 3,
  TEST_START: 4,
  TEST_END: 5,
  REFERRAL: 6,
  ADMISSION_DECIDED: 7,
  STAY_START: 8,
  DISCHARGE: 9,
  DOWN_REFERRAL: 10,
  FOLLOW_UP: 11,
  TURNED_AWAY: 12,
  LEAVE: 13,
  LEFT_UNTREATED: 14,
} as const;

/** The resource an event used (XES `org:resource`); NONE for events that use none. */
export const TRACE_RESOURCES = ['', 'doctors', 'emergency', 'joint clinic', 'lab', 'imaging', 'ct', 'ecg', 'beds'] as const;
export const TraceResource = { NONE: 0, DOCTORS: 1, EMERGENCY: 2, JOINT_CLINIC: 3, TEST: 4, BEDS: 8 } as const;

/** What the model tells a monitor. Patient indices are those of the patient pool. */
export interface Monitor {
  /** An episode begins: patient p has fallen ill (or, at the start, is already in follow-up). */
  begin(p: number): void;
  /** Patient p: `activity` at `time`, at facility `facility` (-1: none), using `resource`. */
  event(p: number, activity: number, time: number, facility: number, resource: number): void;
  /** Patient p goes to sleep as dormant record d (between follow-up visits). */
  sleep(p: number, d: number): void;
  /** Dormant record d wakes as patient p. */
  wake(d: number, p: number): void;
  /** Patient p leaves the system (its index is free for reuse). */
  end(p: number): void;
}

/** The columns a recorder holds, one entry per row. */
export interface TraceColumns {
  rows: number;
  episode: Float64Array;
  activity: Uint8Array;
  time: Float64Array;
  facility: Int32Array;
  resource: Uint8Array;
}

/** 32-bit integer hash (the murmur3 finaliser) of an episode number and a salt. */
function hash32(x: number, salt: number): number {
  let h = (Math.imul(x | 0, 0x9e3779b1) ^ Math.imul((x / 4294967296) | 0, 0x85ebca6b) ^ salt) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Records the events of a sample of episodes. */
export class TraceRecorder implements Monitor {
  /** Episodes begun so far (the next episode's number). */
  episodes = 0;
  private readonly threshold: number;
  private readonly salt: number;
  /** Episode number of each active patient index, -1 when not traced. */
  private active = new Float64Array(1024).fill(-1);
  private dormant = new Float64Array(1024).fill(-1);
  private n = 0;
  private episode = new Float64Array(4096);
  private activity = new Uint8Array(4096);
  private time = new Float64Array(4096);
  private facility = new Int32Array(4096);
  private resource = new Uint8Array(4096);

  /**
   * @param sample share of episodes kept, in (0, 1]; which ones depends only on the episode's
   *   number and `salt` (e.g. the replication), so it is the same whatever else runs.
   */
  constructor(sample = 1, salt = 0) {
    if (!(sample > 0 && sample <= 1)) throw new RangeError(`trace sample must be in (0, 1], got ${sample}`);
    this.threshold = sample * 4294967296;
    this.salt = salt | 0;
  }

  begin(p: number): void {
    const e = this.episodes++;
    this.active = ensure(this.active, p);
    this.active[p] = this.threshold >= 4294967296 || hash32(e, this.salt) < this.threshold ? e : -1;
  }

  event(p: number, activity: number, time: number, facility: number, resource: number): void {
    const e = this.active[p];
    if (!(e >= 0)) return;
    if (this.n === this.episode.length) this.grow();
    const i = this.n++;
    this.episode[i] = e;
    this.activity[i] = activity;
    this.time[i] = time;
    this.facility[i] = facility;
    this.resource[i] = resource;
  }

  sleep(p: number, d: number): void {
    this.dormant = ensure(this.dormant, d);
    this.dormant[d] = this.active[p];
    this.active[p] = -1;
  }

  wake(d: number, p: number): void {
    this.active = ensure(this.active, p);
    this.active[p] = this.dormant[d];
    this.dormant[d] = -1;
  }

  end(p: number): void {
    this.active[p] = -1;
  }

  /** The rows recorded, trimmed to their number (copies). */
  columns(): TraceColumns {
    const n = this.n;
    return {
      rows: n,
      episode: this.episode.slice(0, n),
      activity: this.activity.slice(0, n),
      time: this.time.slice(0, n),
      facility: this.facility.slice(0, n),
      resource: this.resource.slice(0, n),
    };
  }

  private grow(): void {
    const m = this.episode.length * 2;
    const grown = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(m);
      b.set(a);
      return b;
    };
    this.episode = grown(this.episode);
    this.activity = grown(this.activity);
    this.time = grown(this.time);
    this.facility = grown(this.facility);
    this.resource = grown(this.resource);
  }
}

/** `a`, grown (filled with -1) so that index i exists. */
function ensure(a: Float64Array<ArrayBuffer>, i: number): Float64Array<ArrayBuffer> {
  if (i < a.length) return a;
  let m = a.length;
  while (m <= i) m *= 2;
  const b = new Float64Array(m).fill(-1);
  b.set(a);
  return b;
}
