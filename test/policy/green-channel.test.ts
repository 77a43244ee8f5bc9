/**
 * The green channel (救治绿色通道) in isolation, on the small region with a second emergency
 * condition ("stroke", county capability 0.9, beside the baseline's "emergency" at 0.7),
 * observed from inside a replication (the lever's hook and the model's scheduling wrapped):
 * where the ambulance takes each emergency, which resources keep units for emergencies, that
 * no other patient takes a reserved unit, and that bad condition names are refused with the
 * file's line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/engine/index.js';
import { createModel } from '../../src/levers/index.js';
import { PatientClass, Tier } from '../../src/model/constants.js';
import type { TieredModel } from '../../src/model/model.js';
import { H_CLS, H_CONDITION, H_FACILITY, H_TEST_INDEX, H_VILLAGE } from '../../src/model/patients.js';
import { TEST_TYPES } from '../../src/params/fields.js';
import { loadScenario, withOverrides } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { BASELINE_FILE, metric, smallRegion } from './support.js';

const OPTS = { seed: 31, replication: 0, days: 21, warmupDays: 3 };
const CT = TEST_TYPES.indexOf('ct');

/** The small region with a second emergency condition, "stroke", that county hospitals treat more often, and these policies. */
function scenario(policies: Record<string, unknown>) {
  const base = smallRegion();
  const conditions = base.raw.conditions as Array<Record<string, unknown>>;
  const stroke = { ...conditions.find((c) => c.name === 'emergency')!, name: 'stroke', capability: { county: 0.9, regional: 1 } };
  return withOverrides(base, [
    { path: 'conditions', value: [...conditions, stroke] },
    { path: 'policies', value: policies },
  ]).scenario;
}

const model = (policies: Record<string, unknown>) => createModel(scenario(policies), OPTS);
const leverOf = (m: TieredModel) => m.hooks.all.find((lever) => lever.key === 'greenChannel')!;

interface Route { condition: string; given: number; chosen: number; arrivedAt: number }

/** Runs m, recording every emergency's first contact: the hook's answer and the tier of the facility the patient then travels to. */
function routes(m: TieredModel): { routes: Route[]; result: ReturnType<TieredModel['run']> } {
  const names = m.scenario.conditions.map((c) => c.name);
  const out: Route[] = [];
  let pending: Route | null = null;
  let pendingPatient = -1;
  const lever = leverOf(m);
  const original = lever.emergencyFirstContact!.bind(lever);
  lever.emergencyFirstContact = (model, p, village, tier) => {
    const chosen = original(model, p, village, tier);
    pending = { condition: names[m.patients.get(p, H_CONDITION)], given: tier, chosen, arrivedAt: -1 };
    pendingPatient = p;
    return chosen;
  };
  // The ambulance's arrival is scheduled right after the hook (emergencies never arrive at the moment of onset).
  const scheduleAt = m.sim.scheduleAt.bind(m.sim);
  m.sim.scheduleAt = (t, kind, p, priority) => {
    if (kind === m.K_ARRIVE && pending !== null && p === pendingPatient) {
      const f = m.patients.get(p, H_FACILITY);
      const village = m.region.villages[m.patients.get(p, H_VILLAGE)];
      expect(village.facilities).toContain(f);
      pending.arrivedAt = m.facilities[f].tier;
      out.push(pending);
      pending = null;
    }
    return scheduleAt(t, kind, p, priority);
  };
  return { result: m.run(), routes: out };
}

describe('green channel: where the ambulance goes', () => {
  it('with county centres at capability 0.8: stroke (0.9) to the county hospital, emergency (0.7) straight to the regional centre', () => {
    const { routes: r } = routes(model({ greenChannel: { enabled: true, countyCentres: true, minCapability: 0.8 } }));
    const stroke = r.filter((x) => x.condition === 'stroke');
    const emergency = r.filter((x) => x.condition === 'emergency');
    expect(stroke.length).toBeGreaterThan(20);
    expect(emergency.length).toBeGreaterThan(20);
    expect(stroke.every((x) => x.chosen === Tier.COUNTY && x.arrivedAt === Tier.COUNTY)).toBe(true);
    expect(emergency.every((x) => x.chosen === Tier.REGIONAL && x.arrivedAt === Tier.REGIONAL)).toBe(true);
    // Without the lever both would have gone to the county hospital first (it can treat both).
    expect(r.every((x) => x.given === Tier.COUNTY)).toBe(true);
  });

  it('without county centres every listed emergency goes to the regional centre; unlisted ones keep the default route', () => {
    const { routes: r, result } = routes(model({ greenChannel: { enabled: true, conditions: ['emergency'] } }));
    const stroke = r.filter((x) => x.condition === 'stroke');
    expect(stroke.length).toBeGreaterThan(20);
    expect(stroke.every((x) => x.chosen === x.given && x.arrivedAt === Tier.COUNTY)).toBe(true);
    expect(r.filter((x) => x.condition === 'emergency').every((x) => x.arrivedAt === Tier.REGIONAL)).toBe(true);
    // Strokes are still seen in the county emergency department.
    expect(metric(result, { metric: 'wait_consult', tier: 'county', group: 'emergency' })).toBeGreaterThanOrEqual(0);
  });

  it('with every emergency condition on the channel and no county centre, the county emergency department sees nobody', () => {
    const on = model({ greenChannel: { enabled: true } }).run();
    const off = model({}).run();
    expect(metric(off, { metric: 'wait_consult', tier: 'county', group: 'emergency' })).toBeGreaterThanOrEqual(0);
    expect(metric(on, { metric: 'wait_consult', tier: 'county', group: 'emergency' })).toBeNaN();
    expect(metric(on, { metric: 'time_to_care', tier: 'county', group: '' })).toBeGreaterThan(0); // others still treated there
  });
});

describe('green channel: units kept for emergencies', () => {
  const reserved = (m: TieredModel, tier: number) => {
    const f = m.facilities.find((x) => x.tier === tier)!;
    return { ct: f.tests[CT]!.reservedFor(PatientClass.EMERGENCY), beds: f.ward!.reservedFor(PatientClass.EMERGENCY), ctCapacity: f.tests[CT]!.capacity };
  };

  it('the regional centre always, county hospitals only when designated for a condition of the channel', () => {
    const regionalOnly = model({ greenChannel: { enabled: true, ctReserved: 2, bedsReserved: 10 } });
    expect(reserved(regionalOnly, Tier.REGIONAL)).toMatchObject({ ct: 2, beds: 10 });
    expect(reserved(regionalOnly, Tier.COUNTY)).toMatchObject({ ct: 0, beds: 0 });
    const withCounty = model({ greenChannel: { enabled: true, countyCentres: true, ctReserved: 2, bedsReserved: 10 } });
    expect(reserved(withCounty, Tier.COUNTY)).toMatchObject({ ct: 2, beds: 10 });
    // Designated for no condition of the channel: "emergency" (0.7) is below minCapability.
    const notAble = model({ greenChannel: { enabled: true, conditions: ['emergency'], countyCentres: true, ctReserved: 2, bedsReserved: 10 } });
    expect(reserved(notAble, Tier.COUNTY)).toMatchObject({ ct: 0, beds: 0 });
  });

  it('at most the CT capacity is kept', () => {
    const r = reserved(model({ greenChannel: { enabled: true, ctReserved: 99 } }), Tier.REGIONAL);
    expect(r.ct).toBe(r.ctCapacity);
  });

  /** Per grant of a bed or CT unit at the regional centre: whether to an emergency, the units left free, and the reservation still idle. */
  function grants(m: TieredModel, hold: number) {
    const regional = m.facilities.find((x) => x.tier === Tier.REGIONAL)!;
    const out: Array<{ emergency: boolean; free: number; idleHeld: number }> = [];
    const seen = (r: Resource, p: number) => out.push({
      emergency: m.patients.get(p, H_CLS) === PatientClass.EMERGENCY,
      free: r.capacity - r.inUse,
      idleHeld: Math.max(0, hold - r.inUseBy(PatientClass.EMERGENCY)),
    });
    // A stay or a test starts when its end is scheduled, just after the unit was granted.
    const schedule = m.sim.schedule.bind(m.sim);
    m.sim.schedule = (delay, kind, p, priority) => {
      if (kind === m.K_DISCHARGE && m.patients.get(p, H_FACILITY) === regional.index) seen(regional.ward!, p);
      if (kind === m.K_TEST_END && m.patients.get(p, H_FACILITY) === regional.index && m.patients.get(p, H_TEST_INDEX) === CT) seen(regional.tests[CT]!, p);
      return schedule(delay, kind, p, priority);
    };
    m.run();
    return out;
  }

  it('no other patient takes a bed or CT unit held for emergencies; without the hold they would have', () => {
    const hold = 4;
    const held = grants(model({ greenChannel: { enabled: true, ctReserved: hold, bedsReserved: hold } }), hold);
    const others = held.filter((g) => !g.emergency);
    expect(others.length).toBeGreaterThan(100);
    expect(held.filter((g) => g.emergency).length).toBeGreaterThan(20);
    expect(others.filter((g) => g.free < g.idleHeld)).toEqual([]);
    // The same routes without the hold: other patients do take units an emergency hold would have kept.
    const open = grants(model({ greenChannel: { enabled: true } }), hold);
    expect(open.filter((g) => !g.emergency && g.free < g.idleHeld).length).toBeGreaterThan(0);
  });
});

describe('green channel: condition names', () => {
  /** The user message of loading a file extending the baseline with this `policies:` block. */
  function loadError(policies: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'green-'));
    const file = join(dir, 'variant.yaml');
    writeFileSync(file, `extends: ${BASELINE_FILE}\nname: variant\npolicies:\n  greenChannel:\n    enabled: true\n${policies}`);
    try {
      loadScenario(file);
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      expect((err as ScenarioError).exitCode).toBe(2);
      return (err as ScenarioError).userMessage;
    }
    throw new Error('expected a ScenarioError');
  }

  it('refuses an unknown condition, naming the line and the conditions there are', () => {
    const msg = loadError('    conditions: [emergency, emergncy]\n');
    expect(msg).toContain('variant.yaml:6');
    expect(msg).toContain('policies.greenChannel.conditions[1]');
    expect(msg).toContain('got "emergncy"; did you mean `emergency`?');
    expect(msg).toContain('(acute-minor, specialist-outpatient');
  });

  it('refuses a condition that is not an emergency', () => {
    const msg = loadError('    conditions:\n      - acute-serious\n');
    expect(msg).toContain('variant.yaml:7');
    expect(msg).toMatch(/acuity emergency.*"acute-serious" of acuity acute_serious/);
  });
});
