/**
 * The outpatient path: a patient arrives at a facility, queues for a doctor (emergency
 * department, visiting clinic or outpatient doctors), is seen, has the tests the condition
 * needs (diagnostics.ts), and the outcome is decided: treated here as an outpatient,
 * admitted (inpatient.ts), or referred up to the next capable tier.
 */
import type { Resource } from '../engine/index.js';
import { Outcome, PatientClass, Tier, TIER_COUNT } from './constants.js';
import {
  F_COUNTED, F_FOLLOWUP, F_TREATED, H_ARRIVE, H_CLS, H_CONDITION, H_FACILITY, H_FLAGS, H_FOLLOW_UPS, H_ONSET, H_SEEN, H_SEEN_AT,
  H_TEST_INDEX, H_TREAT_FACILITY, U_ADMIT, U_CAPABLE, U_COMPLICATION, U_CONSULT,
} from './patients.js';
import { charge } from './costs.js';
import { nextTest } from './diagnostics.js';
import { admit } from './inpatient.js';
import { episodeEnd, nextVisitOrLeave } from './followups.js';
import { travelTo } from './onsets.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** Whether patient p's visit to facility f is a follow-up at the visiting clinic there (care sits at another facility). */
export function isVisitingFollowUp(m: TieredModel, p: number, f: Facility): boolean {
  return f.visitingClinic !== null && (m.patients.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 && m.patients.get(p, H_TREAT_FACILITY) !== f.index;
}

/** Patient p arrives at its facility and asks for a doctor. */
export function arrive(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  P.set(p, H_ARRIVE, m.sim.now);
  if (m.monitor !== null) {
    const activity = (P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 ? Activity.FOLLOW_UP : Activity.ARRIVAL;
    m.monitor.event(p, activity, m.sim.now, f.index, TraceResource.NONE);
  }
  if (consultLine(m, p, f).request(p, m.lineClass) === Outcome.GRANTED) startConsult(m, p);
}

/**
 * The doctors a patient queues for at facility f (emergency department, visiting clinic or
 * outpatient doctors), with the class in `m.lineClass`: one rule for request and release.
 */
function consultLine(m: TieredModel, p: number, f: Facility): Resource {
  const cls = queueClass(m, p, f);
  if (cls === PatientClass.EMERGENCY && f.emergency !== null) {
    m.lineClass = 0; // the emergency department has one class
    return f.emergency;
  }
  if (isVisitingFollowUp(m, p, f)) {
    m.lineClass = cls;
    return f.visitingClinic!;
  }
  m.lineClass = f.outpatient.classes === 1 ? 0 : cls;
  return f.outpatient;
}

/** The trace's resource code of the doctors' line patient p queues for at facility f (as `consultLine` picks it, without its side effect). */
function consultResource(m: TieredModel, p: number, f: Facility): number {
  if (queueClass(m, p, f) === PatientClass.EMERGENCY && f.emergency !== null) return TraceResource.EMERGENCY;
  return isVisitingFollowUp(m, p, f) ? TraceResource.JOINT_CLINIC : TraceResource.DOCTORS;
}

/** A doctor sees patient p: records the wait, charges the fee and schedules the end of the consultation. */
export function startConsult(m: TieredModel, p: number): void {
  const P = m.patients;
  const now = m.sim.now;
  const fi = P.get(p, H_FACILITY);
  P.set(p, H_SEEN, now);
  P.set(p, H_SEEN_AT, fi);
  const f = m.facilities[fi];
  const cond = P.get(p, H_CONDITION);
  if (m.monitor !== null) m.monitor.event(p, Activity.CONSULT_START, now, fi, consultResource(m, p, f));
  m.metrics.consultStarted(f.tier, fi, P.get(p, H_CLS), m.conditions.acuity[cond], now - P.get(p, H_ARRIVE), (P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0);
  charge(m, p, fi, m.fees.consultation[fi], false);
  // The length comes from the patient's own key (see TieredModel.draw).
  const d = f.consultByCondition[cond] ?? f.consult;
  m.sim.schedule(Math.max(0, m.draw(d, p, U_CONSULT + P.visitIndex(p, f.tier))), m.K_CONSULT_END, p);
}

/**
 * The queue class a patient joins at facility f: emergencies first everywhere; referred
 * patients ahead of walk-ins only where a lever gives them priority (`Facility.referredClass`);
 * otherwise they queue with everyone else.
 */
export function queueClass(m: TieredModel, p: number, f: Facility): number {
  const cls = m.patients.get(p, H_CLS);
  return cls === PatientClass.REFERRED ? f.referredClass : cls;
}

/** The end of a consultation: a follow-up visit may end here; otherwise the tests, then the outcome. */
export function onConsultEnd(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  if (m.monitor !== null) m.monitor.event(p, Activity.CONSULT_END, m.sim.now, fi, consultResource(m, p, m.facilities[fi]));
  consultLine(m, p, m.facilities[fi]).release(m.lineClass);
  if ((P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0) {
    const visiting = isVisitingFollowUp(m, p, m.facilities[fi]);
    P.set(p, H_FLAGS, P.get(p, H_FLAGS) & ~F_FOLLOWUP);
    if (P.u(p, U_COMPLICATION + P.get(p, H_FOLLOW_UPS)) >= m.conditions.complication[P.get(p, H_CONDITION)]) {
      nextVisitOrLeave(m, p);
      return;
    }
    // A complication: a visiting clinic refers it straight up (as a referred patient);
    // elsewhere it is examined like a new consultation.
    m.metrics.complication(m.facilities[fi].tier);
    if (visiting) {
      referUp(m, p, m.facilities[fi]);
      return;
    }
  }
  P.set(p, H_TEST_INDEX, 0);
  nextTest(m, p);
}

/** After the tests: refer up when this tier cannot treat the condition, else admit or treat as an outpatient. */
export function decide(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const cond = P.get(p, H_CONDITION);
  const capable = f.tier === Tier.REGIONAL || P.u(p, U_CAPABLE + f.tier) < m.conditions.capable[cond * TIER_COUNT + f.tier];
  if (!capable) {
    referUp(m, p, f);
    return;
  }
  if (P.u(p, U_ADMIT + f.tier) < m.conditions.admit[cond * TIER_COUNT + f.tier] && f.ward !== null) {
    admit(m, p, fi);
    return;
  }
  treated(m, p, fi);
  episodeEnd(m, p);
}

/** Refers to the nearest upper facility able to see the patient. */
function referUp(m: TieredModel, p: number, from: Facility): void {
  const P = m.patients;
  let target = from.parent;
  let minutes = m.region.travelUp[from.index];
  const cond = P.get(p, H_CONDITION);
  while (target >= 0) {
    const t = m.facilities[target];
    const able = t.tier === Tier.REGIONAL || m.conditions.capable[cond * TIER_COUNT + t.tier] > 0;
    if (able && (t.doctors > 0 || (P.get(p, H_CLS) === PatientClass.EMERGENCY && t.emergency !== null))) break;
    if (t.parent < 0) break;
    minutes += m.region.travelUp[target];
    target = t.parent;
  }
  m.metrics.referral(from.tier, m.facilities[target].tier, true);
  if (m.monitor !== null) m.monitor.event(p, Activity.REFERRAL, m.sim.now, from.index, TraceResource.NONE);
  if (P.get(p, H_CLS) !== PatientClass.EMERGENCY) P.set(p, H_CLS, PatientClass.REFERRED);
  const urgent = P.get(p, H_CLS) === PatientClass.EMERGENCY;
  travelTo(m, p, m.sim.now, target, urgent ? minutes * m.scenario.region.ambulanceFactor : minutes, urgent);
}

/**
 * Facility fi gives the episode its definitive treatment. Time to care runs from onset
 * to the start of the consultation there, or to admission when the patient was not
 * seen there first (a diverted admission).
 */
export function treated(m: TieredModel, p: number, fi: number): void {
  const P = m.patients;
  if ((P.get(p, H_FLAGS) & F_TREATED) !== 0) return;
  P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_TREATED);
  P.set(p, H_TREAT_FACILITY, fi);
  const start = P.get(p, H_SEEN_AT) === fi ? P.get(p, H_SEEN) : m.sim.now;
  if (P.get(p, H_FLAGS) & F_COUNTED) m.metrics.timeToCare(m.facilities[fi].tier, start - P.get(p, H_ONSET));
}
