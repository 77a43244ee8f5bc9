/**
 * Where a patient's episode stands, read by every part of its path: the queue class it joins at
 * a facility, whether a visit is a follow-up at a facility's visiting clinic, and the start of
 * its definitive treatment (time to care).
 */
import { F_COUNTED, F_FOLLOWUP, F_TREATED, H_CLS, H_CONDITION, H_FLAGS, H_ONSET, H_SEEN, H_SEEN_AT, H_TREAT_FACILITY, H_VILLAGE } from './patients.js';
import { PatientClass } from './constants.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';

/** Whether patient p's visit to facility f is a follow-up at the visiting clinic there (care sits at another facility). */
export function isVisitingFollowUp(m: TieredModel, p: number, f: Facility): boolean {
  return f.visitingClinic !== null && (m.patients.get(p, H_FLAGS) & F_FOLLOWUP) !== 0 && m.patients.get(p, H_TREAT_FACILITY) !== f.index;
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
  if (P.get(p, H_FLAGS) & F_COUNTED) m.metrics.timeToCare(m.facilities[fi].tier, m.conditions.acuity[P.get(p, H_CONDITION)], start - P.get(p, H_ONSET));
  if (P.get(p, H_FLAGS) & F_COUNTED) m.planner.timeToCare(P.get(p, H_VILLAGE), start - P.get(p, H_ONSET));
}
