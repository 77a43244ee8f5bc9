/**
 * The names tiersim gives next to an output folder: its temporary siblings
 * (`.<name>.tmp-<pid>-<host>-<random>`, `.<name>.old-...`) and its lock (`.<name>.lock`), and the
 * removal of those left by killed writers. Long names are cut, with a hash, so that every such name
 * stays well under 255 bytes.
 */
import { lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fsFailure } from './errors.js';
import { isAlive } from './lock.js';

/** Name bytes kept in temporary and lock names, so that they stay well under 255 bytes. */
const NAME_BYTES = 150;
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
const TEMP_NAME = /^\.(.+)\.(tmp|old)-(\d+)-([0-9a-f]{6})-[0-9a-f]{8}$/;
/** The names earlier versions gave: `.<name>.<tag>-<pid>-<random>`, written on this host. */
const LEGACY_TEMP_NAME = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]+$/;

/** [whole, name, tag, pid, host tag] of a temporary sibling's name, or null. */
function parseTempName(n: string): string[] | null {
  const m = TEMP_NAME.exec(n);
  if (m !== null) return [...m];
  const legacy = LEGACY_TEMP_NAME.exec(n);
  return legacy === null ? null : [...legacy, HOST_TAG];
}

/** The target's name as used in its temporary and lock names: long names cut, with a hash. */
export function nameKey(name: string): string {
  if (Buffer.byteLength(name) <= NAME_BYTES) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  const cut = Buffer.from(name).subarray(0, NAME_BYTES - 20).toString('utf8').replace(/\uFFFD+$/, '');
  return `${cut}~${hash}`;
}

/** A fresh temporary sibling of `target`: `.<name>.<tag>-<pid>-<host>-<random>`. */
export function temporarySibling(target: string, tag: 'tmp' | 'old'): string {
  return join(dirname(target), `.${nameKey(basename(target))}.${tag}-${process.pid}-${HOST_TAG}-${randomBytes(4).toString('hex')}`);
}

/** The lock file of `target`: `<parent>/.<name>.lock`. */
export function lockFile(target: string): string {
  return join(dirname(target), `.${nameKey(basename(target))}.lock`);
}

/**
 * Removes what killed writers of `target` left next to it: temporary folders of processes no longer
 * alive on this host, and "old" folders of an interrupted swap (put back when the target is missing).
 */
export function cleanStale(target: string): void {
  const parent = dirname(target);
  const key = nameKey(basename(target));
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const stale = names
    .map((n) => ({ n, m: parseTempName(n) }))
    .filter(({ m }) => m !== null && m[1] === key && m[4] === HOST_TAG && Number(m[3]) !== process.pid && !isAlive(Number(m[3])));
  // Old folders first, so that a missing target is restored before temporary folders go.
  stale.sort((a, b) => (a.m![2] === 'old' ? 0 : 1) - (b.m![2] === 'old' ? 0 : 1));
  for (const { n, m } of stale) {
    const path = join(parent, n);
    try {
      if (m![2] === 'old' && !exists(target)) renameSync(path, target);
      else rmSync(path, { recursive: true, force: true });
    } catch (err) {
      throw fsFailure(err, 'remove the stale temporary folder', path);
    }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
