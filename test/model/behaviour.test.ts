/**
 * The model moves the way the system it describes would. Each check compares two
 * versions of a small scenario replication by replication with common random numbers
 * (same seed and replication index, so the same onsets and per-patient draws), and
 * asks that the 99 % t-interval of the paired differences lies on the expected side of
 * zero; single runs, where noise could flip an inequality, are never compared.
 */
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/metrics/ci.js';
import { buildRegion } from '../../src/model/region.js';
import { runReplication } from '../../src/levers/index.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { loadScenarioFromObject, mergeScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { TIERS } from '../../src/params/fields.js';
import { metric, type RowKey } from './support.js';

const REPS = 12;
const SEED = 4242;
const DAYS = 45;
const WARMUP = 5;
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const villages = (prefix: string, travel: number[]) =>
  travel.map((t, i) => ({ name: `${prefix}-v${i}`, population: 1500, travelToTownship: t }));

/** One county, two townships of three villages (9,000 residents); minor, serious and emergency conditions. */
const BASE: Record<string, unknown> = {
  name: 'behaviour',
  region: {
    counties: [{
      name: 'county', travelToRegional: 90,
      townships: [
        { name: 'east', travelToCounty: 40, villages: villages('east', [10, 25, 40]) },
        { name: 'west', travelToCounty: 70, villages: villages('west', [15, 30, 45]) },
      ],
    }],
  },
  tiers: {
    village: { doctors: 1, consultTime: { dist: 'exponential', mean: 8 }, days: WEEK, costs: { consultation: 5 } },
    township: {
      doctors: 2, consultTime: { dist: 'exponential', mean: 12 }, days: WEEK, beds: 10,
      diagnostics: { lab: { capacity: 1, time: 10, turnaround: 30 } },
      costs: { consultation: 15 }, reimbursement: { outpatient: 0.5, inpatient: 0.8 }, tierConstant: 0.3,
    },
    county: {
      doctors: 3, emergencyDoctors: 1, consultTime: { dist: 'exponential', mean: 12 }, days: WEEK, beds: 30,
      diagnostics: { lab: { capacity: 2, time: 10, turnaround: 60 }, ct: { capacity: 1, time: 20, turnaround: 120 } },
      costs: { consultation: 30 }, reimbursement: { outpatient: 0.4, inpatient: 0.7 }, tierConstant: 0.8,
    },
    regional: {
      doctors: 6, emergencyDoctors: 1, consultTime: { dist: 'exponential', mean: 15 }, days: WEEK, beds: 40,
      costs: { consultation: 60 }, reimbursement: { outpatient: 0.3, inpatient: 0.5 }, tierConstant: 1.2,
    },
  },
  conditions: [
    { name: 'minor', acuity: 'minor', incidence: 1800, capability: { village: 0.8, township: 0.95, county: 1, regional: 1 } },
    {
      name: 'serious', acuity: 'acute_serious', incidence: 150, tests: ['lab', 'ct'],
      capability: { township: 0.5, county: 0.9, regional: 1 },
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
  policies: {},
};

/** The base scenario with `change` merged in (mappings key by key, lists replaced), validated by the loader. */
function scenario(change: Record<string, unknown> = {}): Scenario {
  return loadScenarioFromObject(mergeScenario(BASE, change) as Record<string, unknown>, 'behaviour.yaml').scenario;
}

function replications(s: Scenario): ReplicationResult[] {
  return Array.from({ length: REPS }, (_, r) => runReplication({ scenario: s, seed: SEED, replication: r, days: DAYS, warmupDays: WARMUP }));
}

/** Per-replication values of a metric row; every replication must have it. */
function values(results: ReplicationResult[], key: RowKey): number[] {
  const v = results.map((r) => metric(r, key));
  expect(v.every(Number.isFinite), `${JSON.stringify(key)} in every replication`).toBe(true);
  return v;
}

/** 99 % interval of the paired differences a - b, replication by replication. */
function pairedDiff(a: number[], b: number[], what: string) {
  const ci = meanCI(a.map((x, i) => x - b[i]), 0.99);
  console.info(`${what}: ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, n=${ci.n})`);
  return ci;
}

/** Conditions of BASE with one field of one condition changed (the list is replaced as a whole). */
function conditionsWith(name: string, change: Record<string, unknown>): unknown[] {
  return (BASE.conditions as Array<Record<string, unknown>>).map((c) => (c.name === name ? mergeScenario(c, change) : c));
}

describe('priorities at the county hospital', () => {
  it('with an emergency department, emergencies wait least', () => {
    // Two outpatient doctors, so that walk-ins and referred patients queue at the county.
    const res = replications(scenario({ tiers: { county: { doctors: 2 } } }));
    const emergency = values(res, { metric: 'wait_consult', tier: 'county', group: 'emergency' });
    for (const group of ['walk_in', 'referred']) {
      const other = values(res, { metric: 'wait_consult', tier: 'county', group });
      expect(pairedDiff(emergency, other, `county wait emergency - ${group}`).high).toBeLessThan(0);
    }
  });

  // One county doctor, day and night, busy about 73 % of the time on average: walk-ins (37 %),
  // patients every township refers (35 %, arriving in township hours, so days are overloaded)
  // and emergencies (1 %) share the queue.
  const shared = (policies: Record<string, unknown>) => replications(scenario({
    tiers: { county: { doctors: 1, emergencyDoctors: 0, sessions: [{ start: '00:00', end: '24:00' }] } },
    conditions: [
      { name: 'walk-in', acuity: 'minor', incidence: 1800, firstContact: 'county', capability: { county: 1 } },
      { name: 'referred', acuity: 'minor', incidence: 1700, firstContact: 'township', capability: { county: 1 } },
      { name: 'stroke', acuity: 'emergency', incidence: 60, capability: { county: 1 } },
    ],
    policies,
  }));

  it('without one, in a shared queue open around the clock, emergencies go first', () => {
    const res = shared({});
    const emergency = values(res, { metric: 'wait_consult', tier: 'county', group: 'emergency' });
    for (const group of ['referred', 'walk_in']) {
      const other = values(res, { metric: 'wait_consult', tier: 'county', group });
      expect(pairedDiff(emergency, other, `shared queue: emergency - ${group}`).high).toBeLessThan(0);
    }
  });

  it('referred patients go ahead of walk-ins where the reserved-slots lever gives them priority', () => {
    // A share too small to hold back the one doctor: priority alone (优先就诊), no reservation.
    const res = shared({ reservedSlots: { outpatientShare: 0.01, tiers: ['county'] } });
    const emergency = values(res, { metric: 'wait_consult', tier: 'county', group: 'emergency' });
    const referred = values(res, { metric: 'wait_consult', tier: 'county', group: 'referred' });
    const walkIn = values(res, { metric: 'wait_consult', tier: 'county', group: 'walk_in' });
    expect(pairedDiff(emergency, referred, 'priority queue: emergency - referred').high).toBeLessThan(0);
    expect(pairedDiff(referred, walkIn, 'priority queue: referred - walk_in').high).toBeLessThan(0);
  });
});

describe('capacity and capability', () => {
  it('a third township doctor shortens the township wait', () => {
    const key = { metric: 'wait_consult', tier: 'township' };
    const two = values(replications(scenario()), key);
    const three = values(replications(scenario({ tiers: { township: { doctors: 3 } } })), key);
    expect(pairedDiff(three, two, 'township wait, 3 - 2 doctors').high).toBeLessThan(0);
  });

  it('a more capable township refers fewer of its patients up', () => {
    const key = { metric: 'referral_up_rate', tier: 'township' };
    const low = values(replications(scenario()), key);
    const high = values(replications(scenario({ conditions: conditionsWith('serious', { capability: { township: 0.9, county: 0.9, regional: 1 } }) })), key);
    expect(pairedDiff(high, low, 'township referral_up_rate, capability 0.9 - 0.5').high).toBeLessThan(0);
  });
});

describe('first-contact choice', () => {
  it('a more attractive county hospital draws first contacts away from primary care', () => {
    const base = replications(scenario());
    const liked = replications(scenario({ tiers: { county: { tierConstant: 2.5 } } }));
    const bypass = pairedDiff(values(liked, { metric: 'bypass_rate' }), values(base, { metric: 'bypass_rate' }), 'bypass_rate, county constant 2.5 - 0.8');
    const primary = pairedDiff(values(liked, { metric: 'primary_visit_share' }), values(base, { metric: 'primary_visit_share' }), 'primary_visit_share, county constant 2.5 - 0.8');
    expect(bypass.low).toBeGreaterThan(0);
    expect(primary.high).toBeLessThan(0);
  });
});

describe('time to care', () => {
  const s = scenario();
  const res = replications(s);

  it('is longer than the travel it involves', () => {
    const ttc = values(res, { metric: 'time_to_care' });
    const travel = values(res, { metric: 'travel_time' });
    expect(pairedDiff(ttc, travel, 'time_to_care - travel_time').low).toBeGreaterThan(0);
  });

  it('at each tier, is at least the quickest way there from any village (by ambulance)', () => {
    const region = buildRegion(s);
    for (let t = 0; t < 4; t++) {
      const quickest = Math.min(...region.villages.map((v) => v.travel[t])) * s.region.ambulanceFactor;
      for (const r of res) {
        const ttc = metric(r, { metric: 'time_to_care', tier: TIERS[t] });
        if (Number.isFinite(ttc)) expect(ttc, `${TIERS[t]}: ${ttc} >= ${quickest}`).toBeGreaterThanOrEqual(quickest);
      }
    }
  });
});

describe('a county hospital without beds', () => {
  it('sends every admission on to the regional centre at once, and loses nobody', () => {
    const res = replications(scenario({ tiers: { county: { beds: 0 } } }));
    for (const r of res) {
      expect(metric(r, { metric: 'admissions_blocked', tier: 'county' })).toBe(100);
      expect(r.rows.some((row) => row.metric === 'wait_admission' && row.tier === 'county')).toBe(false);
      expect(r.accounted).toBe(r.inSystem);
    }
    const diverted = res.map((r) => r.flows.find((f) => f.from_tier === 'county' && f.to_tier === 'regional')?.count ?? 0);
    const base = replications(scenario()).map((r) => r.flows.find((f) => f.from_tier === 'county' && f.to_tier === 'regional')?.count ?? 0);
    expect(pairedDiff(diverted, base, 'county -> regional flow, no county beds - baseline').low).toBeGreaterThan(0);
  });
});
