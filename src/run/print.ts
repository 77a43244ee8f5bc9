/** The short tables printed to the terminal after a run or a comparison. */
import type { ColumnTable } from 'arquero';
import { TIERS } from '../params/fields.js';

/** A metric as printed: its label and how to format a value. */
export interface MetricDisplay { metric: string; label: string; fmt: (x: number) => string }

/** Headline per-tier metrics, with how to show them. */
export const HEADLINE: MetricDisplay[] = [
  { metric: 'wait_consult', label: 'wait for consultation (min)', fmt: (x) => x.toFixed(1) },
  { metric: 'wait_admission', label: 'wait for a bed (h)', fmt: (x) => (x / 60).toFixed(1) },
  { metric: 'referral_up_rate', label: 'up-referrals /100 visits', fmt: (x) => x.toFixed(1) },
  { metric: 'bed_occupancy', label: 'bed occupancy', fmt: (x) => `${(100 * x).toFixed(1)} %` },
  { metric: 'alos', label: 'average length of stay (d)', fmt: (x) => x.toFixed(1) },
  { metric: 'doctor_daily_visits', label: 'visits per doctor per day', fmt: (x) => x.toFixed(1) },
];
/** Headline region-wide metrics (blank tier), with how to show them. */
export const REGION: MetricDisplay[] = [
  { metric: 'primary_visit_share', label: 'visits at primary care', fmt: (x) => `${(100 * x).toFixed(1)} %` },
  { metric: 'bypass_rate', label: 'first contact above primary care', fmt: (x) => `${(100 * x).toFixed(1)} %` },
  { metric: 'within_county_share', label: 'episodes finished in the county', fmt: (x) => `${(100 * x).toFixed(1)} %` },
  { metric: 'time_to_care', label: 'onset to treatment (h)', fmt: (x) => (x / 60).toFixed(1) },
  { metric: 'cost_per_episode', label: 'cost per episode (yuan)', fmt: (x) => x.toFixed(0) },
];

interface SummaryRow { metric: string; tier: string; facility: string; group: string; mean: number; ci_low: number | null; ci_high: number | null }

function cell(r: SummaryRow | undefined, fmt: (x: number) => string): string {
  if (!r) return '-';
  const half = r.ci_high !== null && r.ci_low !== null ? (r.ci_high - r.ci_low) / 2 : NaN;
  return Number.isFinite(half) ? `${fmt(r.mean)} ± ${fmt(half).replace(/ %$/, '')}` : fmt(r.mean);
}

/** A per-tier table of headline metrics (mean ± CI half-width) and the region-wide shares. */
export function formatSummary(summary: ColumnTable): string {
  const rows = summary.objects() as unknown as SummaryRow[];
  const find = (metric: string, tier: string) => rows.find((r) => r.metric === metric && r.tier === tier && !r.facility && !r.group);
  const header = ['', ...TIERS];
  const body = HEADLINE.map((h) => [h.label, ...TIERS.map((t) => cell(find(h.metric, t), h.fmt))]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
  const out = [line(header), ...body.map(line), ''];
  const lw = Math.max(...REGION.map((r) => r.label.length));
  for (const r of REGION) out.push(`${r.label.padEnd(lw)}  ${cell(find(r.metric, ''), r.fmt)}`);
  return out.join('\n');
}
