import { InvalidArgumentError, type Command } from 'commander';
import { join, relative } from 'node:path';

import { DEFAULT_SCENARIO } from '../../scenario/default.js';

import type { LimitOverrides } from '../../run/limits.js';
import { cleanText } from '../../params/caps.js';
import { progressBar, settingsFromOptions, withLimitOptions, withPrintOptions, withRunOptions, type CommonOptions, type PrintOptionValues, writeChartsAndReport } from '../options.js';

interface RunOptions extends CommonOptions, LimitOverrides, PrintOptionValues {
  trace?: boolean;
  traceSample?: number;
}

/** `--trace-sample`: a share of episodes in (0, 1]. */
function traceShare(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n > 0 && n <= 1)) throw new InvalidArgumentError(`--trace-sample must be a share of episodes in (0, 1], e.g. 0.01; got "${cleanText(v)}"`);
  return n;
}


/** `tiersim run <scenario>`: replications in parallel, results folder written atomically. */
export function register(program: Command): void {
  withPrintOptions(withLimitOptions(withRunOptions(
    program
      .command('run')
      .description('Simulate a scenario and write its results folder (summary, replications, time series, flows).')
      .argument('[scenario]', 'scenario file (YAML or JSON); default: the calibrated baseline shipped with tiersim'),
  )))
    .option('--trace', 'also write the event log, trace.csv (docs/trace.md)')
    .option('--trace-sample <share>', 'share of episodes in the event log, in (0, 1] (default 1; implies --trace)', traceShare)
    .action(async (file: string | undefined, o: RunOptions) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { loadScenario } = await import('../../scenario/load.js');
      const { checkConservation, scenarioInputs, settingsFor, simulate, writeRunFiles } = await import('../../run/execute.js');
      const { formatSummary } = await import('../../run/print.js');
      const { withOutput } = await import('../../io/output.js');
      const { checkPathComponent } = await import('../../io/names.js');
      const { guardRun, limitsFrom } = await import('../../run/limits.js');
    const loaded = loadScenario(file ?? DEFAULT_SCENARIO);
    const settings = settingsFor(loaded, settingsFromOptions(o));
    if (o.trace || o.traceSample !== undefined) settings.traceSample = o.traceSample ?? 1;
    guardRun({ scenarios: [loaded.scenario] }, settings, limitsFrom(o), o.quiet);
    const target = o.out ?? join('results', checkPathComponent(loaded.name, `${loaded.file}: the scenario name`, 'change `name:` or give --out'));
    await withOutput({ target, force: o.force, inputs: scenarioInputs([loaded]) }, async (output) => {
      const out = output.path;
      const sim = await simulate(loaded, settings, progressBar(loaded.name, o.quiet));
      checkConservation(sim.results);
      let summary!: Awaited<ReturnType<typeof writeRunFiles>>;
      await output.write(async (tmp) => {
        summary = await writeRunFiles(tmp, sim);
      });
      if (o.report) await writeChartsAndReport(out);
      if (!o.quiet) {
        console.log(`${loaded.name}: ${settings.replications} replications of ${settings.days} days (${settings.warmupDays} warm-up), seed ${settings.seed}, ${sim.wallSeconds.toFixed(1)} s on ${Math.min(settings.workers, settings.replications)} worker(s)\n`);
        console.log(formatSummary(summary, { metrics: o.metrics, layout: o.layout }));
        console.log(`\nmean (95 % CI) over replications, shares in %; results in ${relative(process.cwd(), out) || out}/`);
      }
    });
  });
}
