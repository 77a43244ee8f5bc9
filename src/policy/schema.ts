/**
 * Parameters of the policy levers, under `policies:` in a scenario. Every lever
 * defaults to zero strength, where the model behaves exactly as without it.
 */
import { z } from 'zod';
import { duration, probability, TEST_TYPES } from '../scenario/fields.js';

export const primaryFirstSchema = z.strictObject({
  signedShare: probability.optional().describe('share of residents signed with a family doctor; overrides choice.familyDoctor.coverage'),
  compliance: probability.default(0).describe('share of signed residents who always make first contact with their family doctor (village clinic or township centre) for non-emergencies'),
  reimbursementGap: probability.default(0).describe('cut in the insurance reimbursement rate for unreferred outpatient visits at county hospitals and regional centres'),
}).describe('基层首诊: family-doctor first contact and insurance rules that favour it');

export const reservedSlotsSchema = z.strictObject({
  outpatientShare: probability.default(0).describe('share of outpatient doctors held for patients referred from primary care (policy: at least 1/3)'),
  bedShare: probability.default(0).describe('share of beds held for referred patients (policy: at least 1/4)'),
  tiers: z.array(z.enum(['county', 'regional'])).default(['county', 'regional']).describe('tiers whose facilities reserve'),
  releaseLead: duration('h', 'lead time').default(120).describe('reserved outpatient capacity not booked this long before a session ends is released to everyone (plain numbers in hours)'),
}).describe('号源/床位下沉: reserved slots and beds for referred patients, with priority');

export const jointClinicsSchema = z.strictObject({
  townshipShare: probability.default(0).describe('share of township centres that host a joint chronic-disease clinic'),
  specialists: z.number().int().positive().default(1).describe('county specialists per joint-clinic session'),
  days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).default(['tue', 'thu']).describe('weekdays of the joint-clinic sessions'),
}).describe('慢性病联合门诊: county specialists see chronic patients at township centres');

export const mutualRecognitionSchema = z.strictObject({
  rates: z.strictObject(Object.fromEntries(TEST_TYPES.map((t) => [t, probability.default(0)])) as Record<(typeof TEST_TYPES)[number], z.ZodDefault<typeof probability>>)
    .default({ lab: 0, imaging: 0, ct: 0, ecg: 0 })
    .describe('probability, by test type, that a valid earlier result is accepted on referral'),
  validity: duration('d', 'validity window').default(7 * 1440).describe('how long a result stays valid (plain numbers in days)'),
}).describe('检查检验结果互认: mutual recognition of test results');

export const downReferralSchema = z.strictObject({
  share: probability.default(0).describe('share of eligible county and regional inpatients moved to a township bed for recovery, when one is free'),
  fromTiers: z.array(z.enum(['county', 'regional'])).default(['county', 'regional']),
}).describe('双向转诊: recovery-phase down-referral to township beds');

export const policiesSchema = z.strictObject({
  primaryFirst: primaryFirstSchema.optional(),
  reservedSlots: reservedSlotsSchema.optional(),
  jointClinics: jointClinicsSchema.optional(),
  mutualRecognition: mutualRecognitionSchema.optional(),
  downReferral: downReferralSchema.optional(),
}).default({}).describe('policy levers; each defaults to zero strength');

export type Policies = z.output<typeof policiesSchema>;
