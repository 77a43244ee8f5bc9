/**
 * A child process of the hostile-input runner (runner.ts): receives cases over IPC and runs each
 * in-process through the real CLI entry (`dist/cli/index.js` `main`), in a fresh sandbox folder,
 * capturing its output and exit code and comparing snapshots of the sandbox and of the folder
 * around it taken before and after.
 *
 * Usage (by the runner only): node child.mjs <root folder for sandboxes>
 */
import { createHash } from 'node:crypto';
import {
  chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { main } from '../../dist/cli/index.js';

const root = process.argv[2];
const OUTPUT_CAP = 100_000;
const LEFTOVER = /^\..+\.(tmp|old)-/;

let current = null;
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).join(',');
process.on('uncaughtException', (err) => { current?.escaped.push(`uncaught: ${err?.stack ?? err}`); });
process.on('unhandledRejection', (err) => { current?.escaped.push(`unhandled rejection: ${err?.stack ?? err}`); });

/** Replaces `{sandbox}` and `{parent}` in a text. */
function fill(text, sandbox) {
  return text.replaceAll('{sandbox}', sandbox).replaceAll('{parent}', dirname(sandbox));
}

/** Every path below `dir` (not following symlinks) -> its type and content hash. */
function snapshot(dir) {
  const out = new Map();
  const walk = (abs, rel) => {
    let names;
    try { names = readdirSync(abs); } catch { out.set(rel || '.', 'unreadable'); return; }
    for (const name of names) {
      const a = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      let st;
      try { st = lstatSync(a); } catch { continue; }
      if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(a)}`);
      else if (st.isDirectory()) { out.set(r, 'dir'); walk(a, r); }
      else if (st.isFile()) {
        let hash = 'unreadable';
        try { hash = createHash('sha1').update(readFileSync(a)).digest('hex'); } catch { /* mode 000 */ }
        out.set(r, `file:${hash}`);
      } else out.set(r, 'other');
    }
  };
  walk(dir, '');
  return out;
}

/** The entries directly in `dir` -> type (and hash for files). */
function listing(dir) {
  const out = new Map();
  let names = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    let st;
    try { st = lstatSync(join(dir, name)); } catch { continue; }
    if (st.isFile()) {
      let hash = 'unreadable';
      try { hash = createHash('sha1').update(readFileSync(join(dir, name))).digest('hex'); } catch { /* ignore */ }
      out.set(name, `file:${hash}`);
    } else out.set(name, st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : 'other');
  }
  return out;
}

const under = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);
const norm = (p) => p.replace(/^\.\//, '').replace(/\/+$/, '');

/** Builds the sandbox of a case; returns its absolute path. */
function setUp(c) {
  const parent = mkdtempSync(join(root, 'case-'));
  writeFileSync(join(parent, 'outside.txt'), 'a file next to the working folder; nothing may touch it\n');
  const sandbox = mkdtempSync(join(parent, 'work-'));
  mkdirSync(join(sandbox, 'keep'));
  writeFileSync(join(sandbox, 'keep', 'notes.txt'), 'a user file that no case may touch\n');
  for (const d of c.dirs ?? []) mkdirSync(join(sandbox, d), { recursive: true });
  for (const [rel, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(sandbox, rel)), { recursive: true });
    writeFileSync(join(sandbox, rel), typeof content === 'string' ? fill(content, sandbox) : content);
  }
  for (const [rel, target] of Object.entries(c.symlinks ?? {})) {
    mkdirSync(dirname(join(sandbox, rel)), { recursive: true });
    symlinkSync(fill(target, sandbox), join(sandbox, rel));
  }
  for (const [rel, mode] of Object.entries(c.modes ?? {})) chmodSync(join(sandbox, rel), mode);
  return sandbox;
}

/** Folders in allowWrite that hold a tiersim results folder before the run (replaceable with --force). */
function replaceableFolders(c, sandbox) {
  if (!c.argv.includes('--force')) return [];
  return c.allowWrite.map(norm).filter((a) => {
    try {
      return JSON.parse(readFileSync(join(sandbox, a, 'manifest.json'), 'utf8')).format === 'tiersim-results';
    } catch { return false; }
  });
}

/** Unquoted CSV cells of a file. */
function csvCells(text) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '\n') { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Formula-like text cells (=, +, -, @, tab, CR first) in the CSV files below `dir`. */
function csvProblems(dir) {
  const problems = [];
  const walk = (abs) => {
    let names = [];
    try { names = readdirSync(abs); } catch { return; }
    for (const name of names) {
      const a = join(abs, name);
      if (lstatSync(a).isDirectory()) walk(a);
      else if (name.endsWith('.csv')) {
        for (const cell of csvCells(readFileSync(a, 'utf8'))) {
          if (/^[=+@\t\r]/.test(cell) || /^-[^0-9.I]/.test(cell)) problems.push(`${basename(a)}: ${JSON.stringify(cell.slice(0, 40))}`);
        }
      }
    }
  };
  walk(dir);
  return [...new Set(problems)].slice(0, 10);
}

/** Describes the differences of two snapshots as lists of problems. */
function compare(c, before, after, replaceable) {
  const wroteOutside = [];
  const changedExisting = [];
  // The advisory lock `.<name>.lock` next to an output folder belongs to that output.
  const allowed = c.allowWrite.map(norm).flatMap((a) => [a, join(dirname(a), `.${basename(a)}.lock`).replace(/^\.\//, '')]);
  const mayDelete = (c.mayDelete ?? []).map(norm);
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now === was) continue;
    const permitted = replaceable.some((a) => under(path, a)) || mayDelete.some((a) => under(path, a));
    if (!permitted) changedExisting.push(`${now === undefined ? 'deleted' : 'changed'}: ${path}`);
  }
  for (const path of after.keys()) {
    if (!before.has(path) && !allowed.some((a) => under(path, a))) wroteOutside.push(`created: ${path}`);
  }
  return { wroteOutside, changedExisting };
}

const summarise = (list) => (list.length > 6 ? [...list.slice(0, 6), `... and ${list.length - 6} more`] : list);

/** Runs one case and returns its result. */
async function runCase(c) {
  const sandbox = setUp(c);
  const parent = dirname(sandbox);
  const before = snapshot(sandbox);
  const aroundBefore = listing(parent);
  const replaceable = replaceableFolders(c, sandbox);
  const result = {
    id: c.id, exitCode: null, stdout: '', stderr: '', ms: 0, hung: false,
    wroteOutside: [], changedExisting: [], leftovers: [], csvProblems: [], escaped: [],
  };
  current = result;
  const saved = {
    out: process.stdout.write, err: process.stderr.write, log: console.log, error: console.error,
    warn: console.warn, info: console.info, exit: process.exit,
  };
  const add = (key) => (chunk) => {
    if (result[key].length < OUTPUT_CAP) result[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  const line = (key) => (...args) => add(key)(`${args.map(String).join(' ')}\n`);
  process.stdout.write = add('stdout');
  process.stderr.write = add('stderr');
  console.log = line('stdout');
  console.info = line('stdout');
  console.error = line('stderr');
  console.warn = line('stderr');
  process.exit = (code) => { throw new Error(`process.exit(${code}) called`); };
  process.exitCode = undefined;
  const argv = c.argv.map((a) => fill(a, sandbox));
  const t0 = performance.now();
  try {
    process.chdir(sandbox);
    await main(['node', 'tiersim', ...argv]);
  } catch (err) {
    result.escaped.push(`main threw: ${err?.stack ?? err}`);
  }
  result.ms = performance.now() - t0;
  result.exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  await new Promise((r) => setTimeout(r, 5));
  Object.assign(process.stdout, { write: saved.out });
  Object.assign(process.stderr, { write: saved.err });
  Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn, info: saved.info });
  process.exit = saved.exit;
  process.chdir(root);
  current = null;

  let sandboxGone = false;
  try { sandboxGone = !lstatSync(sandbox).isDirectory(); } catch { sandboxGone = true; }
  const after = sandboxGone ? new Map() : snapshot(sandbox);
  const aroundAfter = listing(parent);
  const diff = compare(c, before, after, replaceable);
  result.wroteOutside = diff.wroteOutside;
  result.changedExisting = sandboxGone ? ['deleted: the working folder itself'] : diff.changedExisting;
  for (const [name, was] of aroundBefore) {
    if (aroundAfter.get(name) !== was) result.changedExisting.push(`${aroundAfter.has(name) ? 'changed' : 'deleted'} next to the working folder: ${name === basename(sandbox) ? '(the working folder itself)' : name}`);
  }
  for (const name of aroundAfter.keys()) if (!aroundBefore.has(name)) result.wroteOutside.push(`created next to the working folder: ${name}`);
  result.leftovers = [
    ...[...after.keys()].filter((p) => LEFTOVER.test(basename(p))),
    ...[...aroundAfter.keys()].filter((p) => LEFTOVER.test(p)).map((p) => `../${p}`),
  ];
  const protoNow = Object.getOwnPropertyNames(Object.prototype).join(',');
  if (protoNow !== PROTO_KEYS) {
    result.escaped.push(`Object.prototype changed: now ${protoNow}`);
    result.restart = true;
  }
  if (c.checkCsv) result.csvProblems = csvProblems(join(sandbox, c.checkCsv));
  result.wroteOutside = summarise(result.wroteOutside);
  result.changedExisting = summarise(result.changedExisting);
  result.leftovers = summarise(result.leftovers);
  for (const rel of Object.keys(c.modes ?? {})) { try { chmodSync(join(sandbox, rel), 0o755); } catch { /* gone */ } }
  try { chmodSync(sandbox, 0o755); } catch { /* gone */ }
  rmSync(parent, { recursive: true, force: true });
  return result;
}

process.on('message', async (msg) => {
  if (msg?.type !== 'case') return;
  let result;
  try {
    result = await runCase(msg.case);
  } catch (err) {
    result = {
      id: msg.case.id, exitCode: null, stdout: '', stderr: '', ms: 0, hung: false,
      wroteOutside: [], changedExisting: [], leftovers: [], csvProblems: [], escaped: [`runner error: ${err?.stack ?? err}`],
    };
    current = null;
  }
  process.send({ type: 'result', result });
});
process.send({ type: 'ready' });
