/**
 * Chart (sweep): each headline metric against the first swept parameter, by tier, mean with a 95 %
 * CI band (sweep.csv). Further parameters are told apart by line dash.
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, metricAxisFormat, metricFormat, metricInfo } from '../theme.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, headlineRows, round6, tierColor, tierOrder } from './common.js';

/**
 * Builds the sweep spec: one panel per headline metric present (tier-level rows: empty facility and
 * group), x = the first parameter in `params`, colour = tier.
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
      mean: round6(d.mean), ci_low: round6(d.ci_low), ci_high: round6(d.ci_high), n: d.n,
    }));
  const numeric = data.every((d) => typeof d.x === 'number');
  const order = tierOrder(data.map((d) => d.tier_label));
  const color = tierColor(order, true);
  const x = { field: 'x', type: numeric ? ('quantitative' as const) : ('ordinal' as const), title: xParam };
  const detail = others.length > 0 ? { strokeDash: { field: 'others', type: 'nominal' as const, title: others.join(', ') } } : {};

  const panel = (metric: string) => {
    const fmt = metricFormat(metric);
    const { label, unit } = metricInfo(metric);
    const y = { type: 'quantitative' as const, title: unit || null, axis: { format: metricAxisFormat(metric) } };
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
