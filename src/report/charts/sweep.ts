/**
 * Chart (sweep): each headline metric against the first swept parameter, by tier, mean with a 95 %
 * CI band (sweep.csv). Further parameters are told apart by line dash.
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, metricFormat, metricInfo } from '../theme.js';
import { clipToMetric, fixed, labelExpr, linearAxis, metricStyle, rangeBounds } from '../numbers.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, headlineRows, round6, tierColor, tierOrder } from './common.js';

/**
 * Axis of the swept parameter: a tick at each value swept when there are at most 12, labelled with
 * the fewest decimals (up to 6) that keep them apart; otherwise evenly spaced ticks.
 */
function pointAxis(values: number[]) {
  const unique = [...new Set(values)].sort((a, b) => a - b);
  if (unique.length === 0 || unique.length > 12) return linearAxis(Math.min(...values), Math.max(...values), 'number');
  let decimals = 0;
  while (decimals < 6 && new Set(unique.map((v) => fixed(v, decimals))).size < unique.length) decimals++;
  while (decimals < 6 && unique.some((v) => Math.abs(Number(fixed(v, decimals).replace(/[,−]/g, (c) => (c === '−' ? '-' : ''))) - v) > 1e-9)) decimals++;
  const lo = unique[0];
  const hi = unique[unique.length - 1];
  const pad = hi > lo ? 0 : Math.abs(lo) * 0.1 || 1;
  return {
    scale: { domain: [lo - pad, hi + pad], zero: false, nice: false },
    axis: { values: unique, labelExpr: labelExpr(unique, unique.map((v) => fixed(v, decimals))) },
  };
}

/**
 * Builds the sweep spec: one panel per headline metric present (tier-level rows: empty facility and
 * group), x = the first parameter in `params`, colour = tier. Bands are clipped to each metric's range.
 * @param params the parameter paths (manifest.params), in order; columns of the same name in `sweep`
 */
export function sweepSpec(sweep: ColumnTable, params: readonly string[], ctx: ChartContext = {}): TopLevelSpec {
  if (params.length === 0) throw new RangeError('sweepSpec: no parameters');
  const [xParam, ...others] = params;
  const { data: selected, metrics } = headlineRows(sweep);
  const data = selected
    .map((d) => ({
      point: d.point, x: d[xParam], others: others.map((p) => `${p} = ${d[p]}`).join(', '),
      metric: d.metric, tier_label: d.tier_label,
      mean: round6(d.mean), ci_low: round6(clipToMetric(d.metric, d.ci_low)), ci_high: round6(clipToMetric(d.metric, d.ci_high)), n: d.n,
    }));
  const numeric = data.every((d) => typeof d.x === 'number');
  const order = tierOrder(data.map((d) => d.tier_label));
  const color = tierColor(order, true);
  const x = { field: 'x', type: numeric ? ('quantitative' as const) : ('ordinal' as const), title: xParam, ...(numeric ? pointAxis(data.map((d) => d.x as number)) : {}) };
  const detail = others.length > 0 ? { strokeDash: { field: 'others', type: 'nominal' as const, title: others.join(', ') } } : {};

  const panel = (metric: string) => {
    const fmt = metricFormat(metric);
    const { label, unit } = metricInfo(metric);
    const ends = data.filter((d) => d.metric === metric).flatMap((d) => [d.mean, d.ci_low, d.ci_high]).filter((v): v is number => typeof v === 'number');
    const yAxis = linearAxis(ends.length > 0 ? Math.min(...ends) : 0, ends.length > 0 ? Math.max(...ends) : 1, metricStyle(metric), { count: 4, bounds: rangeBounds(metricInfo(metric).range) });
    const y = { type: 'quantitative' as const, title: unit || null, scale: yAxis.scale, axis: yAxis.axis };
    return {
      title: { text: label, fontSize: 13 },
      width: 300,
      height: 200,
      transform: [{ filter: { field: 'metric', equal: metric } }],
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'ci_low' }, y2: { field: 'ci_high' }, color, ...detail } },
        { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y: { ...y, field: 'mean' }, color, ...detail } },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x, y: { ...y, field: 'mean' }, color,
            tooltip: [
              { field: 'tier_label', type: 'nominal', title: 'Tier' },
              { field: 'x', type: numeric ? 'quantitative' : 'nominal', title: xParam },
              ...(others.length > 0 ? [{ field: 'others', type: 'nominal', title: 'Other parameters' }] : []),
              { field: 'mean', type: 'quantitative', title: 'Mean', format: fmt },
              { field: 'ci_low', type: 'quantitative', title: '95 % CI low', format: fmt },
              { field: 'ci_high', type: 'quantitative', title: '95 % CI high', format: fmt },
              { field: 'n', type: 'quantitative', title: 'Replications', format: ',d' },
            ],
          },
        },
      ],
    };
  };

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Sweep over ${params.join(', ')}`,
      subtitle: [contextLine(ctx), 'Mean over replications by tier with 95 % CI band'].filter(Boolean),
    },
    config: CHART_CONFIG,
    data: { values: data },
    concat: metrics.map(panel),
    columns: 2,
    spacing: 24,
    resolve: { scale: { color: 'shared', y: 'independent' } },
  } as TopLevelSpec;
}
