/** The printing options of run, compare and sweep on the command line (tiny scenario, short runs). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';

const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
const SHORT = ['-r', '2', '-d', '12', '-w', '2', '-j', '1', '-q'];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiersim-print-'));
  writeFileSync(join(dir, 'pf.yaml'), `extends: ${TINY}\nname: pf\npolicies:\n  primaryFirst: { signedShare: 0.6, compliance: 0.8 }\n`);
  writeFileSync(join(dir, 'same.yaml'), `extends: ${TINY}\nname: same\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Checks a user error: exit code 2, one block on stderr, no stack and nothing written. */
function expectUserError(r: { err: string; code: number }, text: string): void {
  expect(r.code).toBe(2);
  expect(r.err).toContain(text);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
}

describe('printing options', () => {
  it('run --metrics --layout long prints only those metrics, a line per tier', async () => {
    const r = await runCli('run', TINY, ...SHORT.filter((a) => a !== '-q'), '-o', join(dir, 'run'), '--metrics', 'wait_consult_p75,primary_visit_share', '--layout', 'long');
    expect(r.code).toBe(0);
    const table = r.out.split('\n').filter((l) => /^(metric|\S.*\(|\s+(village|township|county|regional|region)\s)/.test(l) && !l.startsWith('tiny:'));
    expect(table[0].split(/\s{2,}/)).toEqual(['metric', 'tier', 'mean (95 % CI)']);
    expect(r.out).toContain('75th-percentile wait for consultation (min)');
    expect(r.out).toMatch(/Visits at primary care \(% of visits\)\s+region\s+\d/);
    expect(r.out).not.toContain('Bed occupancy');
  });

  it('refuses an unknown metric, layout, variant or point before running', async () => {
    expectUserError(await runCli('run', TINY, ...SHORT, '-o', join(dir, 'x1'), '--metrics', 'wait_consult,waits'), '--metrics: unknown metric "waits"');
    expectUserError(await runCli('run', TINY, ...SHORT, '-o', join(dir, 'x2'), '--layout', 'tall'), '--layout takes wide or long');
    expectUserError(await runCli('compare', TINY, join(dir, 'pf.yaml'), ...SHORT, '-o', join(dir, 'x3'), '--variants', 'pf,nope'), '--variants: "nope" is not a compared variant');
    expectUserError(await runCli('sweep', TINY, '-p', 'policies.primaryFirst.signedShare=0,0.6', ...SHORT, '-o', join(dir, 'x4'), '--variants', '0.3'), '--variants: "0.3" is neither a point number');
    for (const out of ['x1', 'x2', 'x3', 'x4']) expect(existsSync(join(dir, out))).toBe(false);
  });

  it('compare --variants prints the chosen variant with relative changes; sweep --variants the chosen points', async () => {
    const c = await runCli('compare', TINY, join(dir, 'pf.yaml'), join(dir, 'same.yaml'), ...SHORT.filter((a) => a !== '-q'), '-o', join(dir, 'cmp'),
      '--variants', 'pf', '--metrics', 'primary_visit_share', '--layout', 'wide');
    expect(c.code).toBe(0);
    const line = c.out.split('\n').find((l) => l.startsWith('Visits at primary care'))!;
    expect(line).toMatch(/region\s+\d+\.\d\s+\d+\.\d\s+[-+]\d+(\.\d+)? \([-+]?\d.* to [-+]?\d.*\)( \*)?\s+[-+]\d.* %$/);
    expect(c.out).not.toContain('same');
    const s = await runCli('sweep', TINY, '-p', 'policies.primaryFirst.signedShare=0,0.3,0.6', ...SHORT.filter((a) => a !== '-q'), '-o', join(dir, 'sw'),
      '--variants', '0,2', '--metrics', 'primary_visit_share', '--layout', 'long');
    expect(s.code).toBe(0);
    const rows = s.out.split('\n').filter((l) => /\sregion\s/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/)[2])).toEqual(['0', '0.6']);
    expect(rows[1]).toMatch(/[-+]\d.* %$/);
  });
});
