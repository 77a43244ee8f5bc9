/**
 * Pooling of beds and slots within the county medical community, in isolation on the small
 * region with the county ward cut to 200 beds so that it is often full, observed from inside
 * a replication (the lever's `wardFull` hook wrapped): a county admission is placed only when
 * the county ward has no free bed, only for a condition a township may admit, only in a free
 * bed of a township of the same county within `maxTravel` (the home township first, else the
 * nearest free one); with `upward`, a township admission finding its ward full takes a free
 * county bed; with `slots`, referred patients queue first at the county hospital only.
 */
import { describe, expect, it } from 'vitest';
import type { TieredModel } from '../../src/model/model.js';
import { createModel } from '../../src/levers/index.js';
import { PatientClass, Tier, TIER_COUNT } from '../../src/model/constants.js';
import { H_CONDITION, H_FACILITY, H_VILLAGE, U_WARD_FULL } from '../../src/model/patients.js';
import { queueClass } from '../../src/model/episode.js';
import { withOverrides } from '../../src/scenario/load.js';
import { metric, smallRegion } from './support.js';

const OPTS = { seed: 31, replication: 0, days: 21, warmupDays: 3 };
const MAX_TRAVEL = 60;

/** A model of the small region with 200 county beds and these policies (not yet run). */
const model = (policies: Record<string, unknown>) =>
  createModel(withOverrides(smallRegion(policies), [{ path: 'tiers.county.beds', value: 200 }]).scenario, OPTS);

interface Call {
  tier: number;
  /** Whether the patient's own ward had a bed free to it when the hook was called. */
  ownFree: boolean;
  placed: boolean;
  accepts: boolean;
  townshipCondition: boolean;
  /** Candidate townships (same county, within maxTravel) with a free bed before the call, nearest first. */
  freeTownships: number[];
  home: number;
  homeFree: boolean;
  countyFree: boolean;
  to: number;
  /** Beds in use at the destination before and after. */
  before: number;
  after: number;
}

/** Runs a model with the lever's `wardFull` hook wrapped, recording what each call saw and did. */
function observe(policies: Record<string, unknown>) {
  const m = model(policies);
  const lever = m.hooks.all.find((l) => l.key === 'countyPooling')!;
  const original = lever.wardFull!.bind(lever);
  const calls: Call[] = [];
  const share = (policies.countyPooling as { bedShare?: number }).bedShare ?? 0;
  const freeFor = (mm: TieredModel, p: number, fi: number) => {
    const f = mm.facilities[fi];
    return f.ward !== null && f.ward.wouldGrant(queueClass(mm, p, f));
  };
  lever.wardFull = (mm, p, f) => {
    const P = mm.patients;
    const home = mm.villageFacility[TIER_COUNT * P.get(p, H_VILLAGE) + Tier.TOWNSHIP];
    const candidates = mm.facilities
      .filter((t) => t.tier === Tier.TOWNSHIP && t.county === f.index && mm.region.travelUp[t.index] <= MAX_TRAVEL)
      .sort((a, b) => mm.region.travelUp[a.index] - mm.region.travelUp[b.index] || a.index - b.index);
    const call: Call = {
      tier: f.tier,
      ownFree: freeFor(mm, p, f.index),
      placed: false,
      accepts: P.u(p, U_WARD_FULL) < share,
      townshipCondition: mm.conditions.admit[P.get(p, H_CONDITION) * TIER_COUNT + Tier.TOWNSHIP] > 0,
      freeTownships: candidates.filter((t) => freeFor(mm, p, t.index)).map((t) => t.index),
      home,
      homeFree: candidates.some((t) => t.index === home) && freeFor(mm, p, home),
      countyFree: f.parent >= 0 && freeFor(mm, p, f.parent),
      to: -1,
      before: 0,
      after: 0,
    };
    const inUse = mm.facilities.map((x) => x.ward?.inUse ?? 0);
    call.placed = original(mm, p, f);
    if (call.placed) {
      call.to = P.get(p, H_FACILITY);
      call.before = inUse[call.to];
      call.after = mm.facilities[call.to].ward!.inUse;
    }
    calls.push(call);
    return call.placed;
  };
  const result = m.run();
  return { m, calls, result };
}

describe('county pooling of beds, county to township', () => {
  const { calls, result } = observe({ countyPooling: { bedShare: 0.6, maxTravel: `${MAX_TRAVEL} min` } });
  const county = calls.filter((c) => c.tier === Tier.COUNTY);
  const placed = county.filter((c) => c.placed);

  it('is asked only when the ward has no bed free to the patient, and places from the county hospital only without `upward`', () => {
    expect(county.length).toBeGreaterThan(50);
    expect(calls.every((c) => !c.ownFree)).toBe(true);
    expect(calls.filter((c) => c.placed).every((c) => c.tier === Tier.COUNTY)).toBe(true);
  });

  it('places exactly the accepting patients with a township condition when a township within reach has a free bed', () => {
    expect(placed.length).toBeGreaterThan(20);
    for (const c of county) expect(c.placed).toBe(c.accepts && c.townshipCondition && c.freeTownships.length > 0);
  });

  it('takes the home township when it has a free bed, else the nearest free township, and holds the bed at once', () => {
    for (const c of placed) {
      expect(c.to).toBe(c.homeFree ? c.home : c.freeTownships[0]);
      expect(c.after).toBe(c.before + 1);
    }
    expect(placed.some((c) => c.homeFree)).toBe(true);
    expect(placed.some((c) => !c.homeFree)).toBe(true);
  });

  it('counts patients travelling to their pooled bed in the end-of-run census, and records the flow down', () => {
    expect(result.accounted).toBe(result.inSystem);
    const down = result.flows.find((f) => f.from_tier === 'county' && f.to_tier === 'township' && f.direction === 'down');
    expect(down?.count ?? 0).toBeGreaterThan(0);
  });
});

describe('county pooling of beds, township to county (`upward`)', () => {
  // Township wards cut to 2 beds, so that they are often full.
  const m0 = () => createModel(withOverrides(smallRegion({ countyPooling: { upward: true } }), [{ path: 'tiers.township.beds', value: 2 }]).scenario, OPTS);
  const m = m0();
  const lever = m.hooks.all.find((l) => l.key === 'countyPooling')!;
  const original = lever.wardFull!.bind(lever);
  const seen: Array<{ tier: number; countyFree: boolean; placed: boolean; to: number; parent: number }> = [];
  lever.wardFull = (mm, p, f) => {
    const c = f.parent >= 0 ? mm.facilities[f.parent] : null;
    const countyFree = c !== null && c.ward!.wouldGrant(queueClass(mm, p, c));
    const placed = original(mm, p, f);
    seen.push({ tier: f.tier, countyFree, placed, to: mm.patients.get(p, H_FACILITY), parent: f.parent });
    return placed;
  };
  const result = m.run();

  it('sends an admission finding its township ward full to a free bed of its own county hospital, and only then', () => {
    const town = seen.filter((s) => s.tier === Tier.TOWNSHIP);
    expect(town.filter((s) => s.placed).length).toBeGreaterThan(20);
    for (const s of town) {
      expect(s.placed).toBe(s.countyFree);
      if (s.placed) expect(s.to).toBe(s.parent);
    }
    // Without bedShare the county's full ward is left alone.
    expect(seen.filter((s) => s.tier === Tier.COUNTY && s.placed)).toEqual([]);
    expect(result.accounted).toBe(result.inSystem);
  });
});

describe('county pooling of slots', () => {
  it('referred patients queue ahead of walk-ins at county hospitals only', () => {
    const m = model({ countyPooling: { slots: true } });
    for (const f of m.facilities) expect(f.referredClass).toBe(f.tier === Tier.COUNTY ? PatientClass.REFERRED : PatientClass.WALK_IN);
    const off = model({});
    for (const f of off.facilities) expect(f.referredClass).toBe(PatientClass.WALK_IN);
  });

  it('holds no capacity for them: the county lines have no reservation', () => {
    const m = model({ countyPooling: { slots: true } });
    const r = m.run();
    const c = m.facilities.find((f) => f.tier === Tier.COUNTY)!;
    expect(c.outpatient.reservedFor(PatientClass.REFERRED)).toBe(0);
    expect(c.ward!.reservedFor(PatientClass.REFERRED)).toBe(0);
    expect(metric(r, { metric: 'wait_consult', tier: 'county', group: 'referred' })).toBeLessThan(metric(r, { metric: 'wait_consult', tier: 'county', group: 'walk_in' }));
  });
});
