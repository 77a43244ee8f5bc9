/**
 * Doctors posted down (county doctors at township centres, township doctors on rounds in
 * villages) on the small region (one county hospital of 20 outpatient doctors, six township
 * centres of 6, twenty village clinics of 1 each): the doctors each facility has day by day,
 * the limit that keeps a doctor at home, and the capability of consultations started while
 * the visitors are there, observed through the lever's capability hook during a replication.
 */
import { describe, expect, it } from 'vitest';
import type { TieredModel } from '../../src/model/model.js';
import { createModel } from '../../src/levers/index.js';
import { postings, schema } from '../../src/levers/postedDoctors.js';
import { Tier, TIER_COUNT } from '../../src/model/constants.js';
import { H_CONDITION, H_SEEN, H_SEEN_AT } from '../../src/model/patients.js';
import { metric, smallRegion } from './support.js';

const OPTS = { seed: 31, replication: 0, days: 21, warmupDays: 3 };
const POLICY = { townshipShare: 0.5, countyDoctors: 2, villageShare: 0.1, townshipDoctors: 1 };
const model = (policies: Record<string, unknown>) => createModel(smallRegion(policies).scenario, OPTS);
const [MON, TUE, WED, THU] = [0, 1, 2, 3];

/** The doctors of facility f's outpatient line in its first session of weekday `day`. */
const doctorsOn = (m: TieredModel, f: number, day: number) => m.facilities[f].schedule.capacityAt(day * 1440 + m.region.facilities[f].params.sessions[0].start + 1);
const ofTier = (m: TieredModel, tier: number) => m.facilities.filter((f) => f.tier === tier).map((f) => f.index);

describe('doctors posted down: who has how many doctors on which day', () => {
  const m = model({ postedDoctors: POLICY });
  const county = ofTier(m, Tier.COUNTY)[0];
  const townships = ofTier(m, Tier.TOWNSHIP);
  const hosts = [townships[0], townships[2], townships[4]]; // half of six, every second one

  it('the county hospital sends 2 doctors to each of 3 township centres on Tuesdays and Thursdays', () => {
    expect(doctorsOn(m, county, MON)).toBe(20);
    expect(doctorsOn(m, county, TUE)).toBe(20 - 3 * 2);
    expect(doctorsOn(m, county, WED)).toBe(20);
    expect(doctorsOn(m, county, THU)).toBe(20 - 3 * 2);
    for (const t of townships) {
      const host = hosts.includes(t);
      expect(doctorsOn(m, t, MON)).toBe(6);
      expect(doctorsOn(m, t, TUE)).toBe(host ? 8 : 6);
      expect(doctorsOn(m, t, THU)).toBe(host ? 8 : 6);
    }
  });

  it('each township centre sends one doctor to each of 2 of its 20 village clinics on Wednesdays', () => {
    for (const t of townships) {
      expect(doctorsOn(m, t, WED)).toBe(6 - 2);
      const villages = m.facilities.filter((f) => f.parent === t).map((f) => f.index);
      expect(villages).toHaveLength(20);
      const visited = villages.filter((v) => doctorsOn(m, v, WED) === 2);
      expect(visited).toEqual([villages[0], villages[10]]);
      for (const v of villages) for (const day of [MON, TUE, THU]) expect(doctorsOn(m, v, day)).toBe(1);
    }
  });

  it('facilities alike day by day still share one timetable: two among the village clinics, two among the townships', () => {
    expect(new Set(ofTier(m, Tier.VILLAGE).map((f) => m.facilities[f].schedule)).size).toBe(2);
    expect(new Set(townships.map((f) => m.facilities[f].schedule)).size).toBe(2);
  });

  it('a facility keeps one doctor of its own: 10 doctors a visit leaves the county hospital one township to visit', () => {
    const p = postings(schema.parse({ townshipShare: 1, countyDoctors: 10 }), m.region);
    expect(p.delta[county * 7 + TUE]).toBe(-10);
    expect(townships.filter((t) => p.visitorTier[t] === Tier.COUNTY)).toEqual([townships[0]]);
  });
});

describe('doctors posted down: capability while the visitors are there', () => {
  const m = model({ postedDoctors: POLICY });
  const lever = m.hooks.all.find((l) => l.key === 'postedDoctors')!;
  const original = lever.capability!.bind(lever);
  const calls: Array<{ facility: number; tier: number; weekday: number; here: boolean; given: number; upper: number; returned: number }> = [];
  lever.capability = (model, p, facility, capable) => {
    const returned = original(model, p, facility, capable);
    const cond = m.patients.get(p, H_CONDITION);
    const upper = facility.tier < Tier.REGIONAL ? m.conditions.capable[cond * TIER_COUNT + facility.tier + 1] : NaN;
    calls.push({
      facility: facility.index, tier: facility.tier, weekday: Math.floor(m.patients.get(p, H_SEEN) / 1440) % 7,
      here: m.patients.get(p, H_SEEN_AT) === facility.index, given: capable, upper, returned,
    });
    return returned;
  };
  const on = m.run();
  const off = model({}).run();
  const townships = ofTier(m, Tier.TOWNSHIP);
  const hosts = new Set([townships[0], townships[2], townships[4]]);
  const visitedVillages = new Set(townships.flatMap((t) => {
    const v = m.facilities.filter((f) => f.parent === t).map((f) => f.index);
    return [v[0], v[10]];
  }));
  const visitedOn = (c: (typeof calls)[number]) => (c.tier === Tier.TOWNSHIP && hosts.has(c.facility) && (c.weekday === TUE || c.weekday === THU))
    || (c.tier === Tier.VILLAGE && visitedVillages.has(c.facility) && c.weekday === WED);

  it('a consultation started at a visited facility on a visiting day is as capable as the tier above', () => {
    const raised = calls.filter((c) => visitedOn(c) && c.here);
    expect(raised.filter((c) => c.tier === Tier.TOWNSHIP).length).toBeGreaterThan(100);
    expect(raised.filter((c) => c.tier === Tier.VILLAGE).length).toBeGreaterThan(20);
    for (const c of raised) expect(c.returned).toBe(Math.max(c.given, c.upper));
    expect(raised.some((c) => c.returned > c.given)).toBe(true);
  });

  it('everywhere else, and on other days, capability is the tier\'s own', () => {
    const rest = calls.filter((c) => !(visitedOn(c) && c.here));
    expect(rest.length).toBeGreaterThan(1000);
    for (const c of rest) expect(c.returned).toBe(c.given);
  });

  it('fewer patients are referred up from the township centres and village clinics', () => {
    for (const tier of ['village', 'township']) {
      expect(metric(on, { metric: 'referral_up_rate', tier })).toBeLessThan(metric(off, { metric: 'referral_up_rate', tier }));
    }
  });
});
