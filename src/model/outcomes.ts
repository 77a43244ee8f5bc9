/**
 * Patients the region cannot serve: turned away for want of a bed (no bed anywhere up the
 * chain, or `divertWhenFull: false`), sent on by a referral chain that ends with no facility
 * able to see them, or leaving a doctor's queue once their patience (`maxConsultWait`) runs
 * out. They leave the modelled region for care elsewhere (异地就医, `outOfRegion` in the
 * scenario): the episode's outcome is recorded as turned away or left untreated, it counts
 * in unmet need, and its time to care and cost include the care it then gets outside, so that
 * turning patients away can never make episodes look quicker or cheaper (docs/model.md).
 */
import { MINUTES_PER_DAY, Tier, TIER_COUNT } from './constants.js';
import { TEST_TYPE_COUNT } from './conditions.js';
import {
  F_COUNTED, F_DONE_EPISODE, F_LEFT_UNTREATED, F_OUT_OF_REGION, H_CONDITION, H_COST_INS, H_COST_OOP, H_FACILITY, H_FLAGS, H_FOLLOW_UPS, H_ONSET, H_TRAVEL, H_VILLAGE,
  U_ADMIT, U_STAY,
} from './patients.js';
import { episodeEnd } from './followups.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** The regional centre above facility f (f itself at the top of its chain). */
export function regionalCentreOf(m: TieredModel, f: Facility): Facility {
  let top = f;
  while (top.parent >= 0) top = m.facilities[top.parent];
  return top;
}

/**
 * What the care patient p gets outside the region is imputed to cost: `costFactor` times what
 * regional centre r would have charged for it (a consultation, the condition's tests and, when
 * a bed is needed, the stay, its length drawn from the patient's own key as at r).
 */
export function outsideCost(m: TieredModel, p: number, r: Facility, needsBed: boolean): number {
  const cond = m.patients.get(p, H_CONDITION);
  const fees = m.fees;
  let cost = fees.consultation[r.index];
  for (let k = 0; k < TEST_TYPE_COUNT; k++) {
    if (m.conditions.tests[cond * TEST_TYPE_COUNT + k] !== 0) cost += fees.test[r.index * TEST_TYPE_COUNT + k];
  }
  const stay = r.stayByCondition[cond];
  if (needsBed && stay !== null) {
    // The patient's own draw where the distribution has a quantile; else its mean, so that the
    // shared stream is never drawn from here (common random numbers).
    const minutes = stay.quantile !== undefined ? m.draw(stay, p, U_STAY + m.patients.visitIndex(p, Tier.REGIONAL)) : stay.mean;
    const days = Math.max(0, minutes) / MINUTES_PER_DAY;
    cost += fees.bedDay[r.index] * days;
  }
  return cost * m.scenario.outOfRegion.costFactor;
}

/**
 * Patient p, at facility f, leaves the region for care elsewhere: turned away by the region
 * (`left` false) or leaving a doctor's queue untreated (`left` true). `needsBed` says whether
 * the care it goes for includes a stay (an admission that found no bed); otherwise its
 * admission draw at the regional tier decides, as it would have there. The imputed care is
 * charged at the out-of-area reimbursement rate; time to care runs to the time it leaves plus
 * `outOfRegion.delay`. Then the episode ends.
 */
export function leaveRegion(m: TieredModel, p: number, f: Facility, needsBed: boolean, left: boolean): void {
  const P = m.patients;
  const now = m.sim.now;
  P.set(p, H_FACILITY, f.index);
  if (m.monitor !== null) m.monitor.event(p, left ? Activity.LEFT_UNTREATED : Activity.TURNED_AWAY, now, f.index, TraceResource.NONE);
  const flags = P.get(p, H_FLAGS);
  const cond = P.get(p, H_CONDITION);
  const bed = needsBed || P.u(p, U_ADMIT + Tier.REGIONAL) < m.conditions.admit[cond * TIER_COUNT + Tier.REGIONAL];
  const cost = outsideCost(m, p, regionalCentreOf(m, f), bed);
  const rate = m.scenario.outOfRegion.reimbursement;
  P.set(p, H_COST_INS, P.get(p, H_COST_INS) + cost * rate);
  P.set(p, H_COST_OOP, P.get(p, H_COST_OOP) + cost * (1 - rate));
  // An episode's first departure decides its outcome; a complication found at a later
  // follow-up visit that leaves the region is care outside, but not the episode's outcome.
  const episode = (flags & F_DONE_EPISODE) === 0;
  if (episode) P.set(p, H_FLAGS, flags | F_OUT_OF_REGION | (left ? F_LEFT_UNTREATED : 0));
  const counted = episode && (flags & F_COUNTED) !== 0;
  const ttc = now + m.scenario.outOfRegion.delay - P.get(p, H_ONSET);
  // Its consultation outside, and the chronic follow-up visits that would fall before the end of
  // the run (they are made outside too: the episode has no treating facility in the region).
  const interval = m.conditions.followUpInterval[cond];
  const followUps = interval > 0 ? Math.min(P.get(p, H_FOLLOW_UPS), Math.floor((m.horizon - now) / interval)) : 0;
  m.metrics.outOfRegion(counted, m.conditions.acuity[cond], ttc, 1 + followUps);
  m.planner.outside(cost * rate, cost * (1 - rate));
  // The journey there: at least as far as the regional centre.
  P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + m.villageTravel[TIER_COUNT * P.get(p, H_VILLAGE) + Tier.REGIONAL]);
  if (counted) m.planner.timeToCare(P.get(p, H_VILLAGE), ttc);
  episodeEnd(m, p);
}
