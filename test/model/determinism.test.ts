/**
 * Reproducibility through the public path: a replication's random numbers flow only
 * from (scenario, seed, replication index), so the built CLI gives byte-identical
 * summary.csv and replications.csv however many worker threads share the work,
 * and different results for a different seed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, tiersim } from './support.js';

const SCENARIO = 'test/fixtures/scenarios/small.yaml';
const FILES = ['summary.csv', 'replications.csv'];

let work: string;

function run(name: string, ...args: string[]): Record<string, string> {
  const out = join(work, name);
  tiersim('run', SCENARIO, '--out', out, '--replications', '4', '--days', '30', '--warmup', '5', '--quiet', ...args);
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(out, f), 'utf8')]));
}

let one: Record<string, string>;
let two: Record<string, string>;
let other: Record<string, string>;

beforeAll(() => {
  buildCli();
  work = mkdtempSync(join(tmpdir(), 'tiersim-determinism-'));
  one = run('workers-1', '--seed', '11', '--workers', '1');
  two = run('workers-2', '--seed', '11', '--workers', '2');
  other = run('seed-12', '--seed', '12', '--workers', '2');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('tiersim run is reproducible', () => {
  for (const file of FILES) {
    it(`${file} is byte-identical with 1 and 2 workers`, () => {
      expect(one[file].split('\n').length).toBeGreaterThan(10);
      expect(two[file]).toBe(one[file]);
    });

    it(`${file} differs for a different seed`, () => {
      expect(other[file]).not.toBe(one[file]);
    });
  }

  it('a different seed changes the measured values themselves, not just their order', () => {
    const values = (csv: string) => csv.split('\n').filter((l) => l.startsWith('wait_consult,county,,,')).join('\n');
    expect(values(one['summary.csv'])).not.toBe('');
    expect(values(other['summary.csv'])).not.toBe(values(one['summary.csv']));
  });
});
