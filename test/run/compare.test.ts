import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { COMPARISON_COLUMNS, SUMMARY_COLUMNS, readTable } from '../../src/metrics/tables.js';
import { UNPAIRED_SEED_STRIDE, structureDifferences } from '../../src/run/compare.js';
import { welchDifferences, type ReplicationRow } from '../../src/metrics/tables.js';
import { loadScenario, withOverrides } from '../../src/scenario/load.js';
import { tQuantile } from '../../src/metrics/ci.js';

const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
let dir: string;

const cli = runCli;

/** Writes a scenario file extending tiny.yaml with `body` (YAML) and returns its path. */
function variant(file: string, body: string): string {
  const path = join(dir, file);
  writeFileSync(path, `extends: ${TINY}\n${body}`);
  return path;
}

async function rows(path: string): Promise<any[]> {
  return (await readTable(path)).objects() as any[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiersim-compare-'));
  variant('primary-first.yaml', 'name: primary-first\npolicies:\n  primaryFirst: { signedShare: 0.6, compliance: 0.8 }\n');
  variant('same.yaml', 'name: same\n');
  variant('tiny-again.yaml', 'description: same name as the baseline\n');
  variant('more-people.yaml', [
    'name: more-people',
    'region:',
    '  counties:',
    '    - name: river-county',
    '      travelToRegional: 2 h',
    '      townships:',
    '        - name: north',
    '          travelToCounty: 40 min',
    '          villages:',
    '            - { name: n1, population: 900, travelToTownship: 20 }',
    '            - { name: n2, population: 750, travelToTownship: 35 }',
    '        - name: south',
    '          travelToCounty: 1 h',
    '          villages:',
    '            - { name: s1, population: 1000, travelToTownship: 15 }',
    '            - { name: s2, population: 800, travelToTownship: 30 }',
    '            - { name: s3, population: 600, travelToTownship: 45 }',
    '',
  ].join('\n'));
  variant('negative-doctors.yaml', 'name: broken\ntiers:\n  county:\n    doctors: -1\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => { process.exitCode = undefined; });

describe('tiersim compare', () => {
  it('writes manifest, comparison.csv and a run folder per scenario, and prints a planner table', async () => {
    const out = join(dir, 'out-basic');
    const r = await cli('compare', TINY, join(dir, 'primary-first.yaml'), join(dir, 'same.yaml'), '-j', '1', '-o', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'tiersim-results', formatVersion: 1, kind: 'compare', baseline: 'tiny', variants: ['primary-first', 'same'],
      method: 'paired', seed: 11, replications: 4, days: 40, warmupDays: 10,
    });
    expect(manifest.files).toEqual(['comparison.csv', 'tiny/', 'primary-first/', 'same/', 'manifest.json']);
    for (const name of ['tiny', 'primary-first', 'same']) {
      const sub = JSON.parse(readFileSync(join(out, name, 'manifest.json'), 'utf8'));
      expect(sub).toMatchObject({ kind: 'run', scenario: { name }, seed: 11, replications: 4 });
      expect(readFileSync(join(out, name, 'summary.csv'), 'utf8').split('\n')[0]).toBe(SUMMARY_COLUMNS.join(','));
    }
    expect(readFileSync(join(out, 'comparison.csv'), 'utf8').split('\n')[0]).toBe(COMPARISON_COLUMNS.join(','));
    const c = await rows(join(out, 'comparison.csv'));
    expect(new Set(c.map((d) => d.variant))).toEqual(new Set(['primary-first', 'same']));
    expect(c.every((d) => d.method === 'paired')).toBe(true);
    // The printed table: headline metrics per tier, each variant's value, change (* where the CI excludes
    // zero) and relative change; shares in %, their changes in percentage points.
    expect(r.out).toMatch(/Visits at primary care \(% of visits\)\s+region\s+(primary-first\s+)?[\d.]+\s+[\d.]+\s+\+[\d.]+ \(\+[\d.]+ to \+[\d.]+\) \*\s+\+[\d.]+ %/);
    expect(r.out).toContain('Mean wait for consultation (min)');
    expect(r.out).toContain('change = variant - baseline');
  });

  it('gives a difference of exactly 0 with CI [0, 0] for a variant identical to the baseline', async () => {
    const out = join(dir, 'out-same');
    const r = await cli('compare', TINY, join(dir, 'same.yaml'), '-j', '1', '-q', '-o', out);
    expect(r.code).toBe(0);
    const c = await rows(join(out, 'comparison.csv'));
    expect(c.length).toBeGreaterThan(50);
    for (const d of c) {
      expect(d.diff, `${d.metric} ${d.tier} ${d.facility} ${d.group}`).toBe(0);
      expect(d.variant_mean).toBe(d.baseline_mean);
      expect(d.significant).toBe(false);
      // A row seen in a single replication has no interval; every other row has exactly [0, 0].
      if (d.diff_ci_low !== null) expect([d.diff_ci_low, d.diff_ci_high]).toEqual([0, 0]);
    }
    expect(c.filter((d) => d.diff_ci_low !== null).length).toBeGreaterThan(0.9 * c.length);
    // Common random numbers: the variant's replications are those of the baseline.
    expect(readFileSync(join(out, 'same', 'replications.csv'), 'utf8')).toBe(readFileSync(join(out, 'tiny', 'replications.csv'), 'utf8'));
  });

  it('gives narrower intervals paired (common random numbers) than unpaired (Welch) for a lever variant', async () => {
    const paired = join(dir, 'out-paired');
    const unpaired = join(dir, 'out-unpaired');
    expect((await cli('compare', TINY, join(dir, 'primary-first.yaml'), '-r', '6', '-j', '1', '-q', '-o', paired)).code).toBe(0);
    expect((await cli('compare', TINY, join(dir, 'primary-first.yaml'), '-r', '6', '-j', '1', '-q', '-o', unpaired, '--unpaired')).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(unpaired, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ method: 'welch', seeds: { tiny: 11, 'primary-first': 11 + UNPAIRED_SEED_STRIDE } });
    const key = (d: any) => `${d.metric}|${d.tier}`;
    const width = (d: any) => d.diff_ci_high - d.diff_ci_low;
    const p = (await rows(join(paired, 'comparison.csv'))).filter((d) => !d.facility && !d.group && d.diff_ci_low !== null);
    const u = new Map((await rows(join(unpaired, 'comparison.csv'))).filter((d) => d.diff_ci_low !== null).map((d) => [key(d), d]));
    expect(u.values().next().value.method).toBe('welch');
    const both = p.filter((d) => u.has(key(d)) && (width(d) > 0 || width(u.get(key(d))) > 0));
    expect(both.length).toBeGreaterThan(30);
    const narrower = both.filter((d) => width(d) < width(u.get(key(d))));
    // Independent streams would make each interval as likely narrower as wider; pairing removes shared noise.
    expect(narrower.length / both.length).toBeGreaterThan(0.8);
    for (const k of ['primary_visit_share|', 'visits|township', 'doctor_daily_visits|village']) {
      const d = p.find((x) => key(x) === k);
      expect(width(d), k).toBeLessThan(width(u.get(k)));
    }
  });

  it('refuses variants whose region differs, naming the difference and suggesting --unpaired', async () => {
    const out = join(dir, 'out-region');
    const r = await cli('compare', TINY, join(dir, 'more-people.yaml'), '-j', '1', '-q', '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the region of variant "more-people" differs from that of baseline "tiny"');
    expect(r.err).toContain('village "n2": 700 residents in tiny, 750 residents in more-people');
    expect(r.err).toContain('paired comparison would be meaningless');
    expect(r.err).toContain('--unpaired');
    expect(existsSync(out)).toBe(false);
    const ok = await cli('compare', TINY, join(dir, 'more-people.yaml'), '-j', '1', '-q', '-o', out, '--unpaired');
    expect(ok.code).toBe(0);
    expect((await rows(join(out, 'comparison.csv'))).every((d) => d.method === 'welch')).toBe(true);
  });

  it('finds structural differences in conditions and facility links, and none for a lever change', () => {
    const tiny = loadScenario(TINY);
    const o = (path: string, value: unknown) => withOverrides(tiny, [{ path: 'name', value: 'v' }, { path, value }]);
    expect(structureDifferences(tiny, o('conditions[0].incidence', 1000))).toEqual(['condition "cold": incidence 900 in tiny, incidence 1000 in v']);
    expect(structureDifferences(tiny, o('region.counties[0].townships[1].villages[0].name', 's9'))).toEqual([
      'facility 7 is "s1" in tiny but "s9" in v', 'village 3 is "s1" in tiny but "s9" in v',
    ]);
    expect(structureDifferences(tiny, o('policies.reservedSlots.outpatientShare', 0.5))).toEqual([]);
    expect(structureDifferences(tiny, o('tiers.county.doctors', 5))).toEqual([]);
  });

  it('welchDifferences() uses the Welch-Satterthwaite interval and the comparison columns', () => {
    const r = (replication: number, value: number): ReplicationRow => ({ replication, metric: 'alos', tier: 'county', facility: '', group: '', value });
    const t = welchDifferences([1, 2, 3].map((v, i) => r(i, v)), [2, 4, 6, 8].map((v, i) => r(i, v)), 'v');
    expect(t.columnNames()).toEqual([...COMPARISON_COLUMNS]);
    const d = t.objects()[0] as any;
    const vb = 1 / 3;
    const vv = (20 / 3) / 4;
    const df = (vb + vv) ** 2 / (vb ** 2 / 2 + vv ** 2 / 3);
    const half = tQuantile(0.975, df) * Math.sqrt(vb + vv);
    expect(d).toMatchObject({ variant: 'v', baseline_mean: 2, variant_mean: 5, diff: 3, method: 'welch', significant: 3 - half > 0 });
    expect(d.diff_ci_low).toBeCloseTo(3 - half, 12);
    expect(d.diff_ci_high).toBeCloseTo(3 + half, 12);
    expect(d.rel_change).toBeCloseTo(1.5, 12);
  });

  it('rejects clashing names and invalid files before running anything', async () => {
    const out = join(dir, 'out-bad');
    const clash = await cli('compare', TINY, join(dir, 'tiny-again.yaml'), '-q', '-o', out);
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/tiny\.yaml and .*tiny-again\.yaml are both named "tiny"/);
    const twice = await cli('compare', TINY, join(dir, 'same.yaml'), join(dir, 'same.yaml'), '-q', '-o', out);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('are both named "same"');
    const bad = await cli('compare', TINY, join(dir, 'negative-doctors.yaml'), join(dir, 'missing.yaml'), '-q', '-o', out);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('negative-doctors.yaml:5 tiers.county.doctors: expected a non-negative integer, got -1');
    expect(bad.err).toContain('missing.yaml');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses variants named "..", "." or with a slash, writing nothing anywhere', async () => {
    const parent = mkdtempSync(join(dir, 'names-'));
    const out = join(parent, 'out');
    for (const [file, name] of [['up.yaml', '..'], ['here.yaml', '.'], ['slash.yaml', 'a/b'], ['hidden.yaml', '.x']]) {
      const path = join(parent, file);
      writeFileSync(path, `extends: ${TINY}\nname: "${name}"\n`);
      const before = readdirSync(parent).sort();
      const r = await cli('compare', TINY, path, '-q', '-o', out);
      expect(r.code, name).toBe(2);
      // Either the scenario's own validation or the folder-name check refuses it, before anything runs.
      expect(r.err, name).toMatch(/name/);
      expect(r.err, name).not.toMatch(/internal error/);
      expect(readdirSync(parent).sort(), name).toEqual(before);
    }
  });

  it('refuses an --out that is the folder of a scenario file, or holds one, and changes nothing', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const base = join(home, 'scenarios', 'base.yaml');
    mkdirSync(dirname(base));
    writeFileSync(base, `extends: ${TINY}\nname: base\n`);
    const v = join(home, 'v.yaml');
    writeFileSync(v, `extends: ${TINY}\nname: v\n`);
    for (const out of [join(home, 'scenarios'), home, base, dirname(TINY)]) {
      const r = await cli('compare', base, v, '-q', '-o', out, '--force');
      expect(r.code, out).toBe(2);
      expect(r.err, out).toMatch(/will not write to .*: it (is|holds) .*, an input of this command/);
    }
    expect(readdirSync(home).sort()).toEqual(['scenarios', 'v.yaml']);
    expect(readdirSync(join(home, 'scenarios'))).toEqual(['base.yaml']);
  });
});
