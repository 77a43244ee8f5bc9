/**
 * Chart (psa): tornado chart of one metric. For each uncertain input, the mean of the output over
 * the samples whose input lies in its lowest and in its highest fifth, as bars from the mean over
 * all samples; inputs sorted by span, one panel per tier (tiers where no input moves the output are left out).
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, OTHER_COLORS, metricAxisFormat, metricFormat, metricInfo, metricTitle, tierLabel } from '../theme.js';

/** One bar pair of a tornado chart: an input's one-way effect on a tier's output (its mean over the samples with the input in its lowest and highest fifth) and the output's mean over all samples. */
export interface TornadoRow { tier: string; parameter: string; mean: number; low: number; high: number; span: number }
import { VEGA_LITE_SCHEMA, round6, tierOrder } from './common.js';

const LOW = 'lowest fifth of the input';
const HIGH = 'highest fifth of the input';

/**
 * The tornado spec of `metric` from its one-way effects. `difference` names the paired difference
 * (e.g. "v - b") when the output is variant − baseline, so the axis says so; the x domain covers every
 * bar end and mean of all panels, so the panels share one scale.
 */
export function tornadoSpec(metric: string, rows: readonly TornadoRow[], opts: { scenario: string; difference: boolean; samples: number }): TopLevelSpec {
  const data = rows.flatMap((r) => [LOW, HIGH].map((end) => ({
    tier_label: tierLabel(r.tier), parameter: r.parameter, end, value: round6(end === LOW ? r.low : r.high), mean: round6(r.mean), span: round6(r.span),
  })));
  const ends = data.flatMap((d) => [d.value, d.mean]).filter((v): v is number => v !== null);
  const domain = ends.length > 0 ? [Math.min(...ends), Math.max(...ends)] : [0, 1];
  const info = metricInfo(metric);
  const unit = opts.difference && info.kind === 'share' ? 'percentage points' : info.unit;
  const title = opts.difference ? `Difference, ${opts.scenario}${unit ? ` (${unit})` : ''}` : metricTitle(metric);
  const fmt = metricFormat(metric, opts.difference);
  // Panels only for tiers where some input moves the output.
  const tiers = tierOrder(rows.filter((r) => r.span > 0).map((r) => tierLabel(r.tier)));
  const panel = (tier: string) => {
    const mine = rows.filter((r) => tierLabel(r.tier) === tier);
    const order = [...mine].sort((a, b) => b.span - a.span || a.parameter.localeCompare(b.parameter)).map((r) => r.parameter);
    const x = { type: 'quantitative' as const, title, scale: { domain, nice: true, zero: false }, axis: { format: metricAxisFormat(metric, opts.difference) } };
    const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 320 } };
    return {
      title: { text: tier, fontSize: 13 },
      width: 460,
      height: { step: 22 },
      transform: [{ filter: { field: 'tier_label', equal: tier } }],
      layer: [
        {
          mark: { type: 'bar', opacity: 0.85 },
          encoding: {
            y, x: { ...x, field: 'value' }, x2: { field: 'mean' },
            color: { field: 'end', type: 'nominal' as const, title: 'Samples', sort: [LOW, HIGH], legend: { labelLimit: 260 }, scale: { domain: [LOW, HIGH], range: [OTHER_COLORS[1], OTHER_COLORS[0]] } },
            tooltip: [
              { field: 'parameter', type: 'nominal' as const, title: 'Input' },
              { field: 'end', type: 'nominal' as const, title: 'Samples' },
              { field: 'value', type: 'quantitative' as const, title: 'Mean over those samples', format: fmt },
              { field: 'mean', type: 'quantitative' as const, title: 'Mean over all samples', format: fmt },
            ],
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#555555' }, encoding: { x: { ...x, field: 'mean', aggregate: 'mean' } } },
      ],
    };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `What drives ${metricTitle(metric)}`,
      subtitle: [`${opts.scenario}: mean over the samples with each input in its lowest and highest fifth, from ${opts.samples} Latin hypercube samples`,
        'dashed: mean over all samples; inputs sorted by span'],
    },
    config: CHART_CONFIG,
    data: { values: data },
    vconcat: tiers.map(panel),
    spacing: 22,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  } as TopLevelSpec;
}
