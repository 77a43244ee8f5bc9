/**
 * One walk over a parsed YAML document before its content is used: the line of every
 * key and list item, and the problems that must stop a file before it is turned into
 * values: refused keys (`__proto__`, `constructor`, `prototype`), repeated keys, nesting
 * too deep, too many aliases, aliases that expand too far or contain themselves.
 * The walk is linear in the size of the document (a `Set` of keys per mapping).
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import {
  MAX_ALIAS_EXPANSION, MAX_ALIASES, MAX_DEPTH, cleanText, forbiddenKeyMessage, isForbiddenKey,
} from '../params/caps.js';
import { formatPath, type PathSegment } from './paths.js';

/** A problem found by the walk, at a 1-based line (and column) of the text. */
export interface DocumentProblem {
  line?: number;
  col?: number;
  /** Field path of the offending key or value, when there is one. */
  path: PathSegment[];
  message: string;
}

/** What the walk found: the line of each field path, and the problems. */
export interface DocumentInspection {
  lines: Map<string, number | undefined>;
  problems: DocumentProblem[];
}

/** The text of a mapping key, as the scenario sees it. */
export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (key !== null && typeof key === 'object' && 'value' in key) return String((key as { value: unknown }).value);
  return String(key);
}

class Walker {
  readonly lines = new Map<string, number | undefined>([['', 1]]);
  readonly problems: DocumentProblem[] = [];
  private aliases = 0;
  private expansion = 0;
  private tooManyAliases = false;
  private tooDeep = false;
  /** Values under each collection (memo for the expansion count). */
  private readonly sizes = new Map<Node, number>();
  /** The node each anchor name stands for at this point of the document. */
  private readonly anchors = new Map<string, Node>();
  /** The node each alias walked so far stands for (resolved once, in document order). */
  private readonly targets = new Map<Node, Node>();

  constructor(private readonly lc: LineCounter) {}

  private pos(node: unknown): { line?: number; col?: number } {
    const at = (node as Node | null)?.range?.[0];
    return at === undefined ? {} : this.lc.linePos(at);
  }

  /** Visits `node` at `path`; `ancestors` are the collections above it (to find aliases of themselves). */
  walk(node: unknown, path: PathSegment[], ancestors: Node[]): void {
    if (isAlias(node)) {
      this.alias(node, path, ancestors);
      return;
    }
    // An anchor counts from its node on (so an alias inside the node refers to it).
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) this.anchors.set(anchor, node as Node);
    if (!isMap(node) && !isSeq(node)) return;
    if (ancestors.length >= MAX_DEPTH) {
      if (!this.tooDeep) this.problems.push({ ...this.pos(node), path, message: `nested too deeply (at most ${MAX_DEPTH} levels of mappings and lists)` });
      this.tooDeep = true;
      return;
    }
    const inner = [...ancestors, node as Node];
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        // A key may itself be an alias or a collection (`? [a, b]`): its aliases count too.
        if (pair.key !== null && typeof pair.key === 'object' && !isScalar(pair.key)) this.walk(pair.key, path, inner);
        const key = keyText(pair.key);
        const { line, col } = this.pos(pair.key ?? pair.value);
        const p = [...path, key];
        if (isForbiddenKey(key)) {
          this.problems.push({ line, col, path: p, message: forbiddenKeyMessage(key) });
          continue;
        }
        if (seen.has(key)) {
          const first = seen.get(key);
          this.problems.push({ line, col, path: p, message: `key \`${cleanText(key)}\` is repeated${first === undefined ? '' : ` (first at line ${first})`}` });
          continue;
        }
        seen.set(key, line);
        this.lines.set(formatPath(p), line);
        this.walk(pair.value, p, inner);
      }
    } else {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        this.lines.set(formatPath(p), this.pos(item).line);
        this.walk(item, p, inner);
      });
    }
  }

  private alias(node: Node & { source: string }, path: PathSegment[], ancestors: Node[]): void {
    const { line, col } = this.pos(node);
    this.aliases++;
    if (this.aliases > MAX_ALIASES) {
      if (!this.tooManyAliases) this.problems.push({ line, col, path, message: `too many YAML aliases (a file may use at most ${MAX_ALIASES})` });
      this.tooManyAliases = true;
      return;
    }
    const target = this.anchors.get(node.source);
    if (!target) {
      this.problems.push({ line, col, path, message: `YAML alias *${cleanText(node.source)} has no anchor &${cleanText(node.source)} before it` });
      return;
    }
    this.targets.set(node, target);
    if (ancestors.includes(target)) {
      this.problems.push({ line, col, path, message: `YAML alias *${cleanText(node.source)} refers to a value that contains it (a circular alias)` });
      return;
    }
    const before = this.expansion;
    this.expansion += this.size(target, 0);
    if (before <= MAX_ALIAS_EXPANSION && this.expansion > MAX_ALIAS_EXPANSION) {
      this.problems.push({ line, col, path, message: `YAML aliases expand too far (a file expands to at most ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values through aliases)` });
    }
  }

  /** Values in `node` with aliases expanded, capped just above the limit; memoised per node. */
  private size(node: unknown, depth: number): number {
    if (isAlias(node)) {
      const target = this.targets.get(node as Node);
      return target && depth < MAX_DEPTH ? this.size(target, depth + 1) : 1;
    }
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = this.sizes.get(node as Node);
    if (known !== undefined) return known;
    this.sizes.set(node as Node, MAX_ALIAS_EXPANSION + 1); // a cycle counts as too large
    let n = 1;
    if (depth < MAX_DEPTH) {
      for (const item of node.items as unknown[]) {
        n += isMap(node) ? this.size((item as { value: unknown }).value, depth + 1) : this.size(item, depth + 1);
        if (n > MAX_ALIAS_EXPANSION) break;
      }
    }
    n = Math.min(n, MAX_ALIAS_EXPANSION + 1);
    this.sizes.set(node as Node, n);
    return n;
  }
}

/** Walks a parsed document: lines of every field path, and the problems that stop it. */
export function inspectDocument(doc: Document, lc: LineCounter): DocumentInspection {
  const w = new Walker(lc);
  w.walk(doc.contents, [], []);
  return { lines: w.lines, problems: w.problems };
}

/**
 * Parses a small piece of YAML or JSON (such as a `--param` value) with the checks a
 * file gets: no refused keys, few aliases, no circular alias.
 * @returns the value, or the first problem in words.
 */
export function parseYamlValue(text: string): { value: unknown } | { problem: string } {
  const lc = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    if (err instanceof RangeError) return { problem: 'nested too deeply' };
    throw err;
  }
  if (doc.errors.length > 0) return { problem: doc.errors[0].message.split('\n')[0].replace(/:$/, '') };
  const { problems } = inspectDocument(doc, lc);
  if (problems.length > 0) {
    const p = problems[0];
    return { problem: p.path.length > 0 ? `${cleanText(formatPath(p.path), 80)}: ${p.message}` : p.message };
  }
  return { value: doc.toJS({ maxAliasCount: -1 }) };
}
