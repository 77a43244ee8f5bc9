/**
 * Shared look of every chart: tier order and colours (Okabe-Ito, colour-blind safe), metric labels
 * with units and number formats, and the Vega-Lite config.
 */
import type { Config } from 'vega-lite';
import { TIERS } from '../metrics/tables.js';

/** Label of the blank tier (the whole region). */
export const ALL_TIERS = 'all tiers';

/** Tiers as charts show them, in order: the four tiers, then the whole region. */
export const TIER_DOMAIN: string[] = [...TIERS, ALL_TIERS];

/** Okabe-Ito colours, one per entry of {@link TIER_DOMAIN}. */
export const TIER_COLORS: string[] = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#000000'];

/** Okabe-Ito colours not used for tiers, for other categories (variants, directions). */
export const OTHER_COLORS: string[] = ['#D55E00', '#CC79A7', '#F0E442', '#999999'];

/** Variant colours when there are few: Okabe-Ito hues not used for tiers, then the tier hues. */
const FEW_VARIANT_COLORS = [OTHER_COLORS[0], OTHER_COLORS[1], '#0072B2', '#009E73', '#E69F00', '#56B4E9', '#000000'];

/** Tableau's 20-colour categorical scheme (as Vega's `tableau20`), for up to 20 variants. */
const TABLEAU20 = [
  '#4c78a8', '#9ecae9', '#f58518', '#ffbf79', '#54a24b', '#88d27a', '#b79a20', '#f2cf5b', '#439894', '#83bcb6',
  '#e45756', '#ff9d98', '#79706e', '#bab0ac', '#d67195', '#fcbfd2', '#b279a2', '#d6a5c9', '#9e765f', '#d8b5a5',
];

/**
 * `n` distinct colours for variants, never repeating: Okabe-Ito (colour-blind safe) up to 7, the
 * 20-colour Tableau scheme up to 20, beyond that hues spread evenly round the circle at two lightnesses.
 */
export function variantColors(n: number): string[] {
  if (n <= FEW_VARIANT_COLORS.length) return FEW_VARIANT_COLORS.slice(0, n);
  if (n <= TABLEAU20.length) return TABLEAU20.slice(0, n);
  return Array.from({ length: n }, (_, i) => `hsl(${((i * 360) / n).toFixed(2)}, 65%, ${i % 2 === 0 ? 38 : 58}%)`);
}

/** Maps a results-table tier ('' = whole region) to its chart label. */
export function tierLabel(tier: string): string {
  return tier === '' ? ALL_TIERS : tier;
}

export { METRICS, metricInfo, type MetricInfo, type MetricKind } from '../metrics/catalog.js';
import { metricInfo } from '../metrics/catalog.js';

/** `Label (unit)`, for titles and axis titles. */
export function metricTitle(metric: string): string {
  const { label, unit } = metricInfo(metric);
  return unit ? `${label} (${unit})` : label;
}

/** d3-format string for axis labels of a metric (`signed` for differences): shares as percentages, else plain numbers. */
export function metricAxisFormat(metric: string, signed = false): string {
  const sign = signed ? '+' : '';
  return metricInfo(metric).kind === 'share' ? `${sign}.0%` : `${sign},~f`;
}

/** d3-format string for a metric's values in tooltips and tables; `signed` for differences. */
export function metricFormat(metric: string, signed = false): string {
  const sign = signed ? '+' : '';
  switch (metricInfo(metric).kind) {
    case 'share': return `${sign}.1%`;
    case 'minutes': case 'count': case 'cost': return `${sign},.1f`;
    default: return `${sign},.2f`;
  }
}

export { HEADLINE_METRICS } from '../metrics/catalog.js';

/** Vega-Lite config shared by all charts: font, title and axis styling. */
export const CHART_CONFIG: Config = {
  font: 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif',
  background: 'white',
  padding: 10,
  title: { fontSize: 15, anchor: 'start', offset: 10, subtitleColor: '#555555', subtitleFontSize: 11 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, symbolOpacity: 1 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: null },
};
