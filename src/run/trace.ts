/**
 * The event log of a run as a table (`trace.csv` / `trace.arrow`, docs/trace.md): the rows the
 * replications' `TraceRecorder`s kept, with names in the XES standard's terms so that process-
 * mining tools read the file as it is (pm4py: `case:concept:name`, `concept:name`,
 * `time:timestamp`, `lifecycle:transition`, `org:resource`; bupaR: the same columns plus
 * `activity_instance`).
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { toCsv, writeTable, type TableFormat } from '../metrics/tables.js';
import { ACTIVITIES, TRACE_RESOURCES, type TraceColumns } from '../model/trace.js';

/** Columns of the event log, in order. */
export const TRACE_COLUMNS = [
  'case:concept:name', 'concept:name', 'lifecycle:transition', 'time:timestamp', 'time_min',
  'org:resource', 'facility', 'tier', 'activity_instance', 'replication',
] as const;

/** Simulated minute 0 as a calendar time (a Monday), for `time:timestamp`. */
export const TRACE_ORIGIN = Date.UTC(2024, 0, 1);

const TIER_NAMES = ['village', 'township', 'county', 'regional'];

/** Rows of trace.csv built and written at a time, so that a long log never sits in memory as one table. */
const CHUNK_ROWS = 100_000;

/** At most this many rows go into trace.arrow, which is built as one table in memory. */
export const ARROW_TRACE_MAX_ROWS = 1_000_000;

/**
 * The event log of the replications' traces (replication r's case k is `r-k`), rows in time order
 * within a replication, events at the same time in the order recorded (the order they happened:
 * onsets are recorded up to an hour ahead, see `onOnsets`, so the recorder's order alone is time
 * order only within a case). `activity_instance` pairs a start with its complete (the same
 * consultation, test or stay); an instantaneous event has an instance of its own.
 */
export function traceTable(
  traces: ReadonlyArray<TraceColumns | undefined>,
  facilities: ReadonlyArray<{ name: string; tier: number }>,
): ColumnTable {
  return traceChunks(traces, facilities, Infinity).next().value!;
}

/** The rows of `traceTable` in tables of at most `maxRows` rows, in order (at least one table, maybe empty). */
export function* traceChunks(
  traces: ReadonlyArray<TraceColumns | undefined>,
  facilities: ReadonlyArray<{ name: string; tier: number }>,
  maxRows: number,
): Generator<ColumnTable> {
  const fresh = () => Object.fromEntries(TRACE_COLUMNS.map((c) => [c, []])) as unknown as Record<(typeof TRACE_COLUMNS)[number], unknown[]>;
  let cols = fresh();
  let rows = 0;
  let yielded = false;
  for (let replication = 0; replication < traces.length; replication++) {
    const t = traces[replication];
    if (!t) continue;
    const open = new Map<string, number>();
    const instances = new Map<number, number>();
    const order = Array.from({ length: t.rows }, (_, i) => i).sort((a, b) => t.time[a] - t.time[b] || a - b);
    for (const i of order) {
      const act = ACTIVITIES[t.activity[i]];
      const episode = t.episode[i];
      const f = t.facility[i];
      let instance: number;
      const key = `${episode}|${act.name}`;
      if (act.lifecycle === 'complete' && open.has(key)) {
        instance = open.get(key)!;
        open.delete(key);
      } else {
        instance = (instances.get(episode) ?? 0) + 1;
        instances.set(episode, instance);
        if (act.lifecycle === 'start') open.set(key, instance);
      }
      cols['case:concept:name'].push(`${replication}-${episode}`);
      cols['concept:name'].push(act.name);
      cols['lifecycle:transition'].push(act.lifecycle);
      cols['time:timestamp'].push(new Date(TRACE_ORIGIN + Math.round(t.time[i] * 60_000)).toISOString());
      cols.time_min.push(t.time[i]);
      cols['org:resource'].push(TRACE_RESOURCES[t.resource[i]]);
      cols.facility.push(f >= 0 ? facilities[f].name : '');
      cols.tier.push(f >= 0 ? TIER_NAMES[facilities[f].tier] : '');
      cols.activity_instance.push(`${replication}-${episode}-${instance}`);
      cols.replication.push(replication);
      if (++rows === maxRows) {
        yield aq.table(cols);
        yielded = true;
        cols = fresh();
        rows = 0;
      }
    }
  }
  if (rows > 0 || !yielded) yield aq.table(cols);
}

/**
 * Writes the event log into `dir` as `trace.csv` (written a chunk of rows at a time, so of any
 * length) and, when asked, `trace.arrow` (one table in memory: up to ARROW_TRACE_MAX_ROWS rows;
 * a longer log is left out of it, with a note on stderr). Returns the file names written.
 */
export async function writeTrace(
  dir: string,
  traces: ReadonlyArray<TraceColumns | undefined>,
  facilities: ReadonlyArray<{ name: string; tier: number }>,
  formats: readonly TableFormat[],
): Promise<string[]> {
  const files: string[] = [];
  if (formats.includes('csv')) {
    const file = join(dir, 'trace.csv');
    await writeFile(file, '');
    let first = true;
    for (const chunk of traceChunks(traces, facilities, CHUNK_ROWS)) {
      const text = toCsv(chunk);
      // Every chunk's text starts with the header line; the file has it once.
      await appendFile(file, first ? text : text.slice(text.indexOf('\n') + 1));
      first = false;
    }
    files.push('trace.csv');
  }
  if (formats.includes('arrow')) {
    const rows = traces.reduce((n, t) => n + (t?.rows ?? 0), 0);
    if (rows <= ARROW_TRACE_MAX_ROWS) files.push(...await writeTable(dir, 'trace', traceTable(traces, facilities), ['arrow']));
    else process.stderr.write(`note: trace.arrow not written: the event log has ${rows.toLocaleString('en-US')} rows, more than the ${ARROW_TRACE_MAX_ROWS.toLocaleString('en-US')} an Arrow file is built for in memory; trace.csv ${formats.includes('csv') ? 'holds them' : 'would hold them (--format csv,arrow)'}, or keep fewer episodes with --trace-sample\n`);
  }
  return files;
}
