import { describe, expect, it } from 'vitest';
import { Activity, TraceRecorder, TraceResource } from '../../src/model/trace.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceChunks, traceTable, writeTrace } from '../../src/run/trace.js';
import { toCsv } from '../../src/metrics/tables.js';

describe('TraceRecorder', () => {
  it('follows a patient through sleep and wake, and forgets it when it leaves', () => {
    const r = new TraceRecorder();
    r.begin(3);
    r.event(3, Activity.ONSET, 0, -1, TraceResource.NONE);
    r.event(3, Activity.CONSULT_START, 10, 0, TraceResource.DOCTORS);
    r.sleep(3, 7);
    r.begin(3); // index 3 reused by a new episode while the first sleeps
    r.event(3, Activity.ONSET, 11, -1, TraceResource.NONE);
    r.wake(7, 5);
    r.event(5, Activity.FOLLOW_UP, 20, 0, TraceResource.NONE);
    r.end(5);
    r.event(5, Activity.ARRIVAL, 21, 0, TraceResource.NONE); // not traced: index 5 is free
    const c = r.columns();
    expect(c.rows).toBe(4);
    expect([...c.episode]).toEqual([0, 0, 1, 0]);
    expect([...c.activity]).toEqual([Activity.ONSET, Activity.CONSULT_START, Activity.ONSET, Activity.FOLLOW_UP]);
    expect([...c.time]).toEqual([0, 10, 11, 20]);
  });

  it('keeps a sample chosen by episode number alone, about the share asked for', () => {
    const keep = (order: number[]) => {
      const r = new TraceRecorder(0.1, 4);
      for (const p of order) { r.begin(p); r.event(p, Activity.ONSET, 0, -1, 0); r.end(p); }
      return [...r.columns().episode];
    };
    const forward = keep(Array.from({ length: 20000 }, (_, i) => i % 50));
    const other = keep(Array.from({ length: 20000 }, (_, i) => (i * 7) % 13));
    expect(other).toEqual(forward);
    // Binomial(20000, 0.1): sd 42; 5 sd either side.
    expect(forward.length).toBeGreaterThan(2000 - 5 * 42);
    expect(forward.length).toBeLessThan(2000 + 5 * 42);
    expect(() => new TraceRecorder(0)).toThrow();
  });

  it('grows past its first arrays', () => {
    const r = new TraceRecorder();
    r.begin(5000);
    for (let i = 0; i < 10000; i++) r.event(5000, Activity.ARRIVAL, i, 1, 0);
    expect(r.columns().rows).toBe(10000);
    expect(r.columns().time[9999]).toBe(9999);
  });
});

describe('traceTable', () => {
  it('names columns as XES does and pairs each start with its complete', () => {
    const r = new TraceRecorder();
    r.begin(0);
    r.event(0, Activity.ONSET, 0, -1, TraceResource.NONE);
    r.event(0, Activity.CONSULT_START, 90, 1, TraceResource.DOCTORS);
    r.event(0, Activity.CONSULT_END, 100, 1, TraceResource.DOCTORS);
    r.event(0, Activity.CONSULT_START, 200, 1, TraceResource.DOCTORS);
    r.event(0, Activity.CONSULT_END, 210, 1, TraceResource.DOCTORS);
    const t = traceTable([r.columns(), undefined], [{ name: 'v1', tier: 0 }, { name: 't1', tier: 1 }]);
    expect(t.columnNames()).toEqual(['case:concept:name', 'concept:name', 'lifecycle:transition', 'time:timestamp', 'time_min', 'org:resource', 'facility', 'tier', 'activity_instance', 'replication']);
    const rows = t.objects() as Array<Record<string, unknown>>;
    expect(rows.map((x) => x.activity_instance)).toEqual(['0-0-1', '0-0-2', '0-0-2', '0-0-3', '0-0-3']);
    expect(rows[1]).toMatchObject({ 'concept:name': 'consultation', 'lifecycle:transition': 'start', 'time:timestamp': '2024-01-01T01:30:00.000Z', facility: 't1', tier: 'township', 'org:resource': 'doctors' });
    expect(rows[0]).toMatchObject({ facility: '', tier: '', 'org:resource': '' });
  });
});

describe('writeTrace', () => {
  it('writes the rows of traceTable a chunk at a time, header once, in the same order', async () => {
    const logs = [0, 1].map((salt) => {
      const r = new TraceRecorder(1, salt);
      for (let p = 0; p < 5; p++) {
        r.begin(p);
        r.event(p, Activity.ONSET, 10 * p + salt, -1, TraceResource.NONE);
        r.event(p, Activity.ARRIVAL, 100 - p, 0, TraceResource.NONE);
      }
      return r.columns();
    });
    const facilities = [{ name: 'v1', tier: 0 }];
    const whole = traceTable(logs, facilities);
    const chunks = [...traceChunks(logs, facilities, 3)];
    expect(chunks.map((c) => c.numRows())).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(chunks.flatMap((c) => c.objects())).toEqual(whole.objects());
    // Time order within each replication: the arrivals (at 96..100) after every onset (0..41).
    expect(whole.array('time_min')).toEqual([0, 10, 20, 30, 40, 96, 97, 98, 99, 100, 1, 11, 21, 31, 41, 96, 97, 98, 99, 100]);
    const dir = mkdtempSync(join(tmpdir(), 'tiersim-trace-write-'));
    try {
      expect(await writeTrace(dir, logs, facilities, ['csv'])).toEqual(['trace.csv']);
      expect(readFileSync(join(dir, 'trace.csv'), 'utf8')).toBe(toCsv(whole));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
