import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readTable } from '../../src/metrics/tables.js';

const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
const SHARE = 'policies.reservedSlots.outpatientShare';
/** Township names (and so township-centre names in the tables) a spreadsheet would misread. */
const NORTH = "=cmd|' /C calc'!A0";
const SOUTH = 'south, "lower" valley';
let dir: string;
let scenario: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tiersim-csv-names-'));
  scenario = join(dir, 'hostile.yaml');
  writeFileSync(scenario, [
    `extends: ${JSON.stringify(TINY)}`,
    'name: hostile',
    'region:',
    '  regionalCentres: [{ name: city }]',
    '  counties:',
    '    - name: river-county',
    '      travelToRegional: 2 h',
    '      townships:',
    `        - name: ${JSON.stringify(NORTH)}`,
    '          travelToCounty: 40 min',
    '          villages: [{ name: n1, population: 900, travelToTownship: 20 }]',
    `        - name: ${JSON.stringify(SOUTH)}`,
    '          travelToCounty: 1 h',
    '          villages: [{ name: s1, population: 1000, travelToTownship: 15 }]',
    '',
  ].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('facility names in result tables', () => {
  it('are written neutralised and quoted, read back with their quote, and merge byte for byte', async () => {
    const args = ['sweep', scenario, '--param', `${SHARE}=0,0.5,0.25`, '-r', '2', '-j', '1', '-q', '--days', '20', '--warmup', '5'];
    const full = join(dir, 'full');
    expect(await runCli(...args, '-o', full)).toMatchObject({ code: 0, err: '' });
    const text = readFileSync(join(full, 'sweep.csv'), 'utf8');
    expect(text).toContain(`,"'${NORTH}",`);
    expect(text).toContain(`,"${SOUTH.replace(/"/g, '""')}",`);
    const names = new Set(((await readTable(join(full, 'sweep.csv'))).objects() as any[]).map((d) => d.facility));
    expect(names).toContain(`'${NORTH}`);
    expect(names).toContain(SOUTH);
    expect((await runCli(...args, '--shard', '1/2', '-o', join(dir, 's1'))).code).toBe(0);
    expect((await runCli(...args, '--shard', '2/2', '-o', join(dir, 's2'))).code).toBe(0);
    const merged = join(dir, 'merged');
    expect((await runCli('merge', join(dir, 's2'), join(dir, 's1'), '-q', '-o', merged)).code).toBe(0);
    expect(readFileSync(join(merged, 'sweep.csv'), 'utf8')).toBe(text);
  });
});
