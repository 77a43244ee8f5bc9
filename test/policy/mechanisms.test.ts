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
import { Activity, TraceResource, type Monitor } from '../../src/model/trace.js';
import { metric, smallRegion } from './support.js';
import { binomialHalfWidth } from '../helpers/stats.js';
import { withOverrides } from '../../src/scenario/load.js';

const OPTS = { seed: 29, replication: 0, days: 28, warmupDays: 4 };

/** A model of the small region with these policies (not yet run). */
const model = (policies: Record<string, unknown>) => createModel(smallRegion(policies).scenario, OPTS);

/** A monitor that ignores everything (tests override the calls they observe). */
const silent: Monitor = { begin() {}, event() {}, sleep() {}, wake() {}, end() {} };

/** The lever of this key in model m. */
const leverOf = (m: TieredModel, key: string) => m.hooks.all.find((lever) => lever.key === key)!;

describe('mutual recognition of test results', () => {
  const all = { rates: { lab: 1, imaging: 1, ct: 1, ecg: 1 } };
  // The small region with no result accepted without a policy (the baseline accepts imaging and CT).
  const none = { path: 'tests.recognitionWithoutPolicy', value: { lab: 0, imaging: 0, ct: 0, ecg: 0 } };
  const plain = (policies: Record<string, unknown>) => createModel(withOverrides(smallRegion(policies), [none]).scenario, OPTS);
  const off = plain({}).run();
  const on = plain({ mutualRecognition: all }).run();

  it('without it, referred patients repeat tests at the county hospital and regional centre', () => {
    expect(metric(off, { metric: 'tests_repeated', tier: 'county' })).toBeGreaterThan(0);
    expect(metric(off, { metric: 'tests_repeated', tier: 'regional' })).toBeGreaterThan(0);
    expect(metric(off, { metric: 'tests_recognised', tier: 'county' })).toBe(0);
    expect(metric(off, { metric: 'imaging_repeated_share', tier: '' })).toBe(1);
  });

  it('at rate 1 for every test type no test is repeated at any tier; the earlier results are recognised instead', () => {
    for (const tier of ['township', 'county', 'regional']) expect(metric(on, { metric: 'tests_repeated', tier })).toBe(0);
    expect(metric(on, { metric: 'tests_recognised', tier: 'county' })).toBeGreaterThan(0);
    expect(metric(on, { metric: 'tests_recognised', tier: 'regional' })).toBeGreaterThan(0);
  });

  it('results older than the validity window are not recognised', () => {
    const stale = plain({ mutualRecognition: { ...all, validity: '1 min' } }).run();
    expect(metric(stale, { metric: 'tests_recognised', tier: 'county' })).toBe(0);
  });

  it('acts on top of the share the baseline accepts without it, by the same draw', () => {
    // Baseline: 58.2 % of still-valid imaging and CT results accepted, so about 41.8 % repeated;
    // the lever at 0.5 accepts half of the rest: about 20.9 % repeated.
    const base = model({}).run();
    const half = model({ mutualRecognition: { rates: { imaging: 0.5, ct: 0.5 } } }).run();
    // Each still-valid imaging or CT result is repeated or recognised by its own draw, so the
    // share repeated is a binomial share of those results: held to its 99.9 % interval around
    // the expected share, z sqrt(p (1 - p) / n), with n the results counted in this replication.
    const share = (r: typeof base) => metric(r, { metric: 'imaging_repeated_share', tier: '' });
    const eligible = (r: typeof base) => ['imaging', 'ct'].reduce((a, type) =>
      a + metric(r, { metric: 'tests_repeated', group: `test:${type}` }) + metric(r, { metric: 'tests_recognised', group: `test:${type}` }), 0);
    for (const [r, expected] of [[base, 0.418], [half, 0.209]] as const) {
      const n = eligible(r);
      const band = binomialHalfWidth(expected, n, 0.999);
      console.info(`imaging repeated ${share(r).toFixed(4)}, expected ${expected} ± ${band.toFixed(4)} (99.9 %, n = ${n})`);
      expect(n).toBeGreaterThan(100);
      expect(Math.abs(share(r) - expected)).toBeLessThanOrEqual(band);
    }
    expect(metric(half, { metric: 'tests_recognised', tier: 'county' })).toBeGreaterThan(metric(base, { metric: 'tests_recognised', tier: 'county' }));
  });
});

describe('down-referral for recovery', () => {
  interface Move { free: boolean; home: boolean; inUseAfter: number; capacity: number }
  const m = model({ downReferral: { share: 0.5 } });
  const homeWard = (p: number) => {
    const home = m.region.villages[m.patients.get(p, H_VILLAGE)].facilities[Tier.TOWNSHIP];
    return { home, ward: m.facilities[home].ward! };
  };
  // Moves observed through the model's monitor: the home township's ward as the down-referral
  // is decided, and as the patient's stay there starts.
  const moves: Move[] = [];
  let moving = -1;
  let free = false;
  m.monitor = {
    ...silent,
    event(p, activity, _time, facility) {
      if (activity === Activity.DOWN_REFERRAL) {
        const { ward } = homeWard(p);
        moving = p;
        free = ward.inUse < ward.capacity && ward.queueLength === 0;
      } else if (activity === Activity.STAY_START && p === moving) {
        const { home, ward } = homeWard(p);
        moves.push({ free, home: facility === home, inUseAfter: ward.inUse, capacity: ward.capacity });
        moving = -1;
      }
    },
  };
  // Stays that were not moved are seen at the lever's hook, which every end of an acute phase goes through.
  const stayed: boolean[] = [];
  const lever = leverOf(m, 'downReferral');
  const original = lever.acuteEnd!.bind(lever);
  lever.acuteEnd = (model, p, from) => {
    const { ward } = homeWard(p);
    const wasFree = ward.inUse < ward.capacity && ward.queueLength === 0;
    const moved = original(model, p, from);
    if (!moved) stayed.push(wasFree);
    return moved;
  };
  const on = m.run();
  const off = model({}).run();

  it('patients move down at the end of the acute phase only into a free township bed that nobody waits for', () => {
    expect(moves.length).toBeGreaterThan(50);
    expect(moves.filter((x) => !x.free || !x.home)).toEqual([]);
    expect(moves.every((x) => x.inUseAfter <= x.capacity)).toBe(true);
    expect(moving).toBe(-1);
  });

  it('patients whose home township has no free bed stay where they are', () => {
    expect(stayed.length).toBeGreaterThan(0);
    expect(stayed.filter((wasFree) => wasFree)).toEqual([]);
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
  // Consultations observed through the model's monitor as they start, with the patient's state as the doctor finds it.
  m.monitor = {
    ...silent,
    event(p, activity, _time, at, resource) {
      if (activity !== Activity.CONSULT_START) return;
      const fac = m.facilities;
      const home = m.region.villages[field(p, H_VILLAGE)].facilities[Tier.TOWNSHIP];
      const treat = field(p, H_TREAT_FACILITY);
      const followUp = (field(p, H_FLAGS) & F_FOLLOWUP) !== 0;
      if (fac[at].tier === Tier.COUNTY && hosts.has(home) && treat >= 0 && fac[treat].tier >= Tier.COUNTY) countyVisits.push({ cls: field(p, H_CLS), followUp });
      if (resource === TraceResource.JOINT_CLINIC) {
        // A joint clinic sees only follow-ups of patients whose care sits elsewhere.
        expect(fac[at].visitingClinic).not.toBeNull();
        expect(followUp && treat !== at).toBe(true);
        jointConsults++;
      }
    },
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
