import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMPARISON_COLUMNS, type ReplicationRow, SUMMARY_COLUMNS, meanByGroup, pairedDifferences, readTable, summarise,
  sweepTable, writeTable,
} from '../../src/metrics/tables.js';

/** Student t quantiles t(0.975, df) from statistical tables, independent of src/metrics/ci.ts. */
const T975 = { 1: 12.706204736174696, 2: 4.302652729749464, 4: 2.7764451051977987 } as const;

function row(replication: number, metric: string, tier: string, value: number, group = '', facility = ''): ReplicationRow {
  return { replication, metric, tier, facility, group, value };
}

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'tiersim-tables-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('metrics/tables', () => {
  it('summarise() gives mean, sd and the 95 % interval computed by hand on the scale of the metric\'s range', () => {
    const values = [12, 15, 9, 14, 10];
    const rows = (metric: string, scale = 1) => values.map((v, r) => row(r, metric, 'county', v * scale));
    const mean = 12;
    const sd = Math.sqrt([0, 9, 9, 4, 4].reduce((a, b) => a + b, 0) / 4); // sqrt(26/4)
    const half = T975[4] * sd / Math.sqrt(5);
    // A metric of no known range ('real'): the plain t-interval.
    const real = summarise(rows('some_difference')).objects()[0] as Record<string, any>;
    expect(real).toMatchObject({ n: 5, ci_method: 't' });
    expect(real.mean).toBeCloseTo(mean, 12);
    expect(real.sd).toBeCloseTo(sd, 12);
    expect(real.ci_low).toBeCloseTo(mean - half, 9);
    expect(real.ci_high).toBeCloseTo(mean + half, 9);
    // A non-negative metric: exp(log(mean) -/+ half / mean) = mean * exp(-/+ half / mean).
    const wait = summarise(rows('wait_consult')).objects()[0] as Record<string, any>;
    expect(wait.mean).toBeCloseTo(mean, 12);
    expect(wait.ci_method).toBe('log');
    expect(wait.ci_low).toBeCloseTo(mean * Math.exp(-half / mean), 9);
    expect(wait.ci_high).toBeCloseTo(mean * Math.exp(half / mean), 9);
    // A share (values / 100): logistic(logit(p) -/+ se_p / (p (1 - p))).
    const p = mean / 100;
    const s = half / 100 / (p * (1 - p));
    const logistic = (x: number) => 1 / (1 + Math.exp(-x));
    const share = summarise(rows('bed_occupancy', 0.01)).objects()[0] as Record<string, any>;
    expect(share.ci_method).toBe('logit');
    expect(share.ci_low).toBeCloseTo(logistic(Math.log(p / (1 - p)) - s), 12);
    expect(share.ci_high).toBeCloseTo(logistic(Math.log(p / (1 - p)) + s), 12);
    // A percentage: the same on mean / 100, times 100.
    const percent = summarise(rows('admissions_blocked')).objects()[0] as Record<string, any>;
    expect(percent.ci_method).toBe('logit');
    expect(percent.ci_low).toBeCloseTo(100 * share.ci_low, 9);
    expect(percent.ci_high).toBeCloseTo(100 * share.ci_high, 9);
  });

  it('summarise() orders tiers village, township, county, regional, blank and keeps metrics and groups in input order', () => {
    const rows: ReplicationRow[] = [];
    for (let r = 0; r < 3; r++) {
      rows.push(row(r, 'bed_occupancy', 'regional', 0.9 + r / 100), row(r, 'bed_occupancy', '', 0.7));
      rows.push(row(r, 'wait_consult', '', 30), row(r, 'wait_consult', 'village', 5), row(r, 'wait_consult', 'village', 6, 'walk_in'));
      rows.push(row(r, 'wait_consult', 'village', 1, 'emergency'), row(r, 'wait_consult', 'township', 20), row(r, 'bed_occupancy', 'county', 0.75));
    }
    const s = summarise(rows);
    expect(s.columnNames()).toEqual([...SUMMARY_COLUMNS]);
    expect(s.objects().map((d: any) => `${d.metric}/${d.tier}/${d.group}`)).toEqual([
      'bed_occupancy/county/', 'bed_occupancy/regional/', 'bed_occupancy//',
      'wait_consult/village/', 'wait_consult/village/walk_in', 'wait_consult/village/emergency',
      'wait_consult/township/', 'wait_consult//',
    ]);
  });

  it('summarise() leaves sd and the interval empty for a single replication and zero-width for constant values', () => {
    const s = summarise([row(0, 'censored', '', 7), row(0, 'alos', 'county', 9), row(1, 'alos', 'county', 9)]).objects() as any[];
    expect(s[0]).toMatchObject({ metric: 'censored', mean: 7, n: 1, sd: null, ci_low: null, ci_high: null, ci_method: null });
    expect(s[1]).toMatchObject({ metric: 'alos', mean: 9, n: 2, sd: 0, ci_low: 9, ci_high: 9, ci_method: 'log' });
  });

  it('pairedDifferences() pairs by replication, not by row position, and summarises the differences', () => {
    const base = [10, 12, 11].map((v, r) => row(r, 'wait_consult', 'county', v));
    // Variant rows arrive in another order; each is its baseline value minus 2, 2.5, 1.5.
    const variant = [row(2, 'wait_consult', 'county', 9.5), row(0, 'wait_consult', 'county', 8), row(1, 'wait_consult', 'county', 9.5)];
    const c = pairedDifferences(base, variant, 'primary-first');
    expect(c.columnNames()).toEqual([...COMPARISON_COLUMNS]);
    const d = c.objects()[0] as any;
    const diffs = [-2, -2.5, -1.5];
    const sd = 0.5; // sd of -2, -2.5, -1.5
    const half = T975[2] * sd / Math.sqrt(3);
    expect(d).toMatchObject({ metric: 'wait_consult', tier: 'county', variant: 'primary-first', significant: true });
    expect(d.baseline_mean).toBeCloseTo(11, 12);
    expect(d.variant_mean).toBeCloseTo(9, 12);
    expect(d.diff).toBeCloseTo(diffs.reduce((a, b) => a + b) / 3, 12);
    expect(d.diff_ci_low).toBeCloseTo(-2 - half, 9);
    expect(d.diff_ci_high).toBeCloseTo(-2 + half, 9);
    expect(d.rel_change).toBeCloseTo(-2 / 11, 12);
  });

  it('pairedDifferences() marks intervals containing zero as not significant and drops unmatched rows', () => {
    const base = [row(0, 'alos', 'county', 9), row(1, 'alos', 'county', 10), row(0, 'visits', '', 0), row(1, 'visits', '', 0)];
    const variant = [row(0, 'alos', 'county', 10), row(1, 'alos', 'county', 9), row(0, 'visits', '', 1), row(1, 'visits', '', 1),
      row(0, 'tests_done', 'village', 3)];
    const c = pairedDifferences(base, variant, 'v').objects() as any[];
    expect(c.map((d) => d.metric)).toEqual(['alos', 'visits']);
    expect(c[0]).toMatchObject({ diff: 0, significant: false });
    expect(c[0].diff_ci_low).toBeLessThan(0);
    expect(c[1]).toMatchObject({ diff: 1, rel_change: null, diff_ci_low: 1, diff_ci_high: 1, significant: true });
  });

  it('sweepTable() stacks point summaries after the point and parameter columns', () => {
    const s0 = summarise([row(0, 'alos', 'county', 9), row(1, 'alos', 'county', 11)]);
    const s1 = summarise([row(0, 'alos', 'county', 8), row(1, 'alos', 'county', 8)]);
    const t = sweepTable([
      { point: 0, params: { 'beds.county': 100, 'policy.name': 'a' }, summary: s0 },
      { point: 1, params: { 'beds.county': 150, 'policy.name': 'b' }, summary: s1 },
    ]);
    expect(t.columnNames()).toEqual(['point', 'beds.county', 'policy.name', ...SUMMARY_COLUMNS]);
    expect(t.objects().map((d: any) => [d.point, d['beds.county'], d['policy.name'], d.mean])).toEqual([[0, 100, 'a', 10], [1, 150, 'b', 8]]);
  });

  it('meanByGroup() gives per-group means with t-intervals', () => {
    const t = meanByGroup(aq.from([{ day: 1, v: 1 }, { day: 1, v: 3 }, { day: 2, v: 5 }]), ['day'], 'v').objects() as any[];
    expect(t[0]).toMatchObject({ day: 1, mean: 2, n: 2 });
    expect(t[0].ci_high - t[0].mean).toBeCloseTo(T975[1] * Math.SQRT2 / Math.SQRT2, 9);
    expect(t[1]).toMatchObject({ day: 2, mean: 5, n: 1, ci_low: null });
  });

  it('writeTable()/readTable() round-trip CSV and Arrow IPC, keeping blank tiers, nulls and booleans', async () => {
    const base = [1, 2, 4].flatMap((v, r) => [row(r, 'alos', 'county', v), row(r, 'censored', '', 3), row(r, 'cost_per_episode', '', v * 10, 'insurance')]);
    const variant = base.map((d) => ({ ...d, value: d.value + d.replication }));
    const table = pairedDifferences(base, variant, 'v');
    const written = await writeTable(dir, 'comparison', table, ['csv', 'arrow']);
    expect(written).toEqual(['comparison.csv', 'comparison.arrow']);
    const header = (await readFile(join(dir, 'comparison.csv'), 'utf8')).split('\n')[0];
    expect(header).toBe(COMPARISON_COLUMNS.join(','));
    for (const file of written) {
      const back = await readTable(join(dir, file));
      expect(back.columnNames()).toEqual(table.columnNames());
      expect(back.objects(), file).toEqual(table.objects());
    }
  });

  it('readTable() rejects unknown file types', async () => {
    await writeFile(join(dir, 'x.json'), '[]');
    await expect(readTable(join(dir, 'x.json'))).rejects.toThrow(/unsupported/);
  });
});
