/**
 * The inpatient path: an admission asks for a bed (queueing, or diverted up when the ward is
 * full or the wait too long), the stay, the end of its acute phase (a move to a township bed
 * for recovery), and the discharge.
 */
import { MINUTES_PER_DAY, Outcome, PatientClass, Tier, TIER_COUNT } from './constants.js';
import { F_REGIONAL, H_ARRIVE, H_CLS, H_CONDITION, H_FACILITY, H_FLAGS, H_TRAVEL, H_VILLAGE, U_DOWN, U_STAY } from './patients.js';
import { charge } from './costs.js';
import { queueClass, treated } from './outpatient.js';
import { episodeEnd } from './followups.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';

/** Patient p is to be admitted at facility fi: asks for a bed. */
export function admit(m: TieredModel, p: number, fi: number): void {
  const P = m.patients;
  const f = m.facilities[fi];
  P.set(p, H_FACILITY, fi);
  P.decided[p] = m.sim.now;
  m.metrics.admissionRequested(f.tier);
  if (f.beds === 0) {
    // A facility without beds sends the admission on at once (or turns it away).
    bedTimeout(m, p);
    return;
  }
  const outcome = f.ward!.request(p, queueClass(m, p, f), f.maxBedWait < Infinity ? f.maxBedWait : undefined);
  if (outcome === Outcome.GRANTED) startStay(m, p);
  else if (outcome === Outcome.BLOCKED) bedTimeout(m, p);
}

/** No bed (queue full or waited too long): divert to the next tier up, or turn away. */
export function bedTimeout(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  if (P.decided[p] >= m.warmup) m.metrics.admissionBlocked(f.tier);
  if (f.divert && f.parent >= 0) {
    m.metrics.referral(f.tier, m.facilities[f.parent].tier, true);
    const target = f.parent;
    const minutes = m.region.travelUp[f.index] * m.scenario.region.ambulanceFactor;
    P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + minutes);
    if (m.facilities[target].tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
    // Diverted admissions go straight to the ward of the next tier.
    m.sim.call(minutes, () => admit(m, p, target));
    return;
  }
  episodeEnd(m, p);
}

/** Patient p has a bed: the stay starts, its length from the patient's own key. */
export function startStay(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const now = m.sim.now;
  m.metrics.admitted(f.tier, now - P.decided[p]);
  treated(m, p, fi);
  bedsChanged(m, f);
  const cond = P.get(p, H_CONDITION);
  const stay = Math.max(0, m.draw(f.stayByCondition[cond]!, p, U_STAY + P.visitIndex(p, f.tier)));
  P.set(p, H_ARRIVE, now);
  P.stayEnd[p] = now + stay;
  const down = m.policy.down;
  const recovery = m.conditions.recovery[cond];
  if (down && down.fromTiers[f.tier] && recovery > 0 && P.u(p, U_DOWN) < down.share) {
    m.sim.schedule(stay * (1 - recovery), m.K_ACUTE_END, p);
  } else {
    m.sim.schedule(stay, m.K_DISCHARGE, p);
  }
}

/** Keeps the time-weighted record of the ward being more than 85 % full. */
export function bedsChanged(m: TieredModel, f: Facility): void {
  if (f.above85 === null) return;
  const full = f.ward!.inUse > 0.85 * f.beds ? 1 : 0;
  if (full !== f.above85.value) f.above85.update(m.sim.now, full);
}

/** End of the acute phase: move to a free township bed for recovery, if there is one. */
export function onAcuteEnd(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const t = m.facilities[m.villageFacility[TIER_COUNT * P.get(p, H_VILLAGE) + Tier.TOWNSHIP]];
  const now = m.sim.now;
  if (t.ward !== null && t.ward.inUse < t.ward.capacity && t.ward.queueLength === 0) {
    // Moves now: the county or regional bed is freed and the rest of the stay is at the township.
    dischargeFrom(m, p, f, now - P.get(p, H_ARRIVE));
    m.metrics.referral(f.tier, Tier.TOWNSHIP, false);
    m.metrics.downReferred(f.tier);
    P.set(p, H_CLS, PatientClass.REFERRED);
    P.set(p, H_FACILITY, t.index);
    P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + m.region.travelUp[t.index]);
    if (t.ward.request(p, queueClass(m, p, t)) !== Outcome.GRANTED) throw new Error('down-referral found no free township bed');
    P.set(p, H_ARRIVE, now);
    bedsChanged(m, t);
    m.sim.schedule(Math.max(0, P.stayEnd[p] - now), m.K_DISCHARGE, p);
    return;
  }
  m.sim.schedule(Math.max(0, P.stayEnd[p] - now), m.K_DISCHARGE, p);
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
  dischargeFrom(m, p, f, m.sim.now - P.get(p, H_ARRIVE));
  episodeEnd(m, p);
}
