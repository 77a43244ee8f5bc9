import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  process.exitCode = undefined;
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
    const first = [
      'bed-occupancy.svg', 'bed-occupancy.vl.json', 'referral-flows.svg', 'referral-flows.vl.json',
      'referral-network.svg', 'referral-network.vl.json', 'wait-distribution.svg', 'wait-distribution.vl.json',
    ];
    expect(await readdir(join(dir, 'charts'))).toEqual([...first.slice(0, 2), 'manifest.json', ...first.slice(2)]);
    const marker = JSON.parse(await readFile(join(dir, 'charts', 'manifest.json'), 'utf8'));
    expect(marker).toMatchObject({ format: 'tiersim-charts' });
    expect([...marker.files].sort()).toEqual([...first, 'manifest.json'].sort());
    expect(stdout).toHaveLength(8);
    // A second run without --force keeps the earlier charts and says so.
    expect(await tiersim('chart', dir, '--format', 'png')).toBe(2);
    expect(stderr.join('')).toMatch(/charts holds earlier charts \(tiersim chart, .+\); add --force to replace them/);
    expect(await readdir(join(dir, 'charts'))).toHaveLength(9);
    // With --force it replaces the folder: only PNGs now, nothing left over from before.
    expect(await tiersim('chart', dir, '--format', 'png', '--out', join(dir, 'charts'), '--force')).toBe(0);
    expect(await readdir(join(dir, 'charts'))).toEqual(['bed-occupancy.png', 'manifest.json', 'referral-flows.png', 'referral-network.png', 'wait-distribution.png']);
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

  const malformed: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
    ['an empty summary.csv', async (d) => { await writeFile(join(d, 'summary.csv'), ''); }, /summary\.csv: the table is empty/],
    ['a summary.csv with other columns', async (d) => { await writeFile(join(d, 'summary.csv'), 'a,b\n1,2\n'); }, /summary\.csv: the table lacks the columns metric, tier/],
    ['a listed table missing', async (d) => { await rm(join(d, 'flows.csv')); }, /flows\.csv: listed in .*manifest\.json but missing/],
    ['a manifest that is not JSON', async (d) => { await writeFile(join(d, 'manifest.json'), 'not json'); }, /is not a tiersim results folder/],
    ['manifest fields of odd types', async (d) => {
      const m = JSON.parse(await readFile(join(d, 'manifest.json'), 'utf8'));
      await writeFile(join(d, 'manifest.json'), JSON.stringify({ ...m, replications: 'five', files: 'summary.csv' }));
    }, /manifest\.json: field (replications|files): /],
    ['a manifest listing a file outside the folder', async (d) => {
      const m = JSON.parse(await readFile(join(d, 'manifest.json'), 'utf8'));
      await writeFile(join(d, 'manifest.json'), JSON.stringify({ ...m, files: ['../../etc/passwd'] }));
    }, /field files\.0: "\.\.\/\.\.\/etc\/passwd" is not a path inside the folder/],
  ];
  for (const command of ['chart', 'report']) {
    for (const [what, spoil, message] of malformed) {
      it(`${command} on a run folder with ${what}: one-line error naming the file, exit 2, nothing written`, async () => {
        const dir = join(work, 'run');
        await cp(join(FIXTURES, 'results-run-small'), dir, { recursive: true });
        await spoil(dir);
        const before = await listAll(work);
        expect(await tiersim(command, dir)).toBe(2);
        const text = stderr.join('');
        expect(text.trimEnd().split('\n')).toHaveLength(1);
        expect(text).toMatch(message);
        expect(text).not.toMatch(/internal error/);
        expect(await listAll(work)).toEqual(before);
      });
    }
  }

  it('chart on a compare folder whose manifest names a variant outside reads and writes nothing there', async () => {
    const dir = join(work, 'a', 'b', 'compare');
    await mkdir(dirname(dir), { recursive: true });
    await cp(join(FIXTURES, 'results-compare-small'), dir, { recursive: true });
    // A run folder two levels up that a crafted variant name would reach.
    await cp(join(FIXTURES, 'results-run-small'), join(work, 'outside'), { recursive: true });
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    for (const variant of ['../../../outside', '..', '.', 'a/b']) {
      stderr.length = 0;
      await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...m, variants: [variant] }));
      const before = await listAll(work);
      expect(await tiersim('chart', dir)).toBe(2);
      expect(stderr.join('')).toMatch(/manifest\.json: field variants\.0: .* is not a folder name/);
      expect(await listAll(work)).toEqual(before);
    }
  });

  it('chart --out refuses the results folder itself, a folder inside it other than charts/, and a folder holding it', async () => {
    const dir = join(work, 'run');
    await cp(join(FIXTURES, 'results-run-small'), dir, { recursive: true });
    const before = await listAll(work);
    for (const [out, why] of [[dir, /it is .*run, an input of this command/], [join(dir, 'pictures'), /it is inside .*run, an input/], [work, /it holds .*run, an input/]] as const) {
      stderr.length = 0;
      expect(await tiersim('chart', dir, '--out', out, '--force')).toBe(2);
      expect(stderr.join('')).toMatch(why);
    }
    expect(await listAll(work)).toEqual(before);
  });
});
