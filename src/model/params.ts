/**
 * The model's parameters: the region, the facilities of each tier, the conditions, the
 * first-contact choice and the simulation settings, as zod schemas (the scenario file format,
 * src/scenario/schema.ts, is these plus a name, `extends` and the levers' `policies:`).
 * Durations come out in minutes, clock times in minutes after midnight.
 */
import { z } from 'zod';
import { MAX_DAYS, MAX_FOLLOW_UP_VISITS, MAX_INCIDENCE, MAX_SEED, MAX_TEXT_CHARS, cleanText, quoteText } from '../params/caps.js';
import {
  ACUITIES, TIERS, clock, displayName, duration, durationDist, nonNegInt, perTier, populationDist, probability, refineSessions, TEST_TYPES, WEEKDAYS,
} from '../params/fields.js';

const session = z.strictObject({ start: clock, end: clock }).describe('a working session, e.g. {start: "08:00", end: "12:00"}');

/** Most replications of one run: a hard cap (the run's jobs are held in one array). */
const MAX_REPLICATIONS = 1_000_000;

const diagnostic = z.strictObject({
  capacity: z.number().int().positive().describe('machines or technicians working in parallel'),
  time: durationDist('min', 'time to perform one test'),
  turnaround: duration('min', 'time from test to result').default(0),
});

const costs = z.strictObject({
  consultation: z.number().nonnegative().default(0).describe('yuan per consultation'),
  bedDay: z.number().nonnegative().default(0).describe('yuan per inpatient day'),
  tests: z.strictObject(Object.fromEntries(TEST_TYPES.map((t) => [t, z.number().nonnegative().optional()])) as Record<(typeof TEST_TYPES)[number], z.ZodOptional<z.ZodNumber>>).default({}).describe('yuan per test, by type'),
});

/** Everything a facility of a tier has; per-tier defaults under `tiers:`, overridable per facility. */
export const facilityParams = z.strictObject({
  doctors: nonNegInt.describe('outpatient doctors (servers) per session'),
  consultTime: durationDist('min', 'consultation time').describe('consultation time unless a condition sets its own (minutes by default)'),
  sessions: z.array(session).superRefine(refineSessions).default([{ start: 480, end: 720 }, { start: 840, end: 1050 }]).describe('daily working sessions, in order and not overlapping; default 08:00-12:00 and 14:00-17:30'),
  days: z.array(z.enum(WEEKDAYS)).default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']).describe('weekdays with sessions'),
  wardDoctors: nonNegInt.default(0).describe('doctors on the wards (not simulated as servers; counted in doctor_daily_visits, as the national statistic counts all doctors)'),
  emergencyDoctors: nonNegInt.default(0).describe('doctors of an emergency department open 24 h; 0: emergencies join the outpatient queue with top priority'),
  beds: nonNegInt.default(0).describe('inpatient beds (none at village clinics)'),
  admissionQueueLimit: z.number().int().nonnegative().optional().describe('patients allowed to wait for a bed; beyond it admissions are diverted up (default: no limit)'),
  maxBedWait: duration('h', 'longest wait for a bed before diversion').optional().describe('longest wait for a bed (hours by default): then the admission is diverted up, or at the top of the chain (or with divertWhenFull: false) the patient leaves the region for care elsewhere; default: no limit'),
  maxConsultWait: duration('h', 'longest wait for a doctor').optional().describe('patience of a new (non-emergency, non-follow-up) patient waiting for a doctor here (hours by default): beyond it the patient leaves untreated and seeks care outside the region; default: no limit'),
  divertWhenFull: z.boolean().default(true).describe('an admission that finds no bed (beyond the queue limit or the maximum wait) is sent to the next tier up; false: it is turned away and the patient leaves the region for care elsewhere'),
  diagnostics: z.partialRecord(z.enum(TEST_TYPES), diagnostic).default({}).describe('diagnostic capacity by test type; a test a facility lacks is skipped there'),
  costs: costs.default({ consultation: 0, bedDay: 0, tests: {} }),
  reimbursement: z.strictObject({
    outpatient: probability.default(0),
    inpatient: probability.default(0),
  }).default({ outpatient: 0, inpatient: 0 }).describe('share of costs paid by insurance'),
  tierConstant: z.number().default(0).describe('perceived quality of this tier in the first-contact choice (utility units)'),
});

const facilityOverride = facilityParams.partial().extend({ name: displayName.optional() });

const village = z.strictObject({
  name: displayName,
  population: nonNegInt.describe('residents'),
  travelToTownship: duration('min', 'travel time to the township centre'),
  clinic: facilityOverride.optional(),
});

const township = z.strictObject({
  name: displayName,
  travelToCounty: duration('min', 'travel time to the county hospital'),
  centre: facilityOverride.optional(),
  villages: z.array(village).min(1),
});

const county = z.strictObject({
  name: displayName,
  travelToRegional: duration('min', 'travel time to the regional centre'),
  regional: z.string().max(MAX_TEXT_CHARS).optional().describe('name of the regional centre serving this county (default: the first)'),
  hospital: facilityOverride.optional(),
  townships: z.array(township).min(1),
});

const generate = z.strictObject({
  counties: z.number().int().positive(),
  townshipsPerCounty: z.number().int().positive(),
  villagesPerTownship: z.number().int().positive(),
  villagePopulation: populationDist.describe('residents per village: a number or a distribution (mean above 0, no value below 0)'),
  travelVillageToTownship: durationDist('min', 'travel time village to township'),
  travelTownshipToCounty: durationDist('min', 'travel time township to county'),
  travelCountyToRegional: durationDist('min', 'travel time county to regional centre'),
});

export const regionSchema = z.strictObject({
  regionalCentres: z.array(z.strictObject({ name: displayName, centre: facilityOverride.optional() })).min(1).default([{ name: 'regional' }]),
  generate: generate.optional().describe('build the region from compact parameters; generated counties are shared out among the regional centres in turn'),
  counties: z.array(county).min(1).optional().describe('or list counties, townships and villages one by one (at least one resident in all)'),
  directRouteFactor: z.number().positive().max(1).default(0.85).describe('travel time of a direct (bypass) route as a share of the route through the tiers'),
  ambulanceFactor: z.number().positive().max(1).default(0.6).describe('ambulance travel time as a share of ordinary travel time'),
});

const condition = z.strictObject({
  name: displayName,
  acuity: z.enum(ACUITIES),
  incidence: z.number().nonnegative().max(MAX_INCIDENCE).describe('new episodes per 1,000 residents per year'),
  seasonality: z.array(z.number().nonnegative()).length(12)
    .refine((xs) => xs.some((x) => x > 0), { message: 'expected at least one month above 0, got all 0' })
    .optional().describe('12 monthly multipliers of incidence (normalised to mean 1; not all 0)'),
  firstContact: z.enum(TIERS).optional().describe('every episode makes first contact at this tier (no choice); emergencies default to the nearest county hospital'),
  tests: z.array(z.enum(TEST_TYPES)).default([]).describe('tests the condition needs at each consultation that diagnoses it'),
  consultTime: perTier(durationDist('min', 'consultation time')).default({}).describe('consultation time per tier, overriding the tier\'s own (minutes by default)'),
  capability: perTier(probability).describe('probability that a tier can diagnose and treat the condition; missing tiers cannot'),
  admission: perTier(probability).default({}).describe('probability of admission when treated at a tier'),
  los: perTier(durationDist('d', 'length of stay')).default({}).describe('length of stay per tier (days by default)'),
  recoveryShare: probability.default(0).describe('share of an inpatient stay that is recovery, eligible for down-referral'),
  followUp: z.strictObject({
    interval: duration('d', 'interval between follow-up visits'),
    visits: z.number().int().positive().max(MAX_FOLLOW_UP_VISITS).describe('follow-up visits after the first'),
    complication: probability.default(0).describe('probability that a follow-up visit finds a complication: it is then treated as a new consultation (tests, admission or referral up)'),
  }).optional().describe('chronic conditions: scheduled follow-up visits'),
});

/**
 * Care outside the modelled region (异地就医) for a patient the region could not serve: turned
 * away for want of a bed, sent on by a referral chain with no facility able to see it, or
 * leaving a doctor's queue after its patience ran out. Its time to care and cost are imputed
 * from these, so that turning patients away never makes an episode look quicker or cheaper.
 */
const outOfRegion = z.strictObject({
  delay: duration('h', 'delay before care outside the region').default(24 * 60).describe('time from leaving the region to the start of care elsewhere (hours by default): travel to another prefecture\'s hospital and its own queue'),
  costFactor: z.number().min(1).max(100).default(1.2).describe('imputed cost of the care elsewhere as a multiple (at least 1) of what the regional centre would have charged for it: consultation, the condition\'s tests and, when a bed was needed, the stay'),
  reimbursement: probability.default(0.35).describe('share of that imputed cost paid by insurance out of the area (lower than at home: the rest is out of pocket)'),
}).describe('care elsewhere for patients the region turns away or who leave untreated');

/** The model's parameters, in the order a scenario file lists them (after its name and description). */
export const modelParamsShape = {
  simulation: z.strictObject({
    days: z.number().positive().max(MAX_DAYS).default(365).describe('simulated days, warm-up included (at most 1,000,000)'),
    warmup: z.number().nonnegative().default(60).describe('warm-up days discarded from every metric'),
    replications: z.number().int().positive().max(MAX_REPLICATIONS).default(10).describe('independent replications (at most 1,000,000)'),
    seed: z.number().int().nonnegative().max(MAX_SEED).default(1).describe('random seed: an integer from 0 to 2^53 - 1'),
  }).default({ days: 365, warmup: 60, replications: 10, seed: 1 }),
  region: regionSchema,
  tiers: z.strictObject({
    village: facilityParams,
    township: facilityParams,
    county: facilityParams,
    regional: facilityParams,
  }).describe('default facility parameters per tier'),
  conditions: z.array(condition).min(1),
  outOfRegion: outOfRegion.default({ delay: 24 * 60, costFactor: 1.2, reimbursement: 0.35 }),
  tests: z.strictObject({
    recognitionWithoutPolicy: z.strictObject(Object.fromEntries(TEST_TYPES.map((t) => [t, probability.default(0)])) as Record<(typeof TEST_TYPES)[number], z.ZodDefault<typeof probability>>)
      .default({ lab: 0, imaging: 0, ct: 0, ecg: 0 })
      .describe('probability, by test type, that a still-valid result from another facility in the same episode is accepted without any policy (the rest are repeated); the mutual-recognition lever acts on top of it'),
  }).default({ recognitionWithoutPolicy: { lab: 0, imaging: 0, ct: 0, ecg: 0 } }).describe('tests across facilities'),
  choice: z.strictObject({
    qualityWeight: z.number().default(3).describe('utility per unit of capability for the condition'),
    travelWeight: z.number().nonnegative().default(1).describe('disutility per hour of travel'),
    costWeight: z.number().nonnegative().default(0.01).describe('disutility per yuan out of pocket'),
    familyDoctor: z.strictObject({
      coverage: probability.default(0).describe('share of residents signed with a family doctor'),
      bonus: z.number().default(1).describe('utility a signed resident adds to their village clinic and township centre'),
    }).default({ coverage: 0, bonus: 1 }),
  }).default({ qualityWeight: 3, travelWeight: 1, costWeight: 0.01, familyDoctor: { coverage: 0, bonus: 1 } }),
};

const modelParams = z.strictObject(modelParamsShape);

/** The model's parameters, validated (defaults filled in, durations in minutes). */
export type ModelParams = z.output<typeof modelParams>;
/** What a model is built from: its parameters and the levers' parameters (`policies:`), which only the levers read. */
export type ModelInput = ModelParams & { readonly policies: Readonly<Record<string, unknown>> };
export type FacilityParams = z.output<typeof facilityParams>;
export type FacilityOverride = z.output<typeof facilityOverride>;
export type Condition = z.output<typeof condition>;

/** Checks across fields that the model relies on; placed on the field to blame. */
export function refineModelParams(s: ModelParams, ctx: z.core.$RefinementCtx<ModelParams>): void {
  if (!s.region.generate && !s.region.counties) {
    ctx.addIssue({ code: 'custom', path: ['region'], message: 'expected either region.generate or region.counties' });
  }
  if (s.region.generate && s.region.counties) {
    ctx.addIssue({ code: 'custom', path: ['region', 'counties'], message: 'give region.generate or region.counties, not both' });
  }
  const residents = s.region.counties?.reduce((sum, c) => sum + c.townships.reduce((t, tw) => t + tw.villages.reduce((v, x) => v + x.population, 0), 0), 0);
  if (residents === 0 && s.region.counties!.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['region', 'counties'], message: 'expected at least one resident in the region, got 0 in all villages' });
  }
  if (s.simulation.warmup >= s.simulation.days) {
    ctx.addIssue({ code: 'custom', path: ['simulation', 'warmup'], message: `expected a warm-up shorter than simulation.days (${s.simulation.days}), got ${s.simulation.warmup}` });
  }
  const names = new Set(s.region.regionalCentres.map((r) => r.name));
  s.region.counties?.forEach((c, i) => {
    if (c.regional !== undefined && !names.has(c.regional)) {
      ctx.addIssue({ code: 'custom', path: ['region', 'counties', i, 'regional'], message: `expected one of the regional centres (${cleanText([...names].join(', '), 200)}), got ${quoteText(c.regional)}` });
    }
  });
  s.conditions.forEach((c, i) => {
    for (const [tier, p] of Object.entries(c.admission)) {
      if (p !== undefined && p > 0 && c.los[tier as keyof typeof c.los] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['conditions', i, 'los', tier], message: `expected a length of stay: admission at ${tier} is possible` });
      }
    }
  });
}
