import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';

const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
const BASELINE = resolve('scenarios/baseline.yaml');
const SHARE = 'policies.reservedSlots.outpatientShare';
/** Quick settings for the runs that are allowed to go ahead. */
const QUICK = ['-r', '1', '-j', '1', '-q', '--days', '12', '--warmup', '2'];
let dir: string;

/** Writes a scenario extending `base` with the YAML lines given, and returns its path. */
function scenario(name: string, base: string, ...lines: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, [`extends: ${JSON.stringify(base)}`, `name: ${name}`, ...lines, ''].join('\n'));
  return file;
}

/** A one-village region of `population` residents on top of tiny. */
const oneVillage = (name: string, population: string) => scenario(name, TINY,
  'region:', '  regionalCentres: [{ name: city }]', '  counties:', '    - name: c', '      travelToRegional: 2 h',
  '      townships:', '        - name: t', '          travelToCounty: 40 min',
  `          villages: [{ name: v, population: ${population}, travelToTownship: 20 }]`);

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-limits-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Expects a refusal naming `what`, its size and limit, the flag lifting it, and an estimate. */
function expectRefused(r: { code: number; err: string; out: string }, line: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^tiersim: this run is too large for this machine \(\d+ cores?, .* of memory\); docs\/limits.md explains the limits:\n/);
  expect(r.err).toMatch(line);
  expect(r.err).toMatch(/\n {2}estimate: .*\n$/);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
}

describe('size limits', () => {
  it('refuses a region of too many residents, and --max-residents lifts the limit', async () => {
    const billion = oneVillage('billion', '1000000000');
    expectRefused(await runCli('run', billion, '-o', join(dir, 'x')),
      /\n {2}residents in the region: 1,000,000,000, over the limit of 100,000,000 \(lift it with --max-residents 1000000000\)\n/);
    const lifted = await runCli('run', billion, '--max-residents', '1e9', '-o', join(dir, 'x'));
    expect(lifted.err).not.toMatch(/residents in the region/); // memory still refuses it
    expectRefused(await runCli('run', TINY, ...QUICK, '--max-residents', '3999', '-o', join(dir, 'x')), /residents in the region: 4,000, over the limit of 3,999 \(lift it with --max-residents 4000\)/);
    expect(await runCli('run', TINY, ...QUICK, '--max-residents', '4000', '-o', join(dir, 'r'))).toMatchObject({ code: 0, err: '' });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('refuses a generated region of 10^9 villages before building it, and --max-villages lifts the limit', async () => {
    const villages = scenario('villages', BASELINE, 'region:', '  generate:', '    counties: 1000', '    townshipsPerCounty: 1000', '    villagesPerTownship: 1000');
    const t0 = performance.now();
    const r = await runCli('run', villages, '-o', join(dir, 'x'));
    expect(performance.now() - t0).toBeLessThan(5000);
    expectRefused(r, /\n {2}villages in the region: 1,000,000,000, over the limit of 1,000,000 \(lift it with --max-villages 1000000000\)\n/);
    expect((await runCli('run', villages, '--max-villages', '1e9', '-o', join(dir, 'x'))).err).not.toMatch(/villages in the region/);
    expectRefused(await runCli('run', TINY, ...QUICK, '--max-villages', '4', '-o', join(dir, 'x')), /villages in the region: 5, over the limit of 4 \(lift it with --max-villages 5\)/);
    expect((await runCli('run', TINY, ...QUICK, '--max-villages', '5', '-o', join(dir, 'v'))).code).toBe(0);
  });

  it('refuses too many expected episodes, and --max-episodes lifts the limit', async () => {
    // 1,200 villages of 20,000 residents, 100 episodes a resident a year (the most a file may say).
    const sick = scenario('sick', BASELINE, 'region:', '  generate:', '    villagePopulation: 20000',
      'conditions:', '  - name: flu', '    acuity: minor', '    incidence: 100000', '    capability: { village: 1 }');
    expectRefused(await runCli('run', sick, '-o', join(dir, 'x')), /\n {2}expected episodes a replication: [\d,]+, over the limit of 2,000,000,000 \(lift it with --max-episodes \d+\)\n/);
    // tiny, 12 days: 1.025 x 4,000 x 12 / 365 = 134.8 expected episodes.
    expectRefused(await runCli('run', TINY, ...QUICK, '--max-episodes', '134', '-o', join(dir, 'x')), /expected episodes a replication: 135, over the limit of 134 \(lift it with --max-episodes 135\)/);
    expect((await runCli('run', TINY, ...QUICK, '--max-episodes', '135', '-o', join(dir, 'e'))).code).toBe(0);
  });

  it('refuses overflowing figures whatever the flags say', async () => {
    const overflow = scenario('overflow', BASELINE, 'region:', '  generate:', '    villagePopulation: 1e308',
      'conditions:', '  - name: flu', '    acuity: minor', '    incidence: 100000', '    capability: { village: 1 }');
    const r = await runCli('run', overflow, '--max-residents', '1e300', '--max-episodes', '1e300', '--max-memory', '1e300', '-o', join(dir, 'x'));
    expectRefused(r, /\n {2}residents in the region: too large to count \(the figures overflow, limit 1e\+300\); no flag lifts this/);
    expect(r.err).toMatch(/expected episodes a replication: too large to count/);
  });

  it('refuses too many replications (2^32 too) and days, and their flags lift the limits', async () => {
    expectRefused(await runCli('run', TINY, '-r', '4294967296', '-o', join(dir, 'x')),
      /\n {2}replications: 4,294,967,296, over the limit of 10,000 \(lift it with --max-replications 4294967296\)\n/);
    expectRefused(await runCli('run', TINY, '--days', '1e7', '-o', join(dir, 'x')),
      /\n {2}simulated days: 10,000,000, over the limit of 36,500 \(lift it with --max-days 10000000\)\n/);
    expectRefused(await runCli('run', TINY, ...QUICK, '-r', '2', '--max-replications', '1', '-o', join(dir, 'x')), /replications: 2, over the limit of 1 \(lift it with --max-replications 2\)/);
    expectRefused(await runCli('run', TINY, ...QUICK, '--max-days', '11', '-o', join(dir, 'x')), /simulated days: 12, over the limit of 11 \(lift it with --max-days 12\)/);
    expect((await runCli('run', TINY, ...QUICK, '-r', '2', '--max-replications', '2', '--max-days', '12', '-o', join(dir, 'd'))).code).toBe(0);
  });

  it('refuses a run estimated to need more memory than --max-memory (default: the machine\'s)', async () => {
    expectRefused(await runCli('run', TINY, ...QUICK, '--max-memory', '0.1', '-o', join(dir, 'x')),
      /\n {2}estimated memory: \d+ MB, over the limit of 100 MB \(lift it with --max-memory 1\)\n/);
    expect((await runCli('run', TINY, ...QUICK, '--max-memory', '1', '-o', join(dir, 'm'))).code).toBe(0);
  });

  it('refuses a sweep grid of 10^9 points before building it, and --max-points lifts the limit', async () => {
    const values = `${SHARE}=${Array.from({ length: 1000 }, (_, i) => i / 1000).join(',')}`;
    const t0 = performance.now();
    const r = await runCli('sweep', TINY, '--param', values, '--param', `policies.primaryFirst.compliance=${Array.from({ length: 1000 }, (_, i) => i / 1000).join(',')}`,
      '--param', `choice.familyDoctor.coverage=${Array.from({ length: 1000 }, (_, i) => i / 1000).join(',')}`, '-o', join(dir, 'x'));
    expect(performance.now() - t0).toBeLessThan(5000);
    expectRefused(r, /\n {2}sweep grid points: 1,000,000,000, over the limit of 10,000 \(lift it with --max-points 1000000000\)\n/);
    expectRefused(await runCli('sweep', TINY, ...QUICK, '--param', `${SHARE}=0,0.5`, '--max-points', '1', '-o', join(dir, 'x')),
      /sweep grid points: 2, over the limit of 1 \(lift it with --max-points 2\)/);
    expect((await runCli('sweep', TINY, ...QUICK, '--param', `${SHARE}=0,0.5`, '--max-points', '2', '-o', join(dir, 's'))).code).toBe(0);
  });

  it('checks each sweep point and each compared scenario', async () => {
    expectRefused(await runCli('sweep', TINY, ...QUICK, '--param', 'region.counties[0].townships[0].villages[0].population=900,2000000000', '-o', join(dir, 'x')),
      /residents in the region: 2,000,003,100, over the limit of 100,000,000/);
    const billion = oneVillage('billion2', '1000000000');
    expectRefused(await runCli('compare', TINY, billion, ...QUICK, '-o', join(dir, 'x')), /residents in the region: 1,000,000,000, over the limit/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('documents every flag in --help', async () => {
    const run = await runCli('run', '--help');
    for (const flag of ['--max-residents', '--max-villages', '--max-episodes', '--max-replications', '--max-days', '--max-memory']) expect(run.out).toContain(flag);
    expect(run.out).not.toContain('--max-points');
    expect((await runCli('sweep', '--help')).out).toContain('--max-points <n>');
    expect((await runCli('run', TINY, '--max-days', 'many')).code).toBe(2);
  });
});
