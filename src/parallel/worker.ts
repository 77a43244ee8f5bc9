/**
 * Worker thread: runs whole replications sent by the pool and posts back their
 * compact results (metric rows and small tables, never event logs).
 */
import { parentPort } from 'node:worker_threads';
import type { ReplicationJob } from '../model/replicate.js';
import { runReplication } from '../levers/index.js';

parentPort!.on('message', (msg: { id: number; job: ReplicationJob }) => {
  try {
    parentPort!.postMessage({ id: msg.id, result: runReplication(msg.job) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
