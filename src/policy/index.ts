/**
 * Policy levers: each module turns its `policies:` parameters into settings the
 * model reads at a fixed hook (first-contact choice, queue reservations, test
 * ordering, discharge, follow-up venue). At zero strength every lever leaves the
 * settings exactly as without it, so the model runs bit-identically.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import { TEST_TYPES } from '../scenario/fields.js';
import { RESULT_VALIDITY } from '../model/constants.js';
import * as primaryFirst from './primaryFirst.js';
import * as reservedSlots from './reservedSlots.js';
import * as jointClinics from './jointClinics.js';
import * as mutualRecognition from './mutualRecognition.js';
import * as downReferral from './downReferral.js';


export interface PolicySettings {
  /** Share of residents signed with a family doctor. */
  signedShare: number;
  /** Share of signed residents who always go to their family doctor first. */
  compliance: number;
  /** Reimbursement-rate cut for unreferred outpatient visits at county and regional tiers. */
  reimbursementGap: number;
  reserved: { outpatientShare: number; bedShare: number; tiers: boolean[]; releaseLead: number } | null;
  joint: { hosts: Set<number>; specialists: number; days: number[] } | null;
  recognition: { rates: Float64Array; validity: number };
  down: { share: number; fromTiers: boolean[] } | null;
}

/** The settings with every lever at zero strength. */
export function baseSettings(s: Scenario): PolicySettings {
  return {
    signedShare: s.choice.familyDoctor.coverage,
    compliance: 0,
    reimbursementGap: 0,
    reserved: null,
    joint: null,
    recognition: { rates: new Float64Array(TEST_TYPES.length), validity: RESULT_VALIDITY },
    down: null,
  };
}

/** All levers, in the order they are applied. */
export const LEVERS = [primaryFirst, reservedSlots, jointClinics, mutualRecognition, downReferral];

export function resolvePolicies(s: Scenario, region: Region): PolicySettings {
  const settings = baseSettings(s);
  for (const lever of LEVERS) lever.apply(s, region, settings);
  return settings;
}
