/**
 * Chart: referrals between tiers (flows.csv), up and down, as the rate planners quote: per 100,000
 * residents per year when the manifest gives the population, else per year, with the 95 %
 * t-interval (clipped at zero). Folders that say neither how many days were measured fall back to
 * the count per replication after warm-up, and the title says so.
 */
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { TIERS } from '../../metrics/tables.js';
import { CHART_CONFIG, OTHER_COLORS } from '../theme.js';
import { fixed, linearAxis, sigDecimals } from '../numbers.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, measuredDays, round6, rows } from './common.js';

const rank = (tier: string) => {
  const i = (TIERS as readonly string[]).indexOf(tier);
  return i < 0 ? TIERS.length : i;
};

/** One route's referral rate, in the unit of {@link FlowRates}. */
export interface FlowRate {
  route: string;
  direction: string;
  from_tier: string;
  to_tier: string;
  rate: number | null;
  rate_low: number | null;
  rate_high: number | null;
  per_year: number | null;
  per_replication: number | null;
  n: number;
}

/** Referral rates of a flows table and the unit they are in. */
export interface FlowRates {
  rows: FlowRate[];
  /** e.g. "referrals per 100,000 residents per year". */
  unit: string;
  /** A short form for labels, e.g. "/100k/yr". */
  short: string;
}

/**
 * The referral rates of flows.csv rows, up routes first, each group in tier order: counts per
 * replication (after warm-up) scaled to a year of the measured days and, with the population, to
 * 100,000 residents. Interval ends below zero are clipped to zero.
 */
export function flowRates(flows: ColumnTable, ctx: ChartContext = {}): FlowRates {
  const days = measuredDays(ctx);
  const perYear = days === undefined ? undefined : 365 / days;
  const perCapita = perYear !== undefined && ctx.population ? (perYear * 100_000) / ctx.population : undefined;
  const factor = perCapita ?? perYear ?? 1;
  const unit = perCapita !== undefined ? 'referrals per 100,000 residents per year'
    : perYear !== undefined ? 'referrals per year' : 'referrals per replication after warm-up';
  const short = perCapita !== undefined ? '/100k/yr' : perYear !== undefined ? '/yr' : '';
  const scale = (x: unknown, by: number | undefined) => (typeof x === 'number' && Number.isFinite(x) && by !== undefined ? round6(x * by) : null);
  const out = rows(flows)
    .map((d) => ({
      route: `${d.from_tier} → ${d.to_tier}`, direction: String(d.direction), from_tier: String(d.from_tier), to_tier: String(d.to_tier),
      rate: scale(d.mean, factor),
      rate_low: scale(typeof d.ci_low === 'number' ? Math.max(0, d.ci_low) : d.ci_low, factor),
      rate_high: scale(typeof d.ci_high === 'number' ? Math.max(0, d.ci_high) : d.ci_high, factor),
      per_year: scale(d.mean, perYear),
      per_replication: round6(d.mean),
      n: Number(d.n),
    }))
    .sort((a, b) =>
      (a.direction === 'up' ? 0 : 1) - (b.direction === 'up' ? 0 : 1) ||
      rank(a.from_tier) - rank(b.from_tier) || rank(a.to_tier) - rank(b.to_tier));
  return { rows: out, unit, short };
}

/** A rate as a label: three significant figures, thousands separated. */
export function rateLabel(x: number | null): string {
  return x === null ? '–' : fixed(x, sigDecimals(x, 3));
}

/** Tooltip fields shared by the flow charts. */
export function flowTooltip(rates: FlowRates) {
  return [
    { field: 'route', type: 'nominal' as const, title: 'Route' },
    { field: 'direction', type: 'nominal' as const, title: 'Direction' },
    { field: 'rate', type: 'quantitative' as const, title: rates.unit, format: ',.3~r' },
    { field: 'rate_low', type: 'quantitative' as const, title: '95 % CI low', format: ',.3~r' },
    { field: 'rate_high', type: 'quantitative' as const, title: '95 % CI high', format: ',.3~r' },
    ...(rates.short === '/100k/yr' ? [{ field: 'per_year', type: 'quantitative' as const, title: 'Referrals per year', format: ',.3~r' }] : []),
    { field: 'per_replication', type: 'quantitative' as const, title: 'Per replication after warm-up', format: ',.1f' },
    { field: 'n', type: 'quantitative' as const, title: 'Replications', format: ',d' },
  ];
}

/**
 * Builds the referral-flows spec: one horizontal bar per route ("village → township"), up routes
 * first, each group in tier order, coloured by direction, with CI whiskers; the unit (see
 * {@link flowRates}) is in the title and on the axis.
 * @param flows rows of flows.csv (`from_tier, to_tier, direction, mean, ci_low, ci_high, n`)
 */
export function referralFlowsSpec(flows: ColumnTable, ctx: ChartContext = {}): TopLevelSpec {
  const rates = flowRates(flows, ctx);
  const data = rates.rows;
  const order = [...new Set(data.map((d) => d.route))];
  const y = { field: 'route', type: 'nominal' as const, sort: order, title: 'Route (from → to)' };
  const top = Math.max(0, ...data.flatMap((d) => [d.rate ?? 0, d.rate_high ?? 0]));
  const xAxis = linearAxis(0, top, 'number', { count: 6, bounds: [0, Infinity] });
  const tooltip = flowTooltip(rates);
  const unitTitle = rates.unit.charAt(0).toUpperCase() + rates.unit.slice(1);

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Referral flows between tiers (${rates.unit})`,
      subtitle: [contextLine(ctx), 'Mean over replications after warm-up; whiskers: 95 % CI'].filter(Boolean),
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
          x: { field: 'rate', type: 'quantitative', title: unitTitle, scale: xAxis.scale, axis: xAxis.axis },
          color: {
            field: 'direction', type: 'nominal', title: 'Direction', sort: ['up', 'down'],
            scale: { domain: ['up', 'down'], range: [OTHER_COLORS[0], OTHER_COLORS[1]] },
          },
          tooltip,
        },
      },
      {
        mark: { type: 'rule', color: '#222222' },
        encoding: { y, x: { field: 'rate_low', type: 'quantitative' }, x2: { field: 'rate_high' }, tooltip },
      },
    ],
  } as TopLevelSpec;
}
