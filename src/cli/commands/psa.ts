import { InvalidArgumentError, type Command } from 'commander';
import { join, relative } from 'node:path';

import type { LimitOverrides } from '../../run/limits.js';
import { HEADLINE_METRICS } from '../../metrics/catalog.js';
import { progressBar, settingsFromOptions, withLimitOptions, withRunOptions, type CommonOptions } from '../options.js';

interface PsaOptions extends CommonOptions, LimitOverrides {
  samples: number;
  metrics?: string[];
}

/** Most samples: each is a run of every scenario; a larger analysis is better split by seed. */
const MAX_SAMPLES = 100_000;

/** `--samples`: a whole number from 1 to MAX_SAMPLES. */
function sampleCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES) throw new InvalidArgumentError(`--samples must be a whole number from 1 to ${MAX_SAMPLES.toLocaleString('en-US')}, got "${v}"`);
  return n;
}

/**
 * `tiersim psa <scenario> [variants...] --samples N`: probabilistic sensitivity analysis over the
 * baseline's `uncertainty:` block (docs/psa.md).
 */
export function register(program: Command): void {
  withLimitOptions(withRunOptions(
    program
      .command('psa')
      .description('Probabilistic sensitivity analysis: draw parameter sets from the scenario\'s uncertainty: block by Latin hypercube and run the scenario (and variants) with each.')
      .argument('<scenario>', 'baseline scenario file with an uncertainty: block')
      .argument('[variants...]', 'variant scenario files (the same draws are applied to each, with common random numbers)'),
  ))
    .requiredOption('-n, --samples <n>', 'parameter sets to draw', sampleCount)
    .option('-m, --metrics <list>', 'metrics to print, comma-separated (default: the headline metrics)')
    .action(async (baselineFile: string, variantFiles: string[], o: PsaOptions) => {
      const { scenarioInputs, settingsFor } = await import('../../run/execute.js');
      const { checkComparison, loadAll } = await import('../../run/compare.js');
      const { parseMetrics } = await import('../../run/print.js');
      const { drawValues, formatPsa, prepareSamples, psaParams, psaSummary, runPsa } = await import('../../run/psa.js');
      const { formatDrivers } = await import('../../run/psaDrivers.js');
      const { withOutput } = await import('../../io/output.js');
      const { guardRun, limitsFrom } = await import('../../run/limits.js');
      const metrics = o.metrics ? parseMetrics(String(o.metrics)) : [...HEADLINE_METRICS];
      const scenarios = loadAll([baselineFile, ...variantFiles]);
      const baseline = scenarios[0];
      const params = psaParams(baseline);
      const settings = settingsFor(baseline, settingsFromOptions(o));
      guardRun({ scenarios: scenarios.map((s) => s.scenario) }, settings, limitsFrom(o), o.quiet);
      if (scenarios.length > 1) checkComparison(scenarios, false);
      const samples = prepareSamples(scenarios, params, drawValues(params, o.samples, settings.seed));
      const target = o.out ?? join('results', `psa-${baseline.name}`);
      await withOutput({ target, force: o.force, inputs: scenarioInputs(scenarios) }, async (output) => {
        const result = await runPsa(params, samples, settings, output, progressBar(`psa ${baseline.name}`, o.quiet));
        if (!o.quiet) {
          const names = scenarios.map((s) => s.name);
          console.log(`${o.samples} samples of ${params.length} parameter(s) x ${names.length} scenario(s) x ${settings.replications} replications of ${settings.days} days (${settings.warmupDays} warm-up), seed ${settings.seed}, ${result.wallSeconds.toFixed(1)} s on ${settings.workers} worker(s)\n`);
          console.log(formatPsa(psaSummary(result.rows, names), metrics));
          const drivers = formatDrivers(result.prcc, result.focus, metrics);
          if (drivers) console.log(`\n${drivers}`);
          console.log(`\nresults in ${relative(process.cwd(), output.path) || output.path}/`);
        }
      });
    });
}
