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

function onSignal(signal: Handled): void {
  const unwritten: string[] = [];
  for (const p of pending) {
    for (const t of p.temporaries) rmSync(t, { recursive: true, force: true, maxRetries: 2 });
    if (p.lock) rmSync(p.lock, { force: true });
    if (!p.written && !unwritten.includes(p.target)) unwritten.push(p.target);
  }
  pending.clear();
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
