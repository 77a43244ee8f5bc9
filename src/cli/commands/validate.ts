import type { Command } from 'commander';

/** `tiersim validate <scenario...>`: checks scenario files without running them. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('Check scenario files: syntax, extends chain, every field against the schema.')
    .argument('<scenario...>', 'scenario files (YAML or JSON)')
    .action(async (files: string[]) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { ScenarioError } = await import('../../scenario/errors.js');
      const { loadScenario } = await import('../../scenario/load.js');
      const { okLine } = await import('../../scenario/summary.js');
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
