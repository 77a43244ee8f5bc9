/**
 * The planners' tables (src/model/metrics-planner.ts) on a small region: each figure agrees
 * with the model's own per-tier figures where both exist (spending by payer sums to the total,
 * per-facility and per-county figures sum to the tier's, per-band episodes to all episodes,
 * signed and unsigned first contacts to the region's bypass rate, tests by type to the tiers'
 * tests), and with a count kept independently (consultation fees times visits).
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/levers/index.js';
import { BAND_LABELS, distanceBand } from '../../src/model/metrics-planner.js';
import type { MetricRow, ReplicationResult } from '../../src/model/metrics.js';
import { loadScenarioFromObject, mergeScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { TEST_TYPES, TIERS } from '../../src/params/fields.js';
import { meanCI } from '../../src/metrics/ci.js';
import { metric } from './support.js';

const DAYS = 40;
const WARMUP = 5;
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const FEES = { village: 5, township: 15, county: 30, regional: 60 };
const RATES = { village: 0.7, township: 0.5, county: 0.4, regional: 0.3 };

const villages = (prefix: string, travel: number[]) =>
  travel.map((t, i) => ({ name: `${prefix}-v${i}`, population: 1200, travelToTownship: t }));

/**
 * A county whose villages are 20, 35, 70 and 100 minutes from the county hospital (direct
 * route factor 1): one village in each distance band.
 */
const county = (name: string) => ({
  name, travelToRegional: 90,
  townships: [
    { name: `${name}-near`, travelToCounty: 15, villages: villages(`${name}-near`, [5, 20]) },
    { name: `${name}-far`, travelToCounty: 60, villages: villages(`${name}-far`, [10, 40]) },
  ],
});

/** Two counties of four villages; small wards so that some admissions find no bed; signed residents. */
const BASE: Record<string, unknown> = {
  name: 'planner',
  region: { counties: [county('north'), county('south')], directRouteFactor: 1 },
  tiers: {
    village: { doctors: 1, consultTime: { dist: 'exponential', mean: 8 }, days: WEEK, costs: { consultation: FEES.village }, reimbursement: { outpatient: RATES.village } },
    township: {
      doctors: 2, consultTime: { dist: 'exponential', mean: 12 }, days: WEEK, beds: 2,
      diagnostics: { lab: { capacity: 1, time: 10, turnaround: 30 } },
      costs: { consultation: FEES.township, bedDay: 100, tests: { lab: 40 } }, reimbursement: { outpatient: RATES.township, inpatient: 0.8 }, tierConstant: 0.3,
    },
    county: {
      doctors: 3, emergencyDoctors: 1, consultTime: { dist: 'exponential', mean: 12 }, days: WEEK, beds: 4, maxBedWait: 2,
      diagnostics: { lab: { capacity: 2, time: 10, turnaround: 60 }, ct: { capacity: 1, time: 20, turnaround: 120 } },
      costs: { consultation: FEES.county, bedDay: 300, tests: { lab: 50, ct: 400 } }, reimbursement: { outpatient: RATES.county, inpatient: 0.7 }, tierConstant: 0.8,
    },
    regional: {
      doctors: 6, emergencyDoctors: 1, consultTime: { dist: 'exponential', mean: 15 }, days: WEEK, beds: 40,
      diagnostics: { lab: { capacity: 2, time: 10, turnaround: 60 }, ct: { capacity: 1, time: 20, turnaround: 120 } },
      costs: { consultation: FEES.regional, bedDay: 600, tests: { lab: 60, ct: 500 } }, reimbursement: { outpatient: RATES.regional, inpatient: 0.5 }, tierConstant: 1.2,
    },
  },
  conditions: [
    { name: 'minor', acuity: 'minor', incidence: 1800, capability: { village: 0.8, township: 0.95, county: 1, regional: 1 } },
    {
      name: 'serious', acuity: 'acute_serious', incidence: 200, tests: ['lab', 'ct'],
      capability: { township: 0.5, county: 0.8, regional: 1 },
      admission: { township: 0.5, county: 0.7, regional: 0.7 },
      los: { township: { dist: 'exponential', mean: 4 }, county: { dist: 'exponential', mean: 6 }, regional: { dist: 'exponential', mean: 6 } },
    },
    {
      name: 'stroke', acuity: 'emergency', incidence: 25, tests: ['ct'],
      capability: { county: 0.8, regional: 1 },
      admission: { county: 0.9, regional: 0.9 },
      los: { county: { dist: 'exponential', mean: 8 }, regional: { dist: 'exponential', mean: 10 } },
    },
  ],
  choice: { familyDoctor: { coverage: 0.4, bonus: 2 } },
  policies: {},
};

function scenario(change: Record<string, unknown> = {}): Scenario {
  return loadScenarioFromObject(mergeScenario(BASE, change) as Record<string, unknown>, 'planner.yaml').scenario;
}

function run(s: Scenario, replication = 0): ReplicationResult {
  return runReplication({ scenario: s, seed: 99, replication, days: DAYS, warmupDays: WARMUP });
}

const rowsOf = (r: ReplicationResult, m: string, f: (row: MetricRow) => boolean) => r.rows.filter((row) => row.metric === m && f(row));
const sum = (rows: MetricRow[]) => rows.reduce((a, row) => a + row.value, 0);
const PER_YEAR = 365 / (DAYS - WARMUP);
/** Paired replications for the comparisons of a direction. */
const PAIRED = 6;

describe('planner tables', () => {
  const base = run(scenario());

  it('distance bands: 0-30, 30-60, 60-90, 90+ by minutes to the county hospital', () => {
    expect(BAND_LABELS).toEqual(['band:0-30', 'band:30-60', 'band:60-90', 'band:90+']);
    expect([0, 29.9, 30, 59.9, 60, 89.9, 90, 500].map(distanceBand)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('spending: payers sum to the total, tiers to the region, and consultation fees alone give visits x fee', () => {
    for (const t of [...TIERS, '']) {
      const total = metric(base, { metric: 'spending', tier: t });
      expect(total).toBeGreaterThan(0);
      expect(metric(base, { metric: 'spending', tier: t, group: 'insurance' }) + metric(base, { metric: 'spending', tier: t, group: 'out_of_pocket' })).toBeCloseTo(total, 3);
    }
    expect(sum(TIERS.map((t) => ({ value: metric(base, { metric: 'spending', tier: t }) }) as MetricRow))).toBeCloseTo(metric(base, { metric: 'spending' }), 3);
    expect(metric(base, { metric: 'spending_per_resident' })).toBeCloseTo(metric(base, { metric: 'spending' }) / (8 * 1200), 6);

    // Only consultations charged: spending per year = visits x fee, insurance at the outpatient rate.
    const fees = run(scenario({ tiers: Object.fromEntries(TIERS.map((t) => [t, { costs: { consultation: FEES[t], bedDay: 0, tests: { lab: 0, ct: 0 } } }])) }));
    for (const t of TIERS) {
      const visits = metric(fees, { metric: 'visits', tier: t });
      expect(visits).toBeGreaterThan(0);
      expect(metric(fees, { metric: 'spending', tier: t })).toBeCloseTo(visits * FEES[t] * PER_YEAR, 3);
      expect(metric(fees, { metric: 'spending', tier: t, group: 'insurance' })).toBeCloseTo(visits * FEES[t] * RATES[t] * PER_YEAR, 3);
    }
  });

  for (const [name, change] of [
    ['no lever', {}],
    ['county pooling (admissions placed in another facility\'s bed)', { policies: { countyPooling: { bedShare: 1, maxTravel: 120, upward: true } } }],
  ] as const) {
    it(`per facility and per county, ${name}: figures sum to the tier's`, () => {
      const r = name === 'no lever' ? base : run(scenario(change as Record<string, unknown>));
      const flowsUp = (t: number) => r.flows.filter((f) => f.direction === 'up' && f.from_tier === TIERS[t]).reduce((a, f) => a + f.count, 0);
      TIERS.forEach((tier, t) => {
        const byFacility = (m: string) => rowsOf(r, m, (row) => row.tier === tier && row.facility !== '' && row.group === '');
        const byCounty = (m: string) => rowsOf(r, m, (row) => row.tier === tier && row.group.startsWith('county:'));
        // Village clinics are summed under their township centre: one row per township (4).
        expect(byFacility('visits').length).toBe(t === 0 ? 4 : t === 1 ? 4 : t === 2 ? 2 : 1);
        expect(sum(byFacility('visits'))).toBe(metric(r, { metric: 'visits', tier }));
        expect(sum(byFacility('referrals_up'))).toBe(flowsUp(t));
        expect(sum(byFacility('spending'))).toBeCloseTo(metric(r, { metric: 'spending', tier }), 3);
        const admissions = metric(r, { metric: 'admissions', tier });
        if (Number.isFinite(admissions)) {
          expect(sum(byFacility('admissions'))).toBe(admissions);
          const blocked = sum(byFacility('admissions_blocked').map((row) => ({ ...row, value: row.value * metric(r, { metric: 'admissions', tier, facility: row.facility }) / 100 })));
          expect(blocked).toBeCloseTo(metric(r, { metric: 'admissions_blocked', tier }) * admissions / 100, 6);
        }
        if (t === 3) {
          expect(byCounty('visits')).toEqual([]);
          return;
        }
        expect(byCounty('visits').map((row) => row.group)).toEqual(['county:north', 'county:south']);
        expect(sum(byCounty('visits'))).toBe(metric(r, { metric: 'visits', tier }));
        expect(sum(byCounty('referrals_up'))).toBe(flowsUp(t));
        expect(sum(byCounty('spending'))).toBeCloseTo(metric(r, { metric: 'spending', tier }), 3);
      });
      // A county's blank-tier row sums its tiers.
      for (const group of ['county:north', 'county:south']) {
        for (const m of ['visits', 'referrals_up', 'spending']) {
          const tiers = sum(rowsOf(r, m, (row) => row.group === group && row.tier !== ''));
          expect(metric(r, { metric: m, group })).toBeCloseTo(tiers, 3);
        }
      }
    });
  }

  it('some admissions found no bed in the small wards (the blocked figures are exercised)', () => {
    expect(metric(base, { metric: 'admissions_blocked', tier: 'county' })).toBeGreaterThan(0);
  });

  it('a region with one county: the county\'s figures are the region\'s', () => {
    const one = run(scenario({ region: { counties: [county('solo')] } }));
    TIERS.slice(0, 3).forEach((tier) => {
      for (const m of ['visits', 'admissions', 'admissions_blocked', 'spending']) {
        const region = metric(one, { metric: m, tier });
        if (!Number.isFinite(region)) continue;
        expect(metric(one, { metric: m, tier, group: 'county:solo' }), `${m} ${tier}`).toBeCloseTo(region, 6);
      }
    });
    expect(metric(one, { metric: 'visits', group: 'county:solo' })).toBe(sum(TIERS.slice(0, 3).map((tier) => ({ value: metric(one, { metric: 'visits', tier }) }) as MetricRow)));
    const regionalSpending = metric(one, { metric: 'spending', tier: 'regional' });
    expect(metric(one, { metric: 'spending', group: 'county:solo' }) + regionalSpending).toBeCloseTo(metric(one, { metric: 'spending' }), 3);
  });

  it('distance bands: episodes sum to all episodes, travel and care in the county average to the region\'s', () => {
    const band = (m: string) => BAND_LABELS.map((group) => metric(base, { metric: m, group }));
    const episodes = band('episodes');
    expect(episodes.every((n) => n > 0)).toBe(true);
    // `episodes` counts every episode begun after the warm-up; the bands count those that ended.
    const ended = metric(base, { metric: 'episodes' }) * (1 - metric(base, { metric: 'episode_outcomes', group: 'in_care_at_end' }));
    expect(sum(episodes.map((value) => ({ value }) as MetricRow))).toBeCloseTo(ended, 6);
    const weighted = (m: string) => band(m).reduce((a, x, b) => a + x * episodes[b], 0) / ended;
    expect(weighted('travel_time')).toBeCloseTo(metric(base, { metric: 'travel_time' }), 6);
    expect(weighted('care_in_county_share')).toBeCloseTo(metric(base, { metric: 'care_in_county_share' }), 9);
    // Care in the county needs care, and care that never reached a regional centre.
    expect(metric(base, { metric: 'care_in_county_share' })).toBeLessThanOrEqual(metric(base, { metric: 'within_county_share' }));
    for (const ttc of band('time_to_care')) expect(ttc).toBeGreaterThan(0);
  });

  it('care in the county does not rise when patients are turned away instead of sent up (paired replications)', () => {
    // A direction, not an identity: the episodes that end within the run differ between the two
    // variants, so the shares are compared over paired replications (common random numbers) and
    // the 95 % t-interval of the differences must not lie above 0.
    const away = scenario({ tiers: { county: { divertWhenFull: false } } });
    const both = Array.from({ length: PAIRED }, (_, r) => ({ away: run(away, r), sent: r === 0 ? base : run(scenario(), r) }));
    const share = (x: ReplicationResult) => metric(x, { metric: 'care_in_county_share' });
    const ci = meanCI(both.map((x) => share(x.away) - share(x.sent)), 0.95);
    console.info(`care in county, turned away - sent up: ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (95 %, n=${ci.n})`);
    expect(ci.sd === 0 ? ci.mean : ci.low).toBeLessThanOrEqual(0);
    for (const x of both) {
      expect(metric(x.away, { metric: 'unmet_need' })).toBeGreaterThan(0);
      // An identity within each run: care in the county is care within the county that did not reach a regional centre.
      expect(share(x.away)).toBeLessThanOrEqual(metric(x.away, { metric: 'within_county_share' }) + 1e-12);
    }
  });

  it('first contact: signed and unsigned shares each sum to 1 and average to the region\'s bypass rate', () => {
    const n = ['signed', 'unsigned'].map((group) => metric(base, { metric: 'first_contacts', group }));
    expect(n.every((x) => x > 0)).toBe(true);
    const all = n[0] + n[1];
    ['signed', 'unsigned'].forEach((group) => {
      expect(sum(rowsOf(base, 'first_contact_share', (row) => row.group === group))).toBeCloseTo(1, 9);
    });
    const bypass = ['signed', 'unsigned'].reduce((a, group, i) => a + metric(base, { metric: 'bypass_rate', group }) * n[i], 0) / all;
    expect(bypass).toBeCloseTo(metric(base, { metric: 'bypass_rate' }), 9);
    TIERS.forEach((tier) => {
      const mixed = ['signed', 'unsigned'].reduce((a, group, i) => a + metric(base, { metric: 'first_contact_share', tier, group }) * n[i], 0) / all;
      expect(mixed).toBeCloseTo(metric(base, { metric: 'first_contact_share', tier }), 9);
    });
    // Signed residents, with a family doctor's bonus, go to primary care first more often.
    expect(metric(base, { metric: 'bypass_rate', group: 'signed' })).toBeLessThan(metric(base, { metric: 'bypass_rate', group: 'unsigned' }));
  });

  it('tests by type sum to the tiers\' tests, with and without recognition', () => {
    const recognising = run(scenario({ policies: { mutualRecognition: { rates: { lab: 0.5, ct: 0.5 } } } }));
    for (const r of [base, recognising]) {
      for (const m of ['tests_done', 'tests_repeated', 'tests_recognised']) {
        const byType = sum(TEST_TYPES.map((type) => ({ value: metric(r, { metric: m, group: `test:${type}` }) }) as MetricRow));
        const byTier = sum(TIERS.map((tier) => ({ value: metric(r, { metric: m, tier }) }) as MetricRow));
        expect(byType, m).toBe(byTier);
      }
    }
    for (const type of ['lab', 'ct']) {
      const group = `test:${type}`;
      const repeated = metric(recognising, { metric: 'tests_repeated', group });
      const recognised = metric(recognising, { metric: 'tests_recognised', group });
      expect(recognised).toBeGreaterThan(0);
      expect(metric(recognising, { metric: 'tests_repeated_share', group })).toBeCloseTo(repeated / (repeated + recognised), 12);
    }
    expect(metric(base, { metric: 'tests_repeated', group: 'test:ct' })).toBeGreaterThan(0);
  });
});
