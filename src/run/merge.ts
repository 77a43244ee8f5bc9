/**
 * Merging the shards of a sweep (`tiersim sweep --shard i/n`, run on several machines) into one
 * sweep folder. The tables are the single-machine run's, byte for byte: `sweep.csv` rows are taken
 * as written and put in point order, `sweep.arrow` is rebuilt from the rows in point order, and
 * each point's run folder is copied unchanged. Only the top manifest is new (summed events and
 * wall time, this merge's date).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as aq from 'arquero';
import { csvRecords, readTable, writeResultsAtomically } from '../metrics/tables.js';
import { readManifest, type Manifest } from '../report/results.js';
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
    const shard = manifest.shard as ShardInfo | undefined;
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
    const tables = (m: Manifest) => JSON.stringify((m.files ?? []).filter((f) => f.startsWith('sweep.')));
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

/**
 * Merges shard folders into the sweep folder `out` (written atomically).
 * @returns the number of points merged
 * @throws a user error when the folders are not the complete shards of one sweep.
 */
export async function mergeSweeps(dirs: readonly string[], out: string): Promise<number> {
  const shards = await readShards(dirs);
  const owner = new Map<number, ShardFolder>();
  for (const s of shards) for (const k of s.shard.points) owner.set(k, s);
  const points = [...owner.keys()].sort((a, b) => a - b);
  const grid = shards[0].manifest.points ?? [];
  if (points.length !== grid.length) throw usageError(`the shards hold ${points.length} of the sweep's ${grid.length} points`);
  const files = (shards[0].manifest.files ?? []).filter((f) => f.startsWith('sweep.'));
  await writeResultsAtomically(out, async (tmp) => {
    for (const file of files) {
      if (file.endsWith('.csv')) {
        const texts = await Promise.all(shards.map((s) => readFile(join(s.dir, file), 'utf8')));
        // Whole records, not lines: a quoted name may hold a line break.
        const records = texts.map(csvRecords);
        const header = records[0][0];
        const rows = records.flatMap((r) => r.slice(1)).filter((r) => r !== '');
        // A stable sort: within a point, rows keep the order its shard wrote them in.
        const sorted = rows.map((row, i) => ({ row, i, k: pointOf(row) })).sort((a, b) => a.k - b.k || a.i - b.i);
        await writeFile(join(tmp, file), [header, ...sorted.map((x) => x.row)].map((r) => `${r}\n`).join(''));
      } else {
        const tables = await Promise.all(shards.map((s) => readTable(join(s.dir, file))));
        const all = tables[0].concat(...tables.slice(1)).derive({ _i: aq.op.row_number() }).orderby('point', '_i').select(aq.not('_i'));
        await writeFile(join(tmp, file), aq.toArrowIPC(all.reify(), { format: 'file' }));
      }
    }
    for (const k of points) await cp(join(owner.get(k)!.dir, 'points', String(k)), join(tmp, 'points', String(k)), { recursive: true });
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
  });
  return points.length;
}
