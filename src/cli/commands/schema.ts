import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenario/jsonSchema.js';

/** The JSON Schema as written to schemas/scenario.schema.json: 2-space indent, final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** `tiersim schema [--out FILE]`: prints or writes the scenario JSON Schema. */
export function register(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (for editors and other tools).')
    .option('-o, --out <file>', 'write it to this file instead of standard output')
    .action((opts: { out?: string }) => {
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
