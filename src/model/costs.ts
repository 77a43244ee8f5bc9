/**
 * What care costs and who pays: per facility the consultation fee, the bed-day cost, the
 * test fees and the insurance reimbursement rates; `charge` splits each charge of a patient's
 * episode between insurance and the patient's own pocket.
 */
import { TEST_TYPES } from '../params/fields.js';
import { PATIENT_CLASS_COUNT } from './constants.js';
import { TEST_TYPE_COUNT } from './conditions.js';
import { H_CLS, H_COST_INS, H_COST_OOP } from './patients.js';
import type { Region } from './region.js';
import type { Lever } from './lever.js';
import type { TieredModel } from './model.js';

export interface FeeTable {
  consultation: Float64Array;
  bedDay: Float64Array;
  /** facility * TEST_TYPE_COUNT + test type. */
  test: Float64Array;
  /** facility * PATIENT_CLASS_COUNT + class: reimbursement rate of an outpatient charge (as levers set it). */
  outpatientRate: Float64Array;
  inpatientRate: Float64Array;
}

/**
 * The fees and reimbursement rates of every facility of the region; the outpatient rate by
 * patient class, as the levers' `outpatientReimbursement` hooks make it.
 */
export function buildFees(region: Region, levers: readonly Lever[]): FeeTable {
  const nf = region.facilities.length;
  const fees: FeeTable = {
    consultation: new Float64Array(nf),
    bedDay: new Float64Array(nf),
    test: new Float64Array(nf * TEST_TYPE_COUNT),
    outpatientRate: new Float64Array(nf * PATIENT_CLASS_COUNT),
    inpatientRate: new Float64Array(nf),
  };
  for (const spec of region.facilities) {
    const costs = spec.params.costs;
    fees.consultation[spec.index] = costs.consultation;
    fees.bedDay[spec.index] = costs.bedDay;
    for (let cls = 0; cls < PATIENT_CLASS_COUNT; cls++) {
      let rate = spec.params.reimbursement.outpatient;
      for (const lever of levers) if (lever.outpatientReimbursement) rate = lever.outpatientReimbursement(rate, spec, cls);
      fees.outpatientRate[spec.index * PATIENT_CLASS_COUNT + cls] = rate;
    }
    fees.inpatientRate[spec.index] = spec.params.reimbursement.inpatient;
    TEST_TYPES.forEach((t, k) => { fees.test[spec.index * TEST_TYPE_COUNT + k] = costs.tests[t] ?? 0; });
  }
  return fees;
}

/** Charges patient p `amount` at facility fi: insurance pays its reimbursement rate, the patient the rest. */
export function charge(m: TieredModel, p: number, fi: number, amount: number, inpatient: boolean): void {
  if (amount === 0) return;
  const P = m.patients;
  const rate = inpatient ? m.fees.inpatientRate[fi] : m.fees.outpatientRate[fi * PATIENT_CLASS_COUNT + P.get(p, H_CLS)];
  P.set(p, H_COST_INS, P.get(p, H_COST_INS) + amount * rate);
  P.set(p, H_COST_OOP, P.get(p, H_COST_OOP) + amount * (1 - rate));
  m.planner.charged(fi, amount * rate, amount * (1 - rate));
}
