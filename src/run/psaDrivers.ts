/**
 * The inputs that drive a PSA's results: psa_prcc.csv (partial rank correlations of each uncertain
 * input with each metric row, per scenario and per paired difference variant − baseline), the data of
 * the tornado charts, and the printed list of the strongest inputs (docs/psa.md).
 */
import { oneWayEffects, prcc } from './prcc.js';
import type { TornadoRow } from '../report/charts/tornado.js';
import { PRINTED_TIERS, columns, metricDisplay, tierName } from './print.js';

/** A metric row of psa.csv as far as these functions need it. */
export interface PsaMeanRow { sample: number; scenario: string; metric: string; tier: string; facility: string; group: string; mean: number }

/** One output over the samples: a scenario's metric row, or a variant's paired difference from the baseline. */
export interface PsaOutput {
  scenario: string;
  metric: string;
  tier: string;
  facility: string;
  group: string;
  /** The value in each sample, by sample index (NaN where missing). */
  values: number[];
}

/** The name of the paired difference of `variant` from `baseline` in psa_prcc.csv. */
export const differenceName = (variant: string, baseline: string): string => `${variant} - ${baseline}`;

/**
 * Every scenario's metric rows over the `n` samples, then for each variant the paired difference
 * variant − baseline (same sample) of each row the baseline also has.
 */
export function psaOutputs(rows: readonly PsaMeanRow[], scenarios: readonly string[], n: number): PsaOutput[] {
  const key = (r: { metric: string; tier: string; facility: string; group: string }) => `${r.metric}\u0000${r.tier}\u0000${r.facility}\u0000${r.group}`;
  const by = new Map<string, Map<string, PsaOutput>>(scenarios.map((s) => [s, new Map()]));
  for (const r of rows) {
    const mine = by.get(r.scenario);
    if (!mine) continue;
    let out = mine.get(key(r));
    if (!out) {
      out = { scenario: r.scenario, metric: r.metric, tier: r.tier, facility: r.facility, group: r.group, values: new Array<number>(n).fill(NaN) };
      mine.set(key(r), out);
    }
    if (r.sample >= 0 && r.sample < n) out.values[r.sample] = r.mean;
  }
  const outputs = scenarios.flatMap((s) => [...by.get(s)!.values()]);
  const base = by.get(scenarios[0])!;
  for (const variant of scenarios.slice(1)) {
    for (const v of by.get(variant)!.values()) {
      const b = base.get(key(v));
      if (!b) continue;
      outputs.push({ ...v, scenario: differenceName(variant, scenarios[0]), values: v.values.map((x, i) => x - b.values[i]) });
    }
  }
  return outputs;
}

/** One line of psa_prcc.csv. */
export interface PrccRow { scenario: string; metric: string; tier: string; facility: string; group: string; parameter: string; prcc: number; p_value: number; n: number }

/**
 * The PRCC of every input with every output. `values[sample][j]` is input j's draw; `names[j]` its path.
 * Outputs that do not vary over the samples (e.g. a count fixed by the scenario) give NaN.
 */
export function psaPrcc(outputs: readonly PsaOutput[], names: readonly string[], values: readonly (readonly number[])[]): PrccRow[] {
  const inputs = names.map((_, j) => values.map((v) => v[j]));
  return outputs.flatMap((o) => prcc(inputs, o.values).map((p, j) => ({
    scenario: o.scenario, metric: o.metric, tier: o.tier, facility: o.facility, group: o.group, parameter: names[j], ...p,
  })));
}

/** The output the tornado charts and the printed drivers describe: the first variant's difference, else the baseline. */
export function focusScenario(scenarios: readonly string[]): string {
  return scenarios.length > 1 ? differenceName(scenarios[1], scenarios[0]) : scenarios[0];
}

/** One bar pair of a tornado chart: an input's one-way effect on a tier's value of a metric. */
export type { TornadoRow };

/**
 * The one-way effects of every input on the tier-level rows (no facility or group) of `metric` in
 * the `scenario` output, with the mean over all samples; inputs that do not vary are left out.
 */
export function tornadoRows(outputs: readonly PsaOutput[], scenario: string, metric: string, names: readonly string[], values: readonly (readonly number[])[]): TornadoRow[] {
  const inputs = names.map((_, j) => values.map((v) => v[j]));
  const out: TornadoRow[] = [];
  for (const tier of PRINTED_TIERS) {
    const o = outputs.find((x) => x.scenario === scenario && x.metric === metric && x.tier === tier && !x.facility && !x.group);
    if (!o) continue;
    const finite = o.values.filter(Number.isFinite);
    const mean = finite.reduce((a, x) => a + x, 0) / finite.length;
    oneWayEffects(inputs, o.values).forEach((e, j) => {
      if (Number.isFinite(e.span)) out.push({ tier, parameter: names[j], mean, ...e });
    });
  }
  return out;
}

/** The `count` inputs with the largest |PRCC| for each tier-level row of each metric of `scenario`. */
export function formatDrivers(rows: readonly PrccRow[], scenario: string, metrics: readonly string[], count = 3): string {
  const table = [['metric', 'tier', `inputs with the largest |PRCC| (${scenario})`]];
  let last = '';
  for (const metric of metrics) {
    for (const tier of PRINTED_TIERS) {
      const mine = rows.filter((r) => r.scenario === scenario && r.metric === metric && r.tier === tier && !r.facility && !r.group && Number.isFinite(r.prcc));
      if (mine.length === 0) continue;
      const top = [...mine].sort((a, b) => Math.abs(b.prcc) - Math.abs(a.prcc)).slice(0, count);
      const text = top.map((r) => `${r.parameter} ${r.prcc >= 0 ? '+' : ''}${r.prcc.toFixed(2)}${significance(r.p_value)}`).join(', ');
      table.push([metric === last ? '' : metricDisplay(metric).label, tierName(tier), text]);
      last = metric;
    }
  }
  if (table.length === 1) {
    const some = rows.some((r) => r.scenario === scenario && metrics.includes(r.metric));
    const inputs = new Set(rows.map((r) => r.parameter)).size;
    return some ? `no partial rank correlations for ${scenario}: they need more samples than inputs + 2 (${inputs + 2}), and outputs that vary` : '';
  }
  const lines = columns(table, () => true);
  lines.push('', 'PRCC: partial rank correlation over the samples (psa_prcc.csv); * p < 0.05, ** p < 0.01');
  return lines.join('\n');
}

const significance = (p: number) => (p < 0.01 ? ' **' : p < 0.05 ? ' *' : '');
