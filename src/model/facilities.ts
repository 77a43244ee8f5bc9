/**
 * Facilities as the model runs them: one `Resource` per doctor pool, ward and diagnostic
 * line, the weekly timetable, and the duration distributions of consultations, tests and
 * stays. Built once per replication from the region.
 */
import {
  makeDist, Resource, TimeWeighted, WeeklySchedule, type Dist, type DistSpec,
} from '../engine/index.js';
import { TEST_TYPES, TIERS, WEEKDAYS } from '../params/fields.js';
import { PatientClass, Tier, TIER_COUNT } from './constants.js';
import { TEST_TYPE_COUNT } from './conditions.js';
import { leftUnseen, startConsult } from './outpatient.js';
import { startTest } from './diagnostics.js';
import { bedTimeout, startStay } from './inpatient.js';
import type { TieredModel } from './model.js';
import type { Lever } from './lever.js';
import type { FacilitySpec } from './region.js';

/** Runtime state of one facility. */
export interface Facility {
  index: number;
  tier: number;
  parent: number;
  county: number;
  doctors: number;
  beds: number;
  outpatient: Resource;
  emergency: Resource | null;
  ward: Resource | null;
  /** By test type: the diagnostic line, its duration and the wait for the result (null: not done here). */
  tests: Array<Resource | null>;
  testTime: Array<Dist | null>;
  turnaround: Float64Array;
  schedule: WeeklySchedule;
  consult: Dist;
  consultByCondition: Array<Dist | null>;
  stayByCondition: Array<Dist | null>;
  /** Whether more than 85 % of the beds are in use (time-weighted), for facilities with beds. */
  above85: TimeWeighted | null;
  divert: boolean;
  maxBedWait: number;
  /** Patience of a new patient waiting for the outpatient doctors (minutes; Infinity: none). */
  maxConsultWait: number;
  /** The class referred patients queue in here: REFERRED where a lever gives them priority, else WALK_IN. */
  referredClass: number;
  /** The lever that books referred patients' arrivals here (`Lever.bookArrival`), if any. */
  booking: Lever | null;
  /**
   * A visiting clinic (set by a lever): another line of doctors, with its own timetable,
   * that sees the follow-up visits of patients whose care sits at another facility.
   */
  visitingClinic: Resource | null;
  visitingSchedule: WeeklySchedule | null;
}

/**
 * Per weekday, the doctors the levers' `outpatientDoctors` hooks add to (or take from) the
 * facility's own on its open weekdays `days`; null when no lever changes any day.
 */
function doctorsByDay(m: TieredModel, spec: FacilitySpec, days: readonly number[]): number[] | null {
  const levers = m.hooks.all.filter((lever) => lever.outpatientDoctors !== undefined);
  if (levers.length === 0) return null;
  const own = spec.params.doctors;
  const delta = [0, 0, 0, 0, 0, 0, 0];
  for (const day of days) {
    let doctors = own;
    for (const lever of levers) doctors = lever.outpatientDoctors!(spec, day, doctors);
    if (!Number.isInteger(doctors) || doctors < 0) throw new Error(`${spec.name}: a lever gave ${doctors} outpatient doctors on weekday ${day}`);
    delta[day] = doctors - own;
  }
  return delta.every((d) => d === 0) ? null : delta;
}

/**
 * The facilities of the model's region, their resources wired to the model's handlers, and
 * their timetables attached to the simulation.
 */
export function buildFacilities(m: TieredModel): Facility[] {
  const scenario = m.scenario;
  const sim = m.sim;
  const facilities: Facility[] = [];
  const schedules = new Map<string, WeeklySchedule>();
  const durations = new Map<string, Dist>();
  const noStream = (): number => {
    throw new Error('durations with a quantile are drawn from the patient\'s key, never from a stream');
  };
  for (const spec of m.region.facilities) {
    const params = spec.params;
    const f = spec.index;
    // Durations come from the patient's own key (see TieredModel.draw); these streams, one per
    // facility and purpose, serve only distributions without a quantile (gamma), so that a
    // variant drawing more or fewer of one kind of duration leaves the others' sequences unchanged.
    const stream = (purpose: string) => m.streams.get(`${purpose}/${spec.name}#${f}`);
    // A duration with a quantile never draws from a stream: one Dist per specification,
    // shared by every facility that has it (the village clinics' are all alike), so that the
    // ones in use stay in the cache.
    const duration = (dist: DistSpec, purpose: string): Dist => {
      if (dist.dist === 'gamma') return makeDist(dist, stream(purpose));
      const key = JSON.stringify(dist);
      let d = durations.get(key);
      if (d === undefined) {
        d = makeDist(dist, noStream);
        durations.set(key, d);
      }
      return d;
    };
    const referredClass = m.hooks.all.some((lever) => lever.referredFirst?.(spec) === true) ? PatientClass.REFERRED : PatientClass.WALK_IN;
    // Only walk-ins come to a village clinic (nobody is referred down to one, emergencies go
    // to hospitals) unless a lever gives referred patients priority there: one class there,
    // which takes the Resource's fast paths.
    const outpatient = new Resource(sim, {
      capacity: 0, classes: spec.tier === Tier.VILLAGE && referredClass === PatientClass.WALK_IN ? 1 : 3, name: `${spec.name}/outpatient`,
      onGrant: (p) => startConsult(m, p),
      onRenege: (p) => leftUnseen(m, p),
    });
    const emergency = params.emergencyDoctors > 0
      ? new Resource(sim, { capacity: params.emergencyDoctors, classes: 1, name: `${spec.name}/emergency`, onGrant: (p) => startConsult(m, p) })
      : null;
    const ward = params.beds > 0 || spec.tier !== Tier.VILLAGE
      ? new Resource(sim, {
        capacity: params.beds, classes: 3, name: `${spec.name}/beds`,
        queueLimit: params.admissionQueueLimit ?? Infinity,
        onGrant: (p) => startStay(m, p),
        onRenege: (p) => bedTimeout(m, p),
      })
      : null;
    const tests: Array<Resource | null> = [];
    const testTime: Array<Dist | null> = [];
    const turnaround = new Float64Array(TEST_TYPE_COUNT);
    TEST_TYPES.forEach((t, k) => {
      const d = params.diagnostics[t];
      if (d) {
        tests[k] = new Resource(sim, { capacity: d.capacity, classes: 3, name: `${spec.name}/${t}`, onGrant: (p) => startTest(m, p) });
        testTime[k] = duration(d.time, `test-${t}`);
        turnaround[k] = d.turnaround;
      } else {
        tests[k] = null;
        testTime[k] = null;
      }
    });
    // Facilities with the same hours and doctors (day by day) share one schedule object (and
    // so one lookup table in the cache rather than one per village clinic).
    const days = params.days.map((d) => WEEKDAYS.indexOf(d));
    const dayDelta = doctorsByDay(m, spec, days);
    const hours = JSON.stringify(dayDelta === null ? [params.sessions, params.days, params.doctors] : [params.sessions, params.days, params.doctors, dayDelta]);
    let schedule = schedules.get(hours);
    if (schedule === undefined) {
      schedule = new WeeklySchedule({
        sessions: params.sessions.map((x) => ({ start: x.start, end: x.end, capacity: params.doctors })),
        days,
        ...(dayDelta === null ? {} : { dayDelta }),
      });
      schedules.set(hours, schedule);
    }
    const consultByCondition = scenario.conditions.map((c) => {
      const dist = c.consultTime[TIERS[spec.tier]];
      return dist ? duration(dist, `consult-${c.name}`) : null;
    });
    // A diverted admission may reach a tier without its own length of stay for the
    // condition: it then stays as long as at the nearest tier that has one.
    const stayByCondition = scenario.conditions.map((c) => {
      for (const t of [spec.tier, spec.tier - 1, spec.tier + 1, spec.tier - 2, spec.tier + 2, spec.tier - 3, spec.tier + 3]) {
        const dist = t >= 0 && t < TIER_COUNT ? c.los[TIERS[t]] : undefined;
        if (dist) return duration(dist, `stay-${c.name}`);
      }
      return null;
    });
    facilities.push({
      index: f, tier: spec.tier, parent: spec.parent, county: spec.county,
      doctors: params.doctors, beds: params.beds, outpatient, emergency, ward, tests, testTime, turnaround, schedule,
      consult: duration(params.consultTime, 'consult'), consultByCondition, stayByCondition,
      above85: params.beds > 0 ? new TimeWeighted(0, 0) : null,
      divert: params.divertWhenFull,
      maxBedWait: params.maxBedWait ?? Infinity,
      maxConsultWait: params.maxConsultWait ?? Infinity,
      referredClass,
      booking: null,
      visitingClinic: null,
      visitingSchedule: null,
    });
  }
  for (const f of facilities) {
    for (const lever of m.hooks.all) lever.facilityBuilt?.(m, f);
  }
  // Facilities sharing a schedule (same hours and doctors) follow it together: one event per boundary.
  const groups = new Map<WeeklySchedule, Facility[]>();
  for (const f of facilities) {
    const g = groups.get(f.schedule);
    if (g) g.push(f); else groups.set(f.schedule, [f]);
  }
  for (const [schedule, g] of groups) {
    // The levers watching a facility's sessions (Lever.watchesSessions), facility by facility.
    const watching: Array<{ facility: Facility; lever: Lever }> = [];
    for (const facility of g) {
      for (const lever of m.hooks.sessionChange) if (lever.watchesSessions?.(facility) === true) watching.push({ facility, lever });
    }
    schedule.attach(sim, g.map((f) => f.outpatient), watching.length > 0
      ? (open, t) => { for (const w of watching) w.lever.sessionChange!(m, w.facility, open, t); }
      : undefined);
  }
  return facilities;
}
