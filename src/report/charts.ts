/**
 * Which charts a results folder gets, by kind: run -> wait distribution, bed occupancy, referral
 * flows as bars and as a network (each when its table is there); compare -> the forest plot, then each scenario's run charts;
 * sweep -> metric against parameter.
 */
import type { TopLevelSpec } from 'vega-lite';
import { bedOccupancySpec } from './charts/bedOccupancy.js';
import type { ChartContext } from './charts/common.js';
import { forestPlotSpec } from './charts/forestPlot.js';
import { referralFlowsSpec } from './charts/referralFlows.js';
import { referralNetworkSpec } from './charts/referralNetwork.js';
import { sweepSpec } from './charts/sweep.js';
import { waitDistributionSpec } from './charts/waitDistribution.js';
import { type Manifest, insideResults, readManifest, readResultTable } from './results.js';

/** One chart of a results folder: file stem, the section of the report it belongs to, its spec. */
export interface NamedChart {
  name: string;
  section: string;
  spec: TopLevelSpec;
}

function contextOf(manifest: Manifest): ChartContext {
  return {
    scenario: manifest.scenario?.name,
    replications: manifest.replications,
    days: manifest.days,
    warmupDays: manifest.warmupDays,
    population: manifest.population,
  };
}

/** The charts of one run folder; `prefix` is put before each file stem. */
async function runCharts(dir: string, manifest: Manifest, section: string, prefix = ''): Promise<NamedChart[]> {
  const ctx = contextOf(manifest);
  const charts: NamedChart[] = [];
  const [hist, summary, timeseries, flows] = await Promise.all(
    ['wait_hist', 'summary', 'timeseries', 'flows'].map((t) => readResultTable(dir, t, manifest)),
  );
  if (hist && summary) charts.push({ name: `${prefix}wait-distribution`, section, spec: waitDistributionSpec(hist, summary, ctx) });
  if (timeseries) charts.push({ name: `${prefix}bed-occupancy`, section, spec: bedOccupancySpec(timeseries, manifest.warmupDays ?? 0, ctx) });
  if (flows) {
    charts.push({ name: `${prefix}referral-flows`, section, spec: referralFlowsSpec(flows, ctx) });
    charts.push({ name: `${prefix}referral-network`, section, spec: referralNetworkSpec(flows, ctx) });
  }
  return charts;
}

/**
 * The scenario folders of a compare folder, baseline first: [name, path, manifest]. The names are
 * single folder names (checked with the manifest), and each folder must be inside `dir`.
 * @throws ResultsFolderError for a name leaving the folder or a scenario folder that cannot be read.
 */
export async function compareScenarios(dir: string, manifest: Manifest): Promise<Array<{ name: string; dir: string; manifest: Manifest }>> {
  const names = [manifest.baseline, ...(manifest.variants ?? [])].filter((n): n is string => typeof n === 'string');
  const found = [];
  for (const name of names) {
    const sub = insideResults(dir, name);
    found.push({ name, dir: sub, manifest: await readManifest(sub) });
  }
  return found;
}

/**
 * Reads a results folder and builds every chart that applies to it.
 * @throws ResultsFolderError when `dir` is not a readable tiersim results folder.
 */
export async function chartsFor(dir: string): Promise<{ manifest: Manifest; charts: NamedChart[] }> {
  const manifest = await readManifest(dir);
  const charts: NamedChart[] = [];
  if (manifest.kind === 'run') {
    charts.push(...(await runCharts(dir, manifest, manifest.scenario?.name ?? 'run')));
  } else if (manifest.kind === 'compare') {
    const comparison = await readResultTable(dir, 'comparison', manifest);
    const scenarios = await compareScenarios(dir, manifest);
    const first = scenarios[0]?.manifest;
    if (comparison) {
      const ctx = first ? { replications: first.replications, days: first.days, warmupDays: first.warmupDays } : {};
      charts.push({ name: 'forest-plot', section: 'comparison', spec: forestPlotSpec(comparison, manifest.baseline ?? 'baseline', ctx) });
    }
    for (const s of scenarios) charts.push(...(await runCharts(s.dir, s.manifest, s.name, `${s.name}.`)));
  } else {
    const sweep = await readResultTable(dir, 'sweep', manifest);
    if (sweep && manifest.params && manifest.params.length > 0) {
      charts.push({ name: 'sweep', section: 'sweep', spec: sweepSpec(sweep, manifest.params, contextOf(manifest)) });
    }
  }
  return { manifest, charts };
}
