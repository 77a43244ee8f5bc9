/** What the hostile-input suite runs (one case) and what a run of one case reports back. */

/** `error`: exit code 2 is required; `ok`: exit code 0 is required; `either`: 0 or 2. */
export type Expectation = 'error' | 'ok' | 'either';

/**
 * One hostile input. Paths are relative to the case's sandbox (its working directory); in `argv`,
 * in text files and in symlink targets `{sandbox}` stands for the sandbox's absolute path and
 * `{parent}` for its parent folder's.
 */
export interface HostileCase {
  /** Unique, stable across runs of the generator with the same seed. */
  id: string;
  /** Group for the failure summary (e.g. `mutation`, `syntax`, `paths`). */
  category: string;
  description: string;
  /** Files to create before the run (folders are created as needed). */
  files: Record<string, string | Buffer>;
  /** Extra (empty) folders to create. */
  dirs?: string[];
  /** Symbolic links to create: link path -> target. */
  symlinks?: Record<string, string>;
  /** chmod applied after everything is created: path -> mode. */
  modes?: Record<string, number>;
  /** Arguments after `tiersim`. */
  argv: string[];
  expect: Expectation;
  /** On exit code 2 the message must name `file:line` of a scenario file. */
  expectLine?: boolean;
  /** Relative files or folders the case may create or change (a prefix covers everything below it). */
  allowWrite: string[];
  /** Pre-existing paths the case may (and should) remove, e.g. a temporary folder left by a killed run. */
  mayDelete?: string[];
  /** Texts that must not appear in the output (echoed secrets, over-long quoted values). */
  forbidOutput?: string[];
  /** A results folder whose CSV files must hold no formula-like text cell. */
  checkCsv?: string;
  /** Time limit for this case (default: the runner's, 20 s). */
  timeoutMs?: number;
}

/** What running one case produced. */
export interface CaseResult {
  id: string;
  /** `process.exitCode` after `main` returned (0 when unset); null when the case did not finish. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed at the time limit. */
  hung: boolean;
  /** The child process died during the case (signal or exit code). */
  died?: string;
  /** Sandbox changes outside `allowWrite`, and changes next to the sandbox. */
  wroteOutside: string[];
  /** Pre-existing files or folders changed or deleted without permission. */
  changedExisting: string[];
  /** `.<name>.tmp-*` / `.<name>.old-*` folders left behind. */
  leftovers: string[];
  /** Formula-like CSV text cells written unescaped. */
  csvProblems: string[];
  /** Errors thrown after `main` returned, or by `main` itself, or calls of process.exit. */
  escaped: string[];
  /** The child's global state was damaged (e.g. Object.prototype); the runner starts a fresh child. */
  restart?: boolean;
}
