/**
 * Runs hostile cases in child processes (child.mjs), two at a time by default. Each child runs
 * its cases one after another; the parent enforces each case's time limit: on expiry it kills the
 * child, records the case as hung and starts a fresh child for the remaining cases.
 *
 * When the tests run as root, the children run as user `nobody` (uid/gid 65534): the corpus
 * points `--out` at `/`, `/dev/null` and other shared paths, and a bug must not be able to
 * damage the machine. Children also run under a virtual-memory cap, so that an input asking for
 * billions of residents fails inside the child instead of exhausting the machine's memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, HostileCase } from './types.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'child.mjs');
const NOBODY = 65534;
/** Virtual memory per child (kB): room for V8 and the worker threads, not for a runaway allocation. */
const MEMORY_KB = 8_000_000;
/** Time for building the sandbox and taking the snapshots, on top of a case's own limit. */
const SETUP_GRACE_MS = 1500;

export interface RunOptions {
  /** Child processes running cases in parallel (default 2). */
  children?: number;
  /** Time limit of a case without its own `timeoutMs` (default 20 s). */
  defaultTimeoutMs?: number;
  /** Called after each case. */
  onResult?: (result: CaseResult, done: number, total: number) => void;
}

const empty = (id: string): CaseResult => ({
  id, exitCode: null, stdout: '', stderr: '', ms: 0, hung: false,
  wroteOutside: [], changedExisting: [], leftovers: [], csvProblems: [], escaped: [],
});

/** Starts a child process that runs cases with sandboxes under `root`. */
function startChild(root: string): ChildProcess {
  const asRoot = process.getuid?.() === 0;
  return spawn('/bin/sh', ['-c', `ulimit -v ${MEMORY_KB} 2>/dev/null; exec "$0" "$@"`, process.execPath, '--max-old-space-size=3072', CHILD, root], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

/**
 * Runs every case and returns the results in the order of `cases`. The children make their
 * sandboxes in one folder under os.tmpdir(), removed at the end.
 */
export async function runCases(cases: readonly HostileCase[], options: RunOptions = {}): Promise<CaseResult[]> {
  const children = options.children ?? 2;
  const defaultTimeout = options.defaultTimeoutMs ?? 20_000;
  const results: CaseResult[] = new Array(cases.length);
  const top = mkdtempSync(join(tmpdir(), 'tiersim-hostile-'));
  if (process.getuid?.() === 0) chownSync(top, NOBODY, NOBODY);
  let next = 0;
  let done = 0;

  const slot = () => new Promise<void>((resolveSlot) => {
    let child: ChildProcess | undefined;
    let running: { index: number; timer: NodeJS.Timeout } | undefined;
    let lastOutput = '';

    const finish = (index: number, result: CaseResult) => {
      results[index] = result;
      done++;
      options.onResult?.(result, done, cases.length);
    };
    const feed = () => {
      if (next >= cases.length) {
        child?.removeAllListeners('exit');
        child?.kill('SIGKILL');
        resolveSlot();
        return;
      }
      const index = next++;
      const c = cases[index];
      const timer = setTimeout(() => {
        running = undefined;
        const r = empty(c.id);
        r.hung = true;
        r.ms = c.timeoutMs ?? defaultTimeout;
        finish(index, r);
        restart();
      }, (c.timeoutMs ?? defaultTimeout) + SETUP_GRACE_MS);
      running = { index, timer };
      child!.send({ type: 'case', case: c });
    };
    const restart = () => {
      if (child) {
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
      }
      child = startChild(top);
      lastOutput = '';
      const keep = (chunk: Buffer) => { lastOutput = (lastOutput + chunk.toString()).slice(-2000); };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      child.on('message', (msg: { type: string; result?: CaseResult }) => {
        if (msg.type === 'ready') feed();
        else if (msg.type === 'result' && running) {
          clearTimeout(running.timer);
          const { index } = running;
          running = undefined;
          finish(index, msg.result!);
          if (msg.result!.restart) restart();
          else feed();
        }
      });
      child.on('exit', (code, signal) => {
        if (!running) return;
        clearTimeout(running.timer);
        const { index } = running;
        running = undefined;
        const r = empty(cases[index].id);
        r.died = `child process ended (${signal ?? `exit code ${code}`}) during the case: ${lastOutput.trim().split('\n').slice(-3).join(' | ')}`;
        finish(index, r);
        restart();
      });
    };
    restart();
  });

  try {
    await Promise.all(Array.from({ length: Math.min(children, cases.length) }, () => slot()));
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
  return results;
}
