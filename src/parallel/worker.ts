/**
 * Worker thread: runs whole replications sent by the pool and posts back their
 * compact results (metric rows and small tables, and the event log's typed columns when
 * the job asks for one: their buffers are handed over, not copied).
 */
import { parentPort } from 'node:worker_threads';
import type { ReplicationJob } from '../model/replicate.js';
import { runReplication } from '../levers/index.js';

parentPort!.on('message', (msg: { id: number; job: ReplicationJob }) => {
  try {
    const result = runReplication(msg.job);
    const t = result.trace;
    const transfer = (t ? [t.episode.buffer, t.activity.buffer, t.time.buffer, t.facility.buffer, t.resource.buffer] : []) as ArrayBuffer[];
    parentPort!.postMessage({ id: msg.id, result }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
