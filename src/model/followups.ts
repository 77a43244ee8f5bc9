/**
 * The end of an episode and the chronic patient's follow-up visits: episode metrics, then
 * either the patient leaves or sleeps (PatientPool.sleep) until the next visit, whose place
 * and arrival time are fixed when it goes to sleep; the visits of patients already in
 * follow-up when the run starts.
 */
import { EpisodeOutcome, MINUTES_PER_DAY, PatientClass, Tier, TIER_COUNT } from './constants.js';
import {
  F_COUNTED, F_DONE_EPISODE, F_FOLLOWUP, F_LEFT_UNTREATED, F_OUT_OF_REGION, F_REGIONAL, F_TREATED, H_CLS, H_CONDITION, H_COST_INS, H_COST_OOP, H_FACILITY, H_FLAGS,
  H_FOLLOW_UPS, H_KEY, H_ONSET, H_TRAVEL, H_TREAT_FACILITY, H_VILLAGE,
} from './patients.js';
import { arrivalTime } from './onsets.js';
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
 * A chronic patient arrives for a follow-up visit planned by scheduleFollowUp (the event's
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
    scheduleFollowUp(m, p, m.sim.now + m.conditions.followUpInterval[P.get(p, H_CONDITION)]);
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
 * Patient p's next follow-up visit, setting out from home at time `leave`: p goes to sleep
 * (PatientPool.sleep) until it arrives. Where the visit is and when the patient gets there
 * depend only on the timetables and the patient's own draws, so they are fixed now and one
 * event, the arrival, does for the visit: into the event queue if it falls today, else into
 * its day's list.
 */
function scheduleFollowUp(m: TieredModel, p: number, leave: number): void {
  const P = m.patients;
  P.set(p, H_FOLLOW_UPS, P.get(p, H_FOLLOW_UPS) - 1);
  P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_FOLLOWUP);
  P.set(p, H_CLS, PatientClass.WALK_IN);
  const fac = m.facilities[followUpFacility(m, p)];
  if (fac.tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
  const at = arrivalTime(m, p, fac, leave, m.villageTravel[TIER_COUNT * P.get(p, H_VILLAGE) + fac.tier], false);
  const d = P.sleep(p);
  if (m.monitor !== null) m.monitor.sleep(p, d);
  if (m.followUps.dayOf(at) > Math.floor(m.sim.now / MINUTES_PER_DAY)) m.followUps.add(at, d);
  else m.queueFollowUp(at, d);
}

/**
 * Starts the run with the chronic patients who would already be in follow-up had the
 * region been running for ever: per village and chronic condition, Poisson(rate x visits
 * x interval) patients, each with a uniformly drawn number of visits left and first visit
 * within one interval, followed where the first-contact choice and capability would have
 * placed them. Without it the follow-up load would ramp up over the first months.
 */
export function seedFollowUps(m: TieredModel): void {
  const table = m.conditions;
  const P = m.patients;
  for (const v of m.region.villages) {
    const rng = m.streams.get(`initial/village-${v.index}`);
    for (let c = 0; c < table.count; c++) {
      const visits = table.followUpVisits[c];
      if (visits === 0 || table.emergency[c]) continue;
      const interval = table.followUpInterval[c];
      const mean = table.rate[c] * v.population * visits * interval;
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
        let tier = table.firstContact[c] >= 0 ? table.firstContact[c] : m.choice.pick(v.index, c, false, false, rng());
        while (tier < Tier.REGIONAL && !(table.capable[c * TIER_COUNT + tier] > 0 && m.facilities[v.facilities[tier]].doctors > 0)) tier++;
        P.set(p, H_TREAT_FACILITY, v.facilities[tier]);
        P.set(p, H_FOLLOW_UPS, 1 + Math.floor(rng() * visits));
        m.metrics.episodeStarted();
        if (m.monitor !== null) m.monitor.begin(p);
        scheduleFollowUp(m, p, rng() * interval);
      }
    }
  }
}
