/**
 * Field paths inside a scenario: segments are keys (strings) or list indices
 * (numbers), written `region.counties[0].townships`.
 */
import { FORBIDDEN_KEYS, cleanText, forbiddenKeyMessage, isForbiddenKey } from '../params/caps.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Writes a path as `a.b[0].c`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

const SEGMENT = /^([^.[\]\s]+)((?:\[\d+\])*)$/;

/**
 * Parses `a.b[0].c` into segments.
 * @throws Error with a short reason when the text is not a path, or names a refused key
 *   (`__proto__`, `constructor`, `prototype`).
 */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of text.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m) throw new Error(`"${cleanText(text, 80)}" is not a field path such as region.counties[0].name`);
    if (isForbiddenKey(m[1])) throw new Error(forbiddenKeyMessage(m[1]));
    out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The value at `path` in a plain JSON-like value (own properties only), or undefined. */
export function getAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

/** Sets an own, enumerable property, even one named `__proto__` (never the prototype). */
export function setOwn(target: Record<PathSegment, unknown>, key: PathSegment, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * The path of the first refused key (`__proto__`, `constructor`, `prototype`) in a
 * JSON-like value, or undefined. Looks at own keys only; each object is visited once.
 */
export function findForbiddenKey(value: unknown): PathSegment[] | undefined {
  const seen = new Set<object>();
  const stack: Array<{ v: unknown; path: PathSegment[] }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => { if (x !== null && typeof x === 'object') stack.push({ v: x, path: [...path, i] }); });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) return [...path, k];
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') stack.push({ v: x, path: [...path, k] });
    }
  }
  return undefined;
}

/** True when `value` is a plain object (a YAML mapping), not a list or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export { closestKey, didYouMean, editDistance } from '../params/suggest.js';
