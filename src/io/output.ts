/**
 * The output policy: every command that writes a folder (`run`, `compare`, `sweep`, `merge`,
 * `chart`) prepares it with {@link prepareOutput} before any work starts and writes it with the
 * returned handle's `write`; `schema --out` writes its file with {@link writeFileAtomically}.
 * docs/output-policy.md states the rules; in short: tiersim never writes to the root, the working
 * directory or an ancestor, an input of the command, a symbolic link or a non-folder; it replaces a
 * folder only when it is empty, or when tiersim wrote it, `--force` is given and it holds nothing
 * else; it writes a temporary sibling and renames it into place, under an advisory lock, and leaves
 * no temporary folder behind when interrupted.
 */
import {
  lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync,
  type Dirent, type Stats,
} from 'node:fs';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { OutputError, fsFailure, shown } from './errors.js';
import { isInside } from './names.js';
import { releaseLock, takeLock } from './lock.js';
import { cleanStale, lockFile, temporarySibling } from './siblings.js';
import { track, untrack, type PendingOutput } from './signals.js';

/** `manifest.format` of a tiersim results folder. */
export const RESULTS_MARKER = 'tiersim-results';
/** `manifest.format` of a tiersim charts folder. */
export const CHARTS_MARKER = 'tiersim-charts';

/** What an output folder holds: a results folder, or a charts folder. */
export type OutputKind = 'results' | 'charts';

/** An input of the command: the output may not be it, or hold it (nor, for a folder, be inside it). */
export interface OutputInput {
  path: string;
  folder?: boolean;
}

export interface OutputRequest {
  /** The folder as given (`--out`, or the default). */
  target: string;
  /** What goes in it (default `results`). */
  kind?: OutputKind;
  /** `--force`: replace a folder tiersim wrote. */
  force?: boolean;
  /** The command's inputs: scenario files (with their `extends` parents), shard or results folders. */
  inputs?: readonly OutputInput[];
  /** A folder inside an input that may nevertheless be written (a results folder's own `charts/`). */
  allowed?: string;
  /** The option naming the output, for messages (default `--out`). */
  option?: string;
}

/** A prepared output folder: checked and locked; `write` fills and puts it in place. */
export interface OutputFolder {
  /** Absolute path of the folder. */
  readonly path: string;
  /**
   * Fills a fresh temporary sibling folder with `fill`, checks the target again and swaps the new
   * folder in (synchronous renames). If `fill` throws, the temporary folder is removed and the
   * target left as it was.
   */
  write(fill: (tmpDir: string) => Promise<void> | void): Promise<string>;
  /** Releases the lock (idempotent). */
  release(): void;
}

/** `path` with symbolic links on its longest existing part resolved. */
function canonical(path: string): string {
  let head = path;
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return path;
      tail.push(basename(head));
      head = up;
    }
  }
}

function refuse(path: string, why: string): never {
  throw new OutputError(`will not write to ${shown(path)}: ${why}`);
}

/**
 * Resolves the target and applies the rules that depend only on paths: not empty, not the root,
 * not the working directory or an ancestor, not an input, holding no input, not inside a folder input.
 */
export function resolveTarget(req: OutputRequest): string {
  const option = req.option ?? '--out';
  if (req.target.trim() === '') throw new OutputError(`${option} is empty: give the folder to write`);
  const path = resolve(req.target);
  const real = canonical(path);
  if (path === parse(path).root || real === parse(real).root) refuse(path, 'it is the root of the file system');
  const cwd = canonical(process.cwd());
  if (real === cwd) refuse(path, 'it is the working directory');
  if (isInside(cwd, real)) refuse(path, `it holds the working directory (${process.cwd()})`);
  const allowed = req.allowed === undefined ? undefined : canonical(resolve(req.allowed));
  for (const input of req.inputs ?? []) {
    if (real === allowed) break;
    const at = canonical(resolve(input.path));
    if (at === real) refuse(path, `it is ${input.path}, an input of this command`);
    if (isInside(at, real)) refuse(path, `it holds ${input.path}, an input of this command`);
    if (input.folder && isInside(real, at)) refuse(path, `it is inside ${input.path}, an input of this command`);
  }
  return path;
}

function describe(st: Stats): string {
  if (st.isFile()) return 'a file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a folder';
}

function entryName(e: Dirent): string {
  return e.isDirectory() ? `${e.name}/` : e.name;
}

function listed(names: string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ` ... (${names.length} in all)` : '');
}

/** The marker manifest of a folder, if it has a readable one. */
function readMarker(dir: string): { format?: unknown; kind?: unknown; createdAt?: unknown; files?: unknown } | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Entry names tiersim writes into a folder of `kind` besides the manifest's `files`. */
function ownEntries(kind: OutputKind, name: string): boolean {
  if (name === 'manifest.json') return true;
  if (kind === 'results' && (name === 'charts' || name === 'report.html')) return true;
  // Locks and temporary files of a charts folder or report being written inside.
  return /^\.charts\.(lock|(tmp|old)-)/.test(name) || /^\.report\.html\.tmp-/.test(name);
}

/**
 * Checks what is at `path` now: 'absent', or an existing folder that may be replaced.
 * @throws OutputError when it must not be replaced.
 */
export function inspectTarget(path: string, kind: OutputKind, force: boolean, option = '--out'): 'absent' | 'replace' {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw fsFailure(err, 'look at', path);
  }
  if (st.isSymbolicLink()) refuse(path, 'it is a symbolic link (give the folder it points to, if that is what you mean)');
  if (!st.isDirectory()) refuse(path, `it is ${describe(st)}, not a folder`);
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (err) {
    throw fsFailure(err, 'read the folder', path);
  }
  if (entries.length === 0) return 'replace';
  const marker = readMarker(path);
  const format = kind === 'results' ? RESULTS_MARKER : CHARTS_MARKER;
  const names = entries.map(entryName);
  if (marker?.format !== format) {
    refuse(path, `it holds files tiersim did not write: ${listed(names)}. tiersim replaces only an empty folder, `
      + `or, with --force, a ${kind} folder it wrote itself; choose another ${option}`);
  }
  const what = kind === 'results' ? 'results' : 'charts';
  if (!force) {
    const by = kind === 'results' ? `tiersim ${typeof marker.kind === 'string' ? marker.kind : 'run'}` : 'tiersim chart';
    const when = typeof marker.createdAt === 'string' ? marker.createdAt : 'date unknown';
    throw new OutputError(`${shown(path)} holds earlier ${what} (${by}, ${when}); add --force to replace them, or choose another ${option}`);
  }
  const files = Array.isArray(marker.files) ? marker.files.filter((f): f is string => typeof f === 'string') : [];
  const known = new Set(files.map((f) => f.split('/')[0]));
  const foreign = entries.filter((e) => !known.has(e.name) && !ownEntries(kind, e.name)).map(entryName);
  if (foreign.length > 0) {
    refuse(path, `it holds files tiersim did not write: ${listed(foreign)}. --force replaces a ${what} folder `
      + 'only when everything in it is what tiersim wrote there; move those away or choose another ' + option);
  }
  return 'replace';
}

function makeParents(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw fsFailure(err, 'create the folder holding', path);
  }
}

/**
 * Prepares an output folder before any work: resolves and checks the target (see the module
 * comment), creates its parent folders, takes its lock, removes stale temporary folders and checks
 * what is there. Call `release()` when done (also after an error).
 * @throws OutputError (exit code 2) naming the path and the reason.
 */
export function prepareOutput(req: OutputRequest): OutputFolder {
  const kind = req.kind ?? 'results';
  const force = req.force === true;
  const option = req.option ?? '--out';
  const path = resolveTarget(req);
  inspectTarget(path, kind, force, option);
  makeParents(path);
  const lock = lockFile(path);
  // The handlers go in before the lock is taken, so that no signal finds the lock without them.
  const pending = track({ target: path, temporaries: new Set(), written: false });
  try {
    takeLock(lock, path);
  } catch (err) {
    untrack(pending);
    throw err;
  }
  pending.lock = lock;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    releaseLock(lock);
    untrack(pending);
  };
  try {
    cleanStale(path);
    inspectTarget(path, kind, force, option);
  } catch (err) {
    release();
    throw err;
  }
  return {
    path,
    release,
    async write(fill) {
      if (released) throw new Error(`output ${path} written after its lock was released`);
      cleanStale(path);
      inspectTarget(path, kind, force, option);
      const tmp = temporarySibling(path, 'tmp');
      try {
        mkdirSync(tmp);
      } catch (err) {
        throw fsFailure(err, 'create a temporary folder next to', path);
      }
      pending.temporaries.add(tmp);
      try {
        await fill(tmp);
        swapIn(tmp, path, inspectTarget(path, kind, force, option), pending);
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        pending.temporaries.delete(tmp);
        throw fsFailure(err, 'write', path);
      }
      return path;
    },
  };
}

/**
 * Puts the filled folder `tmp` in place of `path` with synchronous renames only (no signal handler
 * can run between them): when a folder is there, it is renamed aside, the new one renamed in, and
 * the old one removed (put back if the second rename fails).
 */
function swapIn(tmp: string, path: string, state: 'absent' | 'replace', pending: PendingOutput): void {
  if (state === 'absent') {
    renameSync(tmp, path);
  } else {
    const old = temporarySibling(path, 'old');
    renameSync(path, old);
    try {
      renameSync(tmp, path);
    } catch (err) {
      renameSync(old, path);
      throw err;
    }
    pending.temporaries.add(old);
    rmSync(old, { recursive: true, force: true });
  }
  pending.temporaries.clear();
  pending.written = true;
}

/**
 * Prepares `target`, lets `work` compute and write through the handle, and releases the lock
 * however `work` ends.
 */
export async function withOutput<T>(req: OutputRequest, work: (out: OutputFolder) => Promise<T>): Promise<T> {
  const out = prepareOutput(req);
  try {
    return await work(out);
  } finally {
    out.release();
  }
}

/**
 * Writes `[path]` through a temporary sibling file and a rename. An existing file is replaced only
 * with `force` and when `isOurs(its text)` says tiersim wrote it; directories, links, the root, the
 * working directory and its ancestors are refused.
 * @param what what the file is, for messages (e.g. "a tiersim scenario JSON Schema")
 * @throws OutputError (exit code 2).
 */
export function writeFileAtomically(
  target: string, content: string, opts: { force?: boolean; isOurs: (text: string) => boolean; what: string; option?: string },
): string {
  const option = opts.option ?? '--out';
  const path = resolveTarget({ target, option });
  let st: Stats | undefined;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fsFailure(err, 'look at', path);
  }
  if (st?.isSymbolicLink()) refuse(path, 'it is a symbolic link');
  if (st && !st.isFile()) refuse(path, st.isDirectory() ? 'it is a folder' : `it is ${describe(st)}`);
  if (st) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw fsFailure(err, 'read', path);
    }
    if (!opts.isOurs(text)) refuse(path, `it exists and is not ${opts.what}; choose another ${option}`);
    if (!opts.force) throw new OutputError(`${shown(path)} exists (${opts.what}); add --force to replace it, or choose another ${option}`);
  }
  makeParents(path);
  const tmp = temporarySibling(path, 'tmp');
  const pending = track({ target: path, temporaries: new Set([tmp]), written: false });
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fsFailure(err, 'write', path);
  } finally {
    untrack(pending);
  }
  return path;
}

/**
 * Writes a results (or charts) folder under the output policy in one call: {@link prepareOutput},
 * then `fill` into a temporary sibling folder, swapped in by rename; the lock released at the end.
 * @returns the folder's absolute path
 */
export async function writeResultsAtomically(
  target: string,
  fill: (tmpDir: string) => Promise<void> | void,
  req: Omit<OutputRequest, 'target'> = {},
): Promise<string> {
  return withOutput({ ...req, target }, (out) => out.write(fill));
}
