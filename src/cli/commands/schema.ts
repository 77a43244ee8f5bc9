import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';

/** `tiersim schema [--out FILE]`: prints or writes the scenario JSON Schema. */
export function register(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (for editors and other tools).')
    .option('-o, --out <file>', 'write it to this file instead of standard output')
    .action(async (opts: { out?: string }) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { scenarioJsonSchemaText } = await import('../../scenario/jsonSchema.js');
      const text = scenarioJsonSchemaText();
      if (opts.out) {
        mkdirSync(dirname(opts.out), { recursive: true });
        writeFileSync(opts.out, text);
        process.stderr.write(`wrote ${opts.out}\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
