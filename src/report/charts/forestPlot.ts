/**
 * Chart (compare): forest plot of paired differences variant - baseline with 95 % CIs, one panel per
 * metric, tiers on the vertical axis (comparison.csv).
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, metricFormat, metricInfo, metricTitle, variantColors } from '../theme.js';
import { clipToMetric, linearAxis, metricStyle } from '../numbers.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, headlineRows, round6, tierOrder } from './common.js';

/** Height (px) of one variant's row within a tier. */
const ROW_STEP = 14;

/**
 * Builds the forest-plot spec from comparison rows. Uses tier-level rows (empty facility and group)
 * of the headline metrics present (all metrics when none is a headline one). Filled points: the CI
 * excludes zero (`significant`); hollow points: it does not. The subtitle names the interval:
 * paired (common random numbers) or, when `method` is 'welch', Welch's over independent runs.
 * Intervals are clipped to what a difference of the metric can be (e.g. ±100 pp for a share).
 * Each variant takes {@link ROW_STEP} px in each tier's band (the step of the y offset), so the
 * chart's height grows linearly with the number of variants; each variant has its own colour.
 */
export function forestPlotSpec(comparison: ColumnTable, baseline: string, ctx: ChartContext = {}): TopLevelSpec {
  const { data: selected, metrics } = headlineRows(comparison);
  const data = selected
    .map((d) => ({
      metric: d.metric, tier_label: d.tier_label, variant: d.variant,
      baseline_mean: round6(d.baseline_mean), variant_mean: round6(d.variant_mean), diff: round6(d.diff),
      diff_ci_low: round6(clipToMetric(d.metric, d.diff_ci_low, true)), diff_ci_high: round6(clipToMetric(d.metric, d.diff_ci_high, true)),
      rel_change: round6(d.rel_change),
      significant: d.significant === true || d.significant === 'true',
    }));
  const variants = [...new Set(data.map((d) => d.variant as string))];
  const welch = selected.some((d) => d.method === 'welch');
  const interval = welch
    ? 'Difference of means over independent replications with 95 % Welch CI'
    : 'Mean difference over common-random-number replications with 95 % CI';
  const color = {
    field: 'variant', type: 'nominal' as const, title: 'Variant', sort: variants,
    scale: { domain: variants, range: variantColors(variants.length) },
  };

  const panel = (metric: string) => {
    const order = tierOrder(data.filter((d) => d.metric === metric).map((d) => d.tier_label));
    const fmt = metricFormat(metric);
    const unit = metricInfo(metric).kind === 'share' ? 'percentage points' : metricInfo(metric).unit;
    const y = { field: 'tier_label', type: 'nominal' as const, sort: order, title: null };
    const mine = data.filter((d) => d.metric === metric);
    const ends = [0, ...mine.flatMap((d) => [d.diff, d.diff_ci_low, d.diff_ci_high])].filter((v): v is number => typeof v === 'number');
    const axis = linearAxis(Math.min(...ends), Math.max(...ends), metricStyle(metric), { signed: true, count: 6 });
    const x = { type: 'quantitative' as const, title: `Difference, variant − baseline${unit ? ` (${unit})` : ''}`, axis: axis.axis, scale: { ...axis.scale, padding: 10 } };
    const tooltip = [
      { field: 'variant', type: 'nominal' as const, title: 'Variant' },
      { field: 'tier_label', type: 'nominal' as const, title: 'Tier' },
      { field: 'baseline_mean', type: 'quantitative' as const, title: `Baseline (${baseline})`, format: fmt },
      { field: 'variant_mean', type: 'quantitative' as const, title: 'Variant', format: fmt },
      { field: 'diff', type: 'quantitative' as const, title: 'Difference', format: metricFormat(metric, true) },
      { field: 'diff_ci_low', type: 'quantitative' as const, title: '95 % CI low', format: metricFormat(metric, true) },
      { field: 'diff_ci_high', type: 'quantitative' as const, title: '95 % CI high', format: metricFormat(metric, true) },
      { field: 'rel_change', type: 'quantitative' as const, title: 'Relative change', format: '+.1%' },
    ];
    const point = (significant: boolean) => ({
      transform: [{ filter: significant ? 'datum.significant' : '!datum.significant' }],
      mark: { type: 'point', filled: significant, size: 70, strokeWidth: 1.5, opacity: 1 },
      encoding: { y, yOffset: { field: 'variant', sort: variants }, x: { ...x, field: 'diff' }, color, tooltip },
    });
    return {
      title: { text: metricTitle(metric), fontSize: 13 },
      width: 460,
      // With a y offset the step is each variant's row; the tier band is ROW_STEP × variants.
      height: { step: variants.length > 1 ? ROW_STEP : 22 },
      transform: [{ filter: { field: 'metric', equal: metric } }],
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#777777' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: { y, yOffset: { field: 'variant', sort: variants }, x: { ...x, field: 'diff_ci_low' }, x2: { field: 'diff_ci_high' }, color, tooltip },
        },
        point(true),
        point(false),
      ],
    };
  };

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Paired differences from the baseline (${baseline})`,
      subtitle: [contextLine(ctx), `${interval}; filled: CI excludes zero`].filter(Boolean),
    },
    config: CHART_CONFIG,
    data: { values: data },
    vconcat: metrics.map(panel),
    spacing: 22,
    resolve: { scale: { color: 'shared', x: 'independent' } },
  } as TopLevelSpec;
}
