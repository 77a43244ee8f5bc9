import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { runCli } from '../helpers/cli.js';
import { latinHypercubeColumn } from '../../src/run/lhs.js';
import { uncertainQuantile, type UncertainDist } from '../../src/scenario/uncertainty.js';
import { psaSummary } from '../../src/run/psa.js';

const FIX = 'test/fixtures/scenarios';
let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-psa-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

describe('Latin hypercube', () => {
  it('puts exactly one draw of each parameter in each of the N strata', () => {
    for (const n of [1, 7, 200]) {
      for (const name of ['a', 'tiers.township.beds']) {
        const u = latinHypercubeColumn(n, 11, name);
        const strata = u.map((x) => Math.floor(x * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(u.every((x) => x > 0 && x < 1)).toBe(true);
      }
    }
  });

  it('pairs the strata of different parameters differently, and repeats with the seed', () => {
    expect(latinHypercubeColumn(50, 11, 'a')).not.toEqual(latinHypercubeColumn(50, 11, 'b'));
    expect(latinHypercubeColumn(50, 11, 'a')).toEqual(latinHypercubeColumn(50, 11, 'a'));
    expect(latinHypercubeColumn(50, 12, 'a')).not.toEqual(latinHypercubeColumn(50, 11, 'a'));
  });

  it('gives each distribution its mean and sd through the quantiles', () => {
    const dists: UncertainDist[] = [
      { dist: 'gamma', mean: 1500, sd: 150 }, { dist: 'beta', mean: 0.3, sd: 0.1 }, { dist: 'lognormal', mean: 12, sd: 5 },
      { dist: 'normal', mean: -2, sd: 3 }, { dist: 'uniform', min: 2, max: 8 }, { dist: 'triangular', min: 10, mode: 12, max: 15 },
    ];
    const sds = [150, 0.1, 5, 3, 6 / Math.sqrt(12), Math.sqrt((100 + 144 + 225 - 120 - 150 - 180) / 18)];
    const means = [1500, 0.3, 12, -2, 5, 37 / 3];
    dists.forEach((d, i) => {
      const xs = latinHypercubeColumn(2000, 5, d.dist).map((u) => uncertainQuantile(d, u));
      const m = xs.reduce((a, x) => a + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
      expect(Math.abs(m - means[i])).toBeLessThan(0.01 * sds[i]);
      expect(Math.abs(sd / sds[i] - 1)).toBeLessThan(0.02);
    });
  });
});

describe('psa summary', () => {
  it('counts the samples in which a variant improves on the baseline, in the catalog direction', () => {
    const row = (sample: number, scenario: string, metric: string, mean: number) => ({ sample, scenario, metric, tier: 'county', facility: '', group: '', mean });
    const rows = [
      row(0, 'b', 'wait_consult', 10), row(0, 'v', 'wait_consult', 8),
      row(1, 'b', 'wait_consult', 10), row(1, 'v', 'wait_consult', 12),
      row(2, 'b', 'wait_consult', 10), row(2, 'v', 'wait_consult', 10),
      row(3, 'b', 'wait_consult', 10), row(3, 'v', 'wait_consult', 9),
    ];
    const out = psaSummary(rows, ['b', 'v']);
    expect(out.find((r) => r.scenario === 'v')!.p_better).toBe(0.5);
    expect(out.find((r) => r.scenario === 'b')!.p_better).toBeNull();
    expect(out.find((r) => r.scenario === 'v')!.mean).toBe(9.75);
  });
});

describe('tiersim psa', () => {
  it('with zero-width distributions reproduces an ordinary run bit for bit', async () => {
    const psa = await runCli('psa', `${FIX}/psa/flat.yaml`, '-n', '2', '-r', '2', '--workers', '1', '--out', join(dir, 'flat'), '--quiet');
    expect(psa.code, psa.err).toBe(0);
    const run = await runCli('run', `${FIX}/tiny.yaml`, '-r', '2', '--workers', '1', '--out', join(dir, 'run'), '--quiet');
    expect(run.code, run.err).toBe(0);
    const summary = csv(join(dir, 'run', 'summary.csv'));
    const rows = csv(join(dir, 'flat', 'psa.csv'));
    const key = (r: Record<string, string>) => [r.metric, r.tier, r.facility, r.group].join('|');
    for (const sample of ['0', '1']) {
      const mine = rows.filter((r) => r.sample === sample);
      expect(mine.length).toBe(summary.length);
      const means = new Map(mine.map((r) => [key(r), r.mean]));
      for (const s of summary) expect(means.get(key(s)), key(s)).toBe(s.mean);
      expect(mine.every((r) => r['conditions[0].incidence'] === '900' && r['tiers.township.beds'] === '10')).toBe(true);
    }
  });

  it('writes byte-identical psa.csv with 1 and 2 workers, pairing a variant with the baseline', async () => {
    const args = (w: string) => ['psa', `${FIX}/psa/uncertain.yaml`, `${FIX}/psa/more-doctors.yaml`, '-n', '3', '-r', '2', '--workers', w, '--out', join(dir, `w${w}`)];
    const one = await runCli(...args('1'));
    expect(one.code, one.err).toBe(0);
    const two = await runCli(...args('2'), '--quiet');
    expect(two.code, two.err).toBe(0);
    const a = readFileSync(join(dir, 'w1', 'psa.csv'), 'utf8');
    expect(readFileSync(join(dir, 'w2', 'psa.csv'), 'utf8')).toBe(a);
    const samples = csv(join(dir, 'w1', 'samples.csv'));
    expect(samples.map((s) => s.sample)).toEqual(['0', '1', '2']);
    expect(samples.every((s) => Number.isInteger(Number(s['tiers.township.beds'])))).toBe(true);
    expect(new Set(samples.map((s) => s['conditions[0].incidence'])).size).toBe(3);
    expect(new Set(csv(join(dir, 'w1', 'psa.csv')).map((r) => r.scenario))).toEqual(new Set(['tiny-psa', 'tiny-psa-doctors']));
    expect(one.out).toContain('P(better)');
    expect(one.out).toMatch(/Mean wait for consultation/);
    expect(one.out).toContain('no partial rank correlations for tiny-psa-doctors - tiny-psa: they need more samples than inputs + 2 (5)');
    const prcc = csv(join(dir, 'w1', 'psa_prcc.csv'));
    expect(Object.keys(prcc[0])).toEqual(['scenario', 'metric', 'tier', 'facility', 'group', 'parameter', 'prcc', 'p_value', 'n']);
    expect(new Set(prcc.map((r) => r.scenario))).toEqual(new Set(['tiny-psa', 'tiny-psa-doctors', 'tiny-psa-doctors - tiny-psa']));
    expect(new Set(prcc.map((r) => r.parameter))).toEqual(new Set(Object.keys(samples[0]).filter((c) => c !== 'sample')));
    expect(prcc.every((r) => r.n === '3')).toBe(true);
    expect(readFileSync(join(dir, 'w2', 'psa_prcc.csv'), 'utf8')).toBe(readFileSync(join(dir, 'w1', 'psa_prcc.csv'), 'utf8'));
    const spec = JSON.parse(readFileSync(join(dir, 'w1', 'tornado-wait_consult.vl.json'), 'utf8'));
    expect(spec.vconcat[0].layer[0].encoding.x.title).toBe('Difference, tiny-psa-doctors - tiny-psa (min)');
    expect(readFileSync(join(dir, 'w1', 'tornado-wait_consult.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('reports unknown paths, bad distributions and bad draws at their file and line, exit 2', async () => {
    const bad = await runCli('psa', `${FIX}/psa/bad.yaml`, '-n', '2', '--out', join(dir, 'bad'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad.yaml:4 uncertainty.conditions[0].incidense: unknown field `incidense` in conditions[0]; did you mean `incidence`?');
    expect(bad.err).toContain('bad.yaml:5 uncertainty.simulation.days');
    expect(bad.err).toContain('bad.yaml:6 uncertainty.conditions[0].name: conditions[0].name is not a numeric field');
    const dist = await runCli('validate', `${FIX}/psa/bad-dist.yaml`);
    expect(dist.code).toBe(2);
    expect(dist.err).toContain('bad-dist.yaml:4 uncertainty.conditions[1].capability.village.mean: expected a number between 0 and 1 (exclusive), got 1.5');
    expect(dist.err).toContain('bad-dist.yaml:5 uncertainty.tiers.county.beds.mode');
    expect(dist.err).toContain('bad-dist.yaml:6 uncertainty.conditions[0].incidence.sd: expected a number >= 0, got -3');
    const draw = await runCli('psa', `${FIX}/psa/bad-draw.yaml`, '-n', '4', '-r', '1', '--out', join(dir, 'draw'));
    expect(draw.code).toBe(2);
    expect(draw.err).toMatch(/bad-draw\.yaml:4 uncertainty\.conditions\[1\]\.capability\.village: sample \d draws 1\.\d+ \(scenario tiny\), which the field refuses: expected a number between 0 and 1/);
    expect(draw.err).not.toMatch(/internal error|\n\s+at /);
  });

  it('refuses a scenario without an uncertainty block', async () => {
    const r = await runCli('psa', `${FIX}/tiny.yaml`, '-n', '2', '--out', join(dir, 'none'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('no `uncertainty:` block');
  });
});

describe('tiersim psa options', () => {
  it('accepts --report, with the tornado charts of the baseline when there is no variant', async () => {
    const r = await runCli('psa', `${FIX}/psa/uncertain.yaml`, '-n', '8', '-r', '1', '--workers', '1', '--report', '--out', join(dir, 'rep'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Mean wait for consultation \(min\) +village +(conditions|tiers)\S+ [+-]\d\.\d\d/);
    expect(r.out).toContain('inputs with the largest |PRCC| (tiny-psa)');
    const spec = JSON.parse(readFileSync(join(dir, 'rep', 'tornado-wait_consult.vl.json'), 'utf8'));
    expect(spec.vconcat[0].layer[0].encoding.x.title).toBe('Mean wait for consultation (min)');
  });
});
