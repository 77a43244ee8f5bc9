/**
 * Reading one scenario file (YAML or JSON) together with the line of every
 * value in it, so that errors can point at the line that set a field.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { ScenarioIssue } from './errors.js';
import { formatPath, getAt, type Path, type PathSegment } from './paths.js';

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

/** Records the line of every key and list item under `node`. */
function collectLines(node: Node | null | undefined, path: PathSegment[], lc: LineCounter, lines: Map<string, number | undefined>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = keyNode && 'value' in keyNode ? String((keyNode as { value: unknown }).value) : String(pair.key);
      const at = keyNode?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
      const p = [...path, key];
      lines.set(formatPath(p), at === undefined ? undefined : lc.linePos(at).line);
      collectLines(pair.value as Node | null, p, lc, lines);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const p = [...path, i];
      const at = (item as Node | null)?.range?.[0];
      lines.set(formatPath(p), at === undefined ? undefined : lc.linePos(at).line);
      collectLines(item as Node | null, p, lc, lines);
    });
  }
}

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/** JSON syntax errors, which YAML would accept more leniently. */
function jsonSyntaxIssue(text: string, file: string): ScenarioIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineCol(text, Number(pos[1])) : undefined;
    return { file, line: where?.line, col: where?.col, path: '', message: `JSON syntax error: ${msg.replace(/ in JSON at position \d+.*$/, '')}` };
  }
}

/**
 * Reads and parses a scenario file. JSON is chosen by the `.json` extension,
 * YAML otherwise (comments allowed). Returns the parsed file, or the problems
 * found (missing file, syntax errors) for the caller to gather. `from` names the
 * `extends:` that led here, so a missing parent is reported where it was named.
 */
export function readScenarioFile(absPath: string, from?: { file: string; line?: number; path: string }): ParsedFile | { issues: ScenarioIssue[] } {
  const file = displayPath(absPath);
  if (!existsSync(absPath) || !statSync(absPath).isFile()) {
    const issue: ScenarioIssue = from
      ? { file: from.file, line: from.line, path: from.path, message: `file not found: ${file}` }
      : { file, path: '', message: 'scenario file not found' };
    return { issues: [issue] };
  }
  const text = readFileSync(absPath, 'utf8');
  if (extname(absPath).toLowerCase() === '.json') {
    const issue = jsonSyntaxIssue(text, file);
    if (issue) return { issues: [issue] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const { line, col } = lc.linePos(e.pos[0]);
        return { file, line, col, path: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const content = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (content === null || content === undefined) return { issues: [{ file, path: '', message: 'the file is empty; expected a scenario (name, region, tiers, conditions, ...)' }] };
  if (typeof content !== 'object' || Array.isArray(content)) {
    return { issues: [{ file, line: 1, path: '', message: 'expected a mapping of scenario keys (name, region, tiers, conditions, ...)' }] };
  }
  const lines = new Map<string, number | undefined>([['', 1]]);
  collectLines(doc.contents as Node | null, [], lc, lines);
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
