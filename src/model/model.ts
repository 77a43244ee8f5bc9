/**
 * The tiered health-system model: one replication of a scenario on the kernel. This file
 * wires the parts together and runs them; each concern has a file of its own, and a
 * patient's path runs through them (handler names in brackets):
 *
 *   onsets.ts      onset in a village [onOnsets] -> first contact -> travel, arriving when
 *                  the facility is open [travelTo, arrivalTime]
 *   outpatient.ts  queue for a doctor [arrive] -> consultation [startConsult, onConsultEnd]
 *   diagnostics.ts tests the condition needs [nextTest, onTestEnd, onResult]
 *   outpatient.ts  outcome [decide]: treated as an outpatient, admitted, or referred up [referUp]
 *   inpatient.ts   bed [admit, startStay] -> end of the acute phase [onAcuteEnd] -> [onDischarge]
 *   followups.ts   episode end [episodeEnd] -> chronic follow-up visits [onFollowUp]
 *   costs.ts       fees and reimbursement [charge]
 *
 * Facilities are built in facilities.ts, condition tables in conditions.ts; statistics are
 * kept in `Metrics` (metrics.ts) and turned into rows at the end.
 */
import { Simulation, Streams, type Dist } from '../engine/index.js';
import type { ModelInput } from './params.js';
import { buildRegion, type Region } from './region.js';
import { PatientPool } from './patients.js';
import { ChoiceTable } from './choice.js';
import { DayCalendar } from './calendar.js';
import { Metrics, type MetricRow, type ReplicationResult } from './metrics.js';
import { PlannerMetrics } from './metrics-planner.js';
import { MINUTES_PER_DAY, PATIENT_CLASS_COUNT, PatientClass } from './constants.js';
import { LeverHooks, type FirstContactRules, type LeverFactory, type Lever } from './lever.js';
import { buildConditions, type ConditionTable } from './conditions.js';
import { buildFees, type FeeTable } from './costs.js';
import { buildFacilities, type Facility } from './facilities.js';
import { buildOnsets, nextOnset, onOnsets, type OnsetProcess } from './onsets.js';
import { arrive, decide, onConsultEnd } from './outpatient.js';
import { onResult, onTestEnd } from './diagnostics.js';
import { onAcuteEnd, onDischarge } from './inpatient.js';
import { onFollowUp, seedFollowUps } from './followups.js';
import type { Monitor } from './trace.js';
import { TEST_TYPES } from '../params/fields.js';

export interface ModelOptions {
  replication: number;
  seed: number;
  days: number;
  warmupDays: number;
}

/**
 * One replication's state. Its fields are shared by the functions of the model's files
 * (each takes the model as its first argument); outside the model, only the constructor,
 * `run`, `sim`, `region`, `patients`, `metrics`, `planner` and `monitor` are for use.
 */
export class TieredModel {
  readonly sim = new Simulation({ initialCapacity: 1 << 14 });
  readonly region: Region;
  readonly patients = new PatientPool(1 << 12);
  readonly metrics: Metrics;
  /** The planners' tables: spending, per facility and county, distance bands, signing, test types (metrics-planner.ts). */
  readonly planner: PlannerMetrics;
  /** The levers of this replication, and per path hook those that have it. */
  readonly hooks: LeverHooks;
  readonly scenario: ModelInput;
  readonly streams: Streams;
  readonly facilities: Facility[];
  readonly conditions: ConditionTable;
  readonly fees: FeeTable;
  readonly choice: ChoiceTable;
  readonly onsets: OnsetProcess;
  /** Per village x TIER_COUNT: the facility a resident goes to, and the travel minutes to it (VillageSpec, flattened). */
  readonly villageFacility: Int32Array;
  readonly villageTravel: Float64Array;
  readonly horizon: number;
  readonly warmup: number;
  /** Follow-up visits of sleeping patients, held by day until the day starts (see DayCalendar). */
  readonly followUps: DayCalendar;
  readonly queueFollowUp = (t: number, d: number): void => {
    this.sim.scheduleAt(t, this.K_FOLLOWUP, d);
  };
  /**
   * The steps a patient's path comes back to from later parts of it: arrival at a facility
   * (from travel and follow-ups, onsets.ts and followups.ts) and the outcome decision after the
   * tests (diagnostics.ts). Reached through the model so that the files of the path import one
   * another in one direction only (outpatient.ts calls on into the others).
   */
  readonly next = {
    arrive: (p: number): void => arrive(this, p),
    afterTests: (p: number): void => decide(this, p),
  };
  /**
   * Told of each step of every patient's path (trace.ts), or null: the model then reports to
   * no one and pays one test of this field per reporting point. Set before `run`; it never
   * changes a result (it draws no random number and the model reads nothing back from it).
   */
  monitor: Monitor | null = null;
  /** Per test type (TEST_TYPES order): probability that a still-valid result from another facility is accepted without any lever (diagnostics.ts). */
  readonly recognitionBase: Float64Array;
  /** Class in which a patient asked for the doctors' line `consultLine` returned last (outpatient.ts). */
  lineClass = 0;

  // Event kinds.
  readonly K_ONSETS: number;
  readonly K_ARRIVE: number;
  readonly K_CONSULT_END: number;
  readonly K_TEST_END: number;
  readonly K_RESULT: number;
  readonly K_ACUTE_END: number;
  readonly K_DISCHARGE: number;
  readonly K_FOLLOWUP: number;
  readonly K_DAY: number;
  readonly K_WARMUP: number;

  /** A model of the scenario with these levers (from the registry in src/levers/index.ts). */
  constructor(scenario: ModelInput, opts: ModelOptions, levers: readonly LeverFactory[], region?: Region) {
    this.scenario = scenario;
    this.region = region ?? buildRegion(scenario);
    this.hooks = new LeverHooks(levers.map((f) => f.create(scenario.policies, this.region)).filter((l): l is Lever => l !== null));
    this.streams = new Streams(opts.seed, opts.replication);
    this.horizon = opts.days * MINUTES_PER_DAY;
    // One list per day with a day-start event (days 1 .. floor(days)); the last list takes
    // every later time, which the run never reaches.
    this.followUps = new DayCalendar(Math.floor(opts.days) + 1, MINUTES_PER_DAY);
    this.warmup = opts.warmupDays * MINUTES_PER_DAY;
    this.conditions = buildConditions(scenario);
    this.recognitionBase = Float64Array.from(TEST_TYPES, (t) => scenario.tests.recognitionWithoutPolicy[t]);

    const sim = this.sim;
    this.K_ONSETS = sim.defineKind(() => onOnsets(this), 'onsets');
    this.K_ARRIVE = sim.defineKind((p) => arrive(this, p), 'arrive');
    this.K_CONSULT_END = sim.defineKind((p) => onConsultEnd(this, p), 'consult-end');
    this.K_TEST_END = sim.defineKind((p) => onTestEnd(this, p), 'test-end');
    this.K_RESULT = sim.defineKind((p) => onResult(this, p), 'result');
    this.K_ACUTE_END = sim.defineKind((p) => onAcuteEnd(this, p), 'acute-end');
    this.K_DISCHARGE = sim.defineKind((p) => onDischarge(this, p), 'discharge');
    this.K_FOLLOWUP = sim.defineKind((d) => onFollowUp(this, d), 'follow-up');
    this.K_DAY = sim.defineKind((d) => this.onDay(d), 'day');
    this.K_WARMUP = sim.defineKind(() => this.onWarmup(), 'warm-up');

    this.metrics = new Metrics(this.region, opts.days, opts.warmupDays);
    this.planner = new PlannerMetrics(this.region, opts.days, opts.warmupDays);
    for (const lever of this.hooks.all) lever.attach?.(this);
    this.fees = buildFees(this.region, this.hooks.all);
    this.facilities = buildFacilities(this);
    const rules: FirstContactRules = { signedCoverage: scenario.choice.familyDoctor.coverage, boundShare: 0 };
    for (const lever of this.hooks.all) lever.firstContact?.(rules);
    this.choice = new ChoiceTable(scenario, this.region, rules,
      (f) => this.fees.outpatientRate[f * PATIENT_CLASS_COUNT + PatientClass.WALK_IN], (f) => this.facilities[f].doctors > 0);
    const villages = this.region.villages;
    this.villageFacility = Int32Array.from(villages.flatMap((v) => v.facilities));
    this.villageTravel = Float64Array.from(villages.flatMap((v) => v.travel));
    this.onsets = buildOnsets(this);
  }

  /** Runs the replication to the horizon and returns its metric rows. */
  run(): ReplicationResult {
    const sim = this.sim;
    for (const v of this.region.villages) this.onsets.nextAt[v.index] = nextOnset(this, v.index, 0);
    if (this.horizon > 0) sim.scheduleAt(0, this.K_ONSETS, 0);
    seedFollowUps(this);
    for (let d = 1; d * MINUTES_PER_DAY <= this.horizon; d++) sim.scheduleAt(d * MINUTES_PER_DAY, this.K_DAY, d - 1, 0);
    if (this.warmup > 0) sim.scheduleAt(this.warmup, this.K_WARMUP, 0, 0);
    sim.run(this.horizon);
    const result = this.metrics.finish(this.horizon, this.facilities.map((f) => ({
      tier: f.tier, outpatient: f.outpatient, ward: f.ward, above85: f.above85, beds: f.beds, doctors: f.doctors,
    })), this.patients.live, sim.eventsProcessed);
    result.rows.push(...this.planner.rows());
    result.accounted = this.census();
    return result;
  }

  /**
   * A duration for patient p: the quantile of the patient's own draw k where the distribution
   * has one, so that the same patient takes as long in every scenario compared (common random
   * numbers); otherwise the next draw of the distribution's stream.
   */
  draw(d: Dist, p: number, k: number): number {
    return d.quantile !== undefined ? d.quantile(this.patients.uOpen(p, k)) : d.sample();
  }

  /**
   * Patients found at the end of the run, counted independently of the patient pool: those
   * waiting in a queue (doctors, emergency department, visiting clinic, diagnostics, wards) and
   * those with an event of their own pending (travelling, in consultation or a test, waiting
   * for a result, in a bed, between follow-ups, or diverted on their way), and those a lever
   * holds (`Lever.census`). A patient the model lost track of would be in none of these.
   */
  private census(): number {
    let n = 0;
    for (const f of this.facilities) {
      n += f.outpatient.queueLength + (f.emergency?.queueLength ?? 0) + (f.ward?.queueLength ?? 0) + (f.visitingClinic?.queueLength ?? 0);
      for (const t of f.tests) n += t?.queueLength ?? 0;
    }
    const pending = this.sim.pendingByKind();
    const patientKinds = [this.K_ARRIVE, this.K_CONSULT_END, this.K_TEST_END, this.K_RESULT, this.K_ACUTE_END, this.K_DISCHARGE, this.K_FOLLOWUP];
    for (const k of patientKinds) n += pending[k];
    n += this.followUps.count;
    // Diversions travel as `call` events (see bedTimeout); nothing else in the model uses them.
    pending.forEach((count, k) => { if (this.sim.kindName(k) === 'call') n += count; });
    // Patients the levers hold in events or queues of their own.
    for (const lever of this.hooks.all) n += lever.census?.(this) ?? 0;
    return n;
  }

  /** End of the warm-up: every statistic starts again. */
  private onWarmup(): void {
    const now = this.sim.now;
    for (const f of this.facilities) {
      f.outpatient.resetStats(now);
      f.emergency?.resetStats(now);
      f.ward?.resetStats(now);
      f.above85?.reset(now);
      for (const t of f.tests) t?.resetStats(now);
    }
    this.metrics.reset();
    this.planner.reset();
  }

  /** Start of day `day + 1`: the day's sample, and its follow-up visits join the event queue. */
  private onDay(day: number): void {
    const now = this.sim.now;
    this.metrics.sampleDay(day, now, this.facilities);
    this.followUps.drain(day + 1, this.queueFollowUp);
  }
}

export type { MetricRow, ReplicationResult };
