import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html.js';
import { readManifest, readResultTable } from '../../src/report/results.js';
import { sweepDifferences } from '../../src/report/sweepTables.js';
import {
  comparisonTableHtml, formatEstimate, formatRelative, formatValue, fullSummaryTableHtml, summaryTableHtml,
} from '../../src/report/tables.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const row = (metric: string, tier: string, mean: number, ci_low: number, ci_high: number, extra: object = {}) =>
  ({ metric, tier, facility: '', group: '', mean, ci_low, ci_high, sd: 1, n: 5, ...extra });

describe('report tables', () => {
  it('values have three significant figures and intervals as many decimals as their mean', () => {
    expect(formatValue('wait_consult', 6.30015)).toBe('6.30');
    expect(formatValue('wait_consult', 109.4)).toBe('109');
    expect(formatValue('cost_per_episode', 12_345.6)).toBe('12,346');
    expect(formatValue('bed_occupancy', 0.7612)).toBe('76.1 %');
    expect(formatValue('bed_occupancy', 0.004, true)).toBe('+0.400 pp');
    expect(formatValue('wait_consult', -2.5, true)).toBe('−2.50');
    expect(formatEstimate('wait_consult', 6.3, 5.8362, 6.7641)).toEqual({ value: '6.30', ci: '5.84 to 6.76' });
    expect(formatRelative(0.3)).toBe('+30 %');
    expect(formatRelative(-0.0123)).toBe('−1.2 %');
  });

  it('intervals are clipped to what the metric can take', () => {
    expect(formatEstimate('bed_occupancy', 0.95, 0.8, 1.12).ci).toBe('80.0 % to 100.0 %');
    expect(formatEstimate('wait_consult', 2, -1.5, 5.5).ci).toBe('0.00 to 5.50');
    expect(formatEstimate('bed_occupancy', 0.9, -1.3, 0.2, true).ci).toBe('−100.0 pp to +20.0 pp');
  });

  it('the headline table is metric x tier with units; the full table has every row, new metrics included', () => {
    const summary = aq.from([
      row('wait_consult', 'village', 6.3, 5.8, 6.8), row('wait_consult', '', 39.2, 37.1, 41.2),
      row('bed_occupancy', 'county', 0.75, 0.7, 0.8), row('wait_consult', 'village', 7, 6, 8, { group: 'walk_in' }),
      row('a_metric_added_later', 'county', 3, 2, 4),
    ]);
    const headline = summaryTableHtml(summary);
    expect(headline).toMatch(/<th>Metric<\/th><th>Unit<\/th><th class="num">village<\/th><th class="num">county<\/th><th class="num">all tiers<\/th>/);
    expect(headline).toContain('Mean wait for consultation</td><td>min</td>');
    expect(headline).toContain('75.0 %<span class="ci">70.0 % to 80.0 %</span>');
    expect(headline).not.toContain('a_metric_added_later');
    const full = fullSummaryTableHtml(summary);
    expect(full.match(/<tr>/g)).toHaveLength(6);
    expect(full).toContain('a_metric_added_later');
    expect(full).toContain('walk_in');
  });

  it('the comparison table marks differences whose CI excludes zero', () => {
    const html = comparisonTableHtml(aq.from([
      { metric: 'wait_consult', tier: 'county', facility: '', group: '', variant: 'v', baseline_mean: 50, variant_mean: 40, diff: -10, diff_ci_low: -12, diff_ci_high: -8, rel_change: -0.2, significant: true, method: 'paired' },
      { metric: 'wait_consult', tier: 'village', facility: '', group: '', variant: 'v', baseline_mean: 6, variant_mean: 6.1, diff: 0.1, diff_ci_low: -0.2, diff_ci_high: 0.4, rel_change: 0.0167, significant: false, method: 'paired' },
    ]));
    expect(html).toContain('<strong>−10.0</strong><span class="ci">−12.0 to −8.0</span>');
    expect(html).toContain('<span class="sig">yes</span>');
    expect(html.indexOf('village')).toBeLessThan(html.indexOf('county'));
    expect(html).toContain('−20 %');
  });

  it('sweep differences: Welch from the summaries when the points are not there', async () => {
    const dir = join(FIXTURES, 'results-sweep-small');
    const manifest = await readManifest(dir);
    const sweep = (await readResultTable(dir, 'sweep', manifest))!;
    const { table, paired } = await sweepDifferences(dir, manifest, sweep);
    expect(paired).toBe(false);
    const points = new Set(sweep.array('point') as number[]);
    expect(table.numRows()).toBe(sweep.numRows() - sweep.numRows() / points.size);
    const d = table.objects().find((r: any) => r.metric === 'wait_consult' && r.tier === 'county' && r.group === '' && r.variant === 'share = 1') as any;
    const at = (p: number) => sweep.objects().find((r: any) => r.point === p && r.metric === 'wait_consult' && r.tier === 'county' && r.group === '') as any;
    expect(d.diff).toBeCloseTo(at(4).mean - at(0).mean, 9);
    expect(d.method).toBe('welch');
  });

  it('sweep differences: paired over the points\' replications when they are there', async () => {
    const work = await mkdtemp(join(tmpdir(), 'tiersim-sweep-tables-'));
    try {
      await cp(join(FIXTURES, 'results-sweep-small'), work, { recursive: true });
      // Two points whose replications are the run fixture's, the second shifted by 1 in every value.
      const reps = await readFile(join(FIXTURES, 'results-run-small', 'replications.csv'), 'utf8');
      const shifted = reps.split('\n').map((line, i) => {
        if (i === 0 || line === '') return line;
        const cells = line.split(',');
        cells[cells.length - 1] = String(Number(cells[cells.length - 1]) + 1);
        return cells.join(',');
      }).join('\n');
      const sweep = aq.from((await readResultTable(work, 'sweep'))!.objects().filter((r: any) => r.point <= 1));
      for (const [k, text] of [[0, reps], [1, shifted]] as const) {
        await mkdir(join(work, 'points', String(k)), { recursive: true });
        await writeFile(join(work, 'points', String(k), 'replications.csv'), text);
      }
      const { table, paired } = await sweepDifferences(work, await readManifest(work), sweep);
      expect(paired).toBe(true);
      for (const r of table.objects() as any[]) {
        expect(r.diff).toBeCloseTo(1, 9);
        expect(r.diff_ci_low).toBeCloseTo(1, 9);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('every kind of report has its tables', async () => {
    const run = await buildReportHtml(join(FIXTURES, 'results-run-small'));
    expect(run).toContain('<table class="summary">');
    expect(run).toMatch(/<details><summary>All \d+ rows of summary.csv<\/summary>\s*<table class="full">/);
    const compare = await buildReportHtml(join(FIXTURES, 'results-compare-small'));
    expect(compare).toContain('<table class="comparison">');
    expect(compare).toMatch(/All \d+ rows of comparison.csv/);
    expect(compare).toMatch(/All \d+ rows of primary-first\/summary.csv/);
    const sweep = await buildReportHtml(join(FIXTURES, 'results-sweep-small'));
    expect(sweep).toContain('<table class="summary sweep">');
    expect(sweep).toContain('<h2>Differences from the first point</h2>');
    expect(sweep).toMatch(/<th>Point<\/th>/);
  });
});
