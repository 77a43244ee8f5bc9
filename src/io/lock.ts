/**
 * Advisory locks on outputs: `<parent>/.<name>.lock`, created exclusively, holding the writer's pid,
 * host name and start time. A second tiersim writing the same output fails at once; a lock left by
 * a process that is no longer alive on this host is stale and taken over.
 */
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { OutputError, fsFailure } from './errors.js';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** A lock file younger than this that cannot be read is taken to be being written. */
const UNREADABLE_GRACE_MS = 10_000;

/** True when process `pid` is alive on this host (a process we may not signal is alive). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's holder; 'gone' when the file vanished; 'unreadable' when it holds no valid lock. */
function readLock(file: string): LockInfo | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw fsFailure(err, 'read the lock file', file);
  }
  try {
    const info = JSON.parse(text) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.hostname === 'string' && typeof info.startedAt === 'string') return info as LockInfo;
  } catch {
    // fall through
  }
  return 'unreadable';
}

/** True when `holder` can be taken over: a dead process on this host, or an old unreadable file. */
function isStale(file: string, holder: LockInfo | 'unreadable'): boolean {
  if (holder === 'unreadable') {
    try {
      return Date.now() - statSync(file).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
      return true;
    }
  }
  return holder.hostname === hostname() && holder.pid !== process.pid && !isAlive(holder.pid);
}

/**
 * Moves a stale lock out of the way. Renaming is atomic, so of two processes taking over the same
 * stale lock only one moves it; should the one moved turn out to be a fresh lock (taken meanwhile by
 * a third process), it is put back.
 */
function removeStale(file: string, stale: LockInfo | 'unreadable'): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fsFailure(err, 'take over the stale lock file', file);
  }
  const moved = readLock(aside);
  const same = moved === stale || (typeof moved === 'object' && typeof stale === 'object' && moved.pid === stale.pid && moved.startedAt === stale.startedAt);
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      // Another lock is there already; that one holds.
    }
  }
  rmSync(aside, { force: true });
}

/**
 * Creates `file` holding `text`, failing with EEXIST when it exists. The text is written to a
 * temporary file first and hard-linked into place, so that no other process ever reads the lock
 * empty; where hard links are not supported, the file is created with the `wx` flag.
 */
function createExclusively(file: string, text: string): void {
  const tmp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
  } catch (err) {
    // Reported as a failure to create the lock itself.
    throw Object.assign(err as NodeJS.ErrnoException, { path: file });
  }
  try {
    linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    writeFileSync(file, text, { flag: 'wx' });
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Takes the lock `file` for `target`.
 * @throws OutputError when another live tiersim holds it, or the file cannot be created.
 */
export function takeLock(file: string, target: string): void {
  const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      createExclusively(file, JSON.stringify(info) + '\n');
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fsFailure(err, 'create the lock file', file);
    }
    const holder = readLock(file);
    if (holder === 'gone') continue;
    if (isStale(file, holder)) {
      removeStale(file, holder);
      continue;
    }
    if (holder === 'unreadable' && attempt < 9) {
      // Created a moment ago and not yet filled in: look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      continue;
    }
    if (holder === 'unreadable') {
      throw new OutputError(`${target} is being written by another tiersim (its lock file ${file} is being written); try again, or choose another --out`);
    }
    const elsewhere = holder.hostname !== hostname();
    const host = elsewhere ? ` on ${holder.hostname}` : '';
    const check = elsewhere ? ` (if no tiersim runs there any more, remove ${file})` : '';
    throw new OutputError(`${target} is being written by another tiersim (pid ${holder.pid}${host}, started ${holder.startedAt}); wait for it to finish, or choose another --out${check}`);
  }
  throw new OutputError(`cannot take the lock ${file} for ${target}: it keeps changing; try again`);
}

/** Removes the lock file if it is still this process's. */
export function releaseLock(file: string): void {
  const holder = readLock(file);
  if (typeof holder === 'object' && holder.pid === process.pid && holder.hostname === hostname()) rmSync(file, { force: true });
}
