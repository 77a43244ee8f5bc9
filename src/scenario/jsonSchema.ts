/**
 * The published JSON Schema of scenario files (what a file may contain, before
 * defaults and unit conversion), and lookups in it by field path, used for
 * error messages and `--param` paths.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.js';
import { getAt, isPlainObject, type Path } from './paths.js';

/** A JSON Schema node, as emitted by zod. */
export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: boolean | JsonSchemaNode;
  propertyNames?: JsonSchemaNode;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  $ref?: string;
  [key: string]: unknown;
}

export const SCENARIO_SCHEMA_ID = 'urn:tiersim:scenario';

/**
 * The JSON Schema (draft 2020-12) of a scenario file as written (`io: 'input'`):
 * durations are a number or a string matching the duration pattern; defaulted
 * fields are optional. Written to schemas/scenario.schema.json by `tiersim schema`.
 */
export function scenarioJsonSchema(): JsonSchemaNode {
  const body = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode;
  const { $schema, ...rest } = body;
  const $defs: Record<string, JsonSchemaNode> = {};
  const properties = shareRepeated(rest, $defs);
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'tiersim scenario',
    description: 'A tiersim scenario: the region (villages, townships, counties, regional centres), facility parameters per tier, conditions, patient choice and policy levers. Durations are numbers in the unit each field documents, or strings with a unit ("30 min", "2 h", "7 d").',
    ...properties,
    $defs,
  };
}

/** Sub-schemas at least this long (as JSON) are shared through `$defs` when they occur more than once. */
const SHARE_MIN_LENGTH = 300;

/**
 * Moves sub-schemas that occur several times (facility parameters, distributions)
 * into `$defs`, each named after the field path where it first occurs, and
 * refers to them with `$ref`. zod writes every occurrence in full.
 */
function shareRepeated(root: JsonSchemaNode, defs: Record<string, JsonSchemaNode>): JsonSchemaNode {
  const counts = new Map<string, number>();
  const count = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    const text = JSON.stringify(v);
    if (!Array.isArray(v) && text.length >= SHARE_MIN_LENGTH) counts.set(text, (counts.get(text) ?? 0) + 1);
    Object.values(v).forEach(count);
  };
  count(root);
  const names = new Map<string, string>();
  const join = (field: string, key: string) => (field ? `${field}.${key}` : key);
  /** Rewrites `v`, found at the scenario field `field`; `shareable` is false for a def's own body. */
  const rewrite = (v: unknown, field: string, shareable: boolean): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => rewrite(x, field, true));
    const text = JSON.stringify(v);
    if (shareable && (counts.get(text) ?? 0) > 1) {
      let ref = names.get(text);
      if (ref === undefined) {
        ref = field || 'scenario';
        for (let i = 2; ref in defs; i++) ref = `${field}-${i}`;
        names.set(text, ref);
        defs[ref] = {};
        defs[ref] = rewrite(v, field, false) as JsonSchemaNode;
      }
      return { $ref: `#/$defs/${ref}` };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'properties' && x && typeof x === 'object') {
        out[k] = Object.fromEntries(Object.entries(x).map(([name, sub]) => [name, rewrite(sub, join(field, name), true)]));
      } else {
        out[k] = rewrite(x, k === 'items' ? `${field}[]` : k === 'additionalProperties' ? join(field, '*') : field, true);
      }
    }
    return out;
  };
  return rewrite(root, '', false) as JsonSchemaNode;
}

let cached: JsonSchemaNode | undefined;
/** The scenario JSON Schema, built once. */
function rootSchema(): JsonSchemaNode {
  cached ??= scenarioJsonSchema();
  return cached;
}

/** Resolves `$ref`s and flattens `anyOf`/`oneOf`/`allOf` into the alternatives a value may take. */
export function alternatives(node: JsonSchemaNode, root: JsonSchemaNode = rootSchema()): JsonSchemaNode[] {
  if (node.$ref?.startsWith('#/')) {
    const target = node.$ref.slice(2).split('/').reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], root);
    return target ? alternatives(target as JsonSchemaNode, root) : [];
  }
  const subs = node.anyOf ?? node.oneOf ?? node.allOf;
  return subs ? subs.flatMap((s) => alternatives(s, root)) : [node];
}

/** Does the object alternative `alt` fit `value` by its constant properties (e.g. `dist: normal`)? */
function matchesConstants(alt: JsonSchemaNode, value: unknown): boolean {
  if (!isPlainObject(value) || !alt.properties) return true;
  return Object.entries(alt.properties).every(([k, p]) => p.const === undefined || value[k] === undefined || value[k] === p.const);
}

/**
 * The alternatives that describe the field at `path`. `value` (the whole file's
 * content) picks among tagged alternatives such as distributions. Empty when the
 * path does not exist in the schema.
 */
export function schemaAt(path: Path, value?: unknown): JsonSchemaNode[] {
  let nodes = alternatives(rootSchema());
  let v = value;
  for (const seg of path) {
    const next: JsonSchemaNode[] = [];
    const fitting = nodes.filter((n) => matchesConstants(n, v));
    for (const n of fitting.length ? fitting : nodes) {
      if (typeof seg === 'number') {
        if (n.items) next.push(...alternatives(n.items));
      } else if (n.properties?.[seg]) {
        next.push(...alternatives(n.properties[seg]));
      } else if (isPlainObject(n.additionalProperties) && (!n.propertyNames?.enum || n.propertyNames.enum.includes(seg))) {
        next.push(...alternatives(n.additionalProperties));
      }
    }
    nodes = next;
    v = getAt(v, [seg]);
  }
  return nodes;
}

/** The keys a mapping at `path` may have (empty when it is not a mapping). */
export function knownKeysAt(path: Path, value?: unknown): string[] {
  const v = getAt(value, path);
  const keys = new Set<string>();
  const nodes = schemaAt(path, value);
  const fitting = nodes.filter((n) => matchesConstants(n, v));
  for (const n of fitting.length ? fitting : nodes) {
    for (const k of Object.keys(n.properties ?? {})) keys.add(k);
    for (const k of n.propertyNames?.enum ?? []) keys.add(String(k));
  }
  return [...keys];
}

/** The JSON Schema as written to schemas/scenario.schema.json: 2-space indent, final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
