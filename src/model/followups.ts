/**
 * The end of an episode and the chronic patient's follow-up visits: episode metrics, then
 * either the patient leaves or sleeps (PatientPool.sleep) until the next visit, whose place
 * and arrival time are fixed when it goes to sleep; the visits of patients already in
 * follow-up when the run starts.
 */
import { EpisodeOutcome, MINUTES_PER_DAY, PatientClass, Tier, TIER_COUNT } from './constants.js';
import {
  F_COUNTED, F_DONE_EPISODE, F_FOLLOWUP, F_LEFT_UNTREATED, F_OUT_OF_REGION, F_REGIONAL, F_SIGNED, F_TREATED, H_CLS, H_CONDITION, H_COST_INS, H_COST_OOP, H_FACILITY, H_FLAGS,
  H_FOLLOW_UPS, H_KEY, H_ONSET, H_TRAVEL, H_TREAT_FACILITY, H_VILLAGE, U_ADMIT, U_CAPABLE, U_CHOICE, U_COMPLY, U_SIGNED, U_STAY,
} from './patients.js';
import { arrivalTime } from './onsets.js';
import { TEST_TYPE_COUNT } from './conditions.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** The episode of patient p ends (once): its metrics are recorded; then the next visit or leaving. */
export function episodeEnd(m: TieredModel, p: number): void {
  const P = m.patients;
  const flags = P.get(p, H_FLAGS);
  if ((flags & F_DONE_EPISODE) === 0) {
    P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_DONE_EPISODE);
    if (flags & F_COUNTED) {
      // Treated (at the tier of its treatment), or gone for care outside the region (from the tier where it was).
      const out = (flags & F_OUT_OF_REGION) !== 0;
      const outcome = !out ? EpisodeOutcome.TREATED : (flags & F_LEFT_UNTREATED) !== 0 ? EpisodeOutcome.LEFT_UNTREATED : EpisodeOutcome.TURNED_AWAY;
      const at = out || (flags & F_TREATED) === 0 ? P.get(p, H_FACILITY) : P.get(p, H_TREAT_FACILITY);
      m.metrics.episodeOutcome((flags & (F_REGIONAL | F_OUT_OF_REGION)) === 0, P.get(p, H_TRAVEL), P.get(p, H_COST_INS), P.get(p, H_COST_OOP),
        outcome, m.facilities[at].tier);
      m.planner.episodeEnded(P.get(p, H_VILLAGE), P.get(p, H_TRAVEL), P.get(p, H_TREAT_FACILITY));
    }
  }
  nextVisitOrLeave(m, p);
}

/**
 * A chronic patient arrives for a follow-up visit planned by prepareFollowUp and scheduleFollowUp (the event's
 * entity is the dormant record, see PatientPool.sleep): at the facility `followUpFacility` gives.
 */
export function onFollowUp(m: TieredModel, d: number): void {
  const P = m.patients;
  const p = P.wake(d);
  if (m.monitor !== null) m.monitor.wake(d, p);
  const f = followUpFacility(m, p);
  P.set(p, H_CLS, PatientClass.WALK_IN);
  P.set(p, H_FACILITY, f);
  P.set(p, H_TRAVEL, m.villageTravel[TIER_COUNT * P.get(p, H_VILLAGE) + m.facilities[f].tier]);
  m.next.arrive(p);
}

/** Where a chronic patient's follow-up visit is: the facility of its definitive treatment, unless a lever sends it elsewhere. */
function followUpFacility(m: TieredModel, p: number): number {
  let f = m.patients.get(p, H_TREAT_FACILITY);
  const levers = m.hooks.followUpVenue;
  for (let i = 0; i < levers.length; i++) f = levers[i].followUpVenue!(m, p, f);
  return f;
}

/** A chronic patient with follow-up visits left goes to sleep until the next one; any other patient leaves the system. */
export function nextVisitOrLeave(m: TieredModel, p: number): void {
  const P = m.patients;
  if (P.get(p, H_FOLLOW_UPS) > 0 && P.get(p, H_TREAT_FACILITY) >= 0) {
    const fac = prepareFollowUp(m, p);
    scheduleFollowUp(m, p, fac, m.sim.now + m.conditions.followUpInterval[P.get(p, H_CONDITION)]);
    return;
  }
  m.metrics.episodeFinished();
  if (m.monitor !== null) {
    m.monitor.event(p, Activity.LEAVE, m.sim.now, P.get(p, H_FACILITY), TraceResource.NONE);
    m.monitor.end(p);
  }
  P.release(p);
}

/**
 * Patient p's next follow-up visit begins: one visit fewer left, flagged as a follow-up, and
 * the facility it goes to (where `followUpFacility` says), returned.
 */
function prepareFollowUp(m: TieredModel, p: number): Facility {
  const P = m.patients;
  P.set(p, H_FOLLOW_UPS, P.get(p, H_FOLLOW_UPS) - 1);
  P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_FOLLOWUP);
  P.set(p, H_CLS, PatientClass.WALK_IN);
  const fac = m.facilities[followUpFacility(m, p)];
  if (fac.tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
  return fac;
}

/**
 * Patient p, prepared for its next follow-up visit at `fac` (prepareFollowUp), sets out from
 * home at time `leave` and sleeps (PatientPool.sleep) until it arrives. Where the visit is and
 * when the patient gets there depend only on the timetables and the patient's own draws, so
 * they are fixed now and one event, the arrival, does for the visit: into the event queue if
 * it falls today, else into its day's list.
 */
function scheduleFollowUp(m: TieredModel, p: number, fac: Facility, leave: number): void {
  const P = m.patients;
  const at = arrivalTime(m, p, fac, leave, m.villageTravel[TIER_COUNT * P.get(p, H_VILLAGE) + fac.tier], false);
  const d = P.sleep(p);
  if (m.monitor !== null) m.monitor.sleep(p, d);
  if (m.followUps.dayOf(at) > Math.floor(m.sim.now / MINUTES_PER_DAY)) m.followUps.add(at, d);
  else m.queueFollowUp(at, d);
}

/**
 * Starts the run with the chronic patients who would already be in follow-up had the region
 * been running for ever, drawn as the running model would have produced them, from the
 * village's `initial/village-*` stream (counts and each patient's episode key). Per village and
 * chronic condition: those due for their first follow-up, with onsets Poisson over the last
 * interval and a margin before it, kept when the visit is still to come (so those whose episode
 * is still under way, in a bed say, are among them); and Poisson(rate x (visits - 1) x
 * interval) due for a later visit, each with a uniform number of visits left and its
 * episode's onset so far back that the next visit sets out within the first interval (uniform
 * phase). The episode's signing, first contact, capability walk up the
 * tiers, admission and follow-up venue come from the patient's own draws, as for an episode
 * that begins during the run, and the times of its visits so far follow from the onset the way
 * a running chain's do (`pastEpisode`): so the next visit falls at the time of day it would.
 */
export function seedFollowUps(m: TieredModel): void {
  const table = m.conditions;
  for (const v of m.region.villages) {
    const rng = m.streams.get(`initial/village-${v.index}`);
    for (let c = 0; c < table.count; c++) {
      const visits = table.followUpVisits[c];
      if (visits === 0) continue;
      const interval = table.followUpInterval[c];
      const rate = table.rate[c] * v.population;
      // Next visit the first follow-up: onset uniform over the interval and the margin before it
      // (episodes still under way at the start included); kept when the visit is still to come.
      const first = poisson(rng, rate * (interval + FIRST_VISIT_MARGIN));
      for (let k = 0; k < first; k++) {
        const key = (rng() * 4294967296) | 0;
        const onset = -(interval + FIRST_VISIT_MARGIN) * rng();
        seedPatient(m, v.index, c, key, visits, (p) => pastEpisode(m, p, v.index, onset, visits));
      }
      // A later visit: visits left uniform, the next one setting out at a uniform phase of the interval.
      const later = poisson(rng, rate * (visits - 1) * interval);
      for (let k = 0; k < later; k++) {
        const key = (rng() * 4294967296) | 0;
        const visitsLeft = 1 + Math.floor(rng() * (visits - 1));
        const phase = rng();
        seedPatient(m, v.index, c, key, visitsLeft, (p) => {
          const leave = pastEpisode(m, p, v.index, (phase - (visits - visitsLeft) - 1) * interval, visitsLeft);
          // The episode's own length (travel, tests, a stay, hours of drift) moved the chain
          // later: back by whole days to the phase drawn, keeping the time of day.
          return leave - Math.floor((leave - phase * interval) / MINUTES_PER_DAY) * MINUTES_PER_DAY;
        });
      }
    }
  }
}

/** Days before the last interval over which onsets of seeded patients due for their first follow-up are drawn: longer than an episode lasts (travel, tests, a stay). */
const FIRST_VISIT_MARGIN = 90 * MINUTES_PER_DAY;

/** Poisson(mean) by inversion of exponential gaps (means here are small). */
function poisson(rng: () => number, mean: number): number {
  let n = 0;
  for (let t = -Math.log1p(-rng()); t < mean; t -= Math.log1p(-rng())) n++;
  return n;
}

/**
 * A patient of village v with condition c and episode key `key` whose episode's past `past`
 * draws (pastEpisode) and who has `visitsLeft` follow-up visits to come: asleep until the next
 * one when it sets out at time 0 or later, else never in the system.
 */
function seedPatient(m: TieredModel, v: number, c: number, key: number, visitsLeft: number, past: (p: number) => number): void {
  const P = m.patients;
  const p = P.alloc();
  P.set(p, H_VILLAGE, v);
  P.set(p, H_CONDITION, c);
  P.set(p, H_KEY, key);
  P.set(p, H_ONSET, -Infinity);
  const leave = past(p);
  if (leave < 0) {
    P.release(p);
    return;
  }
  m.metrics.episodeStarted();
  if (m.monitor !== null) m.monitor.begin(p);
  scheduleFollowUp(m, p, m.facilities[followUpFacility(m, p)], leave);
}

/** Whole weeks the past of a seeded episode is moved forward by, so that timetables (weekly, from time 0) read it. */
const PAST_WEEKS = 7 * MINUTES_PER_DAY * 520;

/**
 * The past of the episode of a patient seeded in follow-up in village v (condition and key
 * set), with onset at `onset` (< 0) and `visitsLeft` follow-up visits still to come: sets its
 * flags, treating facility and visits left, prepares the next visit (prepareFollowUp), and
 * returns when the patient sets out for it. As `onset`, `decide`, `referUp`, `treatHere` and
 * `nextVisitOrLeave` would have had it: signed by its own U_SIGNED draw; first contact by the
 * choice with signed and bound as in `onset` (emergencies by ambulance, after the levers'
 * `emergencyFirstContact`); up the tiers from there by its per-tier U_CAPABLE draws, each step
 * to the nearest upper facility able to see it; admitted by its U_ADMIT draw for the tier, for
 * its own length of stay; then the follow-up visits done, one interval after the end of the
 * one before at the venue of `followUpVenue`. Each visit arrives when `arrivalTime` says and
 * ends a mean consultation (and the episode's tests) later; waits for doctors, tests and beds are left out, as are the
 * levers' per-visit `capability` and `cannotTreat` hooks (they depend on the state of a visit).
 */
function pastEpisode(m: TieredModel, p: number, v: number, onset: number, visitsLeft: number): number {
  const P = m.patients;
  const table = m.conditions;
  const c = P.get(p, H_CONDITION);
  const signed = P.u(p, U_SIGNED) < m.choice.signedCoverage;
  P.set(p, H_FLAGS, signed ? F_SIGNED : 0);
  P.set(p, H_FOLLOW_UPS, table.followUpVisits[c]);
  const row = TIER_COUNT * v;
  let tier: number;
  let travel: number;
  if (table.emergency[c]) {
    P.set(p, H_CLS, PatientClass.EMERGENCY);
    const county = m.facilities[m.villageFacility[row + Tier.COUNTY]];
    const countyCan = table.capable[c * TIER_COUNT + Tier.COUNTY] > 0 && (county.emergency !== null || county.doctors > 0);
    tier = countyCan ? Tier.COUNTY : Tier.REGIONAL;
    const levers = m.hooks.emergencyFirstContact;
    for (let i = 0; i < levers.length; i++) tier = levers[i].emergencyFirstContact!(m, p, v, tier);
    travel = m.villageTravel[row + tier] * m.scenario.region.ambulanceFactor;
  } else {
    P.set(p, H_CLS, PatientClass.WALK_IN);
    if (table.firstContact[c] >= 0) tier = table.firstContact[c];
    else {
      const bound = signed && P.u(p, U_COMPLY) < m.choice.boundShare;
      tier = m.choice.pick(v, c, signed, bound, P.u(p, U_CHOICE));
    }
    travel = m.villageTravel[row + tier];
  }
  const emergency = P.get(p, H_CLS) === PatientClass.EMERGENCY;
  // Times of the past, moved forward by whole weeks (back at the end).
  let f = m.facilities[m.villageFacility[row + tier]];
  let end = visitEnd(m, p, f, PAST_WEEKS + onset, travel, emergency);
  while (f.tier < Tier.REGIONAL && !(P.u(p, U_CAPABLE + f.tier) < table.capable[c * TIER_COUNT + f.tier])) {
    // Referred up: to the nearest upper facility with capability and doctors (as referUp).
    let target = f.parent;
    let minutes = m.region.travelUp[f.index];
    while (target >= 0) {
      const t = m.facilities[target];
      const able = t.tier === Tier.REGIONAL || table.capable[c * TIER_COUNT + t.tier] > 0;
      if (able && (t.doctors > 0 || (emergency && t.emergency !== null))) break;
      if (t.parent < 0) break;
      minutes += m.region.travelUp[target];
      target = t.parent;
    }
    if (target < 0) break;
    f = m.facilities[target];
    end = visitEnd(m, p, f, end, emergency ? minutes * m.scenario.region.ambulanceFactor : minutes, emergency);
  }
  P.set(p, H_FACILITY, f.index);
  P.set(p, H_TREAT_FACILITY, f.index);
  if (P.u(p, U_ADMIT + f.tier) < table.admit[c * TIER_COUNT + f.tier] && f.ward !== null) {
    end += Math.max(0, m.draw(f.stayByCondition[c]!, p, U_STAY + P.visitIndex(p, f.tier)));
  }
  P.set(p, H_FLAGS, (P.get(p, H_FLAGS) & F_SIGNED) | F_TREATED | F_DONE_EPISODE);
  const interval = table.followUpInterval[c];
  for (;;) {
    const fac = prepareFollowUp(m, p);
    if (P.get(p, H_FOLLOW_UPS) < visitsLeft) return end + interval - PAST_WEEKS;
    end = visitEnd(m, p, fac, end + interval, m.villageTravel[row + fac.tier], false);
  }
}

/**
 * When a visit of patient p to facility f, setting out at `leave`, `minutes` away, ends:
 * arrival by `arrivalTime`, then a mean consultation, and at an episode's visit (not a
 * follow-up) the mean time and turnaround of each test the condition needs that f can do.
 */
function visitEnd(m: TieredModel, p: number, f: Facility, leave: number, minutes: number, urgent: boolean): number {
  const P = m.patients;
  const cond = P.get(p, H_CONDITION);
  let end = arrivalTime(m, p, f, leave, minutes, urgent) + (f.consultByCondition[cond] ?? f.consult).mean;
  if ((P.get(p, H_FLAGS) & F_FOLLOWUP) === 0) {
    for (let k = 0; k < TEST_TYPE_COUNT; k++) {
      if (m.conditions.tests[cond * TEST_TYPE_COUNT + k] !== 0 && f.tests[k] !== null) end += f.testTime[k]!.mean + f.turnaround[k];
    }
  }
  return end;
}
