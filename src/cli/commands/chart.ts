import { InvalidArgumentError, Option, type Command } from 'commander';

import { relative } from 'node:path';

import { CHART_FORMATS, type ChartFormat } from '../../report/formats.js';


/** Parses `--format svg,png,vl` into chart formats. @throws InvalidArgumentError for an unknown one. */
export function parseChartFormats(value: string): ChartFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(CHART_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`use a comma-separated list of ${CHART_FORMATS.join(', ')}`);
  }
  return formats as ChartFormat[];
}

/** `tiersim chart <results-dir>`: writes every applicable chart as Vega-Lite spec, SVG and PNG. */
export function register(program: Command): void {
  program
    .command('chart')
    .description('Draw the charts of a results folder as Vega-Lite specs (.vl.json), SVG and PNG.')
    .argument('<results-dir>', 'a folder written by tiersim run, compare or sweep')
    .addOption(
      new Option('--format <list>', `chart formats, comma-separated (${CHART_FORMATS.join(', ')})`)
        .argParser(parseChartFormats)
        .default([...CHART_FORMATS], CHART_FORMATS.join(',')),
    )
    .option('--out <dir>', 'output folder (default: <results-dir>/charts)')
    .option('--force', 'replace an earlier charts folder that tiersim wrote (never one holding other files)')
    .action(async (dir: string, opts: { format: ChartFormat[]; out?: string; force?: boolean }) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { writeCharts } = await import('../../report/write.js');
      const files = await writeCharts(dir, opts.format, opts.out, { force: opts.force });
      for (const f of files) console.log(relative(process.cwd(), f) || f);
    });
}
