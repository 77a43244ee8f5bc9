/**
 * Hostile scenario files: every constraint the model relies on is checked by `validate`
 * with a file:line message, and nothing a file says leads to an internal error, a stack
 * overflow or a changed prototype. The files are written into a temporary folder.
 */
import { errorOf } from '../helpers/scenario-error.js';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { displayPath } from '../../src/scenario/source.js';

const TINY = readFileSync('test/fixtures/scenarios/tiny.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tiersim-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as `name` in the temporary folder; returns its path. */
function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** tiny.yaml with `from` replaced by `to` (which must occur), written as `name`. */
function variant(name: string, from: string | RegExp, to: string): string {
  const text = TINY.replace(from, to);
  expect(text, `${name}: ${String(from)} not found`).not.toBe(TINY);
  return write(name, text);
}


/** The lines of the error of loading `file`, with the file's shown path replaced by `F`. */
function problems(file: string): string[] {
  return errorOf(() => loadScenario(file)).userMessage.split('\n').map((l) => l.split(displayPath(file)).join('F'));
}

const VILLAGE_CONSULT = 'consultTime: 10 min';

describe('distributions are checked as the engine checks them', () => {
  it.each([
    ['{dist: uniform, min: 2, max: 1}', 'F:33 tiers.village.consultTime.max: expected max >= min (2), got 1'],
    ['{dist: triangular, min: 2, mode: 5, max: 4}', 'F:33 tiers.village.consultTime.mode: expected mode between min and max (2 to 4), got 5'],
    ['{dist: triangular, min: 2, mode: 2, max: 2}', 'F:33 tiers.village.consultTime.max: expected max > min (2), got 2'],
    ['{dist: empirical, values: [1, 2], weights: [0, 0]}', 'F:33 tiers.village.consultTime.weights: expected weights not all zero, got all zero'],
    ['{dist: empirical, values: [1, 2], weights: [1]}', 'F:33 tiers.village.consultTime.weights: expected one weight per value (2), got 1'],
    ['{dist: gamma, mean: 15, sd: 0}', 'F:33 tiers.village.consultTime.sd: expected sd > 0, got 0'],
    ['{dist: exponential, mean: 0}', 'F:33 tiers.village.consultTime.mean: expected mean > 0, got 0'],
    ['{dist: lognormal, mean: 0, sd: 5}', 'F:33 tiers.village.consultTime.mean: expected mean > 0, got 0'],
    ['{dist: lognormal, mean: 12, sd: 1e308}', 'F:33 tiers.village.consultTime.sd: expected a duration of at most 100 years, got 1e+308'],
    ['{dist: uniform, min: 1 h, max: 30 min}', 'F:33 tiers.village.consultTime.max: expected max >= min (60), got 30'],
  ])('consultTime %s', (dist, expected) => {
    expect(problems(variant('dist.yaml', VILLAGE_CONSULT, `consultTime: ${dist}`))).toEqual([expected]);
  });

  it('a length of stay in days is checked and reported in days', () => {
    const file = variant('los.yaml', 'los: { county: 10 d,', 'los: { county: {dist: uniform, min: 3, max: 2},');
    expect(problems(file)).toEqual(['F:78 conditions[2].los.county.max: expected max >= min (3), got 2']);
  });
});

describe('sessions, clock times, durations, days, seeds', () => {
  const sessions = (list: string) => variant('sessions.yaml', VILLAGE_CONSULT, `${VILLAGE_CONSULT}\n    sessions: ${list}`);
  it.each([
    ['[{start: "08:00", end: "12:00"}, {start: "11:00", end: "13:00"}]',
      'F:34 tiers.village.sessions[1].start: expected sessions in order, not overlapping: a start at or after the end of the session before (12:00), got 11:00'],
    ['[{start: "12:00", end: "08:00"}]', 'F:34 tiers.village.sessions[0].end: expected a session end after its start (12:00), got 08:00'],
    ['[{start: "09:00", end: "09:00"}]', 'F:34 tiers.village.sessions[0].end: expected a session end after its start (09:00), got 09:00'],
    ['[{start: "08:00", end: "24:59"}]', 'F:34 tiers.village.sessions[0].end: expected a clock time "HH:MM" from 00:00 to 24:00, got "24:59"'],
    ['[{start: "24:00", end: "24:00"}]', 'F:34 tiers.village.sessions[0].end: expected a session end after its start (24:00), got 24:00'],
  ])('sessions %s', (list, expected) => {
    expect(problems(sessions(list))).toEqual([expected]);
  });

  it('24:00 ends a day', () => {
    const s = loadScenario(sessions('[{start: "08:00", end: "12:00"}, {start: "18:00", end: "24:00"}]')).scenario;
    expect(s.tiers.village.sessions).toEqual([{ start: 480, end: 720 }, { start: 1080, end: 1440 }]);
  });

  it.each([
    ['travelToRegional: 2 h', `travelToRegional: ${'9'.repeat(400)} min`, `F:17 region.counties[0].travelToRegional: expected a duration of at most 100 years, got "${'9'.repeat(40)}…"`],
    ['travelToRegional: 2 h', 'travelToRegional: 900000 d', 'F:17 region.counties[0].travelToRegional: expected a duration of at most 100 years, got "900000 d"'],
    ['days: 40', 'days: 1e308', 'F:8 simulation.days: expected a positive number at most 1000000, got 1e+308'],
    ['days: 40', 'days: 9007199254740992', 'F:8 simulation.days: expected a positive number at most 1000000, got 9007199254740992'],
    ['seed: 11', 'seed: 9007199254740993', 'F:11 simulation.seed: expected a non-negative integer of at most 2^53 - 1 (9007199254740991), got 9007199254740992'],
    ['incidence: 900', 'incidence: .inf', 'F:64 conditions[0].incidence: expected a number between 0 and 100000, got Infinity'],
    ['beds: 40', 'beds: .nan', 'F:47 tiers.county.beds: expected a non-negative integer, got NaN'],
    ['replications: 4', 'replications: 1e12', 'F:10 simulation.replications: expected a positive integer at most 1000000, got 1000000000000'],
  ])('%s -> %s', (from, to, expected) => {
    expect(problems(variant('value.yaml', from, to))).toEqual([expected]);
  });

  it('the largest seed is accepted', () => {
    expect(loadScenario(variant('seed.yaml', 'seed: 11', 'seed: 9007199254740991')).scenario.simulation.seed).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('regions and names', () => {
  const generated = (population: string) => write('generated.yaml', [
    `extends: ${join(process.cwd(), 'test/fixtures/scenarios/small.yaml')}`,
    'name: generated',
    'region:',
    '  counties: ~',
    '  generate:',
    '    counties: 1',
    '    townshipsPerCounty: 1',
    '    villagesPerTownship: 2',
    `    villagePopulation: ${population}`,
    '    travelVillageToTownship: 20',
    '    travelTownshipToCounty: 1 h',
    '    travelCountyToRegional: 2 h',
    '',
  ].join('\n'));

  it.each([
    ['-5', 'F:9 region.generate.villagePopulation: expected a non-negative number or a distribution {dist: ...}, got -5'],
    ['{dist: constant, value: -5}', 'F:9 region.generate.villagePopulation: expected no village with fewer than 0 residents, got a lowest value of -5'],
    ['0', 'F:9 region.generate.villagePopulation: expected a mean of more than 0 residents per village, got 0'],
    ['{dist: uniform, min: -10, max: 100}', 'F:9 region.generate.villagePopulation.min: expected no village with fewer than 0 residents, got a lowest value of -10'],
    ['{dist: empirical, values: [0, -1, 5]}', 'F:9 region.generate.villagePopulation.values: expected no village with fewer than 0 residents, got a lowest value of -1'],
    ['{dist: normal, mean: 0, sd: 10}', 'F:9 region.generate.villagePopulation.mean: expected a mean of more than 0 residents per village, got 0'],
    ['{dist: lognormal, mean: 100, sd: 1e308}', 'F:9 region.generate.villagePopulation.sd: expected such that sd^2 and sigma are finite numbers, got 1e+308'],
  ])('generated villagePopulation %s', (population, expected) => {
    expect(problems(generated(population))).toEqual([expected]);
  });

  it('a region needs a county and residents', () => {
    expect(problems(variant('none.yaml', /counties:\n    - name: river-county/, 'counties: []\n  old:\n    - name: river-county'))).toEqual([
      'F:15 region.counties: expected at least 1 item, got 0',
      'F:16 region.old: unknown key `old` (known keys: regionalCentres, generate, counties, directRouteFactor, ambulanceFactor)',
    ]);
    const empty = write('empty.yaml', TINY.replace(/population: \d+/g, 'population: 0'));
    expect(problems(empty)).toEqual(['F:15 region.counties: expected at least one resident in the region, got 0 in all villages']);
  });

  const NAME = 'expected a name of 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit (it names the results folder)';
  it.each(['.', '..', '.hidden', '-x', 'a/b', 'x'.repeat(101)])('the scenario name %j is refused', (name) => {
    const shown = name.length > 40 ? `"${name.slice(0, 40)}…"` : JSON.stringify(name);
    expect(problems(variant('name.yaml', 'name: tiny', `name: "${name}"`))).toEqual([`F:5 name: ${NAME}, got ${shown}`]);
  });

  it('a name of 100 characters is accepted, and names of places are bounded and printable', () => {
    expect(loadScenario(variant('name.yaml', 'name: tiny', `name: a${'.'.repeat(99)}`)).name).toHaveLength(100);
    expect(problems(variant('village.yaml', 'name: n1', 'name: "a\\u0007b"'))).toEqual([
      'F:22 region.counties[0].townships[0].villages[0].name: expected a name without control characters (tabs, line breaks, ...), got "a\\u0007b"',
    ]);
    expect(problems(variant('county.yaml', 'name: river-county', `name: ${'c'.repeat(201)}`))).toEqual([
      `F:16 region.counties[0].name: expected text of at most 200 characters, got "${'c'.repeat(40)}…"`,
    ]);
    expect(problems(variant('desc.yaml', /description: .*/, `description: ${'d'.repeat(100_001)}`))).toEqual([
      `F:6 description: expected text of at most 100000 characters, got "${'d'.repeat(40)}…"`,
    ]);
  });
});
