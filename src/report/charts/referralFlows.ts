/**
 * Chart: referrals between tiers (flows.csv), up and down, mean per replication after warm-up with
 * its 95 % t-interval.
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { TIERS } from '../../metrics/tables.js';
import { CHART_CONFIG, OTHER_COLORS } from '../theme.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, round6, rows } from './common.js';

const rank = (tier: string) => {
  const i = (TIERS as readonly string[]).indexOf(tier);
  return i < 0 ? TIERS.length : i;
};

/**
 * Builds the referral-flows spec: one horizontal bar per route ("village → township"), up routes
 * first, each group in tier order, coloured by direction, with CI whiskers.
 * @param flows rows of flows.csv (`from_tier, to_tier, direction, mean, ci_low, ci_high, n`)
 */
export function referralFlowsSpec(flows: ColumnTable, ctx: ChartContext = {}): TopLevelSpec {
  const data = rows(flows)
    .map((d) => ({
      route: `${d.from_tier} → ${d.to_tier}`, direction: d.direction as string, from_tier: d.from_tier, to_tier: d.to_tier,
      mean: round6(d.mean), ci_low: round6(d.ci_low), ci_high: round6(d.ci_high), n: d.n,
    }))
    .sort((a, b) =>
      (a.direction === 'up' ? 0 : 1) - (b.direction === 'up' ? 0 : 1) ||
      rank(a.from_tier) - rank(b.from_tier) || rank(a.to_tier) - rank(b.to_tier));
  const order = [...new Set(data.map((d) => d.route))];
  const y = { field: 'route', type: 'nominal' as const, sort: order, title: 'Route (from → to)' };
  const xTitle = 'Referrals per replication after warm-up (patients)';
  const tooltip = [
    { field: 'route', type: 'nominal' as const, title: 'Route' },
    { field: 'direction', type: 'nominal' as const, title: 'Direction' },
    { field: 'mean', type: 'quantitative' as const, title: 'Mean referrals', format: ',.1f' },
    { field: 'ci_low', type: 'quantitative' as const, title: '95 % CI low', format: ',.1f' },
    { field: 'ci_high', type: 'quantitative' as const, title: '95 % CI high', format: ',.1f' },
    { field: 'n', type: 'quantitative' as const, title: 'Replications', format: ',d' },
  ];

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Referral flows between tiers',
      subtitle: [contextLine(ctx), 'Mean per replication after warm-up; whiskers: 95 % CI'].filter(Boolean),
    },
    config: CHART_CONFIG,
    width: 520,
    height: { step: 28 },
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y,
          x: { field: 'mean', type: 'quantitative', title: xTitle, axis: { format: ',~f' } },
          color: {
            field: 'direction', type: 'nominal', title: 'Direction', sort: ['up', 'down'],
            scale: { domain: ['up', 'down'], range: [OTHER_COLORS[0], OTHER_COLORS[1]] },
          },
          tooltip,
        },
      },
      {
        mark: { type: 'rule', color: '#222222' },
        encoding: { y, x: { field: 'ci_low', type: 'quantitative' }, x2: { field: 'ci_high' }, tooltip },
      },
    ],
  } as TopLevelSpec;
}
