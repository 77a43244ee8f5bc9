import type { Command } from 'commander';
import { relative } from 'node:path';


/** `tiersim report <results-dir>`: writes one self-contained report.html into the results folder. */
export function register(program: Command): void {
  program
    .command('report')
    .description('Write report.html into a results folder: what was run, key tables, interactive charts.')
    .argument('<results-dir>', 'a folder written by tiersim run, compare or sweep')
    .action(async (dir: string) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { writeReport } = await import('../../report/html.js');
      const path = await writeReport(dir);
      console.log(relative(process.cwd(), path) || path);
    });
}
