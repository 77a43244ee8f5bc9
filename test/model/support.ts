/**
 * Helpers for the model tests: building the CLI once (under a lock, so test files
 * running in parallel do not rebuild dist/ under each other's feet), running
 * `tiersim run` as a child process, reading the CSV files of a results folder, and
 * per-replication values of a metric.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplicationResult } from '../../src/model/metrics.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const LOCK = join(tmpdir(), `tiersim-build-${ROOT.replace(/[^A-Za-z0-9]/g, '_')}.lock`);

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Compiles src/ to dist/ (`tsc -p tsconfig.build.json`), one process at a time. */
export function buildCli(): void {
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than two minutes belongs to a process that died.
      try { if (Date.now() - statSync(LOCK).mtimeMs > 120_000) rmdirSync(LOCK); } catch { /* gone meanwhile */ }
      if (Date.now() - t0 > 180_000) throw new Error(`could not take the build lock ${LOCK}`);
      sleep(100);
    }
  }
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmdirSync(LOCK);
  }
}

/** Runs the built CLI (`node bin/tiersim.js ...args`) from the repository root; throws with its stderr on failure. */
export function tiersim(...args: string[]): string {
  try {
    return execFileSync(process.execPath, [join(ROOT, 'bin', 'tiersim.js'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`tiersim ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

export type CsvRow = Record<string, string>;

/** Reads a CSV file written by tiersim (no quoted fields in the tables used here). */
export function readCsv(file: string): CsvRow[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    if (line.includes('"')) throw new Error(`quoted CSV field in ${file}: ${line}`);
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

export interface RowKey { metric: string; tier?: string; facility?: string; group?: string }

function matches(r: { metric: string; tier: string; facility: string; group: string }, k: RowKey): boolean {
  return r.metric === k.metric && r.tier === (k.tier ?? '') && r.facility === (k.facility ?? '') && r.group === (k.group ?? '');
}

/** Values of one metric row in replications.csv, ordered by replication; throws unless every replication has it. */
export function perReplication(rows: CsvRow[], key: RowKey, replications: number): number[] {
  const out = new Array<number>(replications).fill(NaN);
  for (const r of rows) if (matches(r as never, key)) out[Number(r.replication)] = Number(r.value);
  if (out.some((x) => Number.isNaN(x))) throw new Error(`${JSON.stringify(key)} missing in some replication: ${out.join(',')}`);
  return out;
}

/** The summary.csv row of a metric. */
export function summaryRow(rows: CsvRow[], key: RowKey): CsvRow {
  const hit = rows.filter((r) => matches(r as never, key));
  if (hit.length !== 1) throw new Error(`${JSON.stringify(key)}: ${hit.length} rows in summary.csv`);
  return hit[0];
}

/** The value of one metric row of an in-process replication result; NaN when the row is absent. */
export function metric(result: ReplicationResult, key: RowKey): number {
  const hit = result.rows.find((r) => matches(r, key));
  return hit ? hit.value : NaN;
}
