import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { runCli } from '../helpers/cli.js';

describe('shared run options', () => {
  it('--workers is refused above a few times the cores (each worker holds a model), with the limit in the message', async () => {
    const limit = Math.max(64, 4 * availableParallelism());
    const r = await runCli('run', 'test/fixtures/scenarios/tiny.yaml', '-j', String(limit + 1), '-o', '/nonexistent/never-written');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--workers must be at most ${limit}`);
  });
});
