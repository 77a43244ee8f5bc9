/**
 * What this process has on disk while it writes an output: its lock files and its temporary
 * folders and files. On SIGINT or SIGTERM they are removed (synchronously), one line is printed and
 * the process exits with 130 or 143. The handlers are installed only while something is pending,
 * so a program embedding tiersim keeps its own signal behaviour the rest of the time.
 */
import { rmSync } from 'node:fs';

/** One output being written: where it goes, and what must go if the process is interrupted. */
export interface PendingOutput {
  /** The output's absolute path, named in the message. */
  target: string;
  /** Temporary folders and files of this process, removed on a signal. */
  temporaries: Set<string>;
  /** The lock file held, removed on a signal. */
  lock?: string;
  /** True once the output is in place (no longer "nothing was written"). */
  written: boolean;
}

const pending = new Set<PendingOutput>();
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Handled = keyof typeof EXIT_CODES;

/** Removes `path` (folder or file), never throwing: the process is about to exit. */
function remove(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
  } catch {
    // Nothing more can be done while exiting; a later write removes it as stale.
  }
}

/** Blocks the thread for `ms` milliseconds. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function onSignal(signal: Handled): void {
  const unwritten: string[] = [];
  const paths: string[] = [];
  for (const p of pending) {
    paths.push(...p.temporaries);
    if (p.lock) paths.push(p.lock);
    if (!p.written && !unwritten.includes(p.target)) unwritten.push(p.target);
  }
  pending.clear();
  for (const path of paths) remove(path);
  // A file operation already handed to the thread pool (one at most: writers await each one) may
  // still create a file or folder in a temporary folder just removed; a second pass removes it.
  pause(50);
  for (const path of paths) remove(path);
  process.stderr.write(unwritten.length > 0 ? `tiersim: interrupted; nothing was written to ${unwritten.join(', ')}\n` : 'tiersim: interrupted\n');
  process.exit(EXIT_CODES[signal]);
}

const handlers: Record<Handled, () => void> = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

/** Starts tracking `output` (installing the signal handlers when it is the first). */
export function track(output: PendingOutput): PendingOutput {
  if (pending.size === 0) for (const s of Object.keys(handlers) as Handled[]) process.on(s, handlers[s]);
  pending.add(output);
  return output;
}

/** Stops tracking `output` (removing the handlers when nothing is pending any more). */
export function untrack(output: PendingOutput): void {
  if (!pending.delete(output)) return;
  if (pending.size === 0) for (const s of Object.keys(handlers) as Handled[]) process.off(s, handlers[s]);
}
