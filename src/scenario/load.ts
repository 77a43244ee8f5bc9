/**
 * Loading scenarios: read the file, follow `extends:` chains, merge, validate
 * against the schema and report every problem with its file and line.
 *
 *   file -> readScenarioFile (YAML/JSON + line map) -> extends chain (deep merge)
 *        -> scenarioSchema (defaults, units to minutes) -> LoadedScenario
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { schemaAt, knownKeysAt } from './jsonSchema.js';
import { forbiddenKeyMessage, isForbiddenKey } from '../params/caps.js';
import { describeValue, explainIssues } from './messages.js';
import { didYouMean, findForbiddenKey, formatPath, isPlainObject, parsePath, setOwn, type PathSegment } from './paths.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { checkUncertainPaths } from './uncertainPaths.js';
import { displayPath, locate, readScenarioFile, resolveFrom, type SourceLayer } from './source.js';

/** A validated scenario and where it came from. */
export interface LoadedScenario {
  /** The validated scenario: defaults filled in, durations in minutes. */
  scenario: Scenario;
  /** The merged content of the files (after `extends`, before validation), without `extends`. */
  raw: Record<string, unknown>;
  name: string;
  /** The file loaded, as shown in messages. */
  file: string;
  /** sha256 (hex) of the canonical JSON of `scenario` without `$schema`: equal hashes mean equal scenarios. */
  hash: string;
  /** The files of the `extends` chain, the loaded file first, then its parent, and so on. */
  chain: string[];
  /** Where each value was set, most derived layer first; used to place errors after overrides. */
  sources: SourceLayer[];
}

/** One `--param path=value` override. */
export interface Override {
  path: string;
  value: unknown;
}

/**
 * Merges a child scenario into its parent: mappings are merged key by key,
 * lists and plain values in the child replace the parent's, and `null` in the
 * child removes the parent's key.
 */
export function mergeScenario(parent: unknown, child: unknown): unknown {
  if (!isPlainObject(parent) || !isPlainObject(child)) return child;
  const out: Record<string, unknown> = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    if (v === null) delete out[k];
    // An own property even for `__proto__`: a key never changes the prototype of the result.
    else setOwn(out, k, Object.hasOwn(parent, k) ? mergeScenario(parent[k], v) : v);
  }
  return out;
}

interface Chain {
  content: Record<string, unknown>;
  layers: SourceLayer[];
  files: string[];
}

/**
 * Resolves the `extends` chain above `content` (from the file at `absPath`),
 * returning the merged content and the layers, most derived first.
 */
function resolveExtends(content: Record<string, unknown>, layer: SourceLayer, absPath: string, seen: string[]): Chain {
  const { extends: parentName, ...own } = content;
  if (parentName === undefined) return { content: own, layers: [layer], files: [layer.file] };
  const at = { file: layer.file, line: layer.lines.get('extends'), path: 'extends' };
  if (typeof parentName !== 'string' || parentName.trim() === '') {
    throw new ScenarioError([{ ...at, message: `expected the path of a scenario file, got ${describeValue(parentName)}` }]);
  }
  const parentPath = resolveFrom(absPath, parentName);
  if (seen.includes(parentPath)) {
    const cycle = [...seen.slice(seen.indexOf(parentPath)), parentPath].map(displayPath).join(' -> ');
    throw new ScenarioError([{ ...at, message: `circular chain ${cycle}` }]);
  }
  const parsed = readScenarioFile(parentPath, at);
  if ('issues' in parsed) throw new ScenarioError(parsed.issues);
  const parent = resolveExtends(parsed.content as Record<string, unknown>, parsed.layer, parentPath, [...seen, parentPath]);
  return {
    content: mergeScenario(parent.content, own) as Record<string, unknown>,
    layers: [layer, ...parent.layers],
    files: [layer.file, ...parent.files],
  };
}

/** JSON with object keys sorted at every level. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 of the canonical JSON of a validated scenario, ignoring the editor-only `$schema`. */
export function scenarioHash(scenario: Scenario): string {
  const { $schema: _ignored, ...rest } = scenario;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** Validates merged content; every problem is placed at the layer and line that set it. */
function validate(raw: Record<string, unknown>, layers: SourceLayer[], files: string[]): LoadedScenario {
  const refused = findForbiddenKey(raw);
  if (refused) throw new ScenarioError([{ ...locate(layers, raw, refused), path: formatPath(refused), message: forbiddenKeyMessage(String(refused.at(-1))) }]);
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    // One line per field and message: zod may report a value twice (e.g. not a safe integer, and too big).
    const seen = new Set<string>();
    const issues: ScenarioIssue[] = [];
    for (const { path, message } of explainIssues(result.error.issues, raw)) {
      const shown = formatPath(path);
      if (seen.has(`${shown}\n${message}`)) continue;
      seen.add(`${shown}\n${message}`);
      issues.push({ ...locate(layers, raw, path), path: shown, message });
    }
    throw new ScenarioError(issues);
  }
  const scenario = result.data;
  if (scenario.uncertainty) {
    const { problems } = checkUncertainPaths(scenario.uncertainty, raw, checkOverridePath);
    if (problems.length > 0) {
      throw new ScenarioError(problems.map(({ key, message }) => {
        const path = ['uncertainty', key];
        return { ...locate(layers, raw, path), path: formatPath(path), message };
      }));
    }
  }
  return { scenario, raw, name: scenario.name, file: files[0], hash: scenarioHash(scenario), chain: files, sources: layers };
}

/**
 * Loads, merges (`extends`) and validates a scenario file.
 * @throws ScenarioError listing every problem as `file:line field.path: message`.
 */
export function loadScenario(file: string): LoadedScenario {
  const absPath = resolve(file);
  const parsed = readScenarioFile(absPath);
  if ('issues' in parsed) throw new ScenarioError(parsed.issues);
  const chain = resolveExtends(parsed.content as Record<string, unknown>, parsed.layer, absPath, [absPath]);
  return validate(chain.content, chain.layers, chain.files);
}

/**
 * Validates a scenario given as an object (an `extends` in it is resolved
 * relative to `file`). Problems are reported against `file`, without lines.
 * @throws ScenarioError
 */
export function loadScenarioFromObject(raw: Record<string, unknown>, file: string): LoadedScenario {
  const absPath = resolve(file);
  const layer: SourceLayer = { file, lines: new Map() };
  const chain = resolveExtends(raw, layer, absPath, [absPath]);
  return validate(chain.content, chain.layers, chain.files);
}

/** Checks that `path` names a field of the scenario schema; returns the problem, if any. */
export function checkOverridePath(path: PathSegment[], raw: unknown): string | undefined {
  for (let i = 0; i < path.length; i++) {
    const here = path.slice(0, i + 1);
    const parent = path.slice(0, i);
    const seg = path[i];
    if (schemaAt(here, raw).length > 0) continue;
    if (typeof seg === 'number') return `${formatPath(parent)} is not a list`;
    if (i === 0 || schemaAt(parent, raw).some((n) => n.type === 'object')) {
      return `unknown field \`${seg}\`${i > 0 ? ` in ${formatPath(parent)}` : ''}${didYouMean(seg, knownKeysAt(parent, raw))}`;
    }
    return `${formatPath(parent)} has no fields`;
  }
  return undefined;
}

function noItem(list: PathSegment[], length: number, index: number): string {
  return `${formatPath(list)} has ${length} item${length === 1 ? '' : 's'}, so there is no item ${index}`;
}

/**
 * Sets `value` at `path` in `target`, creating mappings on the way; returns the problem, if any.
 * Refuses the keys `__proto__`, `constructor` and `prototype`, and reads only own properties.
 */
export function setAt(target: Record<string, unknown>, path: PathSegment[], value: unknown): string | undefined {
  const refused = path.find(isForbiddenKey);
  if (refused !== undefined) return forbiddenKeyMessage(String(refused));
  let node: Record<PathSegment, unknown> | unknown[] = target;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    if (typeof seg === 'number' && seg >= (node as unknown[]).length) return noItem(path.slice(0, i), (node as unknown[]).length, seg);
    let next = Object.hasOwn(node, seg) ? (node as Record<PathSegment, unknown>)[seg] : undefined;
    if (next === undefined && typeof path[i + 1] === 'string') {
      next = {};
      setOwn(node as Record<PathSegment, unknown>, seg, next);
    }
    const shown = formatPath(path.slice(0, i + 1));
    if (next === undefined) return `${shown} is not set, so it has no item ${path[i + 1]}`;
    if (typeof path[i + 1] === 'number' && !Array.isArray(next)) return `${shown} is not a list`;
    if (typeof path[i + 1] === 'string' && !isPlainObject(next)) return `${shown} is ${describeValue(next)}, not a mapping`;
    node = next as Record<PathSegment, unknown> | unknown[];
  }
  const last = path[path.length - 1];
  if (typeof last === 'number' && last >= (node as unknown[]).length) return noItem(path.slice(0, -1), (node as unknown[]).length, last);
  setOwn(node as Record<PathSegment, unknown>, last, value);
  return undefined;
}

/**
 * Applies `--param path=value` overrides to merged scenario content, returning
 * new content (the input is not changed). Paths use dots and list indices
 * (`region.counties[0].townships`) and must name fields of the scenario schema.
 * The result still has to be validated (see `withOverrides`).
 * @throws ScenarioError naming each bad path, with a did-you-mean suggestion.
 */
export function applyOverrides(raw: Record<string, unknown>, overrides: readonly Override[]): Record<string, unknown> {
  const out = structuredClone(raw);
  const issues: ScenarioIssue[] = [];
  for (const { path: text, value } of overrides) {
    let path: PathSegment[];
    try {
      path = parsePath(text);
    } catch (err) {
      issues.push({ file: '--param', path: text, message: (err as Error).message });
      continue;
    }
    const inValue = findForbiddenKey(value);
    const problem = path[0] === 'extends' ? 'extends cannot be overridden'
      : inValue ? `the value has a refused key at ${formatPath(inValue) || 'its top'}: ${forbiddenKeyMessage(String(inValue.at(-1)))}`
      : checkOverridePath(path, out) ?? setAt(out, path, structuredClone(value));
    if (problem) issues.push({ file: '--param', path: text, message: problem });
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return out;
}

/** The source layer of overrides: every path they set, and everything beneath. */
function overrideLayer(overrides: readonly Override[]): SourceLayer {
  const lines = new Map<string, number | undefined>();
  const walk = (path: PathSegment[], v: unknown) => {
    lines.set(formatPath(path), undefined);
    if (Array.isArray(v)) v.forEach((x, i) => walk([...path, i], x));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk([...path, k], x);
  };
  for (const o of overrides) walk(parsePath(o.path), o.value);
  return { file: '--param', lines };
}

/**
 * A loaded scenario with overrides applied and validated again. Problems in
 * overridden values are reported against `--param`, others at their file and line.
 * @throws ScenarioError
 */
export function withOverrides(loaded: LoadedScenario, overrides: readonly Override[]): LoadedScenario {
  const raw = applyOverrides(loaded.raw, overrides);
  return validate(raw, [overrideLayer(overrides), ...loaded.sources], loaded.chain);
}
