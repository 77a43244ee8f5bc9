import { InvalidArgumentError, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

import { DEFAULT_SCENARIO } from '../../scenario/default.js';
import type { LimitOverrides } from '../../run/limits.js';
import { parseSeed, progressBar, withLimitOptions } from '../options.js';

interface WarmupOptions extends LimitOverrides {
  days?: number;
  replications?: number;
  seed?: number;
  workers?: number;
  window?: number;
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer, got "${v}"`);
  return n;
};

/**
 * `tiersim warmup <scenario>`: a pilot run without warm-up, MSER-5 on each headline daily
 * series per tier, the suggested warm-up printed and written to a results folder (warmup.csv,
 * timeseries.csv, report.html with Welch's plots).
 */
export function register(program: Command): void {
  withLimitOptions(
    program
      .command('warmup')
      .description('Suggest a warm-up: a pilot run without warm-up, MSER-5 on the daily series per tier, Welch\'s plots.')
      .argument('[scenario]', 'scenario file (YAML or JSON); default: the calibrated baseline shipped with tiersim')
      .option('-d, --days <days>', 'pilot length in days (default: the scenario\'s; at least 20)', positiveInt('--days'))
      .option('-r, --replications <n>', 'pilot replications (default: the scenario\'s)', positiveInt('--replications'))
      .option('-s, --seed <n>', 'random seed, an integer from 0 to 2^53 - 1 (default: the scenario\'s)', parseSeed)
      .option('-j, --workers <n>', `worker threads (default: ${Math.max(1, availableParallelism())})`, positiveInt('--workers'))
      .option('--window <days>', 'Welch\'s moving-average window, days each side (default: 7, less for a short pilot)', positiveInt('--window'))
      .option('-o, --out <dir>', 'results folder (written atomically; default results/<name>-warmup)')
      .option('--force', 'replace an earlier results folder at --out that tiersim wrote')
      .option('-q, --quiet', 'print nothing but errors'),
  ).action(async (file: string | undefined, o: WarmupOptions) => {
    const { loadScenario } = await import('../../scenario/load.js');
    const { checkConservation, scenarioInputs, settingsFor, simulate } = await import('../../run/execute.js');
    const { analyseWarmup, defaultWindow, formatWarmup, writeWarmupFiles } = await import('../../run/warmup.js');
    const { withOutput } = await import('../../io/output.js');
    const { UserError } = await import('../../io/errors.js');
    const { checkPathComponent } = await import('../../io/names.js');
    const { guardRun, limitsFrom } = await import('../../run/limits.js');
    const loaded = loadScenario(file ?? DEFAULT_SCENARIO);
    const settings = settingsFor(loaded, {
      days: o.days, replications: o.replications, seed: o.seed, warmupDays: 0,
      workers: o.workers ?? Math.max(1, availableParallelism()), formats: ['csv'],
    });
    if (settings.days < 20) throw new UserError(`the pilot must be at least 20 days (4 batches of 5 days) to search for a warm-up; got ${settings.days} (--days or simulation.days)`);
    const window = o.window ?? defaultWindow(settings.days);
    if (2 * window + 1 > settings.days) throw new UserError(`--window ${window} needs a pilot of at least ${2 * window + 1} days; got ${settings.days}`);
    guardRun({ scenarios: [loaded.scenario] }, settings, limitsFrom(o), o.quiet);
    const target = o.out ?? join('results', `${checkPathComponent(loaded.name, `${loaded.file}: the scenario name`, 'change `name:` or give --out')}-warmup`);
    await withOutput({ target, force: o.force, inputs: scenarioInputs([loaded]) }, async (output) => {
      const sim = await simulate(loaded, settings, progressBar(`${loaded.name} pilot`, o.quiet));
      checkConservation(sim.results);
      const analysis = analyseWarmup(sim.results, settings.days, window);
      await output.write(async (tmp) => {
        await writeWarmupFiles(tmp, sim, analysis);
      });
      if (!o.quiet) {
        console.log(`${loaded.name}: pilot of ${settings.replications} replications of ${settings.days} days without warm-up, seed ${settings.seed}, ${sim.wallSeconds.toFixed(1)} s\n`);
        console.log(formatWarmup(analysis));
        console.log(`\nMSER-5 on the daily mean over replications; Welch's plots (window ${window} days each side) in ${relative(process.cwd(), output.path) || output.path}/report.html`);
      }
    });
  });
}
