/**
 * `tiersim report`: one self-contained report.html per results folder. It says what was run, shows
 * the key tables, and draws every chart interactively (tooltips) with the vega and vega-lite
 * browser builds inlined, so the page opens from disk with no network.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { type NamedChart, chartsFor, compareScenarios } from './charts.js';
import { type Manifest, readResultTable } from './results.js';
import { pointLabel, sweepDifferences, sweepTableHtml } from './sweepTables.js';
import {
  collapsible, comparisonTableHtml, escapeHtml, fullComparisonTableHtml, fullSummaryTableHtml, summaryTableHtml,
} from './tables.js';
import { track, untrack } from '../io/signals.js';
import { fsFailure } from '../io/errors.js';

const require = createRequire(import.meta.url);

/** The browser (UMD) builds inlined into the page, in load order: vega-lite needs the global `vega`. */
const LIBRARIES = [
  join(dirname(require.resolve('vega')), 'vega.min.js'),
  join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'),
];

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
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

const SUMMARY_NOTE = '<p class="note">Mean over replications after warm-up, with its 95 % confidence interval beneath (clipped to the values the metric can take); shares in %.</p>';

/** Headline table and, collapsed, the full summary of a run folder. */
function runTables(summary: ColumnTable, heading: string, file: string): string[] {
  return [heading, SUMMARY_NOTE, summaryTableHtml(summary), collapsible(`All ${summary.numRows().toLocaleString('en-US')} rows of ${file}`, fullSummaryTableHtml(summary, file))];
}

/** The note above a table of differences. */
function differenceNote(how: string): string {
  return `<p class="note">${how}; bold: the 95 % CI excludes zero; differences of shares in percentage points (pp); relative change: difference / baseline.</p>`;
}

/** The HTML body sections for a results folder, by kind. */
async function sections(dir: string, manifest: Manifest, charts: NamedChart[]): Promise<string> {
  const inSection = (s: string) => charts.filter((c) => c.section === s);
  const out: string[] = [];
  if (manifest.kind === 'run') {
    const summary = await readResultTable(dir, 'summary', manifest);
    if (summary) out.push(...runTables(summary, '<h2>Summary by tier</h2>', 'summary.csv'));
    out.push('<h2>Charts</h2>', chartFigures(charts));
  } else if (manifest.kind === 'compare') {
    const comparison = await readResultTable(dir, 'comparison', manifest);
    out.push('<h2>Comparison with the baseline</h2>');
    if (comparison) {
      const welch = comparison.columnNames().includes('method') && comparison.filter((d: any) => d.method === 'welch').numRows() > 0;
      const how = welch
        ? 'Differences variant − baseline of means over independent replications (Welch interval)'
        : 'Paired differences variant − baseline over replications run with common random numbers';
      out.push(differenceNote(how), comparisonTableHtml(comparison),
        collapsible(`All ${comparison.numRows().toLocaleString('en-US')} rows of comparison.csv`, fullComparisonTableHtml(comparison)));
    }
    out.push(chartFigures(inSection('comparison')));
    for (const s of await compareScenarios(dir, manifest)) {
      out.push(`<h2>Scenario ${escapeHtml(s.name)}${s.name === manifest.baseline ? ' (baseline)' : ''}</h2>`);
      const summary = await readResultTable(s.dir, 'summary', s.manifest);
      if (summary) out.push(...runTables(summary, '<h3>Summary by tier</h3>', `${s.name}/summary.csv`));
      out.push(chartFigures(inSection(s.name)));
    }
  } else {
    const sweep = await readResultTable(dir, 'sweep', manifest);
    const params = manifest.params ?? [];
    if (sweep) {
      out.push('<h2>Headline metrics at each point</h2>', SUMMARY_NOTE, sweepTableHtml(sweep, params),
        collapsible(`All ${sweep.numRows().toLocaleString('en-US')} rows of sweep.csv`, fullSummaryTableHtml(sweep, 'sweep.csv', { title: 'Point', cell: (d) => pointLabel(d, params) })));
      const { table, paired } = await sweepDifferences(dir, manifest, sweep);
      if (table.numRows() > 0) {
        const how = paired
          ? 'Paired differences point − first point over replications (every point runs with the same seed)'
          : 'Differences point − first point with Welch intervals from each point\'s mean, SD and n (the points\' replications were not found)';
        out.push('<h2>Differences from the first point</h2>', differenceNote(how), comparisonTableHtml(table, 'Point'),
          collapsible(`All ${table.numRows().toLocaleString('en-US')} differences`, fullComparisonTableHtml(table, 'the points\' summaries', 'Point')));
      }
    }
    out.push('<h2>Charts</h2>', chartFigures(charts));
  }
  return out.join('\n');
}

const STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; margin: 2rem auto; max-width: 1180px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0.4rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
table { border-collapse: collapse; font-size: 0.86rem; margin: 0.6rem 0; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #444; }
td:nth-child(n+2) { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts th { font-weight: normal; color: #555; }
.ci { color: #666; font-size: 0.8em; display: block; } .sig { font-weight: bold; }
.code { color: #777; font-size: 0.75em; display: block; font-family: "DejaVu Sans Mono", monospace; }
.note { color: #555; font-size: 0.9rem; }
figure.chart { margin: 1.2rem 0; overflow-x: auto; }
details summary { cursor: pointer; color: #0072B2; margin: 0.4rem 0; }
#tiersim-tooltip { position: fixed; display: none; pointer-events: none; z-index: 10; background: rgba(255,255,255,0.96);
  border: 1px solid #999; border-radius: 3px; padding: 0.3rem 0.5rem; font-size: 0.8rem; box-shadow: 0 1px 4px rgba(0,0,0,0.2); }
#tiersim-tooltip.visible { display: block; }
#tiersim-tooltip th { color: #555; font-weight: normal; padding: 0 0.5rem 0 0; border: none; }
#tiersim-tooltip td { font-weight: bold; padding: 0; border: none; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  table { font-size: 8pt; } thead { display: table-header-group; } tr, figure.chart { break-inside: avoid; }
  h2 { break-after: avoid; } details summary { color: #222; } #tiersim-tooltip { display: none !important; }
}
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
  // Printing shows the collapsed tables too.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
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
