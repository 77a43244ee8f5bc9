import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRecords, readTable, summarise, toCsv, writeTable } from '../../src/metrics/tables.js';

/** Names a hostile scenario could give a facility: formulas, and text that needs quoting. */
const HOSTILE = ["=cmd|' /C calc'!A0", '+1', '-x', '@x', '\tx', '\rx', 'a,b', 'say "hi"', 'line\nbreak', '=x\ny', 'plain'];

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'tiersim-csv-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('CSV writing', () => {
  it('neutralises formula-leading text cells with a quote and quotes cells that need it, writing numbers plain', async () => {
    const table = aq.table({
      metric: HOSTILE.map(() => 'wait_consult'),
      facility: HOSTILE,
      value: HOSTILE.map((_, i) => (i === 2 ? -12.5 : i === 3 ? NaN : i === 4 ? null : i)),
      flag: HOSTILE.map((_, i) => i % 2 === 0),
    });
    await writeTable(dir, 'hostile', table);
    const text = await readFile(join(dir, 'hostile.csv'), 'utf8');
    expect(text).toBe([
      'metric,facility,value,flag',
      `wait_consult,"'=cmd|' /C calc'!A0",0,true`,
      `wait_consult,"'+1",1,false`,
      `wait_consult,"'-x",-12.5,true`,
      `wait_consult,"'@x",,false`,
      `wait_consult,"'\tx",,true`,
      `wait_consult,"'\rx",5,false`,
      'wait_consult,"a,b",6,true',
      'wait_consult,"say ""hi""",7,false',
      'wait_consult,"line\nbreak",8,true',
      `wait_consult,"'=x\ny",9,false`,
      'wait_consult,plain,10,true',
      '',
    ].join('\n'));
    const back = (await readTable(join(dir, 'hostile.csv'))).objects() as any[];
    const neutral = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    expect(back.map((d) => d.facility)).toEqual(HOSTILE.map(neutral));
    expect(back.map((d) => d.value)).toEqual([0, 1, -12.5, null, null, 5, 6, 7, 8, 9, 10]);
    expect(back.map((d) => d.flag)).toEqual(HOSTILE.map((_, i) => i % 2 === 0));
  });

  it('writes ordinary tables byte for byte as before (arquero toCSV)', () => {
    const rows = [1, 2, 4].flatMap((v, r) => [
      { replication: r, metric: 'alos', tier: 'county', facility: 'river-county', group: '', value: v / 3 },
      { replication: r, metric: 'cost', tier: '', facility: '', group: 'out_of_pocket', value: -v * 1e-7 },
      { replication: r, metric: 'visits', tier: 'village', facility: '', group: '', value: 1e21 * v },
    ]);
    const summary = summarise(rows);
    expect(toCsv(summary)).toBe(summary.toCSV());
    expect(toCsv(aq.from(rows))).toBe(aq.from(rows).toCSV());
    const empty = aq.table({ tier: [], count: [] });
    expect(toCsv(empty)).toBe('tier,count\n');
  });

  it('reads key columns back as the text written, even when it looks like a number', async () => {
    const table = aq.table({ metric: ['m', 'm'], facility: ['1e3', '007'], value: [1, 2] });
    await writeTable(dir, 't', table);
    expect((await readTable(join(dir, 't.csv'))).objects()).toEqual(table.objects());
  });
});

describe('csvRecords', () => {
  it('splits at line ends outside quotes, keeping each record as written', () => {
    const text = 'point,facility\n0,"a\nb"\n1,"say ""x,\ny"""\r\n2,plain\n';
    expect(csvRecords(text)).toEqual(['point,facility', '0,"a\nb"', '1,"say ""x,\ny"""', '2,plain']);
    expect(csvRecords('a\nb')).toEqual(['a', 'b']);
    expect(csvRecords('')).toEqual([]);
  });
});
