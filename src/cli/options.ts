/**
 * Options shared by `run`, `compare` and `sweep`, and their checking: a bad value is
 * a one-line error before anything runs.
 */
import { Command, InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import type { RunSettings } from '../run/execute.js';
import type { TableFormat } from '../metrics/tables.js';
import { defaultLimits } from '../run/limits.js';
import { cleanText } from '../params/caps.js';
import { parseLayout, parseMetrics, splitList } from '../run/print.js';

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer, got "${v}"`);
  return n;
};
const positiveNumber = (what: string) => (v: string) => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a positive number, got "${v}"`);
  return n;
};
const nonNegNumber = (what: string) => (v: string) => {
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a non-negative number, got "${v}"`);
  return n;
};
/**
 * A seed: an integer from 0 to 2^53 - 1 written in digits, read from the text so that a
 * larger one is refused rather than rounded (`9007199254740993`), and `1e308` is refused.
 */
export function parseSeed(v: string): number {
  const text = v.trim();
  if (!/^\d{1,20}$/.test(text) || BigInt(text) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError(`--seed must be an integer from 0 to 2^53 - 1 (${Number.MAX_SAFE_INTEGER}) written in digits, got "${cleanText(v)}"`);
  }
  return Number(text);
}
const formats = (v: string): TableFormat[] => {
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  for (const f of list) if (f !== 'csv' && f !== 'arrow') throw new InvalidArgumentError(`--format takes csv, arrow or csv,arrow; got "${f}"`);
  if (list.length === 0) throw new InvalidArgumentError('--format needs at least one of csv, arrow');
  return list as TableFormat[];
};

/**
 * Most worker threads: each holds a model and its results (tens of MB at least), and more threads
 * than cores only share them; a few times the cores, and never fewer than 64.
 */
const MAX_WORKERS = Math.max(64, 4 * availableParallelism());
const workerCount = (v: string) => {
  const n = positiveInt('--workers')(v);
  if (n > MAX_WORKERS) throw new InvalidArgumentError(`--workers must be at most ${MAX_WORKERS} (4 x this machine's ${availableParallelism()} cores, or 64), got "${v}"`);
  return n;
};

export interface CommonOptions {
  replications?: number;
  seed?: number;
  days?: number;
  warmup?: number;
  workers?: number;
  out?: string;
  quiet?: boolean;
  format?: TableFormat[];
  report?: boolean;
  force?: boolean;
}

/** Adds the simulation options to a command. */
export function withRunOptions(cmd: Command): Command {
  return cmd
    .option('-r, --replications <n>', 'independent replications (default: the scenario\'s)', positiveInt('--replications'))
    .option('-s, --seed <n>', 'random seed, an integer from 0 to 2^53 - 1 (default: the scenario\'s)', parseSeed)
    .option('-d, --days <days>', 'simulated days, warm-up included (default: the scenario\'s)', positiveNumber('--days'))
    .option('-w, --warmup <days>', 'warm-up days discarded from every metric (default: the scenario\'s)', nonNegNumber('--warmup'))
    .option('-j, --workers <n>', `worker threads (default: ${Math.max(1, availableParallelism())}, the machine's cores; at most ${MAX_WORKERS})`, workerCount)
    .option('-o, --out <dir>', 'results folder (written atomically)')
    .option('-f, --format <list>', 'table formats: csv, arrow or csv,arrow', formats)
    .option('--report', 'also write report.html and charts into the results folder')
    .option('--force', 'replace an earlier results folder at --out that tiersim wrote (never one holding other files)')
    .option('-q, --quiet', 'print nothing but errors');
}

/** Options of the printed tables (`--metrics`, `--layout`; `--variants` where `variants` names what it selects). */
export interface PrintOptionValues {
  metrics?: string[];
  layout?: 'wide' | 'long';
  variants?: string[];
}

/**
 * Adds the options of the printed tables: `--metrics`, `--layout` and, when `variants` says what
 * they are, `--variants`. Metric names and the layout are checked before anything runs.
 */
export function withPrintOptions(cmd: Command, variants?: string): Command {
  cmd
    .option('--metrics <list>', 'metrics to print, comma-separated names as in summary.csv (e.g. wait_consult,bed_occupancy; default: the headline metrics)', (v: string) => parseMetrics(v))
    .option('--layout <layout>', 'printed table: wide (a column per tier or variant) or long (a line per metric, tier and variant); default: wide when it fits the terminal', (v: string) => parseLayout(v));
  if (variants) cmd.option('--variants <list>', variants, (v: string) => splitList(v, '--variants'));
  return cmd;
}

export function settingsFromOptions(o: CommonOptions): Partial<RunSettings> {
  return {
    replications: o.replications,
    seed: o.seed,
    days: o.days,
    warmupDays: o.warmup,
    workers: o.workers ?? Math.max(1, availableParallelism()),
    formats: o.format,
  };
}

/** A progress bar on stderr when it is a terminal; nothing otherwise, so logs stay clean. */
export function progressBar(label: string, quiet?: boolean): ((done: number, total: number) => void) | undefined {
  if (quiet || !process.stderr.isTTY) return undefined;
  const t0 = performance.now();
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} replications, ${secs} s`);
    if (done === total) process.stderr.write('\n');
  };
}

/**
 * Adds the flags that lift the size limits (docs/limits.md), checked before a run starts;
 * `--max-points` for sweeps only.
 */
export function withLimitOptions(cmd: Command, sweep = false): Command {
  const d = defaultLimits();
  const n = (x: number) => x.toLocaleString('en-US');
  cmd
    .option('--max-residents <n>', `refuse a region of more residents (default ${n(d.residents)})`, positiveNumber('--max-residents'))
    .option('--max-villages <n>', `refuse a region of more villages (default ${n(d.villages)})`, positiveNumber('--max-villages'))
    .option('--max-episodes <n>', `refuse more expected episodes a replication (default ${n(d.episodes)})`, positiveNumber('--max-episodes'))
    .option('--max-replications <n>', `refuse more replications (default ${n(d.replications)})`, positiveNumber('--max-replications'))
    .option('--max-days <n>', `refuse more simulated days (default ${n(d.days)}, 100 years)`, positiveNumber('--max-days'))
    .option('--max-memory <GB>', `refuse a run estimated to need more memory (default ${Math.round(d.memoryBytes / 1e9)} GB, this machine's)`, positiveNumber('--max-memory'));
  if (sweep) cmd.option('--max-points <n>', `refuse a sweep grid of more points (default ${n(d.points)})`, positiveNumber('--max-points'));
  return cmd;
}

/** `--report`: the charts (SVG, PNG, Vega-Lite) and report.html of a results folder just written. */
export async function writeChartsAndReport(out: string): Promise<void> {
  // Loaded only when needed: the charts' libraries take a while to load.
  const { writeCharts } = await import('../report/write.js');
  const { writeReport } = await import('../report/html.js');
  await writeCharts(out, ['svg', 'png', 'vl']);
  await writeReport(out);
}
