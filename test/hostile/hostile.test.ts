/**
 * The hostile-input suite: every case of the corpus through the real CLI, in sandboxes, two child
 * processes at a time (docs/testing-hostile.md). Needs `npm run build` first (it runs dist/).
 *
 * HOSTILE_FILTER=<regex> runs only the cases whose id or category matches.
 * HOSTILE_ALL_RESULTS=1 also records the passing cases' output.
 * The failures (and with HOSTILE_ALL_RESULTS every result) are written to <os.tmpdir()>/tiersim-hostile-last.json.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failures, summarise } from './check.js';
import { buildCorpus } from './corpus.js';
import { runCases } from './runner.js';

const corpus = buildCorpus();
const filter = process.env.HOSTILE_FILTER ? new RegExp(process.env.HOSTILE_FILTER) : undefined;
const selected = filter ? corpus.filter((c) => filter.test(c.id) || filter.test(c.category)) : corpus;

describe('hostile inputs', () => {
  it('the corpus holds at least 1,000 distinct cases, the same for the same seed', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
    const again = buildCorpus();
    expect(again.map((c) => `${c.id} ${c.argv.join(' ')}`)).toEqual(corpus.map((c) => `${c.id} ${c.argv.join(' ')}`));
  });

  it('every hostile input gets a clean answer in time and touches nothing it may not', async () => {
    const t0 = performance.now();
    const results = await runCases(selected, { children: 2 });
    const seconds = (performance.now() - t0) / 1000;
    const failed = failures(selected, results);
    const report = join(tmpdir(), 'tiersim-hostile-last.json');
    writeFileSync(report, JSON.stringify({
      seconds, cases: selected.length,
      results: process.env.HOSTILE_ALL_RESULTS ? results.map((r) => ({ ...r, stdout: r.stdout.slice(0, 500), stderr: r.stderr.slice(0, 500) })) : undefined,
      failures: failed.map((f) => ({ id: f.case.id, category: f.case.category, description: f.case.description, exitCode: f.result.exitCode, ms: Math.round(f.result.ms), stderr: f.result.stderr.slice(0, 2000), problems: f.problems })),
    }, null, 2));
    if (failed.length > 0) {
      throw new Error(`${summarise(selected, failed)}\n\n(${selected.length} cases in ${seconds.toFixed(0)} s; every failure in ${report})`);
    }
  }, 600_000);
});
