/**
 * Chart: distribution of the wait from arrival to consultation, one panel per tier (wait_hist.csv),
 * with the tier's p50 and p90 (means over replications, from summary.csv) marked.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from '../theme.js';
import { linearAxis, logTimeAxis } from '../numbers.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, round6, rows, tierColor, tierOrder, withTierLabel } from './common.js';

const { op } = aq;

/** Width of each tier's panel (px). */
const WIDTH = 560;

/**
 * Merges histogram bins no wider than a doubling into display bins [2^k, 2^(k+1)) minutes, each
 * source bin by its lower edge, so the bars read the same whatever resolution the model used. A
 * positive bin starting at 0 (the model's [0, 0.01) min) opens the first display bin, [0, 2^(k+1))
 * with 2^k at or below its upper edge, and every finer bin joins it. Histograms with a wider bin are
 * returned unchanged.
 */
export function doublingBins(hist: ColumnTable): ColumnTable {
  const all = hist.select('tier', 'bin_low', 'bin_high', 'count').objects() as Array<{ tier: string; bin_low: number; bin_high: number; count: number }>;
  const positive = all.filter((d) => d.bin_high > 0);
  const fromZero = positive.filter((d) => d.bin_low === 0);
  const fine = positive.length > 0 && positive.every((d) => d.bin_low === 0 || (d.bin_low > 0 && d.bin_high <= d.bin_low * 2 * (1 + 1e-9)));
  if (!fine) return hist;
  const first = fromZero.length > 0 ? Math.floor(Math.log2(Math.max(...fromZero.map((d) => d.bin_high))) + 1e-9) : -Infinity;
  const merged = new Map<string, { tier: string; bin_low: number; bin_high: number; count: number }>();
  for (const d of positive) {
    const k = d.bin_low === 0 ? first : Math.max(first, Math.floor(Math.log2(d.bin_low) + 1e-9));
    const key = `${d.tier}\u0000${k}`;
    const bin = merged.get(key) ?? { tier: d.tier, bin_low: k === first ? 0 : 2 ** k, bin_high: 2 ** (k + 1), count: 0 };
    bin.count += d.count;
    merged.set(key, bin);
  }
  return aq.from([...all.filter((d) => d.bin_high === 0), ...merged.values()]);
}

/**
 * Builds the wait-distribution spec: bars give each bin's share of the tier's patients on a log
 * time axis (bins merged into doublings by {@link doublingBins}; symlog axis when a positive bin
 * starts at 0), dashed rules mark p50 and p90, and a label per panel gives the share seen without
 * waiting (the `0,0` bin) and the two percentiles.
 * @param hist rows of wait_hist.csv (`tier, bin_low, bin_high, count`)
 * @param summary rows of summary.csv (uses `wait_consult_p50` and `wait_consult_p90` per tier)
 */
export function waitDistributionSpec(hist: ColumnTable, summary: ColumnTable, ctx: ChartContext = {}): TopLevelSpec {
  const shares = doublingBins(hist)
    .groupby('tier')
    .derive({ share: (d: any) => d.count / op.sum(d.count), total: (d: any) => op.sum(d.count) })
    .ungroup();
  const bins = withTierLabel(rows(shares.filter((d: any) => d.bin_high > 0))).map((d) => ({
    kind: 'bin', tier_label: d.tier_label, bin_low: round6(d.bin_low), bin_high: round6(d.bin_high),
    share: round6(d.share), count: d.count,
  }));
  const zeroShare = new Map<string, number>();
  for (const d of withTierLabel(rows(shares.filter((d: any) => d.bin_high === 0)))) {
    zeroShare.set(d.tier_label, (zeroShare.get(d.tier_label) ?? 0) + d.share);
  }
  const order = tierOrder(bins.map((d) => d.tier_label).concat([...zeroShare.keys()]));
  const markers = withTierLabel(
    rows(
      summary
        .params({ stats: ['wait_consult_p50', 'wait_consult_p90'] })
        .filter((d: any, $: any) => op.includes($.stats, d.metric) && d.facility === '' && d.group === ''),
    ),
  )
    .filter((d) => order.includes(d.tier_label))
    .map((d) => ({ kind: 'marker', tier_label: d.tier_label, stat: d.metric === 'wait_consult_p50' ? 'p50' : 'p90', value: round6(d.mean) }));
  const notes = order.map((tier) => {
    const pct = (stat: string) => markers.find((m) => m.tier_label === tier && m.stat === stat)?.value;
    const parts = [`no wait ${((zeroShare.get(tier) ?? 0) * 100).toFixed(0)} %`];
    for (const stat of ['p50', 'p90']) {
      const v = pct(stat);
      if (v !== undefined && v !== null) parts.push(`${stat} ${v.toFixed(v < 10 ? 1 : 0)} min`);
    }
    return { kind: 'note', tier_label: tier, note: parts.join(' · ') };
  });
  const symlog = bins.some((d) => d.bin_low === 0);
  const xTitle = `Wait from arrival to consultation (${symlog ? 'symmetric log' : 'log'} scale)`;
  const lows = bins.map((d) => d.bin_low as number);
  const highs = bins.map((d) => d.bin_high as number);
  const time = logTimeAxis(lows.length > 0 ? Math.min(...lows) : 1, highs.length > 0 ? Math.max(...highs) : 60, WIDTH);
  const x = { type: 'quantitative' as const, scale: time.scale };
  const shareAxis = linearAxis(0, Math.max(0, ...bins.map((d) => d.share ?? 0)), 'share', { count: 3 });
  const only = (kind: string) => [{ filter: { field: 'kind', equal: kind } }];

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Waiting time to consultation by tier',
      subtitle: [contextLine(ctx), 'Share of patients per wait band after warm-up, pooled over replications; dashed lines: p50 and p90'].filter(Boolean),
    },
    config: CHART_CONFIG,
    data: { values: [...bins, ...markers, ...notes] },
    facet: {
      row: { field: 'tier_label', type: 'nominal', sort: order, title: null, header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' } },
    },
    spec: {
      width: WIDTH,
      height: 90,
      layer: [
        {
          transform: only('bin'),
          mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { ...x, field: 'bin_low', title: xTitle, axis: time.axis },
            x2: { field: 'bin_high' },
            y: { field: 'share', type: 'quantitative', title: 'Share of patients', scale: shareAxis.scale, axis: shareAxis.axis },
            y2: { datum: 0 },
            color: tierColor(order, false),
            tooltip: [
              { field: 'tier_label', type: 'nominal', title: 'Tier' },
              { field: 'bin_low', type: 'quantitative', title: 'Wait from (min)', format: ',.1f' },
              { field: 'bin_high', type: 'quantitative', title: 'Wait to (min)', format: ',.1f' },
              { field: 'share', type: 'quantitative', title: 'Share of patients', format: '.1%' },
              { field: 'count', type: 'quantitative', title: 'Patients (all replications)', format: ',d' },
            ],
          },
        },
        {
          transform: [...only('marker'), { filter: 'datum.value > 0' }],
          mark: { type: 'rule', strokeDash: [4, 3], color: '#333333' },
          encoding: {
            x: { ...x, field: 'value' },
            tooltip: [
              { field: 'tier_label', type: 'nominal', title: 'Tier' },
              { field: 'stat', type: 'nominal', title: 'Percentile' },
              { field: 'value', type: 'quantitative', title: 'Wait (min)', format: ',.1f' },
            ],
          },
        },
        {
          transform: [...only('marker'), { filter: 'datum.value > 0' }],
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, y: 2, fontSize: 10, color: '#333333' },
          encoding: { x: { ...x, field: 'value' }, text: { field: 'stat' } },
        },
        {
          transform: only('note'),
          mark: { type: 'text', align: 'right', baseline: 'top', x: 'width', y: -14, fontSize: 11, color: '#333333' },
          encoding: { text: { field: 'note' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  } as TopLevelSpec;
}
