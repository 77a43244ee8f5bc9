import type { Command } from 'commander';
import { ScenarioError } from '../../scenario/errors.js';
import { loadScenario, type LoadedScenario } from '../../scenario/load.js';
import { regionSize } from '../../scenario/summary.js';

/** `ok <file> (<name>, 6 villages, 5,000 residents, 3 conditions)`. */
export function okLine(loaded: LoadedScenario): string {
  const size = regionSize(loaded.scenario);
  const n = (x: number, one: string, many = `${one}s`) => `${x.toLocaleString('en-US')} ${x === 1 ? one : many}`;
  const parts = [
    loaded.name,
    n(size.counties, 'county', 'counties'),
    n(size.townships, 'township'),
    n(size.villages, 'village'),
    `${size.approximate ? '~' : ''}${n(size.residents, 'resident')}`,
    n(size.conditions, 'condition'),
  ];
  return `ok ${loaded.file} (${parts.join(', ')})`;
}

/** `tiersim validate <scenario...>`: checks scenario files without running them. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('Check scenario files: syntax, extends chain, every field against the schema.')
    .argument('<scenario...>', 'scenario files (YAML or JSON)')
    .action((files: string[]) => {
      let failed = 0;
      for (const file of files) {
        try {
          console.log(okLine(loadScenario(file)));
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          failed++;
          process.stderr.write(`${err.userMessage}\n`);
        }
      }
      if (failed > 0) {
        if (files.length > 1) process.stderr.write(`${failed} of ${files.length} scenarios invalid\n`);
        process.exitCode = 2;
      }
    });
}
