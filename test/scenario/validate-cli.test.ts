import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { scenarioJsonSchemaText } from '../../src/scenario/jsonSchema.js';

const run = runCli;

afterEach(() => { process.exitCode = undefined; });

describe('cli validate and schema', () => {
  it('tiersim validate prints an ok line with the region size', async () => {
    const r = await run('validate', 'test/fixtures/scenarios/small.yaml');
    expect(r.out).toBe('ok test/fixtures/scenarios/small.yaml (small, 1 county, 2 townships, 6 villages, 4,800 residents, 3 conditions)\n');
    expect(r.code).toBe(0);
  });

  it('tiersim validate reports the errors of each bad file and exits with 2', async () => {
    const r = await run('validate', 'test/fixtures/scenarios/small.yaml', 'test/fixtures/scenarios/bad/negative-beds.yaml', 'missing.yaml');
    expect(r.code).toBe(2);
    expect(r.out).toContain('ok test/fixtures/scenarios/small.yaml');
    expect(r.err).toBe([
      'test/fixtures/scenarios/bad/negative-beds.yaml:5 tiers.county.beds: expected a non-negative integer, got -5',
      'missing.yaml: scenario file not found',
      '2 of 3 scenarios invalid',
      '',
    ].join('\n'));
  });

  it('tiersim validate counts generated regions from their parameters', async () => {
    const r = await run('validate', 'test/fixtures/scenarios/variants/generated.yaml');
    expect(r.out).toBe('ok test/fixtures/scenarios/variants/generated.yaml (generated, 2 counties, 6 townships, 48 villages, ~48,000 residents, 3 conditions)\n');
  });

  it('tiersim schema prints the JSON Schema, or writes it with --out', async () => {
    const printed = await run('schema');
    expect(printed.out).toBe(scenarioJsonSchemaText());
    const file = join(mkdtempSync(join(tmpdir(), 'tiersim-schema-')), 'sub', 'scenario.schema.json');
    const written = await run('schema', '--out', file);
    expect(written.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
