/**
 * Reading one scenario file (YAML or JSON) together with the line of every
 * value in it, so that errors can point at the line that set a field.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { MAX_DEPTH, MAX_FILE_BYTES, cleanText, quoteText } from '../params/caps.js';
import type { ScenarioIssue } from './errors.js';
import { inspectDocument } from './inspect.js';
import { formatPath, getAt, type Path } from './paths.js';

/** Where values came from: one scenario file, or `--param` overrides (no lines). */
export interface SourceLayer {
  /** The file as shown in messages, or `--param`. */
  file: string;
  /** Line of each field path set in this layer (key: `formatPath`); undefined line when not known. */
  lines: Map<string, number | undefined>;
}

/** A parsed scenario file: its content and its source layer. */
export interface ParsedFile {
  absPath: string;
  content: unknown;
  layer: SourceLayer;
}

/** The path as shown to the user: relative to the working directory when that is shorter. */
export function displayPath(absPath: string): string {
  const rel = relative(process.cwd(), absPath);
  return rel && !isAbsolute(rel) && rel.length < absPath.length ? rel : absPath;
}

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Can `JSON.parse` still complete this text (a prefix of valid JSON, perhaps whole)? */
function isJsonPrefix(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    return pos ? Number(pos[1]) >= text.length : /Unexpected end/.test(msg);
  }
}

/**
 * Where a JSON syntax error is: the position V8 gives, the end of the text for an
 * early end, or else the shortest prefix that no longer reads as the start of JSON.
 */
function jsonErrorOffset(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  if (/Unexpected end/.test(message)) return text.length;
  let lo = 0; // longest known readable prefix
  let hi = text.length; // shortest known unreadable prefix
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (isJsonPrefix(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

/** JSON syntax errors, which YAML would accept more leniently; always with a line and column. */
function jsonSyntaxIssue(text: string, file: string): ScenarioIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const msg = (err as Error).message;
    const last = Math.max(0, text.trimEnd().length - 1); // an error at the end is shown on the last line
    const at = lineCol(text, Math.min(jsonErrorOffset(text, msg), last));
    // V8 may quote the whole text (`..., "{...}" is not valid JSON`): keep only the reason.
    const reason = cleanText(msg.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, ''), 80);
    return { file, line: at.line, col: at.col, path: '', message: `JSON syntax error: ${reason}` };
  }
}

/** Scenario file extensions that `extends:` may name. */
export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** The text of a file: a UTF-8 byte-order mark dropped, CRLF and CR line ends read as LF (same line count). */
export function normaliseText(raw: string): string {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Reads and parses a scenario file. JSON is chosen by the `.json` extension,
 * YAML otherwise (comments allowed). Returns the parsed file, or the problems
 * found (missing file, too large, syntax errors, refused or repeated keys, aliases)
 * for the caller to gather. `from` names the `extends:` that led here, so a missing
 * or unsuitable parent is reported where it was named.
 */
export function readScenarioFile(absPath: string, from?: { file: string; line?: number; path: string }): ParsedFile | { issues: ScenarioIssue[] } {
  const file = displayPath(absPath);
  const ext = extname(absPath).toLowerCase();
  if (from && !(SCENARIO_EXTENSIONS as readonly string[]).includes(ext)) {
    return { issues: [{ ...from, message: `expected a scenario file ending in ${SCENARIO_EXTENSIONS.join(', ')}, got ${quoteText(file, 80)}` }] };
  }
  if (!existsSync(absPath) || !statSync(absPath).isFile()) {
    const issue: ScenarioIssue = from
      ? { ...from, message: `file not found: ${cleanText(file, 200)}` }
      : { file, path: '', message: 'scenario file not found' };
    return { issues: [issue] };
  }
  const size = statSync(absPath).size;
  if (size > MAX_FILE_BYTES) {
    return { issues: [{ file, path: '', message: `the file is ${mib(size)}; a scenario file may be at most ${mib(MAX_FILE_BYTES)}` }] };
  }
  const text = normaliseText(readFileSync(absPath, 'utf8'));
  if (ext === '.json') {
    const issue = jsonSyntaxIssue(text, file);
    if (issue) return { issues: [issue] };
  }
  const lc = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { issues: [{ file, path: '', message: `nested too deeply to read (at most ${MAX_DEPTH} levels of mappings and lists)` }] };
  }
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const { line, col } = lc.linePos(e.pos[0]);
        const reason = e.message.split('\n')[0];
        // The parser reports running out of stack on very deep nesting as an error of its own.
        if (/call stack/i.test(reason)) return { file, line, col, path: '', message: `nested too deeply to read (at most ${MAX_DEPTH} levels of mappings and lists)` };
        return { file, line, col, path: '', message: `YAML syntax error: ${cleanText(reason, 120)}` };
      }),
    };
  }
  const { lines, problems } = inspectDocument(doc, lc);
  if (problems.length > 0) {
    return { issues: problems.map((p) => ({ file, line: p.line, col: p.col, path: formatPath(p.path), message: p.message })) };
  }
  const content = doc.toJS({ maxAliasCount: -1 }) as unknown;
  if (content === null || content === undefined) return { issues: [{ file, path: '', message: 'the file is empty; expected a scenario (name, region, tiers, conditions, ...)' }] };
  if (typeof content !== 'object' || Array.isArray(content)) {
    return { issues: [{ file, line: 1, path: '', message: 'expected a mapping of scenario keys (name, region, tiers, conditions, ...)' }] };
  }
  return { absPath, content, layer: { file, lines } };
}

/** Resolves a path named in a file relative to that file's folder. */
export function resolveFrom(absFile: string, target: string): string {
  return resolve(absFile, '..', target);
}

/**
 * Finds where the value at `path` was set: the longest prefix of `path` present in
 * the merged content, looked up in the layers from the most derived one.
 */
export function locate(layers: readonly SourceLayer[], merged: unknown, path: Path): { file: string; line?: number } {
  let n = path.length;
  while (n > 0 && getAt(merged, path.slice(0, n)) === undefined) n--;
  const key = formatPath(path.slice(0, n));
  for (const layer of layers) {
    if (layer.lines.has(key)) return { file: layer.file, line: layer.lines.get(key) };
  }
  const top = layers.find((l) => l.lines.has('')) ?? layers[0];
  return { file: top.file, line: top.lines.get('') };
}
