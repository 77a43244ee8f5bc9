/**
 * Invariants of the model on random small regions (fast-check). Each region is built
 * as a raw scenario object, validated by the scenario loader, and run in-process for a
 * short replication. Whatever the parameters, patients are conserved, no wait is
 * negative, occupancies and shares are fractions, referrals go the way they say between
 * tiers that exist, and a replication is a function of its job.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioFromObject } from '../../src/scenario/load.js';
import type { ReplicationJob } from '../../src/model/replicate.js';
import { runReplication } from '../../src/levers/index.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { buildRegion } from '../../src/model/region.js';
import { ACUITIES, TEST_TYPES, TIERS } from '../../src/params/fields.js';

const NUM_RUNS = 25;

/** A probability: often 0 or 1, otherwise a whole percentage (fc.double would mostly give extremes such as 1e-300). */
const prob = fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 1, max: 99 }).map((x) => x / 100));
const minutes = (min: number, max: number) => fc.integer({ min, max });

const village = fc.record({
  population: fc.integer({ min: 50, max: 800 }),
  travelToTownship: minutes(0, 60),
});
const township = fc.record({ travelToCounty: minutes(10, 90), villages: fc.array(village, { minLength: 1, maxLength: 4 }) });
const county = fc.record({ travelToRegional: minutes(30, 180), townships: fc.array(township, { minLength: 1, maxLength: 3 }) });

const diagnostics = fc.dictionary(
  fc.constantFrom(...TEST_TYPES),
  fc.record({ capacity: fc.integer({ min: 1, max: 2 }), time: minutes(1, 20), turnaround: minutes(0, 120) }),
  { maxKeys: 4 },
);

/** Facility parameters of one tier, within the schema. */
const tier = (doctors: [number, number], beds: [number, number], upper: boolean) => fc.record({
  doctors: fc.integer({ min: doctors[0], max: doctors[1] }),
  consultTime: fc.oneof(
    minutes(2, 20),
    minutes(2, 20).map((m) => ({ dist: 'exponential', mean: m })),
    minutes(4, 20).map((m) => ({ dist: 'lognormal', mean: m, sd: m / 2 })),
  ),
  sessions: fc.constantFrom(
    [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '17:30' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '07:30', end: '19:00' }],
  ),
  days: fc.constantFrom(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], ['mon', 'wed', 'fri']),
  beds: fc.integer({ min: beds[0], max: beds[1] }),
  emergencyDoctors: upper ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
  admissionQueueLimit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  maxBedWait: fc.option(minutes(1, 48), { nil: undefined }),
  divertWhenFull: fc.boolean(),
  diagnostics: upper ? diagnostics : fc.constant({}),
  costs: fc.record({ consultation: fc.integer({ min: 0, max: 80 }), bedDay: fc.integer({ min: 0, max: 500 }) }),
  reimbursement: fc.record({ outpatient: prob, inpatient: prob }),
  tierConstant: fc.integer({ min: -10, max: 20 }).map((x) => x / 10),
}, { requiredKeys: ['doctors', 'consultTime'] });

const perTierProb = fc.record({ village: prob, township: prob, county: prob, regional: prob }, { requiredKeys: [] });

const condition = fc.record({
  acuity: fc.constantFrom(...ACUITIES),
  incidence: fc.integer({ min: 20, max: 3000 }),
  firstContact: fc.option(fc.constantFrom(...TIERS), { nil: undefined, freq: 4 }),
  tests: fc.subarray([...TEST_TYPES]),
  capability: perTierProb,
  admission: perTierProb,
  los: fc.integer({ min: 1, max: 16 }).map((x) => x / 2),
  recoveryShare: prob,
  followUp: fc.option(fc.record({ interval: fc.integer({ min: 3, max: 20 }), visits: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
}).map((c) => {
  // A length of stay wherever admission is possible (the schema requires it).
  const los = Object.fromEntries(Object.keys(c.admission).map((t) => [t, { dist: 'exponential', mean: c.los }]));
  const { los: _mean, followUp, ...rest } = c;
  const chronic = c.acuity === 'chronic_stable' || c.acuity === 'chronic_complicated' || c.acuity === 'complex';
  return { ...rest, los, ...(chronic && followUp ? { followUp } : {}) };
});

const policies = fc.record({
  primaryFirst: fc.record({ compliance: prob, reimbursementGap: prob }),
  reservedSlots: fc.record({ outpatientShare: prob, bedShare: prob }),
  jointClinics: fc.record({ townshipShare: prob, specialists: fc.integer({ min: 1, max: 2 }) }),
  mutualRecognition: fc.record({ rates: fc.record({ lab: prob, imaging: prob, ct: prob, ecg: prob }) }),
  downReferral: fc.record({ share: prob }),
  greenChannel: fc.record({ enabled: fc.boolean(), countyCentres: fc.boolean(), minCapability: prob, ctReserved: fc.integer({ min: 0, max: 3 }), bedsReserved: fc.integer({ min: 0, max: 5 }) }),
  postedDoctors: fc.record({ townshipShare: prob, countyDoctors: fc.integer({ min: 1, max: 3 }), villageShare: prob, townshipDoctors: fc.integer({ min: 1, max: 2 }) }),
  countyPooling: fc.record({ bedShare: prob, maxTravel: fc.integer({ min: 0, max: 120 }), upward: fc.boolean(), slots: fc.boolean() }),
}, { requiredKeys: [] });

/** A raw scenario object: a small random region, its tiers, conditions and policies. */
const rawScenario = fc.record({
  counties: fc.array(county, { minLength: 1, maxLength: 2 }),
  village: tier([0, 2], [0, 0], false),
  township: tier([0, 4], [0, 10], false),
  county: tier([0, 8], [0, 30], true),
  regional: tier([1, 10], [0, 40], true),
  conditions: fc.array(condition, { minLength: 1, maxLength: 4 }),
  coverage: prob,
  policies,
}).map((g) => ({
  name: 'random',
  region: {
    counties: g.counties.map((c, i) => ({
      name: `c${i}`,
      travelToRegional: c.travelToRegional,
      townships: c.townships.map((t, j) => ({
        name: `c${i}-t${j}`,
        travelToCounty: t.travelToCounty,
        villages: t.villages.map((v, k) => ({ name: `c${i}-t${j}-v${k}`, ...v })),
      })),
    })),
  },
  tiers: { village: g.village, township: g.township, county: g.county, regional: g.regional },
  conditions: g.conditions.map((c, i) => ({ name: `cond${i}`, ...c })),
  choice: { familyDoctor: { coverage: g.coverage, bonus: 1 } },
  policies: g.policies,
}));

const job = fc.record({
  raw: rawScenario,
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  replication: fc.integer({ min: 0, max: 5 }),
  days: fc.integer({ min: 20, max: 40 }),
  warmupDays: fc.integer({ min: 1, max: 5 }),
});

type JobInput = typeof job extends fc.Arbitrary<infer T> ? T : never;

/** Validates the raw scenario through the loader and builds the replication job. */
function toJob(j: JobInput): ReplicationJob {
  const loaded = loadScenarioFromObject(j.raw as Record<string, unknown>, 'random.yaml');
  return { scenario: loaded.scenario, seed: j.seed, replication: j.replication, days: j.days, warmupDays: j.warmupDays };
}

/**
 * A job the generator rarely hits: every onset falls in the first month, and admissions
 * that queued for the single bed before the end of the warm-up give up (maxBedWait) after it.
 */
const BED_WAITS_ACROSS_WARMUP: JobInput = {
  raw: {
    name: 'bed-waits-across-warmup',
    region: { counties: [{ name: 'c', travelToRegional: 30, townships: [{ name: 't', travelToCounty: 10, villages: [{ name: 'v', population: 1000, travelToTownship: 10 }] }] }] },
    tiers: {
      village: { doctors: 0, consultTime: 5 },
      township: {
        doctors: 2, consultTime: 5, sessions: [{ start: '00:00', end: '24:00' }], days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        beds: 1, maxBedWait: 48, divertWhenFull: false,
      },
      county: { doctors: 0, consultTime: 5 },
      regional: { doctors: 1, consultTime: 5 },
    },
    conditions: [{
      name: 'x', acuity: 'acute_serious', incidence: 100, firstContact: 'township', seasonality: [12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      capability: { township: 1 }, admission: { township: 1 }, los: { township: 30 },
    }],
    policies: {},
  } as never,
  seed: 1, replication: 0, days: 40, warmupDays: 30,
};

// The properties below see the same generated jobs (same fast-check seeds): run each once.
const cache = new Map<string, ReplicationResult>();
function run(j: JobInput): ReplicationResult {
  const key = JSON.stringify(j);
  let r = cache.get(key);
  if (!r) {
    r = runReplication(toJob(j));
    cache.set(key, r);
  }
  return r;
}

// Fixed seed; no shrinking, so that a failure stays quick (the failing job is printed whole).
const settings = { numRuns: NUM_RUNS, seed: 20240611, endOnFailure: true };

describe('model invariants on random regions', () => {
  it('generated scenarios are valid for the loader', () => {
    fc.assert(fc.property(job, (j) => { toJob(j); }), settings);
  });

  it('patients are conserved: started = finished + in the system', () => {
    fc.assert(fc.property(job, (j) => {
      const r = run(j);
      expect(r.started).toBeGreaterThan(0);
      expect(r.started).toBe(r.finished + r.inSystem);
    expect(r.accounted).toBe(r.inSystem);
      const censored = r.rows.find((x) => x.metric === 'censored');
      expect(censored?.value).toBe(r.inSystem);
    }), settings);
  });

  it('no wait and no time to care is negative', () => {
    fc.assert(fc.property(job, (j) => {
      for (const row of run(j).rows) {
        if (row.metric.startsWith('wait_consult') || row.metric === 'wait_admission' || row.metric === 'time_to_care') {
          expect(row.value, JSON.stringify(row)).toBeGreaterThanOrEqual(0);
        }
      }
    }), settings);
  });

  it('bed occupancy is in [0, 1] for every facility and tier row', () => {
    fc.assert(fc.property(job, (j) => {
      for (const row of run(j).rows) {
        if (row.metric === 'bed_occupancy' || row.metric === 'time_above_85') {
          expect(row.value, JSON.stringify(row)).toBeGreaterThanOrEqual(0);
          expect(row.value, JSON.stringify(row)).toBeLessThanOrEqual(1);
        }
      }
      for (const s of run(j).series) {
        if (s.metric === 'bed_occupancy') {
          expect(s.value, JSON.stringify(s)).toBeGreaterThanOrEqual(0);
          expect(s.value, JSON.stringify(s)).toBeLessThanOrEqual(1 + 1e-12);
        }
      }
    }), settings);
  });

  it('referrals go up to a higher tier, down to a lower one, between tiers of the region', () => {
    fc.assert(fc.property(job, (j) => {
      const region = buildRegion(toJob(j).scenario);
      const present = new Set(region.facilities.map((f) => TIERS[f.tier]));
      for (const f of run(j).flows) {
        const from = TIERS.indexOf(f.from_tier as never);
        const to = TIERS.indexOf(f.to_tier as never);
        expect(present.has(f.from_tier as never), JSON.stringify(f)).toBe(true);
        expect(present.has(f.to_tier as never), JSON.stringify(f)).toBe(true);
        expect(f.count).toBeGreaterThan(0);
        if (f.direction === 'up') expect(to, JSON.stringify(f)).toBeGreaterThan(from);
        else expect(to, JSON.stringify(f)).toBeLessThan(from);
      }
    }), settings);
  });

  it('shares are in [0, 1] and rates per 100 admissions in [0, 100]', () => {
    const shares = new Set(['bypass_rate', 'primary_visit_share', 'within_county_share', 'time_above_85', 'episode_outcomes']);
    fc.assert(fc.property(job, (j: JobInput) => {
      for (const row of run(j).rows) {
        if (shares.has(row.metric)) {
          expect(row.value, JSON.stringify(row)).toBeGreaterThanOrEqual(0);
          expect(row.value, JSON.stringify(row)).toBeLessThanOrEqual(1);
        }
        if (row.metric === 'admissions_blocked') {
          expect(row.value, JSON.stringify(row)).toBeGreaterThanOrEqual(0);
          expect(row.value, JSON.stringify(row)).toBeLessThanOrEqual(100);
        }
      }
    }), { ...settings, examples: [[BED_WAITS_ACROSS_WARMUP]] });
  });

  it('a replication is a function of its job: the same job twice gives deep-equal results', () => {
    fc.assert(fc.property(job, (j) => {
      const again = runReplication(toJob(j));
      expect(again).toEqual(run(j));
    }), settings);
  });
});
