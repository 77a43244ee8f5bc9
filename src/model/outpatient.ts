/**
 * The outpatient path: a patient arrives at a facility, queues for a doctor (emergency
 * department, visiting clinic or outpatient doctors), is seen, has the tests the condition
 * needs (diagnostics.ts), and the outcome is decided: treated here as an outpatient,
 * admitted (inpatient.ts), or referred up to the next capable tier.
 */
import type { Resource } from '../engine/index.js';
import { Outcome, PatientClass, Tier, TIER_COUNT } from './constants.js';
import {
  F_FOLLOWUP, H_ARRIVE, H_CLS, H_CONDITION, H_FACILITY, H_FLAGS, H_FOLLOW_UPS, H_SEEN, H_SEEN_AT,
  H_TEST_INDEX, U_ADMIT, U_CAPABLE, U_COMPLICATION, U_CONSULT,
} from './patients.js';
import { charge } from './costs.js';
import { nextTest } from './diagnostics.js';
import { admit } from './inpatient.js';
import { episodeEnd, nextVisitOrLeave } from './followups.js';
import { travelTo } from './onsets.js';
import { leaveRegion } from './outcomes.js';
import type { Facility } from './facilities.js';
import { isVisitingFollowUp, queueClass, treated } from './episode.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** Patient p arrives at its facility and asks for a doctor. */
export function arrive(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  P.set(p, H_ARRIVE, m.sim.now);
  if (m.monitor !== null) {
    const activity = (P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 ? Activity.FOLLOW_UP : Activity.ARRIVAL;
    m.monitor.event(p, activity, m.sim.now, f.index, TraceResource.NONE);
  }
  const line = consultLine(m, p, f);
  if (line.request(p, m.lineClass, patience(m, p, f, line)) === Outcome.GRANTED) startConsult(m, p);
}

/**
 * How long patient p waits in `line` at facility f before leaving untreated (`maxConsultWait`):
 * only new visits to the outpatient doctors (no emergency, no follow-up visit); else for ever.
 */
function patience(m: TieredModel, p: number, f: Facility, line: Resource): number {
  if (f.maxConsultWait === Infinity || line !== f.outpatient) return Infinity;
  const P = m.patients;
  return P.get(p, H_CLS) === PatientClass.EMERGENCY || (P.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 ? Infinity : f.maxConsultWait;
}

/** Patient p's patience for a doctor ran out: it leaves untreated for care outside the region. */
export function leftUnseen(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  m.metrics.queueLeft(f.tier, P.get(p, H_CLS), m.conditions.acuity[P.get(p, H_CONDITION)], m.sim.now - P.get(p, H_ARRIVE));
  leaveRegion(m, p, f, false, true);
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
  m.planner.visit(fi);
  charge(m, p, fi, m.fees.consultation[fi], false);
  // The length comes from the patient's own key (see TieredModel.draw).
  const d = f.consultByCondition[cond] ?? f.consult;
  m.sim.schedule(Math.max(0, m.draw(d, p, U_CONSULT + P.visitIndex(p, f.tier))), m.K_CONSULT_END, p);
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

/**
 * After the tests: refer up when this tier cannot treat the condition (unless a lever holds
 * the referral, `Lever.cannotTreat`), else admit or treat as an outpatient.
 */
export function decide(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const cond = P.get(p, H_CONDITION);
  const capable = f.tier === Tier.REGIONAL || P.u(p, U_CAPABLE + f.tier) < capability(m, p, f, cond);
  if (!capable) {
    if (m.hooks.cannotTreat.length > 0 && referralHeld(m, p, f)) return;
    referUp(m, p, f);
    return;
  }
  treatHere(m, p);
}

/** Whether a lever holds the referral up of patient p, whom facility f cannot treat. */
function referralHeld(m: TieredModel, p: number, f: Facility): boolean {
  const levers = m.hooks.cannotTreat;
  for (let i = 0; i < levers.length; i++) if (levers[i].cannotTreat!(m, p, f)) return true;
  return false;
}

/** Patient p's facility treats it: admitted when the condition needs a bed there (by the patient's own draw), else as an outpatient. */
export function treatHere(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const cond = P.get(p, H_CONDITION);
  if (P.u(p, U_ADMIT + f.tier) < m.conditions.admit[cond * TIER_COUNT + f.tier] && f.ward !== null) {
    admit(m, p, fi);
    return;
  }
  treated(m, p, fi);
  episodeEnd(m, p);
}

/** The probability that facility f can treat patient p's condition `cond`: its tier's, or what the levers' `capability` hooks make of it. */
function capability(m: TieredModel, p: number, f: Facility, cond: number): number {
  let capable = m.conditions.capable[cond * TIER_COUNT + f.tier];
  const levers = m.hooks.capability;
  if (levers.length > 0) for (const lever of levers) capable = lever.capability!(m, p, f, capable);
  return capable;
}

/** Refers patient p from facility `from` to the nearest upper facility able to see it; with none, the patient leaves the region (outcomes.ts). */
export function referUp(m: TieredModel, p: number, from: Facility): void {
  const P = m.patients;
  let target = from.parent;
  let minutes = m.region.travelUp[from.index];
  const cond = P.get(p, H_CONDITION);
  let found = false;
  while (target >= 0) {
    const t = m.facilities[target];
    const able = t.tier === Tier.REGIONAL || m.conditions.capable[cond * TIER_COUNT + t.tier] > 0;
    if (able && (t.doctors > 0 || (P.get(p, H_CLS) === PatientClass.EMERGENCY && t.emergency !== null))) {
      found = true;
      break;
    }
    if (t.parent < 0) break;
    minutes += m.region.travelUp[target];
    target = t.parent;
  }
  if (!found) {
    // The chain ends with no facility able to see the patient: care outside the region.
    leaveRegion(m, p, from, false, false);
    return;
  }
  m.metrics.referral(from.tier, m.facilities[target].tier, true);
  m.planner.referredUp(from.index);
  if (m.monitor !== null) m.monitor.event(p, Activity.REFERRAL, m.sim.now, from.index, TraceResource.NONE);
  if (P.get(p, H_CLS) !== PatientClass.EMERGENCY) P.set(p, H_CLS, PatientClass.REFERRED);
  const urgent = P.get(p, H_CLS) === PatientClass.EMERGENCY;
  travelTo(m, p, m.sim.now, target, urgent ? minutes * m.scenario.region.ambulanceFactor : minutes, urgent);
}

