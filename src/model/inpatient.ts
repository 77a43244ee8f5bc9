/**
 * The inpatient path: an admission asks for a bed (queueing, or diverted up when the ward is
 * full or the wait too long; a lever may place it in another facility's bed when the ward is full), the stay, the end of its acute phase (where a lever may move
 * the patient elsewhere for the recovery), and the discharge.
 */
import { MINUTES_PER_DAY, Outcome, Tier } from './constants.js';
import { F_REGIONAL, H_ARRIVE, H_CLS, H_CONDITION, H_FACILITY, H_FLAGS, H_TRAVEL, U_STAY } from './patients.js';
import { charge } from './costs.js';
import { queueClass, treated } from './episode.js';
import { episodeEnd } from './followups.js';
import { leaveRegion } from './outcomes.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** Patient p is to be admitted at facility fi: asks for a bed. */
export function admit(m: TieredModel, p: number, fi: number): void {
  const P = m.patients;
  const f = m.facilities[fi];
  P.set(p, H_FACILITY, fi);
  P.decided[p] = m.sim.now;
  m.metrics.admissionRequested(f.tier);
  m.planner.admissionRequested(fi);
  if (m.monitor !== null) m.monitor.event(p, Activity.ADMISSION_DECIDED, m.sim.now, fi, TraceResource.NONE);
  if (f.beds === 0) {
    // A facility without beds sends the admission on at once (or turns it away).
    bedTimeout(m, p);
    return;
  }
  const ward = f.ward!;
  const cls = queueClass(m, p, f);
  // No bed free now: a lever may place the patient in another facility's bed instead.
  if (m.hooks.wardFull.length !== 0 && !ward.wouldGrant(cls) && wardFull(m, p, f)) return;
  const outcome = ward.request(p, cls, f.maxBedWait < Infinity ? f.maxBedWait : undefined);
  if (outcome === Outcome.GRANTED) startStay(m, p);
  else if (outcome === Outcome.BLOCKED) bedTimeout(m, p);
}

/** Whether a lever placed patient p, whose admission finds facility f's ward full, elsewhere. */
function wardFull(m: TieredModel, p: number, f: Facility): boolean {
  const levers = m.hooks.wardFull;
  for (let i = 0; i < levers.length; i++) if (levers[i].wardFull!(m, p, f)) return true;
  return false;
}

/**
 * No bed (queue full or waited too long): divert to the next tier up, or, at the top of the
 * chain or where the facility does not divert, the patient leaves the region for care
 * elsewhere (outcomes.ts).
 */
export function bedTimeout(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  if (P.decided[p] >= m.warmup) m.metrics.admissionBlocked(f.tier);
  if (P.decided[p] >= m.warmup) m.planner.admissionBlocked(f.index);
  if (f.divert && f.parent >= 0) {
    m.metrics.referral(f.tier, m.facilities[f.parent].tier, true);
    m.planner.referredUp(f.index);
    if (m.monitor !== null) m.monitor.event(p, Activity.REFERRAL, m.sim.now, f.index, TraceResource.NONE);
    const target = f.parent;
    const minutes = m.region.travelUp[f.index] * m.scenario.region.ambulanceFactor;
    P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + minutes);
    if (m.facilities[target].tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
    // Diverted admissions go straight to the ward of the next tier.
    m.sim.call(minutes, () => admit(m, p, target));
    return;
  }
  leaveRegion(m, p, f, true, false);
}

/** Patient p has a bed: the stay starts, its length from the patient's own key. */
export function startStay(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const now = m.sim.now;
  m.metrics.admitted(f.tier, P.get(p, H_CLS), now - P.decided[p]);
  m.metrics.stayStarted(f.tier);
  if (m.monitor !== null) m.monitor.event(p, Activity.STAY_START, now, fi, TraceResource.BEDS);
  treated(m, p, fi);
  bedsChanged(m, f);
  const cond = P.get(p, H_CONDITION);
  const stay = Math.max(0, m.draw(f.stayByCondition[cond]!, p, U_STAY + P.visitIndex(p, f.tier)));
  P.set(p, H_ARRIVE, now);
  P.stayEnd[p] = now + stay;
  const recovery = m.conditions.recovery[cond];
  if (recovery > 0 && splitsStay(m, p, f)) {
    m.sim.schedule(stay * (1 - recovery), m.K_ACUTE_END, p);
  } else {
    m.sim.schedule(stay, m.K_DISCHARGE, p);
  }
}

/** Whether a lever splits patient p's stay at facility f at the end of its acute phase. */
function splitsStay(m: TieredModel, p: number, f: Facility): boolean {
  const levers = m.hooks.splitsStay;
  for (let i = 0; i < levers.length; i++) if (levers[i].splitsStay!(m, p, f)) return true;
  return false;
}

/** Keeps the time-weighted record of the ward being more than 85 % full. */
export function bedsChanged(m: TieredModel, f: Facility): void {
  if (f.above85 === null) return;
  const full = f.ward!.inUse > 0.85 * f.beds ? 1 : 0;
  if (full !== f.above85.value) f.above85.update(m.sim.now, full);
}

/** End of the acute phase of a split stay: a lever may move the patient for the recovery; the discharge follows at the stay's end. */
export function onAcuteEnd(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  const levers = m.hooks.acuteEnd;
  for (let i = 0; i < levers.length; i++) if (levers[i].acuteEnd!(m, p, f)) break;
  m.sim.schedule(Math.max(0, P.stayEnd[p] - m.sim.now), m.K_DISCHARGE, p);
}

/** Frees a bed and records the stay at that facility. */
export function dischargeFrom(m: TieredModel, p: number, f: Facility, stayed: number): void {
  f.ward!.release(queueClass(m, p, f));
  bedsChanged(m, f);
  m.metrics.discharged(f.tier, stayed / MINUTES_PER_DAY);
  charge(m, p, f.index, m.fees.bedDay[f.index] * (stayed / MINUTES_PER_DAY), true);
}

/** The stay ends: the bed is freed and the episode ends. */
export function onDischarge(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  if (m.monitor !== null) m.monitor.event(p, Activity.DISCHARGE, m.sim.now, f.index, TraceResource.BEDS);
  dischargeFrom(m, p, f, m.sim.now - P.get(p, H_ARRIVE));
  episodeEnd(m, p);
}
