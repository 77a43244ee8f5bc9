/**
 * Turns zod's validation issues into plain-language messages:
 * `expected a non-negative integer, got -5`, `unknown key `bedz`; did you mean `beds`?`.
 * What is expected is read from the JSON Schema at the issue's path, what was
 * given from the file's content.
 */
import type { z } from 'zod';
import { DURATION_PATTERN } from '../params/units.js';
import { cleanText, quoteText } from '../params/caps.js';
import { schemaAt, knownKeysAt, type JsonSchemaNode } from './jsonSchema.js';
import { didYouMean, getAt, type PathSegment } from './paths.js';

/** A validation problem at a field path, before it is placed in a file. */
export interface PathMessage {
  path: PathSegment[];
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Describes a value as given in the file, e.g. `-5`, `"5 parsecs"`, `a list of 2 items`.
 * Text is quoted with control characters escaped and cut to about 40 characters.
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return quoteText(v);
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeNumber(n: JsonSchemaNode): string {
  const kind = n.type === 'integer' ? 'integer' : 'number';
  const min = n.minimum, max = n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER ? n.maximum : undefined;
  if (min === 0 && max === 1) return 'a number between 0 and 1';
  if (min !== undefined && max !== undefined) return `a${kind === 'integer' ? 'n' : ''} ${kind} between ${min} and ${max}`;
  const upper = max !== undefined ? ` at most ${max}` : n.exclusiveMaximum !== undefined ? ` below ${n.exclusiveMaximum}` : '';
  if (min === 0) return `a non-negative ${kind}${upper}`;
  if (n.exclusiveMinimum === 0) return `a positive ${kind}${upper}`;
  if (min !== undefined) return `a${kind === 'integer' ? 'n' : ''} ${kind} of at least ${min}${upper}`;
  return `a${kind === 'integer' ? 'n' : ''} ${kind}${upper}`;
}

/** Describes one alternative of the JSON Schema in words. */
function describeNode(n: JsonSchemaNode): string {
  if (n.enum) return `one of ${n.enum.join(', ')}`;
  if (n.const !== undefined) return JSON.stringify(n.const);
  switch (n.type) {
    case 'integer':
    case 'number':
      return describeNumber(n);
    case 'string':
      if (n.pattern === DURATION_PATTERN) return 'a duration such as "30 min", "2 h" or "7 d"';
      if (n.pattern) return `text matching ${n.pattern}`;
      return n.minLength ? 'non-empty text' : 'text';
    case 'boolean':
      return 'true or false';
    case 'array':
      return n.minItems ? `a list of at least ${plural(n.minItems, 'item')}` : 'a list';
    case 'object': {
      const dist = n.properties?.dist?.const;
      return dist !== undefined ? 'a distribution {dist: ...}' : 'a mapping (key: value)';
    }
    default:
      return 'a value';
  }
}

/** Describes what a field accepts, e.g. `a non-negative integer` or `a number or a duration such as "30 min"`. */
export function describeExpected(nodes: JsonSchemaNode[]): string {
  const words = [...new Set(nodes.map(describeNode))];
  return words.length ? words.join(' or ') : 'nothing here';
}

/** Is a union branch rejected only because the value has the wrong type altogether? */
function isTypeMismatch(issues: readonly Issue[]): boolean {
  return issues.every((i) => i.path.length === 0 && (i.code === 'invalid_type'
    || (i.code === 'invalid_union' && i.errors.length > 0 && i.errors.every(isTypeMismatch))));
}

/**
 * Rewrites zod issues into messages. `input` is the content that was validated
 * (used to show what was given and to pick alternatives), `prefix` the path of
 * the value the issues are relative to.
 */
export function explainIssues(issues: readonly Issue[], input: unknown, prefix: PathSegment[] = []): PathMessage[] {
  const out: PathMessage[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    const got = getAt(input, path);
    const expected = () => describeExpected(schemaAt(path, input));
    if (got === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
      out.push({ path, message: `required field is missing (expected ${expected()})` });
      continue;
    }
    switch (issue.code) {
      case 'invalid_type':
        out.push({ path, message: `expected ${expected()}, got ${describeValue(got)}` });
        break;
      case 'too_small':
      case 'too_big': {
        const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        if (issue.origin === 'array' || issue.origin === 'set') {
          const n = Array.isArray(got) ? got.length : 0;
          const need = issue.exact ? `exactly ${plural(bound, 'item')}` : issue.code === 'too_small' ? `at least ${plural(bound, 'item')}` : `at most ${plural(bound, 'item')}`;
          out.push({ path, message: `expected ${need}, got ${n}` });
        } else if (issue.origin === 'string') {
          out.push({ path, message: issue.code === 'too_small' && bound === 1 ? 'expected non-empty text' : `expected text of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${plural(bound, 'character')}, got ${describeValue(got)}` });
        } else if (issue.code === 'too_big' && bound === Number.MAX_SAFE_INTEGER) {
          out.push({ path, message: `expected ${expected()} of at most 2^53 - 1 (${bound}), got ${describeValue(got)}` });
        } else {
          out.push({ path, message: `expected ${expected()}, got ${describeValue(got)}` });
        }
        break;
      }
      case 'invalid_value':
        out.push({ path, message: `expected ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.join(', ')}`}, got ${describeValue(got)}` });
        break;
      case 'invalid_format':
        out.push({ path, message: `${issue.message.startsWith('expected') ? issue.message : `expected ${expected()}`}, got ${describeValue(got)}` });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({ path: [...path, key], message: `unknown key \`${cleanText(key)}\`${didYouMean(key, knownKeysAt(path, input))}` });
        }
        break;
      case 'invalid_key': {
        const key = String(path.at(-1));
        out.push({ path, message: `unknown key \`${cleanText(key)}\`${didYouMean(key, knownKeysAt(path.slice(0, -1), input))}` });
        break;
      }
      case 'invalid_union': {
        if ('discriminator' in issue && issue.errors.length === 0) {
          const options = (issue as { options?: unknown[] }).options ?? [];
          out.push({ path, message: `expected one of ${options.join(', ')}, got ${describeValue(got)}` });
          break;
        }
        // Explain the alternative the value was closest to: one that failed on details, not on type.
        const near = issue.errors.filter((e) => !isTypeMismatch(e));
        if (near.length > 0) {
          const best = near.reduce((a, b) => (b.length < a.length ? b : a));
          for (const m of explainIssues(best, input, path)) out.push(m);
        } else {
          out.push({ path, message: `expected ${expected()}, got ${describeValue(got)}` });
        }
        break;
      }
      case 'custom':
        out.push({ path, message: issue.message });
        break;
      default:
        out.push({ path, message: `${issue.message}, got ${describeValue(got)}` });
    }
  }
  return out;
}
