/** Shared pieces of the hostile corpus: the tiny scenario, the quick run options, case builders. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { Expectation, HostileCase } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = join(here, '..', '..');

/** The valid tiny scenario every mutation starts from. */
export const TINY_TEXT = readFileSync(join(REPO, 'test/fixtures/scenarios/tiny.yaml'), 'utf8');

/** A fresh copy of the tiny scenario as plain data. */
export function tinyData(): Record<string, unknown> {
  return parse(TINY_TEXT) as Record<string, unknown>;
}

/** Options that make a run of the tiny scenario take well under a second. */
export const QUICK = ['--days', '2', '--warmup', '1', '-r', '1', '-j', '1'];

/** Where case scenario files live in the sandbox, and the results folder valid runs write. */
export const SCN = 'in/s.yaml';
export const OUT = 'out';

/** A value written into YAML text as it is (not quoted): `.nan`, a 400-digit number, ... */
export class Raw {
  constructor(readonly text: string) {}
}

/**
 * YAML text of `data`; `Raw` values are written verbatim. Keys are emitted in insertion order, one
 * per line, so a validation error can point at the line of the field.
 */
export function toYaml(data: unknown): string {
  const raws: string[] = [];
  const swap = (v: unknown): unknown => {
    if (v instanceof Raw) { raws.push(v.text); return `__RAW_${raws.length - 1}__`; }
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(o, k, { value: swap(x), enumerable: true, writable: true, configurable: true });
      return o;
    }
    return v;
  };
  let text = stringify(swap(data), { lineWidth: 0 });
  raws.forEach((r, i) => { text = text.replace(`__RAW_${i}__`, r); });
  return text;
}

/** The tiny scenario with a YAML text edit applied to its lines (first match replaced). */
export function tinyWith(find: string | RegExp, replace: string): string {
  const out = TINY_TEXT.replace(find, replace);
  if (out === TINY_TEXT) throw new Error(`corpus: "${String(find)}" not found in tiny.yaml`);
  return out;
}

export interface CaseOptions {
  expect: Expectation;
  expectLine?: boolean;
  argv?: string[];
  files?: Record<string, string | Buffer>;
  allowWrite?: string[];
  timeoutMs?: number;
  forbidOutput?: string[];
  checkCsv?: string;
}

/** A case that runs scenario text `text` (written to in/s.yaml) quickly into `out`. */
export function runCase(id: string, category: string, description: string, text: string | Buffer, o: CaseOptions): HostileCase {
  return {
    id,
    category,
    description,
    files: { [SCN]: text, ...o.files },
    argv: o.argv ?? ['run', SCN, ...QUICK, '--out', OUT, '-q'],
    expect: o.expect,
    expectLine: o.expectLine,
    allowWrite: o.allowWrite ?? [OUT],
    timeoutMs: o.timeoutMs,
    forbidOutput: o.forbidOutput,
    checkCsv: o.checkCsv,
  };
}

/** Sets (or, with `remove`, deletes) the value at `path` of `data`, in place. */
export function setPath(data: unknown, path: ReadonlyArray<string | number>, value: unknown, remove = false): void {
  let node = data as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (!remove) node[last] = value;
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
}

/** Every leaf (scalar) of `data` with its path. */
export function leaves(data: unknown, path: Array<string | number> = []): Array<{ path: Array<string | number>; value: unknown }> {
  if (Array.isArray(data)) return data.flatMap((v, i) => leaves(v, [...path, i]));
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value: data }];
}

/** `a.b[0].c` for a path. */
export function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
