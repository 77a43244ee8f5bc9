/**
 * Welch's moving-average plots of a warm-up pilot (`tiersim warmup`): per headline metric, one
 * panel per tier with the daily mean over replications, its moving average and the suggested
 * truncation (MSER-5) marked; and the self-contained report.html that shows them as SVG.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { WarmupAnalysis, WarmupSeries } from '../../metrics/warmup.js';
import { escapeHtml } from '../tables.js';
import { toSvg } from '../render.js';
import { CHART_CONFIG, metricTitle, tierLabel } from '../theme.js';
import { type ChartContext, VEGA_LITE_SCHEMA, contextLine, round6 } from './common.js';

/** Welch's plot of one metric: a panel per tier (independent y axes), the truncation as a rule. */
export function welchSpec(series: readonly WarmupSeries[], window: number, ctx: ChartContext = {}): TopLevelSpec {
  const values: Array<Record<string, unknown>> = [];
  for (const s of series) {
    const tier = tierLabel(s.tier);
    s.mean.forEach((v, day) => {
      if (Number.isFinite(v)) values.push({ tier, day, value: round6(v), line: 'daily mean' });
      if (Number.isFinite(s.welch[day])) values.push({ tier, day, value: round6(s.welch[day]), line: `moving average (w = ${window})` });
    });
    values.push({ tier, cut: s.truncation, label: `warm-up ${s.truncation} d${s.atLimit ? ' (at limit)' : ''}` });
  }
  const metric = series[0]?.metric ?? '';
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Welch's plot: ${metricTitle(metric)}`,
      subtitle: [contextLine(ctx), `Daily mean over replications of a pilot without warm-up; moving average over ${2 * window + 1} days; red: MSER-5 truncation`].filter(Boolean),
    },
    config: CHART_CONFIG,
    data: { values },
    facet: { row: { field: 'tier', type: 'nominal', title: null, sort: series.map((s) => tierLabel(s.tier)) } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 600,
      height: 110,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.line)' }],
          mark: { type: 'line', strokeWidth: 1.2 },
          encoding: {
            x: { field: 'day', type: 'quantitative', title: 'Simulated time (days)', axis: { format: ',d' } },
            y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } },
            color: { field: 'line', type: 'nominal', title: null, scale: { range: ['#bbbbbb', '#0072B2'] }, legend: { orient: 'top', labelLimit: 400 } },
          },
        },
        {
          transform: [{ filter: 'isValid(datum.cut)' }],
          mark: { type: 'rule', color: '#D55E00', strokeWidth: 1.5 },
          encoding: { x: { field: 'cut', type: 'quantitative' } },
        },
        {
          transform: [{ filter: 'isValid(datum.cut)' }],
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 2, color: '#D55E00', fontSize: 10 },
          encoding: { x: { field: 'cut', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
  } as TopLevelSpec;
}

/** report.html of a warm-up folder: the rule, the table of suggestions and Welch's plots (inline SVG, no script). */
export async function warmupReportHtml(a: WarmupAnalysis, ctx: ChartContext): Promise<string> {
  const metrics = [...new Set(a.series.map((s) => s.metric))];
  const charts: string[] = [];
  for (const metric of metrics) {
    charts.push(`<section><h2>${escapeHtml(metricTitle(metric))} (${escapeHtml(metric)})</h2>\n${await toSvg(welchSpec(a.series.filter((s) => s.metric === metric), a.window, ctx))}</section>`);
  }
  const rows = a.series.map((s) => `<tr><td>${escapeHtml(s.metric)}</td><td>${escapeHtml(s.tier)}</td><td>${s.truncation}</td><td>${s.batches}</td><td>${escapeHtml(s.mserMin.toPrecision(4))}</td><td>${s.atLimit ? 'yes: run a longer pilot' : ''}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warm-up: ${escapeHtml(ctx.scenario ?? '')}</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,td:nth-child(2){text-align:left}</style>
</head><body>
<h1>Warm-up of ${escapeHtml(ctx.scenario ?? 'the scenario')}</h1>
<p>${escapeHtml(contextLine(ctx))}, no warm-up discarded. <strong>Suggested warm-up: ${a.suggestedDays} days</strong> (the largest of the series below).</p>
<p>Rule (MSER-5, White 1997): each series is the daily mean over replications; it is cut into batches of 5 days with means Z<sub>1</sub>..Z<sub>b</sub>;
for d = 0..&lfloor;b/2&rfloor;, MSER(d) = &Sigma;<sub>j&gt;d</sub>(Z<sub>j</sub> &minus; Z&#772;<sub>d</sub>)&sup2; / (b &minus; d)&sup2;, where Z&#772;<sub>d</sub> is the mean of the batches kept;
the warm-up is 5&middot;d* days for the d* minimising it. A minimum at d = &lfloor;b/2&rfloor; means the series had not settled by half the pilot. Welch's moving average: window w = ${a.window} days each side (${2 * a.window + 1} days; fewer near the start).</p>
<table><thead><tr><th>metric</th><th>tier</th><th>warm-up (days)</th><th>batches</th><th>MSER min</th><th>at limit</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${charts.join('\n')}
</body></html>
`;
}
