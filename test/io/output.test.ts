import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOutput, writeFileAtomically, writeResultsAtomically } from '../../src/io/output.js';
import { lockFile, nameKey, temporarySibling } from '../../src/io/siblings.js';
import { checkPathComponent, pathComponentProblem, relativePathProblem, resolveInside } from '../../src/io/names.js';
import { OutputError } from '../../src/io/errors.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-output-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (so is not alive on this host). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** A results folder as tiersim writes it, with `extra` entries added. */
function resultsFolder(path: string, extra: string[] = []): void {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'summary.csv'), 'metric\n');
  writeFileSync(join(path, 'manifest.json'), JSON.stringify({ format: 'tiersim-results', kind: 'run', createdAt: '2026-01-02T03:04:05.000Z', files: ['summary.csv', 'manifest.json'] }));
  for (const e of extra) writeFileSync(join(path, e), 'x');
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OutputError);
    expect((err as OutputError).exitCode).toBe(2);
    return (err as OutputError).userMessage;
  }
  throw new Error('expected a refusal');
}

describe('folder names from scenarios and manifests', () => {
  it('accepts plain names and refuses ., .., hidden names, separators, control characters and long names', () => {
    for (const ok of ['baseline', 'primary-first', 'a b', '分级诊疗', 'x'.repeat(100)]) expect(pathComponentProblem(ok), ok).toBeUndefined();
    for (const bad of ['', '.', '..', '.hidden', 'a/b', 'a\\b', 'a\u0000b', 'tab\there', 'x'.repeat(101)]) expect(pathComponentProblem(bad), bad).toBeDefined();
    expect(() => checkPathComponent('..', 'the scenario name')).toThrow(/the scenario name "\.\." cannot be used as a folder name/);
  });

  it('accepts relative paths inside a folder and refuses the rest', () => {
    for (const ok of ['summary.csv', 'points/3/', 'a/b.csv']) expect(relativePathProblem(ok), ok).toBeUndefined();
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a\\b', 7]) expect(relativePathProblem(bad), String(bad)).toBeDefined();
    expect(resolveInside('/r', 'a/b')).toBe('/r/a/b');
    expect(resolveInside('/r', '../x')).toBeUndefined();
  });
});

describe('prepareOutput: what it refuses, before anything is written', () => {
  it('refuses "", the root, the working directory and its ancestors', () => {
    expect(refusal(() => prepareOutput({ target: '' }))).toBe('--out is empty: give the folder to write');
    expect(refusal(() => prepareOutput({ target: '/' }))).toMatch(/will not write to \/: it is the root of the file system/);
    expect(refusal(() => prepareOutput({ target: '.' }))).toMatch(/it is the working directory/);
    expect(refusal(() => prepareOutput({ target: '..' }))).toMatch(/it holds the working directory/);
    expect(refusal(() => prepareOutput({ target: 'results/..' }))).toMatch(/it is the working directory/);
  });

  it('refuses a symbolic link, a file, a device, and a folder tiersim did not write, changing nothing', () => {
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'a.txt'), 'keep');
    mkdirSync(join(dir, 'mine', 'notes'));
    symlinkSync(join(dir, 'mine'), join(dir, 'link'));
    writeFileSync(join(dir, 'file'), 'keep');
    expect(refusal(() => prepareOutput({ target: join(dir, 'link'), force: true }))).toMatch(/link: it is a symbolic link/);
    expect(refusal(() => prepareOutput({ target: join(dir, 'file'), force: true }))).toMatch(/file: it is a file, not a folder/);
    expect(refusal(() => prepareOutput({ target: '/dev/null', force: true }))).toMatch(/\/dev\/null: it is a device, not a folder/);
    expect(refusal(() => prepareOutput({ target: join(dir, 'mine'), force: true }))).toMatch(/mine: it holds files tiersim did not write: a\.txt, notes\//);
    expect(readdirSync(dir).sort()).toEqual(['file', 'link', 'mine']);
    expect(readdirSync(join(dir, 'mine')).sort()).toEqual(['a.txt', 'notes']);
  });

  it('refuses an input, a folder holding one, and a folder inside a folder input (but allows its charts/)', () => {
    const scenario = join(dir, 'scenarios', 'a.yaml');
    mkdirSync(join(dir, 'scenarios'));
    writeFileSync(scenario, 'name: a\n');
    expect(refusal(() => prepareOutput({ target: scenario, inputs: [{ path: scenario }] }))).toMatch(/it is .*a\.yaml, an input of this command/);
    expect(refusal(() => prepareOutput({ target: join(dir, 'scenarios'), inputs: [{ path: scenario }] }))).toMatch(/it holds .*a\.yaml, an input/);
    const results = join(dir, 'r');
    resultsFolder(results);
    const inputs = [{ path: results, folder: true }];
    expect(refusal(() => prepareOutput({ target: join(results, 'x'), kind: 'charts', inputs }))).toMatch(/it is inside .*r, an input/);
    const charts = prepareOutput({ target: join(results, 'charts'), kind: 'charts', inputs, allowed: join(results, 'charts') });
    charts.release();
  });

  it('refuses earlier results without --force, naming the command and date, and foreign files even with it', () => {
    const r = join(dir, 'r');
    resultsFolder(r);
    expect(refusal(() => prepareOutput({ target: r }))).toBe(`${r} holds earlier results (tiersim run, 2026-01-02T03:04:05.000Z); add --force to replace them, or choose another --out`);
    prepareOutput({ target: r, force: true }).release();
    writeFileSync(join(r, 'notes.txt'), 'mine');
    expect(refusal(() => prepareOutput({ target: r, force: true }))).toMatch(/r: it holds files tiersim did not write: notes\.txt\. --force replaces/);
    // A charts folder is not a results folder, nor the other way round.
    expect(refusal(() => prepareOutput({ target: r, kind: 'charts', force: true }))).toMatch(/holds files tiersim did not write/);
  });

  it('turns file-system errors into user errors naming the path', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(refusal(() => prepareOutput({ target: join(dir, 'file', 'sub') }))).toMatch(/cannot look at .*file\/sub: a part of the path is a file, not a folder \[ENOTDIR\]/);
    expect(refusal(() => prepareOutput({ target: join(dir, 'a'.repeat(5000)) }))).toMatch(/too long \[ENAMETOOLONG\]/);
    expect(refusal(() => prepareOutput({ target: '/proc/tiersim-x' }))).toMatch(/cannot create the lock file \/proc\/\.tiersim-x\.lock/);
  });
});

describe('writing', () => {
  it('creates parents, replaces its own folder with --force, and leaves no temporary siblings or lock', async () => {
    const final = join(dir, 'results', 'run-a');
    await writeResultsAtomically(final, (tmp) => resultsFolder(tmp));
    expect(readdirSync(final).sort()).toEqual(['manifest.json', 'summary.csv']);
    await expect(writeResultsAtomically(final, (tmp) => resultsFolder(tmp, ['new.txt']))).rejects.toThrow(/holds earlier results/);
    await writeResultsAtomically(final, (tmp) => resultsFolder(tmp, ['new.txt']), { force: true });
    expect(readdirSync(final).sort()).toEqual(['manifest.json', 'new.txt', 'summary.csv']);
    expect(readdirSync(join(dir, 'results'))).toEqual(['run-a']);
  });

  it('leaves nothing behind, and an existing folder untouched, when writing throws', async () => {
    const fresh = join(dir, 'fresh');
    await expect(writeResultsAtomically(fresh, (tmp) => {
      writeFileSync(join(tmp, 'half.csv'), 'metric,');
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);
    const existing = join(dir, 'existing');
    await writeResultsAtomically(existing, (tmp) => resultsFolder(tmp));
    await expect(writeResultsAtomically(existing, () => { throw new Error('bad scenario'); }, { force: true })).rejects.toThrow('bad scenario');
    expect(readdirSync(dir)).toEqual(['existing']);
    expect(readFileSync(join(existing, 'summary.csv'), 'utf8')).toBe('metric\n');
  });

  it('checks again when writing: files put in meanwhile stop the swap', async () => {
    const r = join(dir, 'r');
    resultsFolder(r);
    const out = prepareOutput({ target: r, force: true });
    try {
      await expect(out.write((tmp) => { resultsFolder(tmp); writeFileSync(join(r, 'late.txt'), 'mine'); })).rejects.toThrow(/late\.txt/);
    } finally {
      out.release();
    }
    expect(readdirSync(r).sort()).toEqual(['late.txt', 'manifest.json', 'summary.csv']);
    expect(readdirSync(dir)).toEqual(['r']);
  });

  it('keeps temporary and lock names under 255 bytes for a 240-character name', async () => {
    const long = join(dir, 'é'.repeat(120));
    expect(Buffer.byteLength(nameKey('é'.repeat(120)))).toBeLessThanOrEqual(150);
    expect(Buffer.byteLength(temporarySibling(long, 'tmp').split('/').pop()!)).toBeLessThan(255);
    expect(Buffer.byteLength(lockFile(long).split('/').pop()!)).toBeLessThan(255);
    await writeResultsAtomically(long, (tmp) => resultsFolder(tmp));
    expect(readdirSync(dir)).toEqual(['é'.repeat(120)]);
  });
});

describe('locks and what killed writers leave', () => {
  it('a second writer of the same folder is refused at once; the lock goes on release', () => {
    const target = join(dir, 'r');
    const first = prepareOutput({ target });
    const lock = JSON.parse(readFileSync(lockFile(target), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(refusal(() => prepareOutput({ target }))).toMatch(new RegExp(`r is being written by another tiersim \\(pid ${process.pid}, started .+\\)`));
    first.release();
    expect(existsSync(lockFile(target))).toBe(false);
    prepareOutput({ target }).release();
  });

  it('takes over a lock whose process is dead, and removes stale temporary folders', async () => {
    const target = join(dir, 'r');
    const pid = deadPid();
    writeFileSync(lockFile(target), JSON.stringify({ pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const stale = temporarySibling(target, 'tmp').replace(`-${process.pid}-`, `-${pid}-`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'half.csv'), 'metric,');
    // A live process's temporary folder (ours) and another host's lock-free leftovers are kept.
    const live = temporarySibling(target, 'tmp').replace(`-${process.pid}-`, `-${process.ppid}-`);
    mkdirSync(live);
    await writeResultsAtomically(target, (tmp) => resultsFolder(tmp));
    expect(readdirSync(dir).sort()).toEqual([live.split('/').pop(), 'r'].sort());
  });

  it('a lock held by a live process on this host is not taken over', () => {
    const target = join(dir, 'r');
    writeFileSync(lockFile(target), JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(refusal(() => prepareOutput({ target }))).toMatch(`(pid ${process.ppid}, started 2026-01-01T00:00:00.000Z)`);
  });

  it('restores the earlier folder from an interrupted swap when the target is missing, else removes it', async () => {
    const target = join(dir, 'r');
    const pid = deadPid();
    const old = temporarySibling(target, 'old').replace(`-${process.pid}-`, `-${pid}-`);
    resultsFolder(old);
    prepareOutput({ target, force: true }).release();
    expect(readdirSync(dir)).toEqual(['r']);
    expect(readdirSync(target).sort()).toEqual(['manifest.json', 'summary.csv']);
    resultsFolder(old);
    await writeResultsAtomically(target, (tmp) => resultsFolder(tmp, ['new.txt']), { force: true });
    expect(readdirSync(dir)).toEqual(['r']);
    expect(readdirSync(target)).toContain('new.txt');
  });
});

describe('writeFileAtomically (schema --out)', () => {
  const ours = (text: string) => text.includes('"$id": "urn:tiersim:scenario"');
  const opts = { isOurs: ours, what: 'a tiersim scenario JSON Schema' };

  it('writes a new file, replaces its own only with --force, never another file, a folder or a link', () => {
    const file = join(dir, 'schemas', 's.json');
    writeFileAtomically(file, '{ "$id": "urn:tiersim:scenario" }\n', opts);
    expect(refusal(() => writeFileAtomically(file, '{}', opts))).toMatch(/s\.json exists \(a tiersim scenario JSON Schema\); add --force/);
    writeFileAtomically(file, '{ "$id": "urn:tiersim:scenario", "v": 2 }\n', { ...opts, force: true });
    expect(readFileSync(file, 'utf8')).toContain('"v": 2');
    writeFileSync(join(dir, 'notes.json'), 'mine');
    expect(refusal(() => writeFileAtomically(join(dir, 'notes.json'), '{}', { ...opts, force: true }))).toMatch(/it exists and is not a tiersim scenario JSON Schema/);
    expect(readFileSync(join(dir, 'notes.json'), 'utf8')).toBe('mine');
    symlinkSync(file, join(dir, 'link.json'));
    expect(refusal(() => writeFileAtomically(join(dir, 'link.json'), '{}', { ...opts, force: true }))).toMatch(/symbolic link/);
    expect(refusal(() => writeFileAtomically(join(dir, 'schemas'), '{}', { ...opts, force: true }))).toMatch(/it is a folder/);
    expect(readdirSync(join(dir, 'schemas'))).toEqual(['s.json']);
  });
});

describe('a lock held on another host', () => {
  it('is never taken over, and the message says which host and how to clear it', () => {
    const target = join(dir, 'r');
    writeFileSync(lockFile(target), JSON.stringify({ pid: 1, hostname: 'elsewhere.example', startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(refusal(() => prepareOutput({ target }))).toMatch(/\(pid 1 on elsewhere\.example, started 2026-01-01T00:00:00\.000Z\); wait for it to finish, or choose another --out \(if no tiersim runs there any more, remove .*\.r\.lock\)/);
    expect(existsSync(lockFile(target))).toBe(true);
  });
});
