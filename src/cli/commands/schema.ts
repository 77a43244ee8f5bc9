import type { Command } from 'commander';

/** `tiersim schema [--out FILE]`: prints or writes the scenario JSON Schema. */
export function register(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (for editors and other tools).')
    .option('-o, --out <file>', 'write it to this file instead of standard output')
    .option('--force', 'replace the file at --out when it is a tiersim scenario JSON Schema (never another file)')
    .action(async (opts: { out?: string; force?: boolean }) => {
      // Loaded here, not at start-up, so that `tiersim --help` stays quick.
      const { SCENARIO_SCHEMA_ID, scenarioJsonSchemaText } = await import('../../scenario/jsonSchema.js');
      const { writeFileAtomically } = await import('../../io/output.js');
      const text = scenarioJsonSchemaText();
      if (opts.out !== undefined) {
        const isSchema = (existing: string): boolean => {
          try {
            const json = JSON.parse(existing) as { $id?: unknown; title?: unknown };
            return json.$id === SCENARIO_SCHEMA_ID && json.title === 'tiersim scenario';
          } catch {
            return false;
          }
        };
        writeFileAtomically(opts.out, text, { force: opts.force, isOurs: isSchema, what: 'a tiersim scenario JSON Schema' });
        process.stderr.write(`wrote ${opts.out}\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
