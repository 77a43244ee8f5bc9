/**
 * What the benchmark runners (bench/run.js, bench/ladder.js) share: running one (benchmark,
 * engine) pair of bench/child.js in a fresh process, reading `--flag value` options, describing
 * the machine and its load, and writing a results file whole or not at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/** `option('--rounds')`: the argument after that flag in `args`, or undefined. */
export const optionReader = (args) => (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The machine a run is recorded on. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The 1-minute load average now, to two decimals. */
export const loadNow = () => Math.round(os.loadavg()[0] * 100) / 100;

/** Writes `value` as JSON to `out` through a temporary file beside it, so that a failed run leaves the old file whole. */
export function writeJson(out, value) {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, out);
}
