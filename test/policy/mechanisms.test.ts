/**
 * Mutual recognition, down-referral and joint clinics, each in isolation on the small
 * region, observed from inside a replication (the down-referral lever's hook and the model's
 * scheduling of consultation ends wrapped):
 * recognition at rate 1 leaves no repeated test; a down-referral only moves a patient into
 * a free township bed nobody is waiting for; and a chronic patient of a host township whose
 * care sits at the county hospital is seen there only when referred.
 */
import { describe, expect, it } from 'vitest';
import type { TieredModel } from '../../src/model/model.js';
import { createModel } from '../../src/levers/index.js';
import { PatientClass, Tier } from '../../src/model/constants.js';
import { F_FOLLOWUP, H_CLS, H_FACILITY, H_FLAGS, H_TREAT_FACILITY, H_VILLAGE } from '../../src/model/patients.js';
import { metric, smallRegion } from './support.js';

const OPTS = { seed: 29, replication: 0, days: 28, warmupDays: 4 };

/** A model of the small region with these policies (not yet run). */
const model = (policies: Record<string, unknown>) => createModel(smallRegion(policies).scenario, OPTS);

/** The lever of this key in model m. */
const leverOf = (m: TieredModel, key: string) => m.hooks.all.find((lever) => lever.key === key)!;

describe('mutual recognition of test results', () => {
  const all = { rates: { lab: 1, imaging: 1, ct: 1, ecg: 1 } };
  const off = model({}).run();
  const on = model({ mutualRecognition: all }).run();

  it('without it, referred patients repeat tests at the county hospital and regional centre', () => {
    expect(metric(off, { metric: 'tests_repeated', tier: 'county' })).toBeGreaterThan(0);
    expect(metric(off, { metric: 'tests_repeated', tier: 'regional' })).toBeGreaterThan(0);
    expect(metric(off, { metric: 'tests_recognised', tier: 'county' })).toBe(0);
  });

  it('at rate 1 for every test type no test is repeated at any tier; the earlier results are recognised instead', () => {
    for (const tier of ['township', 'county', 'regional']) expect(metric(on, { metric: 'tests_repeated', tier })).toBe(0);
    expect(metric(on, { metric: 'tests_recognised', tier: 'county' })).toBeGreaterThan(0);
    expect(metric(on, { metric: 'tests_recognised', tier: 'regional' })).toBeGreaterThan(0);
  });

  it('results older than the validity window are not recognised', () => {
    const stale = model({ mutualRecognition: { ...all, validity: '1 min' } }).run();
    expect(metric(stale, { metric: 'tests_recognised', tier: 'county' })).toBe(0);
  });
});

describe('down-referral for recovery', () => {
  interface Move { moved: boolean; free: boolean; inUseAfter: number; capacity: number }
  const m = model({ downReferral: { share: 0.5 } });
  const moves: Move[] = [];
  // Every end of an acute phase goes through the lever's hook.
  const lever = leverOf(m, 'downReferral');
  const original = lever.acuteEnd!.bind(lever);
  lever.acuteEnd = (model, p, from) => {
    const P = m.patients;
    const home = m.region.villages[P.get(p, H_VILLAGE)].facilities[Tier.TOWNSHIP];
    const ward = m.facilities[home].ward!;
    const free = ward.inUse < ward.capacity && ward.queueLength === 0;
    const moved = original(model, p, from);
    expect(moved).toBe(P.get(p, H_FACILITY) === home);
    moves.push({ moved: P.get(p, H_FACILITY) === home, free, inUseAfter: ward.inUse, capacity: ward.capacity });
    return moved;
  };
  const on = m.run();
  const off = model({}).run();

  it('patients move down at the end of the acute phase only into a free township bed that nobody waits for', () => {
    expect(moves.filter((x) => x.moved).length).toBeGreaterThan(50);
    expect(moves.filter((x) => x.moved && !x.free)).toEqual([]);
    expect(moves.every((x) => x.inUseAfter <= x.capacity)).toBe(true);
  });

  it('patients whose home township has no free bed stay where they are', () => {
    expect(moves.filter((x) => !x.moved && x.free)).toEqual([]);
  });

  it('referral_down_rate is positive at the county hospital and regional centre only with the lever on', () => {
    for (const tier of ['county', 'regional']) {
      expect(metric(on, { metric: 'referral_down_rate', tier })).toBeGreaterThan(0);
      expect(metric(off, { metric: 'referral_down_rate', tier })).toBe(0);
    }
    expect(off.flows.filter((f) => f.direction === 'down')).toEqual([]);
  });
});

describe('chronic-disease joint clinics', () => {
  const m = model({ jointClinics: { townshipShare: 0.5, specialists: 2, days: ['mon', 'tue', 'wed', 'thu', 'fri'] } });
  const hosts = new Set(m.facilities.filter((f) => f.visitingClinic !== null).map((f) => f.index));
  const field = (p: number, f: number) => m.patients.get(p, f);
  /** County consultations of host-township patients whose episode is already in care at the county hospital or above. */
  const countyVisits: Array<{ cls: number; followUp: boolean }> = [];
  let jointConsults = 0;
  // A consultation starts when its end is scheduled: observed there, with the patient's state as the doctor finds it.
  const schedule = m.sim.schedule.bind(m.sim);
  m.sim.schedule = (delay, kind, p, priority) => {
    if (kind === m.K_CONSULT_END) consultStarts(p);
    return schedule(delay, kind, p, priority);
  };
  const consultStarts = (p: number) => {
    const fac = m.facilities;
    const at = field(p, H_FACILITY);
    const f = fac[at];
    const home = m.region.villages[field(p, H_VILLAGE)].facilities[Tier.TOWNSHIP];
    const treat = field(p, H_TREAT_FACILITY);
    const followUp = (field(p, H_FLAGS) & F_FOLLOWUP) !== 0;
    if (f.tier === Tier.COUNTY && hosts.has(home) && treat >= 0 && fac[treat].tier >= Tier.COUNTY) countyVisits.push({ cls: field(p, H_CLS), followUp });
    if (f.visitingClinic !== null && followUp && treat !== at) jointConsults++;
  };
  const on = m.run();
  const off = model({}).run();

  it('half of the townships host a clinic, and it sees follow-up patients', () => {
    expect(hosts.size).toBe(3);
    expect(jointConsults).toBeGreaterThan(100);
  });

  it('a host-township patient in county care comes back to the county hospital only when referred', () => {
    expect(countyVisits.length).toBeGreaterThan(0);
    expect(countyVisits.filter((v) => v.cls === PatientClass.WALK_IN || v.followUp)).toEqual([]);
    expect(countyVisits.every((v) => v.cls === PatientClass.REFERRED)).toBe(true);
  });

  it('follow-up visits at the county hospital fall, and move to the townships', () => {
    const county = (r: typeof on) => metric(r, { metric: 'follow_up_visits', tier: 'county' });
    const township = (r: typeof on) => metric(r, { metric: 'follow_up_visits', tier: 'township' });
    expect(county(on)).toBeLessThan(county(off));
    expect(county(on)).toBeGreaterThan(0); // patients of the other townships still go to the county
    expect(township(on)).toBeGreaterThan(township(off));
  });
});
