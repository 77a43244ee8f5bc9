/**
 * 基层首诊 (primary-care first visit): family-doctor contracts, compliance with
 * first contact at the family doctor, and an insurance penalty on unreferred visits
 * to county hospitals and regional centres. Acts on the first-contact choice and on
 * the reimbursement of walk-in outpatient visits at the upper tiers.
 */
import { z } from 'zod';
import { probability } from '../params/fields.js';
import { PatientClass, Tier } from '../model/constants.js';
import type { Lever } from '../model/lever.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  signedShare: probability.optional().describe('share of residents signed with a family doctor; overrides choice.familyDoctor.coverage'),
  compliance: probability.default(0).describe('share of signed residents who always make first contact with their family doctor (village clinic or township centre) for non-emergencies'),
  reimbursementGap: probability.default(0).describe('cut in the insurance reimbursement rate for unreferred outpatient visits at county hospitals and regional centres'),
}).describe('基层首诊: family-doctor first contact and insurance rules that favour it');

export const definition: LeverDefinition<'primaryFirst', typeof schema> = defineLever('primaryFirst', schema, (p) => {
  const lever: Lever = { key: 'primaryFirst' };
  const { signedShare, compliance, reimbursementGap } = p;
  if (signedShare !== undefined || compliance > 0) {
    lever.firstContact = (rules) => {
      if (signedShare !== undefined) rules.signedCoverage = signedShare;
      rules.boundShare = compliance;
    };
  }
  if (reimbursementGap > 0) {
    // Unreferred (walk-in) outpatient visits at county hospitals and regional centres.
    lever.outpatientReimbursement = (rate, facility, cls) =>
      facility.tier >= Tier.COUNTY && cls === PatientClass.WALK_IN ? Math.max(0, rate - reimbursementGap) : rate;
  }
  return lever.firstContact || lever.outpatientReimbursement ? lever : null;
});
