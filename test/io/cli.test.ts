/** The output policy through the CLI (in-process): run, sweep and schema refusals and --force. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';

const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
const FAST = ['--days', '3', '--warmup', '1', '-r', '1', '-j', '1', '-q'];
const cwd = process.cwd();
let dir: string;

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-out-cli-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => { process.chdir(cwd); process.exitCode = undefined; });

/** Every path under `root` with its file content, to see that nothing changed. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(root, { recursive: true }).map(String).sort()) {
    const path = join(root, f);
    out[f] = statSync(path).isDirectory() ? '/' : readFileSync(path, 'utf8');
  }
  return out;
}

/** A fresh working directory holding the user's own files and scenarios named ".." and ".". */
function workspace(name: string): string {
  const home = join(dir, name);
  mkdirSync(join(home, 'results', 'earlier'), { recursive: true });
  writeFileSync(join(home, 'notes.txt'), 'mine');
  writeFileSync(join(home, 'results', 'earlier', 'keep.txt'), 'mine');
  writeFileSync(join(home, 'up.yaml'), `extends: ${TINY}\nname: ".."\n`);
  writeFileSync(join(home, 'here.yaml'), `extends: ${TINY}\nname: "."\n`);
  return home;
}

describe('run: the default results/<name> and --out', () => {
  it('a scenario named ".." or "." deletes nothing (run and sweep)', async () => {
    const home = workspace('names');
    process.chdir(home);
    const before = snapshot(home);
    for (const file of ['up.yaml', 'here.yaml']) {
      const run = await runCli('run', file, ...FAST);
      expect(run.code, file).toBe(2);
      expect(run.err, file).not.toMatch(/internal error/);
      const sweep = await runCli('sweep', file, '--param', 'policies.reservedSlots.outpatientShare=0,0.5', ...FAST);
      expect(sweep.code, file).toBe(2);
      expect(snapshot(home), file).toEqual(before);
    }
  });

  it('refuses ".", "", "..", "/", a user folder, a file, a link and the scenario\'s folder, changing nothing', async () => {
    const home = workspace('outs');
    mkdirSync(join(home, 'scen'));
    writeFileSync(join(home, 'scen', 'a.yaml'), `extends: ${TINY}\nname: a\n`);
    symlinkSync(join(home, 'results', 'earlier'), join(home, 'link'));
    process.chdir(home);
    const before = snapshot(home);
    const cases: Array<[string, RegExp]> = [
      ['.', /will not write to .*outs: it is the working directory/],
      ['', /--out is empty/],
      ['..', /will not write to .*: it holds the working directory/],
      ['/', /will not write to \/: it is the root of the file system/],
      ['results/earlier', /earlier: it holds files tiersim did not write: keep\.txt/],
      ['notes.txt', /notes\.txt: it is a file, not a folder/],
      ['link', /link: it is a symbolic link/],
      ['scen', /scen: it holds .*a\.yaml, an input of this command/],
      ['notes.txt/x', /a part of the path is a file, not a folder \[ENOTDIR\]/],
      ['x'.repeat(5000), /too long \[ENAMETOOLONG\]/],
    ];
    for (const [out, message] of cases) {
      for (const force of [[], ['--force']]) {
        const r = await runCli('run', 'scen/a.yaml', ...FAST, '--out', out, ...force);
        expect(r.code, out).toBe(2);
        expect(r.err, out).toMatch(message);
        expect(r.err.trimEnd().split('\n'), out).toHaveLength(1);
      }
    }
    expect(snapshot(home)).toEqual(before);
  });

  it('--force replaces an earlier run (charts and report included) but not one with foreign files', async () => {
    const out = join(dir, 'force');
    expect((await runCli('run', TINY, ...FAST, '--out', out)).code).toBe(0);
    const first = readFileSync(join(out, 'manifest.json'), 'utf8');
    const again = await runCli('run', TINY, ...FAST, '--out', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/force holds earlier results \(tiersim run, .+\); add --force to replace them, or choose another --out/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(first);
    mkdirSync(join(out, 'charts'));
    writeFileSync(join(out, 'report.html'), '<html>');
    expect((await runCli('run', TINY, ...FAST, '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).not.toBe(first);
    expect(readdirSync(out)).not.toContain('charts');
    writeFileSync(join(out, 'mine.txt'), 'mine');
    const foreign = await runCli('run', TINY, ...FAST, '--out', out, '--force');
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/holds files tiersim did not write: mine\.txt/);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(dir).filter((f) => f.startsWith('.force'))).toEqual([]);
  });

  it('a 240-character --out name is written, with no temporary sibling left', async () => {
    const out = join(dir, 'n'.repeat(240));
    expect((await runCli('run', TINY, ...FAST, '--out', out)).code).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('.n'))).toEqual([]);
  });
});

describe('schema --out', () => {
  it('writes the schema, replaces it only with --force, and never replaces another file', async () => {
    const file = join(dir, 'schema', 'scenario.schema.json');
    expect((await runCli('schema', '--out', file)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).$id).toBe('urn:tiersim:scenario');
    const again = await runCli('schema', '--out', file);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/scenario\.schema\.json exists \(a tiersim scenario JSON Schema\); add --force to replace it/);
    expect((await runCli('schema', '--out', file, '--force')).code).toBe(0);
    writeFileSync(join(dir, 'schema', 'mine.json'), '{"title": "mine"}');
    const other = await runCli('schema', '--out', join(dir, 'schema', 'mine.json'), '--force');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/it exists and is not a tiersim scenario JSON Schema/);
    expect(readFileSync(join(dir, 'schema', 'mine.json'), 'utf8')).toBe('{"title": "mine"}');
    for (const out of [join(dir, 'schema'), '/dev/null', '']) {
      const r = await runCli('schema', '--out', out, '--force');
      expect(r.code, out).toBe(2);
      expect(r.err, out).not.toMatch(/internal error/);
    }
    expect(readdirSync(join(dir, 'schema')).sort()).toEqual(['mine.json', 'scenario.schema.json']);
  });
});
