import type { Command } from 'commander';
import { join, relative } from 'node:path';

import { UNPAIRED_SEED_STRIDE } from '../../run/seeds.js';

import type { LimitOverrides } from '../../run/limits.js';
import { progressBar, settingsFromOptions, withLimitOptions, withPrintOptions, withRunOptions, type CommonOptions, type PrintOptionValues, writeChartsAndReport } from '../options.js';


interface CompareOptions extends CommonOptions, LimitOverrides, PrintOptionValues {
  unpaired?: boolean;
}

/**
 * `tiersim compare <baseline> <variant...>`: every scenario run with the baseline's settings and
 * common random numbers; comparison.csv with paired differences, one run sub-folder per scenario.
 */
export function register(program: Command): void {
  withPrintOptions(withLimitOptions(withRunOptions(
    program
      .command('compare')
      .description('Run a baseline and variants with common random numbers and compare them (paired differences with 95 % CI).')
      .argument('<baseline>', 'baseline scenario file (its simulation settings apply to every scenario)')
      .argument('<variant...>', 'variant scenario files'),
  )), 'variants to print, comma-separated scenario names (default: all)')
    .option('--unpaired', `independent random numbers per scenario (scenario k runs with seed + k x ${UNPAIRED_SEED_STRIDE.toLocaleString('en-US')}) and Welch intervals; for variants whose regions differ`)
    .action(async (baselineFile: string, variantFiles: string[], o: CompareOptions) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { scenarioInputs, settingsFor } = await import('../../run/execute.js');
      const { checkComparison, checkVariants, formatComparison, loadAll, runComparison } = await import('../../run/compare.js');
      const { withOutput } = await import('../../io/output.js');
      const { guardRun, limitsFrom } = await import('../../run/limits.js');
      const scenarios = loadAll([baselineFile, ...variantFiles]);
      const [baseline, ...variants] = scenarios;
      if (o.variants) checkVariants(o.variants, variants.map((v) => v.name));
      const settings = settingsFor(baseline, settingsFromOptions(o));
      // Sizes first: the pairing check builds every region.
      guardRun({ scenarios: scenarios.map((s) => s.scenario) }, settings, limitsFrom(o), o.quiet);
      checkComparison(scenarios, o.unpaired === true);
      const target = o.out ?? join('results', `compare-${baseline.name}`);
      await withOutput({ target, force: o.force, inputs: scenarioInputs(scenarios) }, async (output) => {
        const out = output.path;
        const result = await runComparison(scenarios, settings, output, o.unpaired === true, progressBar(`compare ${baseline.name}`, o.quiet));
        if (o.report) await writeChartsAndReport(out);
        if (!o.quiet) {
          console.log(`${scenarios.length} scenarios x ${settings.replications} replications of ${settings.days} days (${settings.warmupDays} warm-up), seed ${settings.seed}${o.unpaired ? ' (+ k x ' + UNPAIRED_SEED_STRIDE + ' for scenario k)' : ''}, ${result.wallSeconds.toFixed(1)} s on ${Math.min(settings.workers, scenarios.length * settings.replications)} worker(s)\n`);
          console.log(formatComparison(result.comparison, baseline.name, variants.map((v) => v.name), result.method, { metrics: o.metrics, layout: o.layout, variants: o.variants }));
          console.log(`\nresults in ${relative(process.cwd(), out) || out}/`);
        }
      });
    });
}
