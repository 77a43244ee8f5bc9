import { join } from 'node:path';
import * as aq from 'arquero';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartsFor } from '../../src/report/charts.js';
import { bedOccupancySpec } from '../../src/report/charts/bedOccupancy.js';
import { forestPlotSpec } from '../../src/report/charts/forestPlot.js';
import { referralFlowsSpec } from '../../src/report/charts/referralFlows.js';
import { sweepSpec } from '../../src/report/charts/sweep.js';
import { waitDistributionSpec } from '../../src/report/charts/waitDistribution.js';
import { toVega } from '../../src/report/render.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

interface Axis { title: string; labels: string[]; grid: number }

/** Each axis a spec draws (title, tick labels, grid lines), read from Vega's scenegraph after a headless run. */
async function axes(spec: TopLevelSpec): Promise<Axis[]> {
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none' });
  await view.runAsync();
  const found: Axis[] = [];
  /** The marks of `role` anywhere below `node`. */
  const marks = (node: any, role: string): any[] =>
    node?.marktype && node.role === role ? [node] : (node?.items ?? []).flatMap((child: any) => marks(child, role));
  const walk = (node: any): void => {
    if (!node) return;
    if (node.marktype === 'group' && node.role === 'axis') {
      for (const axis of node.items ?? []) {
        const labels = marks(axis, 'axis-label').flatMap((m) => m.items.map((i: any) => String(i.text)));
        const title = marks(axis, 'axis-title').map((m) => [m.items?.[0]?.text ?? ''].flat().join(' ')).join(' ');
        found.push({ title, labels, grid: 0 });
      }
      return;
    }
    if (node.marktype === 'rule' && node.role === 'axis-grid') {
      found.push({ title: '(grid)', labels: [], grid: node.items.length });
    }
    for (const child of node.items ?? []) walk(child);
  };
  walk((view.scenegraph() as any).root);
  view.finalize();
  return found;
}

/** Asserts every labelled axis of `spec` reads cleanly: no repeated label, no exponent notation. */
async function expectReadable(name: string, spec: TopLevelSpec): Promise<Axis[]> {
  const found = await axes(spec);
  const labelled = found.filter((a) => a.labels.length > 0);
  // The network diagram alone draws no axis.
  if (!name.endsWith('referral-network')) expect(labelled.length, name).toBeGreaterThan(0);
  for (const { title, labels } of labelled) {
    expect(new Set(labels).size, `${name} / ${title}: ${labels.join(', ')}`).toBe(labels.length);
    for (const l of labels) expect(l, `${name} / ${title}`).not.toMatch(/\de[+-]?\d/i);
  }
  return found;
}

const summaryRow = (metric: string, tier: string, mean: number) =>
  ({ metric, tier, facility: '', group: '', mean, ci_low: mean, ci_high: mean, sd: 0, n: 5 });

describe('axis tick labels', () => {
  for (const kind of ['run', 'compare', 'sweep']) {
    it(`${kind} fixture: no axis repeats a label, none uses exponent notation`, async () => {
      const { charts } = await chartsFor(join(FIXTURES, `results-${kind}-small`));
      for (const { name, spec } of charts) await expectReadable(name, spec);
    });
  }

  it('wait distribution with small shares and waits of days: distinct share steps, round durations, few grid lines', async () => {
    // Most patients do not wait; the rest spread thinly from 1 min to about 11 days: every bin's share is below 1 %.
    const hist = aq.from([{ tier: 'county', bin_low: 0, bin_high: 0, count: 30000 },
      ...Array.from({ length: 14 }, (_, k) => ({ tier: 'county', bin_low: 2 ** k, bin_high: 2 ** (k + 1), count: 100 + 7 * k }))]);
    const summary = aq.from([summaryRow('wait_consult_p50', 'county', 300), summaryRow('wait_consult_p90', 'county', 9000)]);
    const found = await expectReadable('wait-distribution', waitDistributionSpec(hist, summary));
    const time = found.find((a) => a.title.startsWith('Wait from'))!;
    expect(time.labels).toContain('1 h');
    expect(time.labels).toContain('1 d');
    expect(time.labels.length).toBeLessThanOrEqual(10);
    const share = found.find((a) => a.title === 'Share of patients')!;
    expect(share.labels.some((l) => /\d\.\d %/.test(l)), share.labels.join(', ')).toBe(true);
    for (const grid of found.filter((a) => a.title === '(grid)')) expect(grid.grid).toBeLessThanOrEqual(10);
  });

  it('sweep over a narrow span of shares and tiny parameter steps', async () => {
    const rows = [0.001, 0.002, 0.003].flatMap((x, point) => [
      { point, 'policy.primaryFirst.share': x, ...summaryRow('primary_visit_share', '', 0.401 + 0.004 * point), ci_low: 0.4 + 0.004 * point, ci_high: 0.403 + 0.004 * point },
      { point, 'policy.primaryFirst.share': x, ...summaryRow('cost_per_episode', '', 1.2e6 + 1e5 * point) },
    ]);
    await expectReadable('sweep', sweepSpec(aq.from(rows), ['policy.primaryFirst.share']));
  });

  it('forest plot with differences of a fraction of a percentage point', async () => {
    const rows = ['village', 'county'].map((tier, i) => ({
      metric: 'bed_occupancy', tier, facility: '', group: '', variant: 'v', baseline_mean: 0.5, variant_mean: 0.503,
      diff: 0.003 + i * 0.001, diff_ci_low: 0.001, diff_ci_high: 0.006, rel_change: 0.006, significant: true, method: 'paired',
    }));
    await expectReadable('forest-plot', forestPlotSpec(aq.from(rows), 'base'));
  });

  it('bed occupancy over a few days and referral rates in the millions', async () => {
    const series = aq.from([0, 1, 2, 3].flatMap((day) => [0, 1].map((replication) =>
      ({ replication, day, tier: 'county', metric: 'bed_occupancy', value: 0.5 + 0.4 * replication }))));
    await expectReadable('bed-occupancy', bedOccupancySpec(series, 1));
    const flows = aq.from([{ from_tier: 'village', to_tier: 'township', direction: 'up', mean: 2.5e6, ci_low: 2.4e6, ci_high: 2.6e6, n: 5 }]);
    await expectReadable('referral-flows', referralFlowsSpec(flows, { days: 400, warmupDays: 35 }));
  });
});
