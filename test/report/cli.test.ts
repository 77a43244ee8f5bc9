import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

let work: string;
let stderr: string[];
let stdout: string[];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tiersim-chart-cli-'));
  stderr = [];
  stdout = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr.push(String(chunk)); return true; });
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { stdout.push(args.join(' ')); });
  process.exitCode = undefined;
});

afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(work, { recursive: true, force: true });
});

/** Runs `tiersim ...args` in-process; returns the exit code (0 when none was set). */
async function tiersim(...args: string[]): Promise<number> {
  await main(['node', 'tiersim', ...args]);
  return Number(process.exitCode ?? 0);
}

async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

describe('tiersim chart / report', () => {
  const notResults: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
    ['an empty folder', async () => {}, /is not a tiersim results folder/],
    ['a folder with some other manifest.json', async (d) => { await writeFile(join(d, 'manifest.json'), '{"name":"x"}'); }, /is not a tiersim results folder/],
    ['a folder with a broken manifest.json', async (d) => { await writeFile(join(d, 'manifest.json'), '{'); }, /is not a tiersim results folder/],
    ['results in an older format version', async (d) => {
      await writeFile(join(d, 'manifest.json'), JSON.stringify({ format: 'tiersim-results', formatVersion: 0, kind: 'run' }));
      await writeFile(join(d, 'summary.csv'), 'metric,tier,facility,group,mean,ci_low,ci_high,sd,n\n');
    }, /format version 0; this tiersim reads version 1/],
  ];

  for (const command of ['chart', 'report']) {
    for (const [what, setup, message] of notResults) {
      it(`${command} on ${what} says so in one line, exits non-zero and writes nothing`, async () => {
        const dir = join(work, 'target');
        await mkdir(dir);
        await setup(dir);
        const before = await listAll(work);
        const code = await tiersim(command, dir);
        expect(code).not.toBe(0);
        const text = stderr.join('');
        expect(text.trimEnd().split('\n')).toHaveLength(1);
        expect(text).toMatch(message);
        expect(await listAll(work)).toEqual(before);
      });
    }
  }

  it('chart on a missing folder fails the same way', async () => {
    expect(await tiersim('chart', join(work, 'nope'))).not.toBe(0);
    expect(stderr.join('')).toMatch(/is not a tiersim results folder/);
    expect(await listAll(work)).toEqual([]);
  });

  it('chart writes every run chart in the asked formats into <results-dir>/charts', async () => {
    const dir = join(work, 'run');
    await cp(join(FIXTURES, 'results-run-small'), dir, { recursive: true });
    expect(await tiersim('chart', dir, '--format', 'vl,svg')).toBe(0);
    expect(await readdir(join(dir, 'charts'))).toEqual([
      'bed-occupancy.svg', 'bed-occupancy.vl.json', 'referral-flows.svg', 'referral-flows.vl.json',
      'wait-distribution.svg', 'wait-distribution.vl.json',
    ]);
    expect(stdout).toHaveLength(6);
    // A second run replaces the folder: only PNGs now, nothing left over from before.
    expect(await tiersim('chart', dir, '--format', 'png', '--out', join(dir, 'charts'))).toBe(0);
    expect(await readdir(join(dir, 'charts'))).toEqual(['bed-occupancy.png', 'referral-flows.png', 'wait-distribution.png']);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('chart rejects an unknown format', async () => {
    const dir = join(work, 'run');
    await cp(join(FIXTURES, 'results-run-small'), dir, { recursive: true });
    expect(await tiersim('chart', dir, '--format', 'pdf')).not.toBe(0);
    expect(stderr.join('')).toMatch(/--format/);
    expect(await readdir(dir)).not.toContain('charts');
  });

  it('report writes one self-contained report.html saying what was run', async () => {
    const dir = join(work, 'compare');
    await cp(join(FIXTURES, 'results-compare-small'), dir, { recursive: true });
    expect(await tiersim('report', dir)).toBe(0);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    for (const fact of ['small-county', 'primary-first', '<th>Seed</th><td>42</td>', '<th>Replications</th><td>5</td>', '<th>tiersim version</th><td>0.1.0</td>']) {
      expect(html).toContain(fact);
    }
    expect(html).toContain('<table class="comparison">');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import/);
    expect(html.match(/<script>/g)?.length).toBe(3);
  });
});
