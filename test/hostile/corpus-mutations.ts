/**
 * Mutations of the valid tiny scenario: for every leaf, each of a fixed list of hostile values.
 * The expectation of each (leaf class, mutation) pair is spelled out in `expectFor`.
 */
import { OUT, QUICK, Raw, SCN, leaves, pathText, runCase, setPath, tinyData, toYaml } from './corpus-base.js';
import type { Expectation, HostileCase } from './types.js';

/** What kind of value a leaf holds, which decides what a mutation of it must give. */
type LeafClass =
  | 'scenario-name' | 'name' | 'text' | 'enum'
  | 'prob' | 'count' | 'population' | 'incidence' | 'cost' | 'real' | 'duration'
  | 'sim-days' | 'sim-warmup' | 'sim-replications' | 'sim-seed';

/** The class of the leaf at `path`. */
function classify(path: ReadonlyArray<string | number>): LeafClass {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const p = pathText(path);
  if (p === 'name') return 'scenario-name';
  if (p === 'description') return 'text';
  if (path[0] === 'simulation') return ({ days: 'sim-days', warmup: 'sim-warmup', replications: 'sim-replications', seed: 'sim-seed' } as const)[last as string] ?? 'real';
  if (last === 'name') return 'name';
  if (last === 'acuity' || last === 'dist' || parent === 'tests' && typeof last === 'number') return 'enum';
  if (last === 'population') return 'population';
  if (last === 'incidence') return 'incidence';
  if (['capability', 'admission', 'reimbursement'].includes(String(parent)) || last === 'recoveryShare') return 'prob';
  if (['doctors', 'beds', 'capacity', 'visits'].includes(String(last))) return 'count';
  if (path.includes('costs')) return 'cost';
  if (last === 'tierConstant') return 'real';
  return 'duration';
}

type Kind =
  | 'negative' | 'zero' | '1e308' | '-1e308' | '2^53+1' | '400-digit' | '400-digit-string' | 'NaN' | '.nan' | '.inf'
  | 'string' | 'list' | 'mapping' | 'bool' | 'null' | 'empty' | '300-char' | 'removed' | 'unknown-sibling';

const DIGITS = `1${'0'.repeat(399)}`;
const LONG = 'x'.repeat(300);

/** The hostile value of mutation `kind` for a leaf holding `orig`. */
function valueFor(kind: Kind, orig: unknown): unknown {
  switch (kind) {
    case 'negative': return typeof orig === 'number' ? (orig === 0 ? -1 : -orig) : typeof orig === 'string' && /^\d/.test(orig) ? `-${orig}` : -1;
    case 'zero': return 0;
    case '1e308': return 1e308;
    case '-1e308': return -1e308;
    case '2^53+1': return new Raw('9007199254740993');
    case '400-digit': return new Raw(DIGITS);
    case '400-digit-string': return DIGITS;
    case 'NaN': return new Raw('NaN');
    case '.nan': return new Raw('.nan');
    case '.inf': return new Raw('.inf');
    case 'string': return 'abc';
    case 'list': return [1, 2];
    case 'mapping': return { zz: 1 };
    case 'bool': return true;
    case 'null': return null;
    case 'empty': return '';
    case '300-char': return LONG;
    default: return undefined;
  }
}

const STRINGY: ReadonlySet<LeafClass> = new Set(['scenario-name', 'name', 'text', 'enum']);
const HUGE_IS_ERROR: ReadonlySet<LeafClass> = new Set(['prob', 'population', 'incidence', 'sim-days', 'sim-warmup', 'sim-replications', 'sim-seed']);

/**
 * What mutation `kind` of a leaf of class `cls` must give: `error` (exit 2), with `line` when the
 * message must name the file and line (the value is invalid on its own, not merely too large).
 */
export function expectFor(kind: Kind, cls: LeafClass): { expect: Expectation; line: boolean } {
  const E = { expect: 'error' as const, line: true };
  const limit = { expect: 'error' as const, line: false };
  const either = { expect: 'either' as const, line: false };
  const stringy = STRINGY.has(cls);
  switch (kind) {
    case 'list': case 'mapping': case 'bool': case '.nan': case '.inf': case '400-digit': case 'unknown-sibling':
      return E;
    case 'null':
      return either;
    case 'removed':
      return cls === 'scenario-name' ? E : either;
    case 'negative': case '-1e308':
      return cls === 'real' ? either : E;
    case 'zero':
      return stringy || cls === 'sim-days' || cls === 'sim-replications' ? E : either;
    case '1e308': case '2^53+1':
      if (stringy) return E;
      if (cls === 'prob' || cls === 'sim-seed') return E;
      return HUGE_IS_ERROR.has(cls) ? limit : either;
    case '400-digit-string': case 'string': case 'NaN': case '300-char':
      if (cls === 'scenario-name') return kind === '400-digit-string' || kind === '300-char' ? E : either;
      if (cls === 'name' || cls === 'text') return either;
      return E;
    case 'empty':
      return cls === 'text' ? either : E;
  }
}

const KINDS: Kind[] = [
  'negative', 'zero', '1e308', '-1e308', '2^53+1', '400-digit', '400-digit-string', 'NaN', '.nan', '.inf',
  'string', 'list', 'mapping', 'bool', 'null', 'empty', '300-char', 'removed', 'unknown-sibling',
];

/** The run options for a mutated scenario: the quick ones, minus the one the mutated setting would be overridden by. */
function argvFor(cls: LeafClass): string[] {
  const drop: Record<string, string[]> = {
    'sim-days': ['--days', '2'],
    'sim-warmup': ['--days', '2', '--warmup', '1'],
    'sim-replications': ['-r', '1'],
  };
  const skip = drop[cls] ?? [];
  const opts: string[] = [];
  for (let i = 0; i < QUICK.length; i += 2) if (!skip.includes(QUICK[i])) opts.push(QUICK[i], QUICK[i + 1]);
  return ['run', SCN, ...opts, '--out', OUT, '-q'];
}

/** Every mutation of every leaf of the tiny scenario. */
export function mutationCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const { path, value } of leaves(tinyData())) {
    const cls = classify(path);
    const where = pathText(path);
    for (const kind of KINDS) {
      const data = tinyData();
      if (kind === 'removed') setPath(data, path, undefined, true);
      else if (kind === 'unknown-sibling') {
        const parentPath = path.slice(0, -1);
        let parent: unknown = data;
        for (const k of parentPath) parent = (parent as Record<string | number, unknown>)[k];
        if (Array.isArray(parent)) parent.push('zzUnknown');
        else (parent as Record<string, unknown>).zzUnknown = 1;
      } else setPath(data, path, valueFor(kind, value));
      const { expect, line } = expectFor(kind, cls);
      cases.push(runCase(`mut:${where}:${kind}`, 'mutation', `${where} (${cls}) set to ${kind}`, toYaml(data), {
        expect,
        expectLine: expect === 'error' && line,
        argv: argvFor(cls),
        timeoutMs: 8000,
        forbidOutput: kind === '300-char' || kind === '400-digit-string' ? [(kind === '300-char' ? 'x'.repeat(300) : DIGITS).slice(0, 60)] : undefined,
      }));
    }
  }
  return cases;
}
