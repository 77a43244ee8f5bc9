/**
 * `tiersim report`: one self-contained report.html per results folder. It says what was run, shows
 * the key tables, and draws every chart interactively (tooltips) with the vega and vega-lite
 * browser builds inlined, so the page opens from disk with no network.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { type NamedChart, chartsFor, compareScenarios } from './charts.js';
import { type Manifest, readResultTable } from './results.js';
import { HEADLINE_METRICS, TIER_DOMAIN, metricInfo, tierLabel } from './theme.js';
import { track, untrack } from '../io/signals.js';
import { fsFailure } from '../io/errors.js';

const require = createRequire(import.meta.url);

/** The browser (UMD) builds inlined into the page, in load order: vega-lite needs the global `vega`. */
const LIBRARIES = [
  join(dirname(require.resolve('vega')), 'vega.min.js'),
  join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'),
];

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * A metric value for a table cell: shares as percentages (differences, `signed`, in percentage points),
 * other values with a sensible number of digits.
 */
export function formatValue(metric: string, x: unknown, signed = false): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const sign = signed && x > 0 ? '+' : '';
  if (metricInfo(metric).kind === 'share') return `${sign}${(x * 100).toFixed(1)} ${signed ? 'pp' : '%'}`;
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return sign + x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function htmlTable(head: string[], body: string[][], className = ''): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const tr = body.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** Tier-level rows (empty facility and group) of the headline metrics present, in headline order. */
function headlineRows(table: ColumnTable): ColumnTable {
  return table
    .params({ metrics: HEADLINE_METRICS })
    .filter((d: any, $: any) => d.facility === '' && d.group === '' && aq.op.includes($.metrics, d.metric))
    .derive({ _order: (d: any, $: any) => aq.op.indexof($.metrics, d.metric) })
    .orderby('_order');
}

/** Summary table: one row per headline metric, one column per tier, cells "mean (95 % CI)". */
export function summaryTableHtml(summary: ColumnTable): string {
  const cells = headlineRows(summary)
    .derive({ tier_label: aq.escape((d: any) => tierLabel(d.tier)) })
    .derive({
      cell: aq.escape((d: any) =>
        `${formatValue(d.metric, d.mean)}<span class="ci">${d.ci_low == null ? '' : ` ${formatValue(d.metric, d.ci_low)} – ${formatValue(d.metric, d.ci_high)}`}</span>`),
    })
    .groupby('metric', '_order')
    .pivot('tier_label', 'cell')
    .orderby('_order');
  const tiers = TIER_DOMAIN.filter((t) => cells.columnNames().includes(t));
  const body = (cells.objects() as Record<string, string>[]).map((row) => {
    const { label, unit } = metricInfo(row.metric);
    return [escapeHtml(label), escapeHtml(unit), ...tiers.map((t) => row[t] ?? '')];
  });
  return htmlTable(['Metric', 'Unit', ...tiers], body, 'summary');
}

/** Comparison table: headline metrics by tier and variant, both means, difference with 95 % CI, relative change. */
export function comparisonTableHtml(comparison: ColumnTable): string {
  const body = (headlineRows(comparison).objects() as Record<string, any>[]).map((d) => {
    const { label, unit } = metricInfo(d.metric);
    const significant = d.significant === true || d.significant === 'true';
    const ci = d.diff_ci_low == null ? '' : ` (${formatValue(d.metric, d.diff_ci_low, true)} to ${formatValue(d.metric, d.diff_ci_high, true)})`;
    return [
      escapeHtml(label), escapeHtml(unit), escapeHtml(tierLabel(d.tier)), escapeHtml(d.variant),
      formatValue(d.metric, d.baseline_mean), formatValue(d.metric, d.variant_mean),
      `<span class="${significant ? 'sig' : ''}">${formatValue(d.metric, d.diff, true)}</span><span class="ci">${ci}</span>`,
      typeof d.rel_change === 'number' ? `${d.rel_change > 0 ? '+' : ''}${(d.rel_change * 100).toFixed(1)} %` : '–',
      significant ? 'yes' : 'no',
    ];
  });
  return htmlTable(
    ['Metric', 'Unit', 'Tier', 'Variant', 'Baseline', 'Variant value', 'Difference (95 % CI)', 'Relative change', 'CI excludes 0'],
    body,
    'comparison',
  );
}

/** The "what was run" list of a manifest. */
function runFacts(m: Manifest): string {
  const facts: Array<[string, unknown]> = [
    ['Kind', m.kind],
    ['Scenario', m.scenario?.name ? `${m.scenario.name}${m.scenario.file ? ` (${m.scenario.file})` : ''}` : undefined],
    ['Scenario hash', m.scenario?.hash],
    ['Baseline', m.baseline],
    ['Variants', m.variants?.join(', ')],
    ['Swept parameters', m.params?.join(', ')],
    ['Sweep points', m.points ? `${m.points.length}: ${m.points.map((p) => `(${p.join(', ')})`).join(' ')}` : undefined],
    ['Seed', m.seed],
    ['Replications', m.replications],
    ['Simulated days', m.days],
    ['Warm-up days', m.warmupDays],
    ['tiersim version', m.tiersimVersion],
    ['Created', m.createdAt],
  ];
  const rows = facts
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  return `<table class="facts"><tbody>${rows.join('')}</tbody></table>`;
}

function chartFigures(charts: NamedChart[]): string {
  return charts
    .map((c) => `<figure class="chart"><div id="chart-${escapeHtml(c.name)}" data-chart="${escapeHtml(c.name)}"></div></figure>`)
    .join('\n');
}

/** The HTML body sections for a results folder, by kind. */
async function sections(dir: string, manifest: Manifest, charts: NamedChart[]): Promise<string> {
  const inSection = (s: string) => charts.filter((c) => c.section === s);
  const out: string[] = [];
  if (manifest.kind === 'run') {
    const summary = await readResultTable(dir, 'summary', manifest);
    if (summary) out.push('<h2>Summary by tier</h2>', '<p class="note">Mean over replications after warm-up, with the 95 % confidence interval.</p>', summaryTableHtml(summary));
    out.push('<h2>Charts</h2>', chartFigures(charts));
  } else if (manifest.kind === 'compare') {
    const comparison = await readResultTable(dir, 'comparison', manifest);
    out.push('<h2>Comparison with the baseline</h2>');
    if (comparison) {
      const welch = comparison.columnNames().includes('method') && comparison.filter((d: any) => d.method === 'welch').numRows() > 0;
      const how = welch
        ? 'Differences variant − baseline of means over independent replications (Welch interval)'
        : 'Paired differences variant − baseline over replications run with common random numbers';
      out.push(`<p class="note">${how}; bold: the 95 % CI excludes zero; differences of shares in percentage points (pp).</p>`, comparisonTableHtml(comparison));
    }
    out.push(chartFigures(inSection('comparison')));
    for (const s of await compareScenarios(dir, manifest)) {
      out.push(`<h2>Scenario ${escapeHtml(s.name)}${s.name === manifest.baseline ? ' (baseline)' : ''}</h2>`);
      const summary = await readResultTable(s.dir, 'summary', s.manifest);
      if (summary) out.push(`<details><summary>Summary by tier</summary>${summaryTableHtml(summary)}</details>`);
      out.push(chartFigures(inSection(s.name)));
    }
  } else {
    out.push('<h2>Charts</h2>', chartFigures(charts));
  }
  return out.join('\n');
}

const STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; margin: 2rem auto; max-width: 1180px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0.4rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
table { border-collapse: collapse; font-size: 0.86rem; margin: 0.6rem 0; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td:nth-child(n+2) { white-space: nowrap; }
table.summary :is(td, th):nth-child(n+3), table.comparison :is(td, th):nth-child(n+5) { text-align: right; }
table.facts th { font-weight: normal; color: #555; }
.ci { color: #666; font-size: 0.8em; display: block; } .sig { font-weight: bold; }
.note { color: #555; font-size: 0.9rem; }
figure.chart { margin: 1.2rem 0; overflow-x: auto; }
details summary { cursor: pointer; color: #0072B2; margin: 0.4rem 0; }
#tiersim-tooltip { position: fixed; display: none; pointer-events: none; z-index: 10; background: rgba(255,255,255,0.96);
  border: 1px solid #999; border-radius: 3px; padding: 0.3rem 0.5rem; font-size: 0.8rem; box-shadow: 0 1px 4px rgba(0,0,0,0.2); }
#tiersim-tooltip.visible { display: block; }
#tiersim-tooltip th { color: #555; font-weight: normal; padding: 0 0.5rem 0 0; border: none; }
#tiersim-tooltip td { font-weight: bold; padding: 0; border: none; }
`;

/** Browser code: compiles each inlined Vega-Lite spec and renders it to SVG with a DOM tooltip. */
const RENDER_SCRIPT = `
(function () {
  var tip = document.getElementById('tiersim-tooltip');
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function tooltip(handler, event, item, value) {
    if (value === undefined || value === null || value === '') { tip.classList.remove('visible'); return; }
    tip.innerHTML = typeof value === 'object'
      ? '<table>' + Object.keys(value).map(function (k) { return '<tr><th>' + esc(k) + '</th><td>' + esc(value[k]) + '</td></tr>'; }).join('') + '</table>'
      : esc(value);
    tip.classList.add('visible');
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) x = event.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > window.innerHeight) y = event.clientY - tip.offsetHeight - 14;
    tip.style.left = Math.max(0, x) + 'px';
    tip.style.top = Math.max(0, y) + 'px';
  }
  var specs = JSON.parse(document.getElementById('tiersim-charts').textContent);
  Object.keys(specs).forEach(function (name) {
    var el = document.getElementById('chart-' + name);
    var view = new vega.View(vega.parse(vegaLite.compile(specs[name]).spec), { renderer: 'svg', hover: true });
    view.tooltip(tooltip).initialize(el).runAsync().then(function () { el.setAttribute('data-rendered', 'true'); },
      function (err) { console.error('chart ' + name + ': ' + err); });
  });
})();
`;

/**
 * Builds the report page of a results folder.
 * @throws ResultsFolderError when `resultsDir` is not a readable tiersim results folder.
 */
export async function buildReportHtml(resultsDir: string): Promise<string> {
  const { manifest, charts } = await chartsFor(resultsDir);
  const libraries = await Promise.all(LIBRARIES.map((f) => readFile(f, 'utf8')));
  const specs = Object.fromEntries(charts.map((c) => [c.name, c.spec]));
  const name = manifest.scenario?.name ?? manifest.baseline ?? 'results';
  const title = `tiersim ${manifest.kind}: ${name}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<h2>What was run</h2>
${runFacts(manifest)}
${await sections(resultsDir, manifest, charts)}
<div id="tiersim-tooltip" role="tooltip"></div>
${libraries.map((code) => `<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n')}
<script type="application/json" id="tiersim-charts">${scriptJson(specs)}</script>
<script>${RENDER_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * Writes `<resultsDir>/report.html` (to a temporary file first, then renamed into place; the
 * temporary file is removed if the process is interrupted).
 * Nothing is written when the folder is not a tiersim results folder.
 * @returns the path of the report
 * @throws ResultsFolderError when `resultsDir` is not a readable tiersim results folder.
 */
export async function writeReport(resultsDir: string): Promise<string> {
  const html = await buildReportHtml(resultsDir);
  const path = join(resultsDir, 'report.html');
  const tmp = join(resultsDir, `.report.html.tmp-${process.pid}`);
  const pending = track({ target: path, temporaries: new Set([tmp]), written: false });
  try {
    await writeFile(tmp, html);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw fsFailure(err, 'write', path);
  } finally {
    untrack(pending);
  }
  return path;
}
