/** Runs one (benchmark, engine) pair of bench/child.js in a fresh process. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The pair's parsed record; throws with the child's stderr if it fails. */
export function runChild(name, engine, { quick = false, timeout = 600_000 } = {}) {
  const childArgs = ['--expose-gc', join(here, 'child.js'), name, engine];
  if (quick) childArgs.push('--quick');
  const p = spawnSync(process.execPath, childArgs, { encoding: 'utf8', timeout, maxBuffer: 1 << 20 });
  if (p.status !== 0) throw new Error(`${name}/${engine} failed (status ${p.status}, signal ${p.signal}):\n${p.stderr}`);
  return JSON.parse(p.stdout.trim().split('\n').pop());
}
