import { Command } from 'commander';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';

/** Builds the `tiersim` program; each command lives in its own file under ./commands. */
export function buildProgram(): Command {
  const program = new Command('tiersim')
    .description('Discrete-event simulation of tiered diagnosis and treatment (分级诊疗).')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureHelp({ sortSubcommands: false });
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** Prints a user-facing error in one block and returns the exit code. */
export function reportError(err: unknown): number {
  const e = err as { userMessage?: string; message?: string; exitCode?: number; code?: string };
  // commander has already printed its message (or the help/version text).
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) return e.exitCode === 0 ? 0 : 2;
  if (e && typeof e.userMessage === 'string') {
    process.stderr.write(`tiersim: ${e.userMessage}\n`);
    return e.exitCode ?? 2;
  }
  process.stderr.write(`tiersim: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.TIERSIM_DEBUG) console.error(err);
  return 1;
}
