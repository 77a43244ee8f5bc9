/**
 * Names and paths that come from scenarios or manifests and are used to build paths: a scenario's
 * name as a folder name, a manifest's file list. Each must stay inside the folder it names a part of.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { OutputError } from './errors.js';

/** The longest name accepted as one folder name. */
export const MAX_NAME_LENGTH = 100;

/**
 * Why `name` cannot be one path component (a folder or file name inside a results folder), or
 * undefined when it can: it must be a non-empty string of at most {@link MAX_NAME_LENGTH}
 * characters, not `.` or `..`, not starting with `.`, without `/`, `\`, NUL or control characters.
 */
export function pathComponentProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `it is ${name === null ? 'null' : typeof name}, not a string`;
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return `"${name}" means a folder itself or its parent`;
  if (name.startsWith('.')) return 'it starts with "." (hidden files, and tiersim\'s temporary folders, start so)';
  if (/[/\\]/.test(name)) return 'it holds "/" or "\\"';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it holds a control character';
  if (name.length > MAX_NAME_LENGTH) return `it is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`;
  return undefined;
}

/**
 * Returns `name` when it is a safe single path component.
 * @param what what the name is, for the message, e.g. `scenarios/a.yaml: the scenario name`
 * @param hint what to do about it, appended to the message
 * @throws OutputError (exit code 2) naming the problem.
 */
export function checkPathComponent(name: string, what: string, hint = ''): string {
  const problem = pathComponentProblem(name);
  if (problem) throw new OutputError(`${what} ${JSON.stringify(name).slice(0, 120)} cannot be used as a folder name: ${problem}${hint ? `; ${hint}` : ''}`);
  return name;
}

/**
 * Why `path` is not a safe relative path inside a folder (`summary.csv`, `points/3/`), or undefined:
 * not absolute, no empty, `.` or `..` parts, no `\`, NUL or control characters. A trailing `/`
 * (a folder) is allowed.
 */
export function relativePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'not a string';
  if (path === '') return 'empty';
  if (path.startsWith('/') || isAbsolute(path)) return 'an absolute path';
  if (path.includes('\\')) return 'holds "\\"';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'holds a control character';
  const parts = path.endsWith('/') ? path.slice(0, -1).split('/') : path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return 'holds an empty, "." or ".." part';
  return undefined;
}

/** True when `child` is strictly inside `parent` (both absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * `rel` resolved against `base`, or undefined when the result is not `base` itself or inside it.
 */
export function resolveInside(base: string, rel: string): string | undefined {
  const root = resolve(base);
  const path = resolve(root, rel);
  return path === root || isInside(path, root) ? path : undefined;
}
