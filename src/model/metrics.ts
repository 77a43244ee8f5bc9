/**
 * What one replication measures, as defined in docs/model.md. Counters and tallies
 * are updated by the model as events happen and reset at the end of the warm-up;
 * episode-level figures count episodes whose onset came after the warm-up.
 * `finish` turns them into tidy rows: {metric, tier, facility, group, value}.
 */
import { Histogram, Tally, type Resource, type TimeWeighted } from '../engine/index.js';
import { ACUITIES, TEST_TYPES, TIERS } from '../params/fields.js';
import type { Region } from './region.js';
import { EpisodeOutcome, MINUTES_PER_DAY, Tier } from './constants.js';
import type { TraceColumns } from './trace.js';
import { DailySeries } from './metrics-daily.js';

export interface MetricRow { metric: string; tier: string; facility: string; group: string; value: number }
export interface SeriesRow { day: number; tier: string; metric: string; value: number }
export interface FlowRow { from_tier: string; to_tier: string; direction: 'up' | 'down'; count: number }
export interface HistRow { tier: string; bin_low: number; bin_high: number; count: number }

export interface ReplicationResult {
  rows: MetricRow[];
  series: SeriesRow[];
  flows: FlowRow[];
  hist: HistRow[];
  events: number;
  /** Conservation check: episodes started, finished, and still in the system. */
  started: number;
  finished: number;
  inSystem: number;
  /** Patients found at the end in queues or with an event pending (must equal inSystem). */
  accounted: number;
  /** The event log, when the replication was asked for one (`ReplicationJob.trace`). */
  trace?: TraceColumns;
}

export interface FacilityStats {
  tier: number;
  outpatient: Resource;
  ward: Resource | null;
  above85: TimeWeighted | null;
  beds: number;
  doctors: number;
}

const CLASS_NAMES = ['emergency', 'referred', 'walk_in'];
/** Relative error bound of the wait quantiles (`wait_consult_p50` ... `p99`). */
export const WAIT_QUANTILE_ERROR = 0.001;
/** Histogram bins merged into one row of wait_hist.csv. */
const WAIT_HIST_MERGE = 20;
/** The wait quantiles reported per tier, as [metric, p]. */
const WAIT_QUANTILES: ReadonlyArray<readonly [string, number]> = [
  ['wait_consult_p50', 0.5], ['wait_consult_p75', 0.75], ['wait_consult_p90', 0.9], ['wait_consult_p95', 0.95], ['wait_consult_p99', 0.99],
];

const tallies = (n: number) => Array.from({ length: n }, () => new Tally());

export class Metrics {
  private readonly region: Region;
  private readonly nf: number;
  private readonly days: number;
  private readonly warmupDays: number;

  // Outpatient
  // Waits as sums, counted in `visits*` (means are all that is reported besides the histogram).
  // Bins 0.1 % wide (g = 1.001), so the interpolated wait quantiles are within 0.1 % of the exact ones;
  // wait_hist.csv reports them WAIT_HIST_MERGE at a time (bins about 2 % wide).
  private waitHist = Array.from({ length: 4 }, () => new Histogram({ relativeError: WAIT_QUANTILE_ERROR / (2 + WAIT_QUANTILE_ERROR), min: 0.01, max: 1e6 }));
  private waitTier = new Float64Array(4);
  private visitsTier = new Float64Array(4);
  private waitClass = new Float64Array(12);
  private visitsClass = new Float64Array(12);
  private waitAcuity = new Float64Array(4 * ACUITIES.length);
  private visitsAcuity = new Float64Array(4 * ACUITIES.length);
  private waitFacility: Float64Array;
  private visitsFacility: Float64Array;
  private followUpVisits = new Float64Array(4);
  // Referrals
  private refUp = new Float64Array(4);
  private flowUp = new Float64Array(16);
  private flowDown = new Float64Array(16);
  private down = new Float64Array(4);
  private complications = new Float64Array(4);
  private bookings = new Float64Array(4);
  // Inpatient
  private admitRequests = new Float64Array(4);
  private admitBlocked = new Float64Array(4);
  /** Stays started at a tier (a bed granted to an admission; not a transfer in). */
  private staysStarted = new Float64Array(4);
  /** Inpatients moved between facilities in the middle of a stay (down-referral): out of, and into, a tier. */
  private transfersOut = new Float64Array(4);
  private transfersIn = new Float64Array(4);
  private waitAdmit = tallies(4);
  /** tier * 3 + patient class. */
  private waitAdmitClass = tallies(12);
  private los = tallies(4);
  // Tests
  private testsDone = new Float64Array(4);
  private testsRepeated = new Float64Array(4);
  private testsRecognised = new Float64Array(4);
  /** Per test type (region): tests repeating a still-valid result of another facility, and results recognised instead. */
  private repeatedByType = new Float64Array(TEST_TYPES.length);
  private recognisedByType = new Float64Array(TEST_TYPES.length);
  // Episodes (onset after warm-up)
  private firstContacts = new Float64Array(4);
  private ttc = tallies(4);
  private ttcAll = new Tally();
  /** By acuity (region). */
  private ttcAcuity = tallies(ACUITIES.length);
  private travel = new Tally();
  private costIns = new Tally();
  private costOop = new Tally();
  private costTotal = new Tally();
  private withinCounty = 0;
  private outcomes = 0;
  /** Episodes with onset after the warm-up (ended or not). */
  private counted = 0;
  /** Ended counted episodes by outcome: treated by tier of treatment; turned away and left untreated by tier where it happened. */
  private treatedAt = new Float64Array(4);
  private turnedAwayAt = new Float64Array(4);
  private leftAt = new Float64Array(4);
  /** Patients (any, after the warm-up) who left the region for care elsewhere: one consultation outside each. */
  private outsideVisits = 0;
  // Conservation (whole run, never reset)
  started = 0;
  finished = 0;
  /** The daily series per tier (timeseries.csv). */
  private readonly daily = new DailySeries();

  constructor(region: Region, days: number, warmupDays: number) {
    this.region = region;
    this.nf = region.facilities.length;
    this.days = days;
    this.warmupDays = warmupDays;
    this.waitFacility = new Float64Array(this.nf);
    this.visitsFacility = new Float64Array(this.nf);
  }

  /** End of warm-up: forget everything measured so far (but not the conservation counts). */
  reset(): void {
    for (const t of [...this.waitAdmit, ...this.waitAdmitClass, ...this.los, ...this.ttc, ...this.ttcAcuity]) t.reset();
    for (const h of this.waitHist) h.reset();
    for (const t of [this.ttcAll, this.travel, this.costIns, this.costOop, this.costTotal]) t.reset();
    for (const a of [this.waitTier, this.visitsTier, this.waitClass, this.visitsClass, this.waitAcuity, this.visitsAcuity, this.waitFacility, this.visitsFacility, this.followUpVisits, this.refUp, this.flowUp, this.flowDown, this.down, this.complications, this.bookings, this.admitRequests,
      this.admitBlocked, this.staysStarted, this.transfersOut, this.transfersIn, this.treatedAt, this.turnedAwayAt, this.leftAt, this.testsDone, this.testsRepeated, this.testsRecognised, this.repeatedByType, this.recognisedByType, this.firstContacts]) a.fill(0);
    this.daily.reset();
    this.withinCounty = 0;
    this.outcomes = 0;
    this.counted = 0;
    this.outsideVisits = 0;
  }

  episodeStarted(): void { this.started++; }
  /** An episode begins after the warm-up: its outcome will be counted. */
  episodeCounted(): void { this.counted++; }
  episodeFinished(): void { this.finished++; }
  firstContact(counted: number, tier: number): void { if (counted) this.firstContacts[tier]++; }

  /**
   * A patient of class `cls` leaves a doctors' queue at the tier untreated after `wait` minutes
   * (`maxConsultWait`): the wait counts in the tier's, class's and acuity's mean wait and in its
   * quantiles, as a consultation's would, so that patients giving up never shorten the waits.
   */
  queueLeft(tier: number, cls: number, acuity: number, wait: number): void {
    this.waited(tier, cls, acuity, wait);
  }

  /** A consultation starts after `wait` minutes in the queue. */
  consultStarted(tier: number, facility: number, cls: number, acuity: number, wait: number, followUp: boolean): void {
    this.waited(tier, cls, acuity, wait);
    this.waitFacility[facility] += wait;
    this.visitsFacility[facility]++;
    this.daily.consult(tier, wait, followUp);
    if (followUp) this.followUpVisits[tier]++;
  }

  referral(from: number, to: number, up: boolean): void {
    if (up) { this.refUp[from]++; this.flowUp[from * 4 + to]++; } else this.flowDown[from * 4 + to]++;
  }
  downReferred(tier: number): void { this.down[tier]++; }
  complication(tier: number): void { this.complications[tier]++; }
  booked(tier: number): void { this.bookings[tier]++; }
  admissionRequested(tier: number): void { this.admitRequests[tier]++; }
  admissionBlocked(tier: number): void { this.admitBlocked[tier]++; }
  /** A patient of class `cls` (PatientClass) gets a bed at a facility of the tier, `wait` minutes after the decision to admit. */
  admitted(tier: number, cls: number, wait: number): void {
    this.waitAdmit[tier].add(wait);
    this.waitAdmitClass[tier * 3 + cls].add(wait);
  }
  /** A stay starts at a facility of the tier (a bed granted to an admission). */
  stayStarted(tier: number): void { this.staysStarted[tier]++; }
  /** An inpatient moves, mid-stay, from a bed at tier `from` to a bed at tier `to`. */
  transferred(from: number, to: number): void { this.transfersOut[from]++; this.transfersIn[to]++; }
  discharged(tier: number, days: number): void { this.los[tier].add(days); }
  /** A test of type `type` (index in TEST_TYPES) done at the tier; `repeat`: it repeats a still-valid result of another facility. */
  testDone(tier: number, repeat: boolean, type: number): void {
    this.testsDone[tier]++;
    if (repeat) { this.testsRepeated[tier]++; this.repeatedByType[type]++; }
  }
  /** A result of another facility accepted instead of a test of type `type` at the tier. */
  /** A test skipped for an earlier result; `valid` when that result was still within RESULT_VALIDITY (only those enter the repeated share). */
  testRecognised(tier: number, type: number, valid: boolean): void {
    this.testsRecognised[tier]++;
    if (valid) this.recognisedByType[type]++;
  }
  /** An episode of the acuity (index in ACUITIES) gets its definitive care at the tier, `minutes` after onset. */
  timeToCare(tier: number, acuity: number, minutes: number): void {
    this.ttc[tier].add(minutes);
    this.ttcAll.add(minutes);
    this.ttcAcuity[acuity].add(minutes);
  }

  /**
   * A patient leaves the region for care elsewhere (outcomes.ts): one consultation outside; when
   * it is a counted episode's outcome, its time to care (`minutes` from onset to care outside)
   * counts in the region's rows.
   */
  outOfRegion(counted: boolean, acuity: number, minutes: number, visits: number): void {
    this.outsideVisits += visits;
    if (!counted) return;
    this.ttcAll.add(minutes);
    this.ttcAcuity[acuity].add(minutes);
  }

  /**
   * A counted episode ends with `outcome` (EpisodeOutcome, constants.ts) at a facility of `tier`
   * (where it was treated, or where it was turned away or left), with its travel and costs.
   */
  episodeOutcome(withinCounty: boolean, travel: number, ins: number, oop: number, outcome: number, tier: number): void {
    this.outcomes++;
    if (outcome === EpisodeOutcome.TREATED) this.treatedAt[tier]++;
    else if (outcome === EpisodeOutcome.TURNED_AWAY) this.turnedAwayAt[tier]++;
    else this.leftAt[tier]++;
    if (withinCounty) this.withinCounty++;
    this.travel.add(travel);
    this.costIns.add(ins);
    this.costOop.add(oop);
    this.costTotal.add(ins + oop);
  }

  /** A wait in a doctors' queue ends (in a consultation or in leaving): the tier's, class's and acuity's sums and the quantiles. */
  private waited(tier: number, cls: number, acuity: number, wait: number): void {
    this.waitHist[tier].add(wait);
    this.waitTier[tier] += wait;
    this.visitsTier[tier]++;
    this.waitClass[tier * 3 + cls] += wait;
    this.visitsClass[tier * 3 + cls]++;
    const a = tier * ACUITIES.length + acuity;
    this.waitAcuity[a] += wait;
    this.visitsAcuity[a]++;
  }

  /** Daily sample at the end of day `day` (DailySeries.sample). */
  sampleDay(day: number, now: number, fac: FacilityStats[]): void {
    this.daily.sample(day, now, fac);
  }

  finish(horizon: number, fac: FacilityStats[], inSystem: number, events: number): ReplicationResult {
    const rows: MetricRow[] = [];
    const row = (metric: string, tier: number, value: number, group = '', facility = '') => {
      if (Number.isFinite(value)) rows.push({ metric, tier: tier < 0 ? '' : TIERS[tier], facility, group, value });
    };
    const measuredDays = this.days - this.warmupDays;
    const workdays = this.workdaysPerFacility();
    const tierVisits = new Float64Array(4);
    const tierDoctorDays = new Float64Array(4);
    const busyOut = new Float64Array(4);
    const capOut = new Float64Array(4);
    const bedBusy = new Float64Array(4);
    const bedCap = new Float64Array(4);
    const above = new Float64Array(4);
    const withBeds = new Float64Array(4);
    fac.forEach((f, i) => {
      const spec = this.region.facilities[i];
      tierVisits[f.tier] += this.visitsFacility[i];
      tierDoctorDays[f.tier] += (f.doctors + spec.params.emergencyDoctors + spec.params.wardDoctors) * workdays[i];
      busyOut[f.tier] += f.outpatient.busy.integral(horizon);
      capOut[f.tier] += f.outpatient.capacityTw.integral(horizon);
      if (f.ward !== null && f.beds > 0) {
        const b = f.ward.busy.integral(horizon);
        bedBusy[f.tier] += b;
        bedCap[f.tier] += f.beds * (horizon - this.warmupDays * MINUTES_PER_DAY);
        above[f.tier] += f.above85!.mean(horizon);
        withBeds[f.tier]++;
        if (f.tier > Tier.VILLAGE) row('bed_occupancy', f.tier, b / (f.beds * (horizon - this.warmupDays * MINUTES_PER_DAY)), '', spec.name);
      }
      if (f.tier > Tier.VILLAGE && this.visitsFacility[i] > 0) row('wait_consult', f.tier, this.waitFacility[i] / this.visitsFacility[i], '', spec.name);
    });
    const totalVisits = tierVisits.reduce((a, b) => a + b, 0);
    for (let t = 0; t < 4; t++) {
      const has = this.region.facilities.some((f) => f.tier === t);
      if (!has) continue;
      if (this.visitsTier[t] > 0) {
        row('wait_consult', t, this.waitTier[t] / this.visitsTier[t]);
        for (const [metric, p] of WAIT_QUANTILES) row(metric, t, this.waitHist[t].interpolatedQuantile(p));
        for (let c = 0; c < 3; c++) {
          const k = t * 3 + c;
          if (this.visitsClass[k] > 0) row('wait_consult', t, this.waitClass[k] / this.visitsClass[k], CLASS_NAMES[c]);
        }
        ACUITIES.forEach((a, j) => {
          const k = t * ACUITIES.length + j;
          if (this.visitsAcuity[k] > 0) row('wait_consult', t, this.waitAcuity[k] / this.visitsAcuity[k], `acuity:${a}`);
        });
      }
      row('visits', t, tierVisits[t]);
      if (this.admitRequests[t] > 0) {
        row('admissions', t, this.admitRequests[t]);
        row('admissions_blocked', t, (100 * this.admitBlocked[t]) / this.admitRequests[t]);
      }
      if (bedCap[t] > 0 || this.staysStarted[t] > 0) {
        row('stays_started', t, this.staysStarted[t]);
        row('transfers_in', t, this.transfersIn[t]);
        row('transfers_out', t, this.transfersOut[t]);
      }
      if (this.counted > 0) row('episode_outcomes', t, this.treatedAt[t] / this.counted, 'treated');
      if (this.counted > 0) row('unmet_need', t, (1000 * (this.turnedAwayAt[t] + this.leftAt[t])) / this.counted);
      if (this.waitAdmit[t].count > 0) row('wait_admission', t, this.waitAdmit[t].mean);
      for (let c = 0; c < 3; c++) {
        const w = this.waitAdmitClass[t * 3 + c];
        if (w.count > 0) row('wait_admission', t, w.mean, CLASS_NAMES[c]);
      }
      if (this.ttc[t].count > 0) row('time_to_care', t, this.ttc[t].mean);
      if (tierVisits[t] > 0) row('referral_up_rate', t, (100 * this.refUp[t]) / tierVisits[t]);
      if (this.los[t].count > 0) {
        row('referral_down_rate', t, (100 * this.down[t]) / this.los[t].count);
        row('alos', t, this.los[t].mean);
      }
      if (bedCap[t] > 0) {
        row('bed_occupancy', t, bedBusy[t] / bedCap[t]);
        row('time_above_85', t, above[t] / withBeds[t]);
      }
      if (tierDoctorDays[t] > 0) row('doctor_daily_visits', t, tierVisits[t] / tierDoctorDays[t]);
      if (capOut[t] > 0) row('doctor_utilisation', t, busyOut[t] / capOut[t]);
      row('follow_up_visits', t, this.followUpVisits[t]);
      row('complications', t, this.complications[t]);
      if (this.bookings[t] > 0) row('referrals_booked', t, this.bookings[t]);
      row('tests_done', t, this.testsDone[t]);
      row('tests_repeated', t, this.testsRepeated[t]);
      row('tests_recognised', t, this.testsRecognised[t]);
    }
    const fc = this.firstContacts.reduce((a, b) => a + b, 0);
    if (fc > 0) row('bypass_rate', -1, (this.firstContacts[2] + this.firstContacts[3]) / fc);
    // Care outside the region is one (non-primary) consultation per patient who left.
    if (totalVisits + this.outsideVisits > 0) row('primary_visit_share', -1, (tierVisits[Tier.VILLAGE] + tierVisits[Tier.TOWNSHIP]) / (totalVisits + this.outsideVisits));
    if (this.outcomes > 0) {
      row('within_county_share', -1, this.withinCounty / this.outcomes);
      row('travel_time', -1, this.travel.mean);
      row('cost_per_episode', -1, this.costTotal.mean);
      row('cost_per_episode', -1, this.costIns.mean, 'insurance');
      row('cost_per_episode', -1, this.costOop.mean, 'out_of_pocket');
    }
    // Imaging (plain imaging and CT) with a still-valid result from another facility: the share repeated.
    const img = [TEST_TYPES.indexOf('imaging'), TEST_TYPES.indexOf('ct')];
    const imgRepeated = img.reduce((a, k) => a + this.repeatedByType[k], 0);
    const imgEligible = imgRepeated + img.reduce((a, k) => a + this.recognisedByType[k], 0);
    if (imgEligible > 0) row('imaging_repeated_share', -1, imgRepeated / imgEligible);
    if (this.ttcAll.count > 0) row('time_to_care', -1, this.ttcAll.mean);
    ACUITIES.forEach((a, j) => {
      if (this.ttcAcuity[j].count > 0) row('time_to_care', -1, this.ttcAcuity[j].mean, `acuity:${a}`);
    });
    row('visits_per_resident', -1, this.region.population > 0 ? (totalVisits / this.region.population) * (365 / measuredDays) : NaN);
    const stays = this.staysStarted.reduce((a, b) => a + b, 0);
    row('admissions_per_100', -1, this.region.population > 0 ? (100 * stays / this.region.population) * (365 / measuredDays) : NaN);
    row('episodes', -1, this.counted);
    if (this.counted > 0) {
      const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
      const turned = sum(this.turnedAwayAt);
      const left = sum(this.leftAt);
      row('episode_outcomes', -1, sum(this.treatedAt) / this.counted, 'treated');
      row('episode_outcomes', -1, turned / this.counted, 'turned_away');
      row('episode_outcomes', -1, left / this.counted, 'left_untreated');
      row('episode_outcomes', -1, (this.counted - this.outcomes) / this.counted, 'in_care_at_end');
      row('unmet_need', -1, (1000 * (turned + left)) / this.counted);
    }
    row('censored', -1, inSystem);

    const flows: FlowRow[] = [];
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
      if (this.flowUp[a * 4 + b] > 0) flows.push({ from_tier: TIERS[a], to_tier: TIERS[b], direction: 'up', count: this.flowUp[a * 4 + b] });
      if (this.flowDown[a * 4 + b] > 0) flows.push({ from_tier: TIERS[a], to_tier: TIERS[b], direction: 'down', count: this.flowDown[a * 4 + b] });
    }
    const hist: HistRow[] = [];
    for (let t = 0; t < 4; t++) for (const [lo, hi, n] of this.waitHist[t].bins(WAIT_HIST_MERGE)) hist.push({ tier: TIERS[t], bin_low: lo, bin_high: hi, count: n });
    return { rows, series: this.daily.series, flows, hist, events, started: this.started, finished: this.finished, inSystem, accounted: NaN };
  }

  /** Working days of each facility in the measured period, scaled to the 250-day working year the national statistic uses. */
  private workdaysPerFacility(): Float64Array {
    const out = new Float64Array(this.nf);
    const measured = this.days - this.warmupDays;
    this.region.facilities.forEach((f, i) => {
      out[i] = f.params.days.length > 0 ? (measured * 250) / 365 : 0;
    });
    return out;
  }
}
