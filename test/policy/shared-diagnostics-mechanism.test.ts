/**
 * Shared diagnostic centres and tele-consultation in isolation on the small region (one
 * county, six townships, three of them covered), observed from inside a replication through
 * the lever's hooks, its counts and the scheduling of events:
 * imaging done at a covered township is read by the county (one reader, ten minutes a
 * reading) instead of waiting for the township's turnaround, and counts as the county's own
 * result; a covered township consults the county before every non-emergency referral up,
 * and treats the patient itself when the consultation resolves it.
 */
import { describe, expect, it } from 'vitest';
import type { TieredModel } from '../../src/model/model.js';
import { createModel } from '../../src/levers/index.js';
import { MINUTES_PER_DAY, PatientClass, Tier } from '../../src/model/constants.js';
import { H_CLS, H_FACILITY, H_TEST_INDEX, TEST_SLOTS } from '../../src/model/patients.js';
import { TEST_TYPES } from '../../src/params/fields.js';
import type { SharedDiagnosticsLever } from '../../src/levers/sharedDiagnostics.js';
import { metric, smallRegion } from './support.js';
import { withOverrides } from '../../src/scenario/load.js';

const OPTS = { seed: 31, replication: 0, days: 21, warmupDays: 3 };
const IMAGING = TEST_TYPES.indexOf('imaging');

// No result accepted without a policy (the baseline accepts imaging and CT), so that every result recognised is the lever's.
const none = { path: 'tests.recognitionWithoutPolicy', value: { lab: 0, imaging: 0, ct: 0, ecg: 0 } };
const model = (policies: Record<string, unknown>) => createModel(withOverrides(smallRegion(policies), [none]).scenario, OPTS);
const leverOf = (m: TieredModel) => m.hooks.all.find((l) => l.key === 'sharedDiagnostics') as SharedDiagnosticsLever;
const kindOf = (m: TieredModel, name: string) => {
  for (let k = 0; ; k++) if (m.sim.kindName(k) === name) return k;
};
/** Townships 1, 3 and 5 of six (every second one, from the first) are covered at share 0.5. */
const coveredTownships = (m: TieredModel) => m.facilities.filter((f) => f.tier === Tier.TOWNSHIP).map((f) => f.index).filter((_, i) => i % 2 === 0);

describe('county reading of township tests', () => {
  const m = model({ sharedDiagnostics: { townshipShare: 0.5, tests: ['imaging'], readers: 1, readTime: '10 min' } });
  const lever = leverOf(m);
  const covered = new Set(coveredTownships(m));
  const taken: Array<{ facility: number; test: number; taken: boolean }> = [];
  const testEnded = lever.testEnded!.bind(lever);
  lever.testEnded = (model, p, f, k) => {
    const t = testEnded(model, p, f, k);
    taken.push({ facility: f.index, test: k, taken: t });
    return t;
  };
  const recognised: Array<{ at: number; doneAt: number }> = [];
  const recognises = lever.recognises!.bind(lever);
  lever.recognises = (model, p, k, age) => {
    const r = recognises(model, p, k, age);
    if (r && m.sim.now >= m.warmup) recognised.push({ at: m.patients.get(p, H_FACILITY), doneAt: m.patients.testFacility[p * TEST_SLOTS + k] });
    return r;
  };
  const readEnd = kindOf(m, 'shared-read-end');
  const readings: Array<{ start: number; length: number }> = [];
  const turnaroundsOfCoveredImaging: number[] = [];
  const schedule = m.sim.schedule.bind(m.sim);
  m.sim.schedule = (delay, kind, p, priority) => {
    if (kind === readEnd) readings.push({ start: m.sim.now, length: delay });
    if (kind === m.K_RESULT && covered.has(m.patients.get(p, H_FACILITY)) && m.patients.get(p, H_TEST_INDEX) === IMAGING) turnaroundsOfCoveredImaging.push(p);
    return schedule(delay, kind, p, priority);
  };
  const on = m.run();
  const off = model({}).run();

  it('takes charge of the result of imaging at the covered townships only', () => {
    expect(new Set(taken.filter((x) => x.taken).map((x) => x.facility))).toEqual(covered);
    expect(taken.filter((x) => x.taken && x.test !== IMAGING)).toEqual([]);
    expect(taken.filter((x) => !x.taken && x.test === IMAGING && covered.has(x.facility))).toEqual([]);
    expect(turnaroundsOfCoveredImaging).toEqual([]);
  });

  it('every reading takes the reading time, by one reader at a time in the county hospital\'s sessions', () => {
    expect(readings.length).toBeGreaterThan(50);
    expect(readings.every((r) => r.length === 10)).toBe(true);
    // One reader: a reading starts only once the one before is done.
    for (let i = 1; i < readings.length; i++) expect(readings[i].start - readings[i - 1].start).toBeGreaterThanOrEqual(10);
    // Readings start only while the county hospital is open.
    const county = m.region.facilities.find((f) => f.tier === Tier.COUNTY)!.params.sessions;
    const open = (t: number) => county.some((x) => x.start <= t % MINUTES_PER_DAY && t % MINUTES_PER_DAY < x.end);
    expect(readings.filter((r) => !open(r.start))).toEqual([]);
    const counts = lever.counts;
    expect(counts.reads).toBeLessThanOrEqual(readings.length);
    expect(counts.readMinutes / counts.reads).toBeGreaterThanOrEqual(10);
  });

  it('a result read by the county is not repeated at that county hospital', () => {
    expect(recognised.length).toBeGreaterThan(0);
    for (const r of recognised) {
      expect(m.facilities[r.at].tier).toBe(Tier.COUNTY);
      expect(covered.has(r.doneAt)).toBe(true);
      expect(m.facilities[r.doneAt].county).toBe(r.at);
    }
    expect(metric(on, { metric: 'tests_recognised', tier: 'county' })).toBe(recognised.length);
    expect(metric(off, { metric: 'tests_recognised', tier: 'county' })).toBe(0);
  });

  it('counts the patients waiting for a reading in the census', () => {
    expect(on.accounted).toBe(m.patients.live);
  });
});

describe('tele-consultation before referral', () => {
  const run = (resolveShare: number) => {
    const m = model({ sharedDiagnostics: { townshipShare: 0.5, tests: [], teleShare: 1, resolveShare, teleDoctors: 1, teleTime: '20 min' } });
    const lever = leverOf(m);
    const covered = new Set(coveredTownships(m));
    const calls: Array<{ facility: number; emergency: boolean; held: boolean }> = [];
    const cannotTreat = lever.cannotTreat!.bind(lever);
    lever.cannotTreat = (model, p, f) => {
      const held = cannotTreat(model, p, f);
      calls.push({ facility: f.index, emergency: m.patients.get(p, H_CLS) === PatientClass.EMERGENCY, held });
      return held;
    };
    const teleEnd = kindOf(m, 'tele-consult-end');
    const lengths: number[] = [];
    const schedule = m.sim.schedule.bind(m.sim);
    m.sim.schedule = (delay, kind, p, priority) => {
      if (kind === teleEnd) lengths.push(delay);
      return schedule(delay, kind, p, priority);
    };
    const result = m.run();
    return { m, lever, covered, calls, lengths, result, held: lever.census!(m) };
  };
  const resolved = run(1);
  const referred = run(0);

  it('holds every non-emergency referral up from a covered township, and no other', () => {
    const { calls, covered } = resolved;
    expect(calls.filter((c) => c.held).length).toBeGreaterThan(50);
    expect(calls.filter((c) => c.held !== (covered.has(c.facility) && !c.emergency))).toEqual([]);
  });

  it('every tele-consultation takes the tele-consultation time', () => {
    expect(resolved.lengths.length).toBeGreaterThan(50);
    expect(resolved.lengths.every((d) => d === 20)).toBe(true);
  });

  it('at resolveShare 1 every consultation held and ended is resolved, at 0 none is', () => {
    // Held = ended + still waiting or in consultation at the end of the run (the lever's census).
    const all = resolved.lever.counts;
    expect(all.teleResolved + resolved.held).toBe(all.teleHeld);
    expect(all.teleResolved).toBeGreaterThan(50);
    expect(referred.lever.counts.teleResolved).toBe(0);
    expect(referred.lever.counts.teleHeld).toBeGreaterThan(50);
  });

  it('resolved consultations keep patients at the township: fewer referrals up from it than when none is resolved', () => {
    const up = (r: typeof resolved) => metric(r.result, { metric: 'referral_up_rate', tier: 'township' });
    expect(up(resolved)).toBeLessThan(up(referred));
  });

  it('counts the patients waiting for or in a tele-consultation in the census', () => {
    expect(resolved.result.accounted).toBe(resolved.m.patients.live);
    expect(referred.result.accounted).toBe(referred.m.patients.live);
  });
});
