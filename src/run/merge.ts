/**
 * Merging the shards of a sweep (`tiersim sweep --shard i/n`, run on several machines) into one
 * sweep folder. The tables are the single-machine run's, byte for byte: `sweep.csv` rows are taken
 * as written and put in point order, `sweep.arrow` is rebuilt from the rows in point order, and
 * each point's run folder is copied unchanged. Only the top manifest is new (summed events and
 * wall time, this merge's date).
 */
import { cp, lstat, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as aq from 'arquero';
import { withOutput } from '../io/output.js';
import { csvRecords } from '../metrics/tables.js';
import { ResultsFolderError, insideResults, readCheckedTable, readManifest, type Manifest } from '../report/results.js';
import { usageError } from './compare.js';

/** Manifest fields that every shard of one sweep must share. */
const SHARED = ['scenario', 'params', 'points', 'seed', 'replications', 'days', 'warmupDays', 'tiersimVersion', 'formatVersion'] as const;

interface ShardInfo { index: number; count: number; points: number[] }

interface ShardFolder { dir: string; manifest: Manifest; shard: ShardInfo }

/**
 * Reads and checks the shard folders: each a sweep shard, all of one sweep (same scenario hash,
 * parameters, grid and settings), every part 1..n present exactly once.
 * @throws a user error (exit code 2) naming the problem.
 */
export async function readShards(dirs: readonly string[]): Promise<ShardFolder[]> {
  if (dirs.length === 0) throw usageError('merge needs the folders of the shards of a sweep');
  const shards: ShardFolder[] = [];
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    const shard = manifest.shard;
    if (manifest.kind !== 'sweep' || !shard) throw usageError(`${dir} is not a shard of a sweep (written by tiersim sweep --shard i/n)`);
    shards.push({ dir, manifest, shard });
  }
  const first = shards[0];
  for (const s of shards.slice(1)) {
    for (const key of SHARED) {
      if (JSON.stringify(s.manifest[key]) !== JSON.stringify(first.manifest[key])) {
        throw usageError(`${s.dir} and ${first.dir} are not shards of the same sweep: their ${key} differ`);
      }
    }
    const tables = (m: Manifest) => JSON.stringify(sweepTables(m));
    if (tables(s.manifest) !== tables(first.manifest)) throw usageError(`${s.dir} and ${first.dir} hold the sweep table in different formats (--format)`);
    if (s.shard.count !== first.shard.count) throw usageError(`${s.dir} is part of ${s.shard.count} shards but ${first.dir} of ${first.shard.count}`);
  }
  const count = first.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.shard.index);
    if (other) throw usageError(`${other} and ${s.dir} are both shard ${s.shard.index}/${count}`);
    seen.set(s.shard.index, s.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw usageError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  return shards.sort((a, b) => a.shard.index - b.shard.index);
}

/** The point number of a `sweep.csv` record (its first field, a number, never quoted). */
function pointOf(record: string): number {
  const comma = record.indexOf(',');
  return Number(comma < 0 ? record : record.slice(0, comma));
}

/** The sweep tables a shard lists: `sweep.csv` and/or `sweep.arrow`, nothing else. */
function sweepTables(manifest: Manifest): string[] {
  return (manifest.files ?? []).filter((f) => f === 'sweep.csv' || f === 'sweep.arrow');
}

/**
 * The text of `sweep.csv` of a shard, checked to start with the expected header.
 * @throws ResultsFolderError naming the file when it is missing, unreadable or has other columns.
 */
async function readSweepCsv(dir: string, header: string | undefined): Promise<string> {
  const path = insideResults(dir, 'sweep.csv');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ResultsFolderError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'listed in the manifest but missing' : 'cannot be read'}`);
  }
  const first = text.slice(0, text.indexOf('\n') + 1);
  if (!first.startsWith('point,') || (header !== undefined && first !== header)) {
    throw new ResultsFolderError(`${path}: not the sweep table of this sweep (its header line differs)`);
  }
  return text;
}

/**
 * Merges shard folders into the sweep folder `target`, written under the output policy
 * (src/io/output.ts): it may not be, hold, or lie inside any shard, and replaces an earlier results
 * folder only with `force`. Every path read from a shard's manifest stays inside that shard.
 * @returns the number of points merged and the folder written
 * @throws a user error when the folders are not the complete shards of one sweep, or the output
 *   may not be written.
 */
export async function mergeSweeps(dirs: readonly string[], target: string, opts: { force?: boolean } = {}): Promise<{ n: number; out: string }> {
  const shards = await readShards(dirs);
  const owner = new Map<number, ShardFolder>();
  for (const s of shards) for (const k of s.shard.points) owner.set(k, s);
  const points = [...owner.keys()].sort((a, b) => a - b);
  const grid = shards[0].manifest.points ?? [];
  if (points.length !== grid.length || points.some((k, i) => k !== i)) {
    throw usageError(`the shards hold ${points.length} of the sweep's ${grid.length} points`);
  }
  const sources = new Map(points.map((k) => [k, insideResults(owner.get(k)!.dir, `points/${k}`)]));
  const files = sweepTables(shards[0].manifest);
  const inputs = shards.map((s) => ({ path: s.dir, folder: true }));
  const out = await withOutput({ target, force: opts.force, inputs }, (output) => output.write(async (tmp) => {
    for (const file of files) {
      if (file.endsWith('.csv')) {
        const first = await readSweepCsv(shards[0].dir, undefined);
        const header = first.slice(0, first.indexOf('\n') + 1);
        const texts = [first, ...await Promise.all(shards.slice(1).map((s) => readSweepCsv(s.dir, header)))];
        // Whole records, not lines: a quoted name may hold a line break.
        const rows = texts.flatMap((t) => csvRecords(t).slice(1)).filter((r) => r !== '');
        // A stable sort: within a point, rows keep the order its shard wrote them in.
        const sorted = rows.map((row, i) => ({ row, i, k: pointOf(row) })).sort((a, b) => a.k - b.k || a.i - b.i);
        await writeFile(join(tmp, file), header + sorted.map((x) => `${x.row}\n`).join(''));
      } else {
        const tables = await Promise.all(shards.map((s) => readCheckedTable(insideResults(s.dir, file), 'sweep')));
        const all = tables[0].concat(...tables.slice(1)).derive({ _i: aq.op.row_number() }).orderby('point', '_i').select(aq.not('_i'));
        await writeFile(join(tmp, file), aq.toArrowIPC(all.reify(), { format: 'file' }));
      }
    }
    for (const k of points) {
      const source = sources.get(k)!;
      const st = await lstat(source).catch(() => undefined);
      if (!st?.isDirectory()) throw new ResultsFolderError(`${source}: the run folder of point ${k} is ${st ? 'not a folder' : 'missing'}`);
      await cp(source, join(tmp, 'points', String(k)), { recursive: true, verbatimSymlinks: true });
    }
    const { shard: _shard, ...base } = shards[0].manifest;
    const manifest = {
      ...base,
      workers: Math.max(...shards.map((s) => s.manifest.workers ?? 1)),
      wallSeconds: Math.round(shards.reduce((a, s) => a + (s.manifest.wallSeconds ?? 0), 0) * 1000) / 1000,
      events: shards.reduce((a, s) => a + (s.manifest.events ?? 0), 0),
      createdAt: new Date().toISOString(),
      files: [...files, ...points.map((k) => `points/${k}/`), 'manifest.json'],
    };
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  }));
  return { n: points.length, out };
}
