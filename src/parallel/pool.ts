/**
 * Runs replications in parallel on worker threads. Each replication is fully
 * determined by (scenario, seed, replication index), and results are returned in
 * replication order, so the output is identical whatever the number of workers.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReplicationJob } from '../model/replicate.js';
import { runReplication } from '../levers/index.js';
import type { ReplicationResult } from '../model/metrics.js';

/** The compiled worker script (dist/parallel/worker.js), also when this module runs from source. */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, 'worker.js');
  if (existsSync(beside)) return beside;
  const built = resolve(here, '../../dist/parallel/worker.js');
  if (existsSync(built)) return built;
  throw new Error(`worker script not found (looked for ${beside} and ${built}); run "npm run build"`);
}

/**
 * Runs every job; `workers` <= 1 runs them in this thread. `onDone` is called as each
 * replication finishes (for progress bars). Results come back in the order of `jobs`.
 */
export async function runJobs(
  jobs: readonly ReplicationJob[],
  workers: number,
  onDone?: (finished: number, total: number) => void,
): Promise<ReplicationResult[]> {
  const results: ReplicationResult[] = new Array(jobs.length);
  if (workers <= 1 || jobs.length <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      results[i] = runReplication(jobs[i]);
      onDone?.(i + 1, jobs.length);
    }
    return results;
  }
  const script = workerScript();
  const n = Math.min(workers, jobs.length);
  let next = 0;
  let finished = 0;
  await new Promise<void>((resolveAll, reject) => {
    const pool: Worker[] = [];
    let failed = false;
    const stopAll = () => { for (const w of pool) void w.terminate(); };
    const feed = (w: Worker) => {
      if (next >= jobs.length) { void w.terminate(); return; }
      const id = next++;
      w.postMessage({ id, job: jobs[id] });
    };
    for (let k = 0; k < n; k++) {
      const w = new Worker(script);
      pool.push(w);
      w.on('message', (msg: { id: number; result?: ReplicationResult; error?: string }) => {
        if (failed) return;
        if (msg.error !== undefined) {
          failed = true;
          stopAll();
          reject(new Error(`replication ${jobs[msg.id].replication} failed: ${msg.error}`));
          return;
        }
        results[msg.id] = msg.result!;
        finished++;
        onDone?.(finished, jobs.length);
        if (finished === jobs.length) { stopAll(); resolveAll(); } else feed(w);
      });
      w.on('error', (err) => { if (!failed) { failed = true; stopAll(); reject(err); } });
      feed(w);
    }
  });
  return results;
}
