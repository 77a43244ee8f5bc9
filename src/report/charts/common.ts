/** Helpers shared by the chart builders: inlined data rows, tier encodings, the Vega-Lite schema URL. */
import type { ColumnTable } from 'arquero';
import { HEADLINE_METRICS, TIER_COLORS, TIER_DOMAIN, tierLabel } from '../theme.js';

/** `$schema` of every spec tiersim writes (Vega-Lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** What a chart's subtitle says about the run behind it; every field optional. */
export interface ChartContext {
  scenario?: string;
  replications?: number;
  days?: number;
  warmupDays?: number;
  /** Residents of the region (manifest.population; absent in folders written before it was recorded). */
  population?: number;
}

/** Days measured after warm-up (undefined when the manifest does not say, or none were). */
export function measuredDays(ctx: ChartContext): number | undefined {
  if (ctx.days === undefined) return undefined;
  const d = ctx.days - (ctx.warmupDays ?? 0);
  return d > 0 ? d : undefined;
}

/** Plain row objects of a table, for inlining into a spec. */
export function rows(table: ColumnTable): Record<string, any>[] {
  return table.objects() as Record<string, any>[];
}

/** Rounds to 6 significant digits so inlined data stays small and stable across platforms. */
export function round6(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? Number(x.toPrecision(6)) : null;
}

/** The tier labels present in `labels`, in display order (village, township, county, regional, all tiers). */
export function tierOrder(labels: Iterable<string>): string[] {
  const present = new Set(labels);
  return TIER_DOMAIN.filter((t) => present.has(t));
}

/** Colour encoding for the `tier_label` field over the given (ordered) tiers. */
export function tierColor(order: string[], legend: boolean) {
  return {
    field: 'tier_label',
    type: 'nominal' as const,
    title: 'Tier',
    sort: order,
    scale: { domain: order, range: order.map((t) => TIER_COLORS[TIER_DOMAIN.indexOf(t)]) },
    ...(legend ? {} : { legend: null }),
  };
}

/** Adds `tier_label` (blank tier shown as "all tiers") to plain rows. */
export function withTierLabel(data: Record<string, any>[]): Record<string, any>[] {
  return data.map((d) => ({ ...d, tier_label: tierLabel(d.tier ?? '') }));
}

/** "Scenario x · N replications" style subtitle from the context. */
export function contextLine(ctx: ChartContext): string {
  const parts: string[] = [];
  if (ctx.scenario) parts.push(`Scenario ${ctx.scenario}`);
  if (ctx.replications !== undefined) parts.push(`${ctx.replications} replications`);
  if (ctx.days !== undefined) {
    parts.push(`${ctx.days} simulated days` + (ctx.warmupDays ? ` (${ctx.warmupDays} warm-up)` : ''));
  }
  return parts.join(' · ');
}

/**
 * Tier-level rows (no facility or group) of a comparison or sweep table, with tier labels,
 * restricted to the headline metrics when any is present (else every metric present).
 */
export function headlineRows(table: ColumnTable): { data: Record<string, any>[]; metrics: string[] } {
  const all = withTierLabel(rows(table.filter((d: any) => d.facility === '' && d.group === '')));
  const present = new Set(all.map((d) => d.metric as string));
  const headline = HEADLINE_METRICS.filter((m) => present.has(m));
  const metrics = headline.length > 0 ? headline : [...present];
  return { data: all.filter((d) => metrics.includes(d.metric)), metrics };
}
