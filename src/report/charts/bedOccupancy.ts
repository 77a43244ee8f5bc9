/**
 * Chart: daily bed occupancy over simulated time by tier (timeseries.csv), mean over replications
 * with its 95 % t-interval band (clipped to [0, 1]), the warm-up period shaded and 85 % occupancy marked.
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { meanByGroup } from '../../metrics/tables.js';
import { CHART_CONFIG } from '../theme.js';
import { clipToMetric, linearAxis } from '../numbers.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, round6, rows, tierColor, tierOrder, withTierLabel } from './common.js';

/** Occupancy above which a ward counts as (nearly) full, as in the `time_above_85` metric. */
const HIGH_OCCUPANCY = 0.85;

/**
 * Builds the bed-occupancy spec from timeseries rows (`replication, day, tier, metric, value`; only
 * `metric == 'bed_occupancy'` is used). `warmupDays` (manifest.warmupDays) is shaded grey.
 */
export function bedOccupancySpec(timeseries: ColumnTable, warmupDays: number, ctx: ChartContext = {}): TopLevelSpec {
  const daily = meanByGroup(timeseries.filter((d: any) => d.metric === 'bed_occupancy'), ['tier', 'day']);
  const data = withTierLabel(rows(daily)).map((d) => ({
    tier_label: d.tier_label, day: d.day, mean: round6(d.mean), ci_low: round6(clipToMetric('bed_occupancy', d.ci_low)), ci_high: round6(clipToMetric('bed_occupancy', d.ci_high)), n: d.n,
  }));
  const order = tierOrder(data.map((d) => d.tier_label));
  const firstDay = data.reduce((m, d) => Math.min(m, d.day), Infinity);
  const color = tierColor(order, true);
  const x = { field: 'day', type: 'quantitative' as const, title: 'Simulated time (days)', axis: { format: ',d', tickMinStep: 1 } };
  // Occupancy lies in [0, 1] (the band is clipped there too), so the axis always shows all of it.
  const share = linearAxis(0, 1, 'share', { count: 5 });
  const y = { type: 'quantitative' as const, title: 'Beds occupied (share of beds)', scale: share.scale, axis: share.axis };

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Bed occupancy over simulated time by tier',
      subtitle: [contextLine(ctx), 'Daily mean over replications with 95 % CI band; grey: warm-up (not counted in results)'].filter(Boolean),
    },
    config: CHART_CONFIG,
    width: 640,
    height: 300,
    data: { values: data },
    layer: [
      {
        data: { values: [{ start: Number.isFinite(firstDay) ? firstDay : 0, end: warmupDays, label: 'warm-up' }] },
        mark: { type: 'rect', color: '#bbbbbb', opacity: 0.25 },
        encoding: { x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' } },
      },
      {
        data: { values: [{ start: Number.isFinite(firstDay) ? firstDay : 0, label: 'warm-up' }] },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 4, color: '#555555', fontSize: 11 },
        encoding: { x: { field: 'start', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ level: HIGH_OCCUPANCY }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#777777' },
        encoding: { y: { field: 'level', type: 'quantitative' } },
      },
      {
        mark: { type: 'area', opacity: 0.2 },
        encoding: { x, y: { ...y, field: 'ci_low' }, y2: { field: 'ci_high' }, color },
      },
      {
        mark: { type: 'line', strokeWidth: 1.8 },
        encoding: { x, y: { ...y, field: 'mean' }, color },
      },
      {
        transform: [{ pivot: 'tier_label', value: 'mean', groupby: ['day'] }],
        mark: { type: 'rule', color: '#555555' },
        params: [{ name: 'hover', select: { type: 'point', fields: ['day'], nearest: true, on: 'pointerover', clear: 'pointerout' } }],
        encoding: {
          x,
          opacity: { condition: { param: 'hover', empty: false, value: 0.4 }, value: 0 },
          tooltip: [
            { field: 'day', type: 'quantitative', title: 'Day', format: ',d' },
            ...order.map((t) => ({ field: t, type: 'quantitative' as const, title: `${t} occupancy`, format: '.1%' })),
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
