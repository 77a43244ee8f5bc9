import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ScenarioError } from '../../src/scenario/errors.js';
import { applyOverrides, loadScenario, loadScenarioFromObject, mergeScenario, withOverrides } from '../../src/scenario/load.js';

const DIR = 'test/fixtures/scenarios';
const BAD = `${DIR}/bad`;
const SMALL = `${DIR}/small.yaml`;

/** The user message of the ScenarioError thrown by `fn`. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).exitCode).toBe(2);
    return (err as ScenarioError).userMessage;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario/load', () => {
  it('loadScenario() reads the small fixture with defaults filled in and durations in minutes', () => {
    const { scenario, name, file, chain, raw } = loadScenario(SMALL);
    expect(name).toBe('small');
    expect(file).toBe(SMALL);
    expect(chain).toEqual([SMALL]);
    expect(raw.name).toBe('small');
    const county = scenario.region.counties![0];
    expect(county.travelToRegional).toBe(120);
    expect(county.townships[1].travelToCounty).toBe(90);
    expect(county.townships[0].villages.map((v) => v.population)).toEqual([900, 700, 600]);
    expect(scenario.tiers.village.consultTime).toEqual({ dist: 'constant', value: 10 });
    expect(scenario.tiers.county.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    expect(scenario.conditions[2].los.county).toEqual({ dist: 'constant', value: 10 * 1440 });
    expect(scenario.conditions[1].followUp).toEqual({ interval: 30 * 1440, visits: 4, complication: 0 });
  });

  const badFiles: Array<[string, string[]]> = [
    ['negative-beds.yaml', [`${BAD}/negative-beds.yaml:5 tiers.county.beds: expected a non-negative integer, got -5`]],
    ['unknown-key.yaml', [`${BAD}/unknown-key.yaml:5 tiers.county.bedz: unknown key \`bedz\`; did you mean \`beds\`?`]],
    ['wrong-enum.yaml', [`${BAD}/wrong-enum.yaml:6 policies.reservedSlots.tiers[1]: expected one of county, regional, got "village"`]],
    ['bad-duration.yaml', [`${BAD}/bad-duration.yaml:5 tiers.township.consultTime: expected a duration such as "30 min", "2 h" or "7 d", got "5 parsecs"`]],
    ['warmup-too-long.yaml', [`${BAD}/warmup-too-long.yaml:5 simulation.warmup: expected a warm-up shorter than simulation.days (30), got 30`]],
    ['missing-field.yaml', [`${BAD}/missing-field.yaml:4 conditions[0].acuity: required field is missing (expected one of minor, chronic_stable, chronic_complicated, acute_serious, emergency, complex)`]],
    ['cycle-a.yaml', [`${BAD}/cycle-b.yaml:1 extends: circular chain ${BAD}/cycle-a.yaml -> ${BAD}/cycle-b.yaml -> ${BAD}/cycle-a.yaml`]],
    ['missing-parent.yaml', [`${BAD}/missing-parent.yaml:2 extends: file not found: ${DIR}/nowhere.yaml`]],
  ];
  it.each(badFiles)('loadScenario(bad/%s) reports each problem at its file and line', (name, expected) => {
    expect(errorOf(() => loadScenario(`${BAD}/${name}`)).split('\n')).toEqual(expected);
  });

  it('loadScenario() reports YAML syntax errors with line and column', () => {
    const lines = errorOf(() => loadScenario(`${BAD}/syntax-error.yaml`)).split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${BAD}/syntax-error\\.yaml:4:\\d+: YAML syntax error: `));
  });

  it('loadScenario() reports a missing file in one line', () => {
    expect(errorOf(() => loadScenario(`${DIR}/no-such-file.yaml`))).toBe(`${DIR}/no-such-file.yaml: scenario file not found`);
  });

  it('loadScenario() reports JSON syntax errors with line and column', () => {
    const msg = errorOf(() => loadScenario(`${DIR}/json/broken.json`));
    expect(msg).toMatch(new RegExp(`^${DIR}/json/broken\\.json:3:\\d+: JSON syntax error: `));
  });

  it('loadScenario() reads JSON with the lines of its values', () => {
    expect(loadScenario(`${DIR}/json/small.json`).name).toBe('small-json');
    expect(errorOf(() => loadScenario(`${DIR}/json/bad-beds.json`))).toBe(`${DIR}/json/bad-beds.json:5 tiers.county.beds: expected a non-negative integer, got 2.5`);
  });

  it('loadScenario() collects every problem, sorted by line, inherited ones at the file that set them', () => {
    const raw = parse(readFileSync(SMALL, 'utf8'));
    raw.tiers.county.doctors = -1;
    raw.region.counties[0].townships[0].villages[1].population = 'many';
    raw.tiers.regional.sessions = [{ start: '8 am', end: '12:00' }];
    raw.conditions[0].acuity = 'mild';
    raw.conditions[1].capability.hospital = 1;
    const issues = errorOf(() => loadScenarioFromObject(raw, 'object.yaml')).split('\n');
    expect(issues).toEqual([
      'object.yaml region.counties[0].townships[0].villages[1].population: expected a non-negative integer, got "many"',
      'object.yaml tiers.county.doctors: expected a non-negative integer, got -1',
      'object.yaml tiers.regional.sessions[0].start: expected a clock time "HH:MM" from 00:00 to 24:00, got "8 am"',
      'object.yaml conditions[0].acuity: expected one of minor, chronic_stable, chronic_complicated, acute_serious, emergency, complex, got "mild"',
      'object.yaml conditions[1].capability.hospital: unknown key `hospital` (known keys: village, township, county, regional)',
    ]);
  });

  it('loadScenario() places an error in an inherited value at the parent file', () => {
    const msg = errorOf(() => loadScenario(`${DIR}/variants/inherits-bad.yaml`));
    expect(msg).toBe(`${DIR}/variants/bad-parent.yaml:4 tiers.village.doctors: expected a non-negative integer, got -2`);
  });

  it('durations accept "30 min", "2 h", "7 d", "1 w" and plain numbers in the field unit', () => {
    const base = parse(readFileSync(SMALL, 'utf8'));
    const withDurations = (consult: unknown, los: unknown, interval: unknown) => {
      const raw = structuredClone(base);
      raw.tiers.village.consultTime = consult;
      raw.conditions[2].los.county = los;
      raw.conditions[1].followUp.interval = interval;
      const s = loadScenarioFromObject(raw, 'x.yaml').scenario;
      return [s.tiers.village.consultTime, s.conditions[2].los.county, s.conditions[1].followUp!.interval];
    };
    const c = (value: number) => ({ dist: 'constant', value });
    expect(withDurations('30 min', '2 h', '7 d')).toEqual([c(30), c(120), 7 * 1440]);
    expect(withDurations(12, 3, 1.5)).toEqual([c(12), c(3 * 1440), 1.5 * 1440]);
    expect(withDurations('0.5 hours', '1 w', '2 weeks')).toEqual([c(30), c(10080), 2 * 10080]);
    expect(withDurations({ dist: 'exponential', mean: '1 h' }, { dist: 'uniform', min: 2, max: '3 d' }, 30)).toEqual([
      { dist: 'exponential', mean: 60 }, { dist: 'uniform', min: 2880, max: 4320 }, 30 * 1440,
    ]);
  });

  it('extends: mappings merge key by key, lists and values are replaced, null removes a key', () => {
    const variant = loadScenario(`${DIR}/variants/more-beds.yaml`);
    const base = loadScenario(SMALL);
    expect(variant.chain).toEqual([`${DIR}/variants/more-beds.yaml`, SMALL]);
    expect(variant.raw).not.toHaveProperty('extends');
    expect(variant.name).toBe('more-beds');
    expect(variant.scenario.tiers.county.beds).toBe(200);
    // Siblings of an overridden key are inherited.
    expect(variant.scenario.tiers.county.doctors).toBe(base.scenario.tiers.county.doctors);
    expect(variant.scenario.tiers.county.costs).toEqual(base.scenario.tiers.county.costs);
    // A list replaces the parent's list.
    expect(variant.scenario.tiers.county.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(variant.scenario.conditions).toEqual(base.scenario.conditions);
    // null drops the inherited value (back to the default).
    expect(variant.scenario.tiers.township.diagnostics).toEqual({});
    expect(mergeScenario({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null, e: 2 })).toEqual({ a: { b: 1, c: [3] }, e: 2 });
  });

  it('the hash is stable across loads and key order, and changes with any value', () => {
    const a = loadScenario(SMALL);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loadScenario(SMALL).hash).toBe(a.hash);
    const reordered = Object.fromEntries(Object.entries(structuredClone(a.raw)).reverse());
    expect(loadScenarioFromObject(reordered, 'other.yaml').hash).toBe(a.hash);
    const changed = structuredClone(a.raw) as { tiers: { county: { beds: number } } };
    changed.tiers.county.beds += 1;
    expect(loadScenarioFromObject(changed, SMALL).hash).not.toBe(a.hash);
    // Same value written differently: same scenario, same hash.
    const sameValue = structuredClone(a.raw) as { region: { counties: Array<{ travelToRegional: unknown }> } };
    sameValue.region.counties[0].travelToRegional = '120 min';
    expect(loadScenarioFromObject(sameValue, SMALL).hash).toBe(a.hash);
    // The editor-only $schema key does not count.
    expect(loadScenarioFromObject({ ...a.raw, $schema: '../schemas/scenario.schema.json' }, SMALL).hash).toBe(a.hash);
  });
});

describe('scenario/load overrides', () => {
  const loaded = loadScenario(SMALL);

  it('applyOverrides() sets fields, list items included, without changing its input', () => {
    const raw = applyOverrides(loaded.raw, [
      { path: 'tiers.county.beds', value: 150 },
      { path: 'region.counties[0].townships[1].villages[2].population', value: 5000 },
      { path: 'policies.reservedSlots.bedShare', value: 0.25 },
    ]);
    const s = loadScenarioFromObject(raw, SMALL).scenario;
    expect(s.tiers.county.beds).toBe(150);
    expect(s.region.counties![0].townships[1].villages[2].population).toBe(5000);
    expect(s.policies.reservedSlots?.bedShare).toBe(0.25);
    expect((loaded.raw.tiers as { county: { beds: number } }).county.beds).toBe(120);
  });

  it('applyOverrides() rejects paths that are not fields, with did-you-mean', () => {
    const msg = errorOf(() => applyOverrides(loaded.raw, [
      { path: 'tiers.county.bedz', value: 1 },
      { path: 'simulaton.days', value: 1 },
      { path: 'region.counties[3].name', value: 'x' },
      { path: 'tiers[0]', value: 1 },
      { path: 'a..b', value: 1 },
    ]));
    expect(msg.split('\n')).toEqual([
      '--param tiers.county.bedz: unknown field `bedz` in tiers.county; did you mean `beds`?',
      '--param simulaton.days: unknown field `simulaton`; did you mean `simulation`?',
      '--param region.counties[3].name: region.counties has 1 item, so there is no item 3',
      '--param tiers[0]: tiers is not a list',
      '--param a..b: "a..b" is not a field path such as region.counties[0].name',
    ]);
  });

  it('withOverrides() validates again and reports bad values against --param', () => {
    expect(withOverrides(loaded, [{ path: 'simulation.days', value: 90 }]).scenario.simulation.days).toBe(90);
    expect(withOverrides(loaded, [{ path: 'simulation.days', value: 90 }]).hash).not.toBe(loaded.hash);
    expect(errorOf(() => withOverrides(loaded, [{ path: 'tiers.county.beds', value: -1 }])))
      .toBe('--param tiers.county.beds: expected a non-negative integer, got -1');
    expect(errorOf(() => withOverrides(loaded, [{ path: 'simulation.warmup', value: 100 }])))
      .toBe('--param simulation.warmup: expected a warm-up shorter than simulation.days (60), got 100');
  });
});
