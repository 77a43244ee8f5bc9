import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { SUMMARY_COLUMNS, readTable } from '../../src/metrics/tables.js';
import { parseParam, parseShard, sweepGrid } from '../../src/run/sweep.js';

const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
const SHARE = 'policies.reservedSlots.outpatientShare';
const COMPLY = 'policies.primaryFirst.compliance';
let dir: string;

const cli = runCli;

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-sweep-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => { process.exitCode = undefined; });

describe('--param parsing', () => {
  it('reads numbers, booleans, strings and bracketed lists', () => {
    expect(parseParam(`${SHARE}=0, 0.1,.5,1e-1`)).toEqual({ path: SHARE, values: [0, 0.1, 0.5, 0.1] });
    expect(parseParam('tiers.county.divertWhenFull=true,false')).toEqual({ path: 'tiers.county.divertWhenFull', values: [true, false] });
    expect(parseParam('policies.reservedSlots.releaseLead=2 h,1 d')).toEqual({ path: 'policies.reservedSlots.releaseLead', values: ['2 h', '1 d'] });
    expect(parseParam('policies.reservedSlots.tiers=["county"],[county, regional]')).toEqual({
      path: 'policies.reservedSlots.tiers', values: [['county'], ['county', 'regional']],
    });
    expect(parseParam('name="0.5",x')).toEqual({ path: 'name', values: ['0.5', 'x'] });
  });

  it('refuses __proto__, constructor and prototype in paths and values, and circular or too many aliases', () => {
    const refused = '`__proto__` cannot be used as a key (refused everywhere: __proto__, constructor, prototype)';
    const cases: Array<[string, string]> = [
      ['tiers.village.__proto__={"beds":7}', `--param tiers.village.__proto__={"beds":7}: ${refused}`],
      ['tiers.village={"__proto__":{"beds":7}}', `--param tiers.village={"__proto__":{"beds":7}}: cannot read the value {"__proto__":{"beds":7}}: __proto__: ${refused}`],
      ['tiers.village.beds=[&a [*a]]', '--param tiers.village.beds=[&a [*a]]: cannot read the value [&a [*a]]: [0][0]: YAML alias *a refers to a value that contains it (a circular alias)'],
      [`x=[&a 1, ${Array(101).fill('*a').join(', ')}]`, 'too many YAML aliases (a file may use at most 100)'],
    ];
    for (const [text, message] of cases) {
      let thrown: { userMessage?: string; exitCode?: number } | undefined;
      try {
        parseParam(text);
      } catch (err) {
        thrown = err as typeof thrown;
      }
      expect(thrown?.exitCode, text).toBe(2);
      expect(thrown?.userMessage, text).toContain(message);
    }
  });

  it('reads --shard i/n as whole numbers with 1 <= i <= n <= 1,000,000', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1000000/1000000')).toEqual({ index: 1_000_000, count: 1_000_000 });
    for (const bad of ['1/99999999999999999999', '1/1000001', '0/3', '4/3', '1.5/3', '1e3/1e4', '1/3/4']) {
      expect(() => parseShard(bad), bad).toThrow(/expected i\/n, whole numbers with 1 <= i <= n <= 1,000,000/);
    }
  });

  it('builds the full grid, the first parameter varying slowest', () => {
    expect(sweepGrid([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }])).toEqual([
      [1, 'x'], [1, 'y'], [1, 'z'], [2, 'x'], [2, 'y'], [2, 'z'],
    ]);
  });
});

describe('tiersim sweep', () => {
  it('writes sweep.csv over the full grid, a run folder per point, and prints metrics by point', async () => {
    const out = join(dir, 'grid');
    const r = await cli('sweep', TINY, '--param', `${SHARE}=0,0.5`, '--param', `${COMPLY}=0,0.4,0.8`, '-r', '2', '-j', '1', '-o', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'tiersim-results', formatVersion: 1, kind: 'sweep', scenario: { name: 'tiny' }, seed: 11, replications: 2,
      params: [SHARE, COMPLY], points: [[0, 0], [0, 0.4], [0, 0.8], [0.5, 0], [0.5, 0.4], [0.5, 0.8]],
    });
    expect(readdirSync(join(out, 'points')).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    const point4 = JSON.parse(readFileSync(join(out, 'points', '4', 'manifest.json'), 'utf8'));
    expect(point4).toMatchObject({ kind: 'run', seed: 11, replications: 2 });
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n')[0]).toBe(['point', SHARE, COMPLY, ...SUMMARY_COLUMNS].join(','));
    const rows = (await readTable(join(out, 'sweep.csv'))).objects() as any[];
    const points = new Map(rows.map((d) => [d.point, [d[SHARE], d[COMPLY]]]));
    expect([...points.entries()]).toEqual(manifest.points.map((p: number[], k: number) => [k, p]));
    // Each point's rows are its run folder's summary.
    const summary4 = (await readTable(join(out, 'points', '4', 'summary.csv'))).objects() as any[];
    expect(rows.filter((d) => d.point === 4).map(({ point: _p, [SHARE]: _s, [COMPLY]: _c, ...rest }) => rest)).toEqual(summary4);
    expect(r.out).toContain('Visits at primary care (% of visits)');
    // The parameters head the table: before the tiers (wide layout) or the means (long layout).
    expect(r.out).toMatch(new RegExp(`${SHARE.replace(/\./g, '\\.')}\\s+${COMPLY.replace(/\./g, '\\.')}\\s+(region|mean \\(95 % CI\\))`));
  });

  it('runs every point with the same random numbers: a point at the defaults reproduces `run`', async () => {
    const sweep = join(dir, 'crn');
    const run = join(dir, 'crn-run');
    expect((await cli('sweep', TINY, '--param', `${SHARE}=0.5,0`, '-j', '1', '-q', '-o', sweep)).code).toBe(0);
    expect((await cli('run', TINY, '-j', '1', '-q', '-o', run)).code).toBe(0);
    expect(readFileSync(join(sweep, 'points', '1', 'replications.csv'), 'utf8')).toBe(readFileSync(join(run, 'replications.csv'), 'utf8'));
    expect(readFileSync(join(sweep, 'points', '0', 'replications.csv'), 'utf8')).not.toBe(readFileSync(join(run, 'replications.csv'), 'utf8'));
  });

  it('gives a byte-identical sweep.csv with 1 and 2 workers', async () => {
    const one = join(dir, 'w1');
    const two = join(dir, 'w2');
    const args = ['sweep', TINY, '--param', `${SHARE}=0,0.5`, '--param', `${COMPLY}=0,0.8`, '-r', '3', '-q'];
    expect((await cli(...args, '-j', '1', '-o', one)).code).toBe(0);
    expect((await cli(...args, '-j', '2', '-o', two)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(two, 'manifest.json'), 'utf8')).workers).toBe(2);
    expect(readFileSync(join(two, 'sweep.csv'), 'utf8')).toBe(readFileSync(join(one, 'sweep.csv'), 'utf8'));
  });

  it('merges shards run separately into a sweep folder whose tables are byte-identical to a single run', async () => {
    const args = ['sweep', TINY, '--param', `${SHARE}=0,0.5,0.25`, '--param', 'policies.reservedSlots.tiers=[county],[county, regional]', '-r', '2', '-q', '-f', 'csv,arrow'];
    const full = join(dir, 'full');
    expect((await cli(...args, '-j', '1', '-o', full)).code).toBe(0);
    expect((await cli(...args, '-j', '1', '--shard', '1/2', '-o', join(dir, 's1'))).code).toBe(0);
    expect((await cli(...args, '-j', '1', '--shard', '2/2', '-o', join(dir, 's2'))).code).toBe(0);
    expect(readdirSync(join(dir, 's2', 'points')).sort()).toEqual(['1', '3', '5']);
    const merged = join(dir, 'merged');
    expect((await cli('merge', join(dir, 's2'), join(dir, 's1'), '-q', '-o', merged)).code).toBe(0);
    for (const f of ['sweep.csv', 'sweep.arrow', ...['0', '3', '5'].flatMap((k) => [`points/${k}/summary.csv`, `points/${k}/replications.arrow`])]) {
      expect(readFileSync(join(merged, f)).equals(readFileSync(join(full, f))), f).toBe(true);
    }
    const strip = (m: any) => { const { createdAt: _c, wallSeconds: _w, ...rest } = m; return rest; };
    expect(strip(JSON.parse(readFileSync(join(merged, 'manifest.json'), 'utf8')))).toEqual(strip(JSON.parse(readFileSync(join(full, 'manifest.json'), 'utf8'))));
    const incomplete = await cli('merge', join(dir, 's1'), '-q', '-o', join(dir, 'merged-bad'));
    expect(incomplete).toMatchObject({ code: 2, err: 'tiersim: shard 2/2 missing\n' });
    expect(existsSync(join(dir, 'merged-bad'))).toBe(false);
  });

  it.each([
    [[`${SHARE.replace('Share', 'Shar')}=0,1`], 'tiersim: --param policies.reservedSlots.outpatientShar: unknown field `outpatientShar` in policies.reservedSlots; did you mean `outpatientShare`?\n'],
    [[`${SHARE}=0,1.5`], 'tiersim: --param policies.reservedSlots.outpatientShare: expected a number between 0 and 1, got 1.5\n'],
    [['tiers.county.doctors=2,3.5', `${SHARE}=0,0.5`], 'tiersim: --param tiers.county.doctors: expected a non-negative integer, got 3.5\n'],
    [[SHARE], `tiersim: --param ${SHARE}: expected path=value1,value2,... (e.g. --param policies.reservedSlots.outpatientShare=0,0.2,0.33)\n`],
    [[`${SHARE}=`], `tiersim: --param ${SHARE}=: no values after "=" (give one or more, separated by commas)\n`],
    [[`${SHARE}=0,,1`], `tiersim: --param ${SHARE}=0,,1: value 2 of 3 is empty\n`],
    [['simulation.days=30,40'], 'tiersim: --param simulation.days: simulation settings are the same for every point of a sweep; use --days, --warmup, --replications or --seed\n'],
    [[`${SHARE}=0`, `${SHARE}=1`], `tiersim: --param ${SHARE} is given twice; list all its values in one --param\n`],
    [[], 'tiersim: sweep needs at least one --param path=value1,value2,...\n'],
    [[`${SHARE}=0,1`, '--shard', '3/2'], 'tiersim: --shard 3/2: expected i/n, whole numbers with 1 <= i <= n <= 1,000,000, e.g. --shard 1/3\n'],
  ])('rejects bad --param %j with exit code 2 and writes nothing', async (params, message) => {
    const out = join(dir, 'bad');
    const args = params.flatMap((p, i) => (p.startsWith('-') || params[i - 1]?.startsWith('-') ? [p] : ['--param', p]));
    const r = await cli('sweep', TINY, ...args, '-j', '1', '-q', '-o', out);
    expect(r.err).toBe(message);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.bad'))).toEqual([]);
  });
});

describe('tiersim merge on crafted or misplaced shards', () => {
  let home: string;
  let s1: string;
  let s2: string;
  const fast = ['--days', '3', '--warmup', '1', '-r', '1', '-j', '1', '-q'];

  beforeAll(async () => {
    home = mkdtempSync(join(dir, 'merge-'));
    s1 = join(home, 'shards', 's1');
    s2 = join(home, 'shards', 's2');
    expect((await cli('sweep', TINY, '--param', `${SHARE}=0,0.5`, ...fast, '--shard', '1/2', '-o', s1)).code).toBe(0);
    expect((await cli('sweep', TINY, '--param', `${SHARE}=0,0.5`, ...fast, '--shard', '2/2', '-o', s2)).code).toBe(0);
  });

  /** Every file under `home` with its content, to see that nothing changed. */
  function snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of readdirSync(home, { recursive: true }).map(String).sort()) {
      const path = join(home, f);
      out[f] = statSync(path).isDirectory() ? '/' : readFileSync(path, 'utf8');
    }
    return out;
  }

  /** Runs `change` on shard 2's manifest, then restores it when done. */
  async function withManifest(change: (m: any) => void, body: () => Promise<void>): Promise<void> {
    const file = join(s2, 'manifest.json');
    const original = readFileSync(file, 'utf8');
    const m = JSON.parse(original);
    change(m);
    writeFileSync(file, JSON.stringify(m));
    try {
      await body();
    } finally {
      writeFileSync(file, original);
    }
  }

  it('refuses an --out that is a shard, inside one, or holding one, and deletes nothing', async () => {
    const before = snapshot();
    for (const out of [s1, join(s2, 'merged'), join(home, 'shards'), home]) {
      const r = await cli('merge', s1, s2, '-q', '--force', '-o', out);
      expect(r.code, out).toBe(2);
      expect(r.err, out).toMatch(/will not write to .*: it (is|holds|is inside) .*s[12]\b.*, an input of this command/);
    }
    expect(snapshot()).toEqual(before);
  });

  it('writes once, refuses to replace without --force, replaces with it', async () => {
    const out = join(home, 'merged');
    expect((await cli('merge', s1, s2, '-q', '-o', out)).code).toBe(0);
    const again = await cli('merge', s1, s2, '-q', '-o', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/merged holds earlier results \(tiersim sweep, .+\); add --force to replace them, or choose another --out/);
    expect((await cli('merge', s1, s2, '-q', '--force', '-o', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'points', 'sweep.csv']);
    rmSync(out, { recursive: true });
  });

  it.each([
    ['a files entry leaving the shard', (m: any) => { m.files = ['sweep.csv/../../../victim.txt', ...m.files]; }, /field files\.0: .* is not a path inside the folder/],
    ['an absolute files entry', (m: any) => { m.files = [join(home, 'victim.txt'), ...m.files]; }, /field files\.0: .* is not a path inside the folder \(an absolute path\)/],
    ['shard points that are paths', (m: any) => { m.shard.points = ['../../outside']; }, /field shard\.points\.0: /],
    ['shard points outside the grid', (m: any) => { m.shard.points = [7]; }, /the shards hold 2 of the sweep's 2 points|hold \d+ of the sweep/],
  ])('refuses a shard manifest with %s, reading and writing nothing outside', async (_what, change, message) => {
    writeFileSync(join(home, 'victim.txt'), 'mine');
    mkdirSync(join(home, 'outside'), { recursive: true });
    writeFileSync(join(home, 'outside', 'secret.txt'), 'secret');
    const before = snapshot();
    await withManifest(change, async () => {
      const r = await cli('merge', s1, s2, '-q', '-o', join(home, 'merged-crafted'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/internal error/);
    });
    expect(snapshot()).toEqual(before);
  });

  it('names a missing or malformed sweep table instead of failing inside', async () => {
    const table = join(s2, 'sweep.csv');
    const original = readFileSync(table, 'utf8');
    try {
      rmSync(table);
      const missing = await cli('merge', s1, s2, '-q', '-o', join(home, 'merged-missing'));
      expect(missing).toMatchObject({ code: 2 });
      expect(missing.err).toMatch(/s2\/sweep\.csv: listed in the manifest but missing/);
      writeFileSync(table, 'a,b\n1,2\n');
      const wrong = await cli('merge', s1, s2, '-q', '-o', join(home, 'merged-wrong'));
      expect(wrong.code).toBe(2);
      expect(wrong.err).toMatch(/s2\/sweep\.csv: not the sweep table of this sweep/);
    } finally {
      writeFileSync(table, original);
    }
    expect(existsSync(join(home, 'merged-missing'))).toBe(false);
    expect(existsSync(join(home, 'merged-wrong'))).toBe(false);
  });
});

