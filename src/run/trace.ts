/**
 * The event log of a run as a table (`trace.csv` / `trace.arrow`, docs/trace.md): the rows the
 * replications' `TraceRecorder`s kept, with names in the XES standard's terms so that process-
 * mining tools read the file as it is (pm4py: `case:concept:name`, `concept:name`,
 * `time:timestamp`, `lifecycle:transition`, `org:resource`; bupaR: the same columns plus
 * `activity_instance`).
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ACTIVITIES, TRACE_RESOURCES, type TraceColumns } from '../model/trace.js';

/** Columns of the event log, in order. */
export const TRACE_COLUMNS = [
  'case:concept:name', 'concept:name', 'lifecycle:transition', 'time:timestamp', 'time_min',
  'org:resource', 'facility', 'tier', 'activity_instance', 'replication',
] as const;

/** Simulated minute 0 as a calendar time (a Monday), for `time:timestamp`. */
export const TRACE_ORIGIN = Date.UTC(2024, 0, 1);

const TIER_NAMES = ['village', 'township', 'county', 'regional'];

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
  const cols: Record<(typeof TRACE_COLUMNS)[number], unknown[]> = Object.fromEntries(TRACE_COLUMNS.map((c) => [c, []])) as never;
  traces.forEach((t, replication) => {
    if (!t) return;
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
    }
  });
  return aq.table(cols);
}
