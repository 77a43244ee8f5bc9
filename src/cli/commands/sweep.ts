import type { Command } from 'commander';
import { join, relative } from 'node:path';

import type { LimitOverrides } from '../../run/limits.js';
import { progressBar, settingsFromOptions, withLimitOptions, withPrintOptions, withRunOptions, type CommonOptions, type PrintOptionValues, writeChartsAndReport } from '../options.js';


interface SweepOptions extends CommonOptions, LimitOverrides, PrintOptionValues {
  param: string[];
  shard?: string;
}

/**
 * `tiersim sweep <scenario> --param path=v1,v2,... [--param ...]`: the scenario at every point of
 * the grid, all points with common random numbers; sweep.csv and a run folder per point.
 */
export function register(program: Command): void {
  withPrintOptions(withLimitOptions(withRunOptions(
    program
      .command('sweep')
      .description('Run a scenario over a grid of parameter values (common random numbers across points) and tabulate the metrics.')
      .argument('<scenario>', 'scenario file (YAML or JSON)'),
  ), true), 'points to print, comma-separated point numbers or values (0,2 or 0.1/county; default: all)')
    .option(
      '-p, --param <path=values>',
      'a scenario path and comma-separated values, e.g. policies.reservedSlots.outpatientShare=0,0.1,0.2 '
      + '(numbers, true/false, strings; lists in brackets: tiers=[county],[county,regional]); repeat for a grid',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--shard <i/n>', 'run only part i of n (the points k with k % n == i - 1) into a partial folder; combine the parts with `tiersim merge`')
    .action(async (file: string, o: SweepOptions) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { loadScenario } = await import('../../scenario/load.js');
      const { scenarioInputs, settingsFor } = await import('../../run/execute.js');
      const { formatSweep, parseParam, parseShard, preparePoints, runSweep, selectPoints, shardPoints } = await import('../../run/sweep.js');
      const { usageError } = await import('../../run/compare.js');
      const { withOutput } = await import('../../io/output.js');
      const { checkPathComponent } = await import('../../io/names.js');
      const { gridSize } = await import('../../run/estimate.js');
      const { guardGrid, guardRun, limitsFrom } = await import('../../run/limits.js');
      const params = o.param.map(parseParam);
      const shard = o.shard === undefined ? undefined : parseShard(o.shard);
      const loaded = loadScenario(file);
      const settings = settingsFor(loaded, settingsFromOptions(o));
      const limits = limitsFrom(o);
      // The grid's size is counted before the grid is built; each point's size once it is.
      const gridPoints = gridSize(params.map((p) => p.values.length));
      guardGrid(gridPoints, loaded.scenario, settings, limits);
      const points = preparePoints(loaded, params);
      const shownPoints = o.variants ? selectPoints(o.variants, points) : undefined;
      guardRun({ scenarios: shardPoints(points, shard).map((p) => p.loaded.scenario), points: gridPoints }, settings, limits, o.quiet);
      if (shard && shardPoints(points, shard).length === 0) {
        throw usageError(`--shard ${shard.index}/${shard.count}: no points (the grid has ${points.length})`);
      }
      const name = o.out === undefined ? checkPathComponent(loaded.name, `${loaded.file}: the scenario name`, 'change `name:` or give --out') : loaded.name;
      const target = o.out ?? join('results', `sweep-${name}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`);
      await withOutput({ target, force: o.force, inputs: scenarioInputs([loaded]) }, async (output) => {
        const out = output.path;
        const result = await runSweep(loaded, params, points, settings, output, progressBar(`sweep ${loaded.name}`, o.quiet), shard);
        if (o.report) await writeChartsAndReport(out);
        if (!o.quiet) {
          const ran = result.points.length;
          console.log(`${loaded.name}: ${ran} ${shard ? `of ${points.length} points (shard ${shard.index}/${shard.count})` : 'points'} x ${settings.replications} replications of ${settings.days} days (${settings.warmupDays} warm-up), seed ${settings.seed}, ${result.wallSeconds.toFixed(1)} s on ${Math.min(settings.workers, ran * settings.replications)} worker(s)\n`);
          console.log(formatSweep(result.table, params.map((p) => p.path), { metrics: o.metrics, layout: o.layout, points: shownPoints }));
          console.log(`\nresults in ${relative(process.cwd(), out) || out}/`);
        }
      });
    });
}
