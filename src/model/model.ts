/**
 * The tiered health-system model: one replication of a scenario on the kernel.
 *
 * A patient's path through the code (handler names in brackets):
 *   onset in a village [onOnsets, onset] -> first contact chosen (choice.ts) -> travels,
 *   arriving when the facility is open [arrive] -> queues for a doctor (Resource,
 *   classes emergency > referred > walk-in) -> consultation [startConsult, onConsultEnd]
 *   -> tests the condition needs, unless recognised [nextTest, onTestEnd, onResult]
 *   -> outcome [decide]: treated as outpatient (chronic: follow-ups [onFollowUp]),
 *   admitted [admit -> startStay -> onAcuteEnd (down-referral) -> onDischarge],
 *   or referred up to the next capable tier [referUp].
 * Statistics are kept in `Metrics` and turned into rows at the end.
 */
import {
  distMean, makeDist, MINUTES_PER_MONTH, nextArrival, RateProfile, Resource, Simulation, StreamBank, Streams, TimeWeighted, WeeklySchedule,
  type Dist, type DistSpec,
} from '../engine/index.js';
import type { Scenario } from '../scenario/schema.js';
import { TEST_TYPES, TIERS, WEEKDAYS } from '../scenario/fields.js';
import { buildRegion, type Region } from './region.js';
import { ACUITY_INDEX, MINUTES_PER_DAY, Outcome, PatientClass, RESULT_VALIDITY, Tier } from './constants.js';
import {
  F_COUNTED, F_DONE_EPISODE, F_FOLLOWUP, F_REGIONAL, F_SIGNED, F_TREATED, PatientPool, TEST_SLOTS,
  U_ADMIT, U_CAPABLE, U_CHOICE, U_COMPLICATION, U_COMPLY, U_CONSULT, U_STAY, U_TEST, U_DOWN, U_RECOGNISE, U_SIGNED, U_SPREAD,
  H_ARRIVE, H_CLS, H_CONDITION, H_COST_INS, H_COST_OOP, H_FACILITY, H_FLAGS, H_FOLLOW_UPS, H_KEY, H_ONSET, H_SEEN, H_SEEN_AT, H_TEST_INDEX, H_TRAVEL, H_TREAT_FACILITY, H_VILLAGE,
} from './patients.js';
import { ChoiceTable } from './choice.js';
import { DayCalendar } from './calendar.js';
import { resolvePolicies, type PolicySettings } from '../policy/index.js';
import { Metrics, type MetricRow, type ReplicationResult } from './metrics.js';

/** Onsets are generated in windows of this many minutes (see onOnsets). */
const ONSET_BATCH = 60;
const NT = TEST_TYPES.length;

/** Runtime state of one facility. */
interface Facility {
  index: number;
  tier: number;
  parent: number;
  county: number;
  doctors: number;
  beds: number;
  outpatient: Resource;
  emergency: Resource | null;
  ward: Resource | null;
  tests: Array<Resource | null>;
  testTime: Array<Dist | null>;
  turnaround: Float64Array;
  schedule: WeeklySchedule;
  consult: Dist;
  consultByCondition: Array<Dist | null>;
  losByCondition: Array<Dist | null>;
  above85: TimeWeighted | null;
  divert: boolean;
  maxBedWait: number;
  reservedDoctors: number;
  /** Appointment book of referral slots (reserved-slots lever): bookings per slot of `slotLength` minutes. */
  book: Uint16Array | null;
  slotLength: number;
  jointClinic: Resource | null;
  jointSchedule: WeeklySchedule | null;
}

export interface ModelOptions {
  replication: number;
  seed: number;
  days: number;
  warmupDays: number;
}

export class TieredModel {
  readonly sim = new Simulation({ initialCapacity: 1 << 14 });
  readonly region: Region;
  readonly patients = new PatientPool(1 << 12);
  readonly metrics: Metrics;
  readonly policy: PolicySettings;
  private readonly s: Scenario;
  private readonly streams: Streams;
  private readonly fac: Facility[] = [];
  private readonly choice: ChoiceTable;
  private readonly horizon: number;
  /** Follow-up visits of sleeping patients, held by day until the day starts (see DayCalendar). */
  private readonly followUps: DayCalendar;
  private readonly queueFollowUp = (t: number, d: number): void => {
    this.sim.scheduleAt(t, this.K_FOLLOWUP, d);
  };
  private readonly warmup: number;

  // Per condition, precomputed.
  private readonly condEmergency: Uint8Array;
  private readonly condChronic: Uint8Array;
  private readonly condFirst: Int8Array;
  private readonly condCapable: Float64Array; // condition*4 + tier
  private readonly condAdmit: Float64Array;
  private readonly condTests: Uint8Array; // condition*NT + type -> 1 if needed
  private readonly condRecovery: Float64Array;
  private readonly condFollowInterval: Float64Array;
  private readonly condFollowVisits: Int16Array;
  private readonly condComplication: Float64Array;
  private readonly condAcuity: Int8Array;

  // Per village: onset process and draws.
  /**
   * Onsets: Poisson in each village at onsetScale[v] x the shared monthly profile. Village v
   * draws its onset times from stream 2v of villageStreams and its episodes (condition and
   * key) from stream 2v + 1: 64 contiguous bytes per village.
   */
  private onsetProfile!: RateProfile;
  private onsetScale!: Float64Array;
  /** Per village: the time of its next onset not yet generated. */
  private nextOnsetAt!: Float64Array;
  private villageStreams!: StreamBank;
  /** Per village x 4 tiers: the facility a resident goes to, and the travel minutes to it (VillageSpec, flattened). */
  private villageFacility!: Int32Array;
  private villageTravel!: Float64Array;
  private readonly condCum: Float64Array; // month*nc + condition: cumulative share of onsets that month
  private readonly condRate: Float64Array; // condition -> base rate per resident per minute
  private readonly condSeason: Float64Array; // condition*12 + month

  // Event kinds.
  private readonly K_ONSETS: number;
  private readonly K_ARRIVE: number;
  private readonly K_CONSULT_END: number;
  private readonly K_TEST_END: number;
  private readonly K_RESULT: number;
  private readonly K_ACUTE_END: number;
  private readonly K_DISCHARGE: number;
  private readonly K_FOLLOWUP: number;
  private readonly K_DAY: number;
  private readonly K_WARMUP: number;
  private readonly K_RELEASE: number;

  /** Class set by consultLine for the line it returns. */
  private lineClass = 0;
  /** Tiers where referred patients queue ahead of walk-ins (reserved-slots lever). */
  private readonly priorityTier: boolean[];
  // Per facility: consultation fee, bed-day cost, reimbursement rates, test costs (facility*NT + type).
  private feeConsult!: Float64Array;
  private feeBedDay!: Float64Array;
  private reimbOut!: Float64Array;
  private reimbIn!: Float64Array;
  private feeTest!: Float64Array;

  constructor(scenario: Scenario, opts: ModelOptions, region?: Region) {
    this.s = scenario;
    this.region = region ?? buildRegion(scenario);
    this.policy = resolvePolicies(scenario, this.region);
    this.priorityTier = this.policy.reserved?.tiers ?? [false, false, false, false];
    this.streams = new Streams(opts.seed, opts.replication);
    this.horizon = opts.days * MINUTES_PER_DAY;
    // One list per day with a day-start event (days 1 .. floor(days)); the last list takes
    // every later time, which the run never reaches.
    this.followUps = new DayCalendar(Math.floor(opts.days) + 1, MINUTES_PER_DAY);
    this.warmup = opts.warmupDays * MINUTES_PER_DAY;
    const nc = scenario.conditions.length;

    this.condEmergency = new Uint8Array(nc);
    this.condChronic = new Uint8Array(nc);
    this.condFirst = new Int8Array(nc).fill(-1);
    this.condCapable = new Float64Array(nc * 4);
    this.condAdmit = new Float64Array(nc * 4);
    this.condTests = new Uint8Array(nc * NT);
    this.condRecovery = new Float64Array(nc);
    this.condFollowInterval = new Float64Array(nc);
    this.condFollowVisits = new Int16Array(nc);
    this.condComplication = new Float64Array(nc);
    this.condAcuity = new Int8Array(nc);
    this.condCum = new Float64Array(12 * nc);
    this.condRate = new Float64Array(nc);
    this.condSeason = new Float64Array(nc * 12);
    scenario.conditions.forEach((c, i) => {
      this.condEmergency[i] = c.acuity === 'emergency' ? 1 : 0;
      this.condChronic[i] = c.acuity === 'chronic_stable' || c.acuity === 'chronic_complicated' ? 1 : 0;
      this.condAcuity[i] = ACUITY_INDEX[c.acuity];
      if (c.firstContact) this.condFirst[i] = TIERS.indexOf(c.firstContact);
      TIERS.forEach((t, k) => {
        this.condCapable[i * 4 + k] = c.capability[t] ?? 0;
        this.condAdmit[i * 4 + k] = c.admission[t] ?? 0;
      });
      this.condCapable[i * 4 + Tier.REGIONAL] = Math.max(this.condCapable[i * 4 + Tier.REGIONAL], 0);
      for (const t of c.tests) this.condTests[i * NT + TEST_TYPES.indexOf(t)] = 1;
      this.condRecovery[i] = c.recoveryShare;
      this.condFollowInterval[i] = c.followUp?.interval ?? 0;
      this.condFollowVisits[i] = c.followUp?.visits ?? 0;
      this.condComplication[i] = c.followUp?.complication ?? 0;
      this.condRate[i] = c.incidence / 1000 / (365 * MINUTES_PER_DAY);
      const season = c.seasonality ?? new Array(12).fill(1);
      const mean = season.reduce((a, b) => a + b, 0) / 12 || 1;
      for (let m = 0; m < 12; m++) this.condSeason[i * 12 + m] = season[m] / mean;
    });

    for (let m = 0; m < 12; m++) {
      let total = 0;
      for (let c = 0; c < nc; c++) total += this.condRate[c] * this.condSeason[c * 12 + m];
      let acc = 0;
      for (let c = 0; c < nc; c++) {
        acc += this.condRate[c] * this.condSeason[c * 12 + m];
        this.condCum[m * nc + c] = total > 0 ? acc / total : (c + 1) / nc;
      }
      this.condCum[m * nc + nc - 1] = 1;
    }

    const sim = this.sim;
    this.K_ONSETS = sim.defineKind(() => this.onOnsets(), 'onsets');
    this.K_ARRIVE = sim.defineKind((p) => this.arrive(p), 'arrive');
    this.K_CONSULT_END = sim.defineKind((p) => this.onConsultEnd(p), 'consult-end');
    this.K_TEST_END = sim.defineKind((p) => this.onTestEnd(p), 'test-end');
    this.K_RESULT = sim.defineKind((p) => this.onResult(p), 'result');
    this.K_ACUTE_END = sim.defineKind((p) => this.onAcuteEnd(p), 'acute-end');
    this.K_DISCHARGE = sim.defineKind((p) => this.onDischarge(p), 'discharge');
    this.K_FOLLOWUP = sim.defineKind((d) => this.onFollowUp(d), 'follow-up');
    this.K_DAY = sim.defineKind((d) => this.onDay(d), 'day');
    this.K_WARMUP = sim.defineKind(() => this.onWarmup(), 'warm-up');
    this.K_RELEASE = sim.defineKind((f) => this.onReleaseReserve(f), 'release-reserve');

    this.metrics = new Metrics(this.region, opts.days, opts.warmupDays);
    this.buildFacilities();
    this.choice = new ChoiceTable(scenario, this.region, this.policy, (f) => this.fac[f].doctors > 0);
    this.buildVillages();
  }

  // ---------------------------------------------------------------- building

  private buildFacilities(): void {
    const s = this.s;
    const sim = this.sim;
    const nf = this.region.facilities.length;
    const schedules = new Map<string, WeeklySchedule>();
    const durations = new Map<string, Dist>();
    const noStream = (): number => {
      throw new Error('durations with a quantile are drawn from the patient\'s key, never from a stream');
    };
    this.feeConsult = new Float64Array(nf);
    this.feeBedDay = new Float64Array(nf);
    this.reimbOut = new Float64Array(nf);
    this.reimbIn = new Float64Array(nf);
    this.feeTest = new Float64Array(nf * NT);
    for (const spec of this.region.facilities) {
      const c = spec.params.costs;
      this.feeConsult[spec.index] = c.consultation;
      this.feeBedDay[spec.index] = c.bedDay;
      this.reimbOut[spec.index] = spec.params.reimbursement.outpatient;
      this.reimbIn[spec.index] = spec.params.reimbursement.inpatient;
      TEST_TYPES.forEach((t, k) => { this.feeTest[spec.index * NT + k] = c.tests[t] ?? 0; });
    }
    for (const spec of this.region.facilities) {
      const p = spec.params;
      const f = spec.index;
      // Durations come from the patient's own key (see draw); these streams, one per facility
      // and purpose, serve only distributions without a quantile (gamma), so that a variant
      // drawing more or fewer of one kind of duration leaves the others' sequences unchanged.
      const stream = (purpose: string) => this.streams.get(`${purpose}/${spec.name}#${f}`);
      // A duration with a quantile never draws from a stream: one Dist per specification,
      // shared by every facility that has it (the village clinics' are all alike), so that the
      // ones in use stay in the cache.
      const duration = (spec2: DistSpec, purpose: string): Dist => {
        if (spec2.dist === 'gamma') return makeDist(spec2, stream(purpose));
        const key = JSON.stringify(spec2);
        let d = durations.get(key);
        if (d === undefined) {
          d = makeDist(spec2, noStream);
          durations.set(key, d);
        }
        return d;
      };
      // Only walk-ins come to a village clinic (nobody is referred down to one, emergencies go
      // to hospitals) unless the reserved-slots lever covers villages: one class there, which
      // takes the Resource's fast paths.
      const outpatient = new Resource(sim, {
        capacity: 0, classes: spec.tier === Tier.VILLAGE && !this.priorityTier[Tier.VILLAGE] ? 1 : 3, name: `${spec.name}/outpatient`,
        onGrant: (p) => this.startConsult(p),
      });
      const emergency = p.emergencyDoctors > 0
        ? new Resource(sim, { capacity: p.emergencyDoctors, classes: 1, name: `${spec.name}/emergency`, onGrant: (p) => this.startConsult(p) })
        : null;
      const ward = p.beds > 0 || spec.tier !== Tier.VILLAGE
        ? new Resource(sim, {
          capacity: p.beds, classes: 3, name: `${spec.name}/beds`,
          queueLimit: p.admissionQueueLimit ?? Infinity,
          onGrant: (p) => this.startStay(p),
          onRenege: (p) => this.bedTimeout(p),
        })
        : null;
      const tests: Array<Resource | null> = [];
      const testTime: Array<Dist | null> = [];
      const turnaround = new Float64Array(NT);
      TEST_TYPES.forEach((t, k) => {
        const d = p.diagnostics[t];
        if (d) {
          tests[k] = new Resource(sim, { capacity: d.capacity, classes: 3, name: `${spec.name}/${t}`, onGrant: (p) => this.startTest(p) });
          testTime[k] = duration(d.time, `test-${t}`);
          turnaround[k] = d.turnaround;
        } else {
          tests[k] = null;
          testTime[k] = null;
        }
      });
      // Facilities with the same hours and doctors share one schedule object (and so one
      // lookup table in the cache rather than one per village clinic).
      const hours = JSON.stringify([p.sessions, p.days, p.doctors]);
      let schedule = schedules.get(hours);
      if (schedule === undefined) {
        schedule = new WeeklySchedule({
          sessions: p.sessions.map((x) => ({ start: x.start, end: x.end, capacity: p.doctors })),
          days: p.days.map((d) => WEEKDAYS.indexOf(d)),
        });
        schedules.set(hours, schedule);
      }
      const consultByCondition = s.conditions.map((c) => {
        const spec2 = c.consultTime[TIERS[spec.tier]];
        return spec2 ? duration(spec2, `consult-${c.name}`) : null;
      });
      // A diverted admission may reach a tier without its own length of stay for the
      // condition: it then stays as long as at the nearest tier that has one.
      const losByCondition = s.conditions.map((c) => {
        for (const t of [spec.tier, spec.tier - 1, spec.tier + 1, spec.tier - 2, spec.tier + 2, spec.tier - 3, spec.tier + 3]) {
          const spec2 = t >= 0 && t < 4 ? c.los[TIERS[t]] : undefined;
          if (spec2) return duration(spec2, `stay-${c.name}`);
        }
        return null;
      });
      const fac: Facility = {
        index: f, tier: spec.tier, parent: spec.parent, county: spec.county,
        doctors: p.doctors, beds: p.beds, outpatient, emergency, ward, tests, testTime, turnaround, schedule,
        consult: duration(p.consultTime, 'consult'), consultByCondition, losByCondition,
        above85: p.beds > 0 ? new TimeWeighted(0, 0) : null,
        divert: p.divertWhenFull,
        maxBedWait: p.maxBedWait ?? Infinity,
        reservedDoctors: 0,
        book: null,
        slotLength: distMean(p.consultTime),
        jointClinic: null,
        jointSchedule: null,
      };
      this.fac.push(fac);
    }
    for (const f of this.fac) {
      const pol = this.policy.reserved;
      if (pol && pol.tiers[f.tier]) {
        f.reservedDoctors = Math.round(pol.outpatientShare * f.doctors);
        f.outpatient.setReserved(PatientClass.REFERRED, f.reservedDoctors);
        if (f.reservedDoctors > 0 && f.slotLength > 0) f.book = new Uint16Array(Math.ceil(this.horizon / f.slotLength) + 1);
        if (f.ward && f.beds > 0) f.ward.setReserved(PatientClass.REFERRED, Math.round(pol.bedShare * f.beds));
      }
      const jc = this.policy.joint;
      if (jc && f.tier === Tier.TOWNSHIP && jc.hosts.has(f.index)) {
        f.jointClinic = new Resource(sim, { capacity: 0, classes: 3, name: `joint-clinic#${f.index}`, onGrant: (p) => this.startConsult(p) });
        f.jointSchedule = new WeeklySchedule({ sessions: [{ start: 480, end: 720, capacity: jc.specialists }, { start: 840, end: 1050, capacity: jc.specialists }], days: jc.days });
        f.jointSchedule.attach(sim, f.jointClinic);
      }
    }
    // Facilities sharing a schedule (same hours and doctors) follow it together: one event per boundary.
    const groups = new Map<WeeklySchedule, Facility[]>();
    for (const f of this.fac) {
      const g = groups.get(f.schedule);
      if (g) g.push(f); else groups.set(f.schedule, [f]);
    }
    for (const [schedule, g] of groups) {
      const reserving = g.filter((f) => f.reservedDoctors > 0);
      schedule.attach(sim, g.map((f) => f.outpatient), reserving.length > 0
        ? (open, t) => { for (const f of reserving) this.onSessionChange(f, open, t); }
        : undefined);
    }
  }

  private buildVillages(): void {
    const nc = this.s.conditions.length;
    // Onsets of all conditions together: a rate per month, as a mean and monthly multipliers
    // (the same in every village), scaled by the village's population.
    const byMonth = Array.from({ length: 12 }, (_, m) => {
      let r = 0;
      for (let c = 0; c < nc; c++) r += this.condRate[c] * this.condSeason[c * 12 + m];
      return r;
    });
    let mean = 0;
    for (const r of byMonth) mean += r / 12;
    const monthly = byMonth.map((r) => (mean > 0 ? r / mean : 0));
    this.onsetProfile = new RateProfile({ base: 1, monthly });
    const villages = this.region.villages;
    this.villageFacility = Int32Array.from(villages.flatMap((v) => v.facilities));
    this.villageTravel = Float64Array.from(villages.flatMap((v) => v.travel));
    this.onsetScale = Float64Array.from(villages, (v) => mean * v.population);
    this.nextOnsetAt = new Float64Array(villages.length);
    this.villageStreams = new StreamBank(this.streams, villages.flatMap((v) => [`arrivals/village-${v.index}`, `episodes/village-${v.index}`]));
  }

  // ---------------------------------------------------------------- running

  /** Runs the replication to the horizon and returns its metric rows. */
  run(): ReplicationResult {
    const sim = this.sim;
    for (const v of this.region.villages) this.nextOnsetAt[v.index] = this.nextOnset(v.index, 0);
    if (this.horizon > 0) sim.scheduleAt(0, this.K_ONSETS, 0);
    this.seedFollowUps();
    for (let d = 1; d * MINUTES_PER_DAY <= this.horizon; d++) sim.scheduleAt(d * MINUTES_PER_DAY, this.K_DAY, d - 1, 0);
    if (this.warmup > 0) sim.scheduleAt(this.warmup, this.K_WARMUP, 0, 0);
    sim.run(this.horizon);
    const result = this.metrics.finish(this.horizon, this.fac.map((f) => ({
      tier: f.tier, outpatient: f.outpatient, ward: f.ward, above85: f.above85, beds: f.beds, doctors: f.doctors,
    })), this.patients.live, sim.eventsProcessed);
    result.accounted = this.census();
    return result;
  }

  /**
   * Patients found at the end of the run, counted independently of the patient pool: those
   * waiting in a queue (doctors, emergency department, joint clinic, diagnostics, wards) and
   * those with an event of their own pending (travelling, in consultation or a test, waiting
   * for a result, in a bed, between follow-ups, or diverted on their way). A patient the
   * model lost track of would be in neither.
   */
  private census(): number {
    let n = 0;
    for (const f of this.fac) {
      n += f.outpatient.queueLength + (f.emergency?.queueLength ?? 0) + (f.ward?.queueLength ?? 0) + (f.jointClinic?.queueLength ?? 0);
      for (const t of f.tests) n += t?.queueLength ?? 0;
    }
    const pending = this.sim.pendingByKind();
    const patientKinds = [this.K_ARRIVE, this.K_CONSULT_END, this.K_TEST_END, this.K_RESULT, this.K_ACUTE_END, this.K_DISCHARGE, this.K_FOLLOWUP];
    for (const k of patientKinds) n += pending[k];
    n += this.followUps.count;
    // Diversions travel as `call` events (see bedTimeout); nothing else in the model uses them.
    pending.forEach((count, k) => { if (this.sim.kindName(k) === 'call') n += count; });
    return n;
  }

  /**
   * Starts the run with the chronic patients who would already be in follow-up had the
   * region been running for ever: per village and chronic condition, Poisson(rate x visits
   * x interval) patients, each with a uniformly drawn number of visits left and first visit
   * within one interval, followed where the first-contact choice and capability would have
   * placed them. Without it the follow-up load would ramp up over the first months.
   */
  private seedFollowUps(): void {
    const nc = this.condRate.length;
    const P = this.patients;
    for (const v of this.region.villages) {
      const rng = this.streams.get(`initial/village-${v.index}`);
      for (let c = 0; c < nc; c++) {
        const visits = this.condFollowVisits[c];
        if (visits === 0 || this.condEmergency[c]) continue;
        const interval = this.condFollowInterval[c];
        const mean = this.condRate[c] * v.population * visits * interval;
        let n = 0;
        // Poisson by inversion of exponential gaps (means here are small).
        for (let t = -Math.log1p(-rng()); t < mean; t -= Math.log1p(-rng())) n++;
        for (let k = 0; k < n; k++) {
          const p = P.alloc();
          P.set(p, H_VILLAGE, v.index);
          P.set(p, H_CONDITION, c);
          P.set(p, H_KEY, (rng() * 4294967296) | 0);
          P.set(p, H_ONSET, -Infinity);
          P.set(p, H_FLAGS, F_TREATED | F_DONE_EPISODE);
          P.set(p, H_CLS, PatientClass.WALK_IN);
          let tier = this.condFirst[c] >= 0 ? this.condFirst[c] : this.choice.pick(v.index, c, false, false, rng());
          while (tier < Tier.REGIONAL && !(this.condCapable[c * 4 + tier] > 0 && this.fac[v.facilities[tier]].doctors > 0)) tier++;
          P.set(p, H_TREAT_FACILITY, v.facilities[tier]);
          P.set(p, H_FOLLOW_UPS, 1 + Math.floor(rng() * visits));
          this.metrics.episodeStarted();
          this.scheduleFollowUp(p, rng() * interval);
        }
      }
    }
  }

  private onWarmup(): void {
    const now = this.sim.now;
    for (const f of this.fac) {
      f.outpatient.resetStats(now);
      f.emergency?.resetStats(now);
      f.ward?.resetStats(now);
      f.above85?.reset(now);
      for (const t of f.tests) t?.resetStats(now);
    }
    this.metrics.reset();
  }

  private onDay(day: number): void {
    const now = this.sim.now;
    this.metrics.sampleDay(day, now, this.fac);
    // Day `day + 1` starts now: its follow-ups join the event queue.
    this.followUps.drain(day + 1, this.queueFollowUp);
  }

  /**
   * Patient p's next follow-up visit, setting out from home at time `leave`: p goes to sleep
   * (PatientPool.sleep) until it arrives. Where the visit is and when the patient gets there
   * depend only on the timetables and the patient's own draws, so they are fixed now and one
   * event, the arrival, does for the visit: into the event queue if it falls today, else into
   * its day's list.
   */
  private scheduleFollowUp(p: number, leave: number): void {
    const P = this.patients;
    P.set(p, H_FOLLOW_UPS, P.get(p, H_FOLLOW_UPS) - 1);
    P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_FOLLOWUP);
    P.set(p, H_CLS, PatientClass.WALK_IN);
    const fac = this.fac[this.followUpFacility(p)];
    if (fac.tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
    const at = this.arrivalTime(p, fac, leave, this.villageTravel[4 * P.get(p, H_VILLAGE) + fac.tier], false);
    const d = P.sleep(p);
    if (this.followUps.dayOf(at) > Math.floor(this.sim.now / MINUTES_PER_DAY)) this.followUps.add(at, d);
    else this.queueFollowUp(at, d);
  }

  // ---------------------------------------------------------------- onset and choice

  /** The first onset in village v strictly after t. */
  private nextOnset(v: number, t: number): number {
    return nextArrival(this.onsetProfile, this.onsetScale[v], t, this.villageStreams, 2 * v);
  }

  /**
   * The onsets of every village in the next batch window, in one event: window ends are the
   * multiples of ONSET_BATCH, the warm-up and the horizon. An onset's work (the patient, the
   * first-contact choice, the arrival time) depends only on the village's streams, the
   * patient's own draws and the timetables, never on the state of the system, so doing it
   * up to an hour early changes no result; it saves an event per onset (a fifth of all
   * events). A window never spans the warm-up, whose reset (at priority 0) comes first, so
   * that first contacts of counted episodes are never lost to it.
   */
  private onOnsets(): void {
    const start = this.sim.now;
    let end = Math.min((Math.floor(start / ONSET_BATCH) + 1) * ONSET_BATCH, this.horizon);
    if (start < this.warmup && this.warmup < end) end = this.warmup;
    const next = this.nextOnsetAt;
    for (let v = 0; v < next.length; v++) {
      let t = next[v];
      while (t < end) {
        this.onset(v, t);
        t = this.nextOnset(v, t);
      }
      next[v] = t;
    }
    if (end < this.horizon) this.sim.scheduleAt(end, this.K_ONSETS, 0);
  }

  /** An episode begins in village v at time `now` (not before the current time). */
  private onset(v: number, now: number): void {
    // Which condition: in proportion to its rate this month.
    const nc = this.condRate.length;
    const base = (Math.floor(now / MINUTES_PER_MONTH) % 12) * nc;
    const streams = this.villageStreams;
    const x = streams.next(2 * v + 1);
    let cond = 0;
    while (cond < nc - 1 && x >= this.condCum[base + cond]) cond++;

    const P = this.patients;
    const p = P.alloc();
    P.set(p, H_VILLAGE, v);
    P.set(p, H_CONDITION, cond);
    P.set(p, H_ONSET, now);
    P.set(p, H_KEY, (streams.next(2 * v + 1) * 4294967296) | 0);
    let flags = now >= this.warmup ? F_COUNTED : 0;
    if (P.u(p, U_SIGNED) < this.choice.signedShare) flags |= F_SIGNED;
    P.set(p, H_FLAGS, flags);
    P.set(p, H_FOLLOW_UPS, this.condFollowVisits[cond]);
    this.metrics.episodeStarted();

    const vf = this.villageFacility;
    const vt = this.villageTravel;
    let tier: number;
    if (this.condEmergency[cond]) {
      P.set(p, H_CLS, PatientClass.EMERGENCY);
      const county = this.fac[vf[4 * v + Tier.COUNTY]];
      const countyCan = this.condCapable[cond * 4 + Tier.COUNTY] > 0 && (county.emergency !== null || county.doctors > 0);
      tier = countyCan ? Tier.COUNTY : Tier.REGIONAL;
      this.travelTo(p, now, vf[4 * v + tier], vt[4 * v + tier] * this.s.region.ambulanceFactor, true);
      return;
    }
    P.set(p, H_CLS, PatientClass.WALK_IN);
    if (this.condFirst[cond] >= 0) tier = this.condFirst[cond];
    else {
      const signed = (flags & F_SIGNED) !== 0;
      const comply = signed && P.u(p, U_COMPLY) < this.choice.compliance;
      tier = this.choice.pick(v, cond, signed, comply, P.u(p, U_CHOICE));
    }
    this.metrics.firstContact(flags & F_COUNTED, tier);
    this.travelTo(p, now, vf[4 * v + tier], vt[4 * v + tier], false);
  }

  /** Sends a patient, setting out at `leave`, to facility f; non-emergencies arrive when it is open. */
  private travelTo(p: number, leave: number, f: number, minutes: number, urgent: boolean): void {
    const P = this.patients;
    const sim = this.sim;
    P.set(p, H_FACILITY, f);
    P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + minutes);
    if (this.fac[f].tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
    const at = this.arrivalTime(p, this.fac[f], leave, minutes, urgent);
    if (at === sim.now) this.arrive(p);
    else sim.scheduleAt(at, this.K_ARRIVE, p);
  }

  /** When patient p, leaving at `leave` for facility `fac` `minutes` away, arrives: non-emergencies when it is open. */
  private arrivalTime(p: number, fac: Facility, leave: number, minutes: number, urgent: boolean): number {
    const P = this.patients;
    let at = leave + minutes;
    if (!urgent && !(fac.emergency !== null && P.get(p, H_CLS) === PatientClass.EMERGENCY)) {
      const schedule = this.isJointVisit(p, fac.index) ? fac.jointSchedule! : fac.schedule;
      if (P.get(p, H_CLS) === PatientClass.REFERRED && fac.book !== null) at = this.bookSlot(fac, at);
      else if (!schedule.isOpen(at)) {
        // Patients set out so as to arrive after opening, spread over the first hour.
        at = schedule.nextOpen(at) + 60 * P.u(p, U_SPREAD);
      }
    }
    return at;
  }

  // ---------------------------------------------------------------- outpatient

  private isJointVisit(p: number, f: number): boolean {
    return this.policy.joint !== null && this.fac[f].jointClinic !== null && (this.patients.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 && this.patients.get(p, H_TREAT_FACILITY) !== f;
  }

  private arrive(p: number): void {
    const P = this.patients;
    const f = this.fac[P.get(p, H_FACILITY)];
    P.set(p, H_ARRIVE, this.sim.now);
    if (this.consultLine(p, f).request(p, this.lineClass) === Outcome.GRANTED) this.startConsult(p);
  }

  /**
   * The doctors a patient queues for at facility f (emergency department, joint clinic or
   * outpatient doctors), with the class in `lineClass`: one rule for request and release.
   */
  private consultLine(p: number, f: Facility): Resource {
    const cls = this.queueClass(p, f);
    if (cls === PatientClass.EMERGENCY && f.emergency !== null) {
      this.lineClass = 0; // the emergency department has one class
      return f.emergency;
    }
    if (this.isJointVisit(p, f.index)) {
      this.lineClass = cls;
      return f.jointClinic!;
    }
    this.lineClass = f.outpatient.classes === 1 ? 0 : cls;
    return f.outpatient;
  }

  private startConsult(p: number): void {
    const P = this.patients;
    const now = this.sim.now;
    const fi = P.get(p, H_FACILITY);
    P.set(p, H_SEEN, now);
    P.set(p, H_SEEN_AT, fi);
    const f = this.fac[fi];
    const cond = P.get(p, H_CONDITION);
    this.metrics.consultStarted(f.tier, fi, P.get(p, H_CLS), this.condAcuity[cond], now - P.get(p, H_ARRIVE), (P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0);
    this.charge(p, fi, this.feeConsult[fi], false);
    // The length comes from the patient's own key (see draw).
    const d = f.consultByCondition[cond] ?? f.consult;
    this.sim.schedule(Math.max(0, this.draw(d, p, U_CONSULT + P.visitIndex(p, f.tier))), this.K_CONSULT_END, p);
  }

  /**
   * The queue class a patient joins at facility f: emergencies first everywhere; referred
   * patients ahead of walk-ins only where the reserved-slots lever gives them priority
   * (优先就诊、优先检查、优先住院); otherwise they queue with everyone else.
   */
  private queueClass(p: number, f: Facility): number {
    const cls = this.patients.get(p, H_CLS);
    return cls === PatientClass.REFERRED && !this.priorityTier[f.tier] ? PatientClass.WALK_IN : cls;
  }

  private releaseDoctor(p: number): void {
    const f = this.fac[this.patients.get(p, H_FACILITY)];
    this.consultLine(p, f).release(this.lineClass);
  }

  private onConsultEnd(p: number): void {
    const P = this.patients;
    this.releaseDoctor(p);
    if ((P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0) {
      const joint = this.isJointVisit(p, P.get(p, H_FACILITY));
      P.set(p, H_FLAGS, P.get(p, H_FLAGS) & ~F_FOLLOWUP);
      if (P.u(p, U_COMPLICATION + P.get(p, H_FOLLOW_UPS)) >= this.condComplication[P.get(p, H_CONDITION)]) {
        this.nextVisitOrLeave(p);
        return;
      }
      // A complication: a joint clinic refers it straight up to the county hospital
      // (as a referred patient); elsewhere it is examined like a new consultation.
      this.metrics.complication(this.fac[P.get(p, H_FACILITY)].tier);
      if (joint) {
        this.referUp(p, this.fac[P.get(p, H_FACILITY)]);
        return;
      }
    }
    P.set(p, H_TEST_INDEX, 0);
    this.nextTest(p);
  }

  // ---------------------------------------------------------------- tests

  /** Orders the next test the condition needs that this facility can do; then decides. */
  private nextTest(p: number): void {
    const P = this.patients;
    const fi = P.get(p, H_FACILITY);
    const f = this.fac[fi];
    const cond = P.get(p, H_CONDITION);
    const now = this.sim.now;
    for (let k = P.get(p, H_TEST_INDEX); k < NT; k++) {
      if (this.condTests[cond * NT + k] === 0 || f.tests[k] === null) continue;
      const prior = P.testTime[p * TEST_SLOTS + k];
      const elsewhere = prior > -Infinity && P.testFacility[p * TEST_SLOTS + k] !== fi;
      const valid = elsewhere && now - prior <= RESULT_VALIDITY;
      if (elsewhere && now - prior <= this.policy.recognition.validity && P.u(p, U_RECOGNISE + k) < this.policy.recognition.rates[k]) {
        this.metrics.testRecognised(f.tier);
        continue;
      }
      P.set(p, H_TEST_INDEX, k);
      this.metrics.testDone(f.tier, valid);
      this.charge(p, fi, this.feeTest[fi * NT + k], false);
      if (f.tests[k]!.request(p, this.queueClass(p, f)) === Outcome.GRANTED) this.startTest(p);
      return;
    }
    this.decide(p);
  }

  private startTest(p: number): void {
    const P = this.patients;
    const f = this.fac[P.get(p, H_FACILITY)];
    const k = P.get(p, H_TEST_INDEX);
    this.sim.schedule(Math.max(0, this.draw(f.testTime[k]!, p, U_TEST + P.visitIndex(p, f.tier) * TEST_SLOTS + k)), this.K_TEST_END, p);
  }

  private onTestEnd(p: number): void {
    const P = this.patients;
    const fi = P.get(p, H_FACILITY);
    const f = this.fac[fi];
    const k = P.get(p, H_TEST_INDEX);
    f.tests[k]!.release(this.queueClass(p, f));
    P.testTime[p * TEST_SLOTS + k] = this.sim.now;
    P.testFacility[p * TEST_SLOTS + k] = fi;
    if (f.turnaround[k] > 0) this.sim.schedule(f.turnaround[k], this.K_RESULT, p);
    else this.onResult(p);
  }

  private onResult(p: number): void {
    this.patients.set(p, H_TEST_INDEX, this.patients.get(p, H_TEST_INDEX) + 1);
    this.nextTest(p);
  }

  // ---------------------------------------------------------------- outcome

  private decide(p: number): void {
    const P = this.patients;
    const fi = P.get(p, H_FACILITY);
    const f = this.fac[fi];
    const cond = P.get(p, H_CONDITION);
    const capable = f.tier === Tier.REGIONAL || P.u(p, U_CAPABLE + f.tier) < this.condCapable[cond * 4 + f.tier];
    if (!capable) {
      this.referUp(p, f);
      return;
    }
    if (P.u(p, U_ADMIT + f.tier) < this.condAdmit[cond * 4 + f.tier] && f.ward !== null) {
      this.admit(p, fi);
      return;
    }
    this.treated(p, fi);
    this.episodeEnd(p);
  }

  /** Refers to the nearest upper facility able to see the patient. */
  private referUp(p: number, from: Facility): void {
    const P = this.patients;
    let target = from.parent;
    let minutes = this.region.travelUp[from.index];
    const cond = P.get(p, H_CONDITION);
    while (target >= 0) {
      const t = this.fac[target];
      const able = t.tier === Tier.REGIONAL || this.condCapable[cond * 4 + t.tier] > 0;
      if (able && (t.doctors > 0 || (P.get(p, H_CLS) === PatientClass.EMERGENCY && t.emergency !== null))) break;
      if (t.parent < 0) break;
      minutes += this.region.travelUp[target];
      target = t.parent;
    }
    this.metrics.referral(from.tier, this.fac[target].tier, true);
    if (P.get(p, H_CLS) !== PatientClass.EMERGENCY) P.set(p, H_CLS, PatientClass.REFERRED);
    const urgent = P.get(p, H_CLS) === PatientClass.EMERGENCY;
    this.travelTo(p, this.sim.now, target, urgent ? minutes * this.s.region.ambulanceFactor : minutes, urgent);
  }

  /**
   * Facility fi gives the episode its definitive treatment. Time to care runs from onset
   * to the start of the consultation there, or to admission when the patient was not
   * seen there first (a diverted admission).
   */
  private treated(p: number, fi: number): void {
    const P = this.patients;
    if ((P.get(p, H_FLAGS) & F_TREATED) !== 0) return;
    P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_TREATED);
    P.set(p, H_TREAT_FACILITY, fi);
    const start = P.get(p, H_SEEN_AT) === fi ? P.get(p, H_SEEN) : this.sim.now;
    if (P.get(p, H_FLAGS) & F_COUNTED) this.metrics.timeToCare(this.fac[fi].tier, start - P.get(p, H_ONSET));
  }

  // ---------------------------------------------------------------- inpatient

  private admit(p: number, fi: number): void {
    const P = this.patients;
    const f = this.fac[fi];
    P.set(p, H_FACILITY, fi);
    P.decided[p] = this.sim.now;
    this.metrics.admissionRequested(f.tier);
    if (f.beds === 0) {
      // A facility without beds sends the admission on at once (or turns it away).
      this.bedTimeout(p);
      return;
    }
    const outcome = f.ward!.request(p, this.queueClass(p, f), f.maxBedWait < Infinity ? f.maxBedWait : undefined);
    if (outcome === Outcome.GRANTED) this.startStay(p);
    else if (outcome === Outcome.BLOCKED) this.bedTimeout(p);
  }

  /** No bed (queue full or waited too long): divert to the next tier up, or turn away. */
  private bedTimeout(p: number): void {
    const P = this.patients;
    const f = this.fac[P.get(p, H_FACILITY)];
    if (P.decided[p] >= this.warmup) this.metrics.admissionBlocked(f.tier);
    if (f.divert && f.parent >= 0) {
      this.metrics.referral(f.tier, this.fac[f.parent].tier, true);
      const target = f.parent;
      const minutes = this.region.travelUp[f.index] * this.s.region.ambulanceFactor;
      P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + minutes);
      if (this.fac[target].tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
      // Diverted admissions go straight to the ward of the next tier.
      this.sim.call(minutes, () => this.admit(p, target));
      return;
    }
    this.episodeEnd(p);
  }

  private startStay(p: number): void {
    const P = this.patients;
    const fi = P.get(p, H_FACILITY);
    const f = this.fac[fi];
    const now = this.sim.now;
    this.metrics.admitted(f.tier, now - P.decided[p]);
    this.treated(p, fi);
    this.bedsChanged(f);
    const cond = P.get(p, H_CONDITION);
    const los = Math.max(0, this.draw(f.losByCondition[cond]!, p, U_STAY + P.visitIndex(p, f.tier)));
    P.set(p, H_ARRIVE, now);
    P.stayEnd[p] = now + los;
    const down = this.policy.down;
    if (down && down.fromTiers[f.tier] && this.condRecovery[cond] > 0 && P.u(p, U_DOWN) < down.share) {
      this.sim.schedule(los * (1 - this.condRecovery[cond]), this.K_ACUTE_END, p);
    } else {
      this.sim.schedule(los, this.K_DISCHARGE, p);
    }
  }

  private bedsChanged(f: Facility): void {
    if (f.above85 === null) return;
    const full = f.ward!.inUse > 0.85 * f.beds ? 1 : 0;
    if (full !== f.above85.value) f.above85.update(this.sim.now, full);
  }

  /** End of the acute phase: move to a free township bed for recovery, if there is one. */
  private onAcuteEnd(p: number): void {
    const P = this.patients;
    const fi = P.get(p, H_FACILITY);
    const f = this.fac[fi];
    const t = this.fac[this.villageFacility[4 * P.get(p, H_VILLAGE) + Tier.TOWNSHIP]];
    const now = this.sim.now;
    if (t.ward !== null && t.ward.inUse < t.ward.capacity && t.ward.queueLength === 0) {
      // Moves now: the county or regional bed is freed and the rest of the stay is at the township.
      this.dischargeFrom(p, f, now - P.get(p, H_ARRIVE));
      this.metrics.referral(f.tier, Tier.TOWNSHIP, false);
      this.metrics.downReferred(f.tier);
      P.set(p, H_CLS, PatientClass.REFERRED);
      P.set(p, H_FACILITY, t.index);
      P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + this.region.travelUp[t.index]);
      if (t.ward.request(p, this.queueClass(p, t)) !== Outcome.GRANTED) throw new Error('down-referral found no free township bed');
      P.set(p, H_ARRIVE, now);
      this.bedsChanged(t);
      this.sim.schedule(Math.max(0, P.stayEnd[p] - now), this.K_DISCHARGE, p);
      return;
    }
    this.sim.schedule(Math.max(0, P.stayEnd[p] - now), this.K_DISCHARGE, p);
  }

  /** Frees a bed and records the stay at that facility. */
  private dischargeFrom(p: number, f: Facility, stayed: number): void {
    const P = this.patients;
    f.ward!.release(this.queueClass(p, f));
    this.bedsChanged(f);
    this.metrics.discharged(f.tier, stayed / MINUTES_PER_DAY);
    this.charge(p, f.index, this.feeBedDay[f.index] * (stayed / MINUTES_PER_DAY), true);
  }

  private onDischarge(p: number): void {
    const P = this.patients;
    const f = this.fac[P.get(p, H_FACILITY)];
    this.dischargeFrom(p, f, this.sim.now - P.get(p, H_ARRIVE));
    this.episodeEnd(p);
  }

  // ---------------------------------------------------------------- episode end, follow-ups, costs

  /**
   * A duration for patient p: the quantile of the patient's own draw k where the distribution
   * has one, so that the same patient takes as long in every scenario compared (common random
   * numbers); otherwise the next draw of the distribution's stream.
   */
  private draw(d: Dist, p: number, k: number): number {
    return d.quantile !== undefined ? d.quantile(this.patients.uOpen(p, k)) : d.sample();
  }

  private charge(p: number, fi: number, amount: number, inpatient: boolean): void {
    if (amount === 0) return;
    const P = this.patients;
    const f = this.fac[fi];
    let rate = inpatient ? this.reimbIn[fi] : this.reimbOut[fi];
    if (!inpatient && f.tier >= Tier.COUNTY && P.get(p, H_CLS) === PatientClass.WALK_IN) rate = Math.max(0, rate - this.policy.reimbursementGap);
    P.set(p, H_COST_INS, P.get(p, H_COST_INS) + amount * rate);
    P.set(p, H_COST_OOP, P.get(p, H_COST_OOP) + amount * (1 - rate));
  }

  private episodeEnd(p: number): void {
    const P = this.patients;
    const flags = P.get(p, H_FLAGS);
    if ((flags & F_DONE_EPISODE) === 0) {
      P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_DONE_EPISODE);
      if (flags & F_COUNTED) {
        this.metrics.episodeOutcome((flags & F_REGIONAL) === 0, P.get(p, H_TRAVEL), P.get(p, H_COST_INS), P.get(p, H_COST_OOP));
      }
    }
    this.nextVisitOrLeave(p);
  }

  /**
   * A chronic patient arrives for a follow-up visit planned by scheduleFollowUp (the event's
   * entity is the dormant record, see PatientPool.sleep): at the treating facility, or at a
   * joint clinic in the home township.
   */
  private onFollowUp(d: number): void {
    const P = this.patients;
    const p = P.wake(d);
    const f = this.followUpFacility(p);
    P.set(p, H_CLS, PatientClass.WALK_IN);
    P.set(p, H_FACILITY, f);
    P.set(p, H_TRAVEL, this.villageTravel[4 * P.get(p, H_VILLAGE) + this.fac[f].tier]);
    this.arrive(p);
  }

  /** Where a chronic patient's follow-up visit is: the treating facility, or a joint clinic in the home township. */
  private followUpFacility(p: number): number {
    const P = this.patients;
    const f = P.get(p, H_TREAT_FACILITY);
    const home = this.villageFacility[4 * P.get(p, H_VILLAGE) + Tier.TOWNSHIP];
    return this.fac[f].tier >= Tier.COUNTY && this.fac[home].jointClinic !== null ? home : f;
  }

  /** A chronic patient with follow-up visits left goes to sleep until the next one; any other patient leaves the system. */
  private nextVisitOrLeave(p: number): void {
    const P = this.patients;
    if (P.get(p, H_FOLLOW_UPS) > 0 && P.get(p, H_TREAT_FACILITY) >= 0) {
      this.scheduleFollowUp(p, this.sim.now + this.condFollowInterval[P.get(p, H_CONDITION)]);
      return;
    }
    this.metrics.episodeFinished();
    P.release(p);
  }

  // ---------------------------------------------------------------- reserved slots

  /** Session opens: the held doctors are released to everyone `releaseLead` before it ends; closes: held again. */
  private onSessionChange(f: Facility, open: boolean, t: number): void {
    if (!open) {
      // Held while closed (no capacity then), so it is in force the moment doctors return,
      // before the walk-ins left waiting from the last session are dispatched.
      f.outpatient.setReserved(PatientClass.REFERRED, f.reservedDoctors);
      return;
    }
    const end = this.sessionEnd(f, t);
    const at = Math.max(t, end - this.policy.reserved!.releaseLead);
    this.sim.scheduleAt(at, this.K_RELEASE, f.index, 0);
  }

  /**
   * A referral books the first referral slot at or after time t that is in a session and not
   * yet taken by as many patients as there are reserved doctors; the patient comes at its
   * start. Returns t when the book is full to the end of the run.
   */
  private bookSlot(f: Facility, t: number): number {
    const book = f.book!;
    for (let k = Math.ceil(t / f.slotLength); k < book.length; k++) {
      const start = k * f.slotLength;
      if (book[k] < f.reservedDoctors && f.schedule.isOpen(start)) {
        book[k]++;
        this.metrics.booked(f.tier);
        return start;
      }
    }
    return t;
  }

  /** End of the session that opens at time t. */
  private sessionEnd(f: Facility, t: number): number {
    const tod = t - Math.floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
    for (const x of this.region.facilities[f.index].params.sessions) {
      if (x.start <= tod && tod < x.end) return t - tod + x.end;
    }
    return t;
  }

  private onReleaseReserve(fi: number): void {
    this.fac[fi].outpatient.setReserved(PatientClass.REFERRED, 0);
  }
}

export type { MetricRow, ReplicationResult };
