/**
 * Malformed results folders given to `chart`, `report` and `merge`: broken tables and manifests,
 * manifest entries that point outside the folder, merge outputs that are inputs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './corpus-base.js';
import type { Expectation, HostileCase } from './types.js';

const FAST = 8000;
type Files = Record<string, string | Buffer>;

/** Every file below `dir`, keyed by `prefix/relative path`. */
function readTree(dir: string, prefix: string): Files {
  const out: Files = {};
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) Object.assign(out, readTree(abs, `${prefix}/${name}`));
    else out[`${prefix}/${name}`] = readFileSync(abs, 'utf8');
  }
  return out;
}

const fixture = (name: string, prefix: string) => readTree(join(REPO, 'test/fixtures', name), prefix);
const manifestOf = (files: Files, key: string) => JSON.parse(String(files[key])) as Record<string, unknown>;
const withManifest = (files: Files, key: string, edit: (m: Record<string, unknown>) => void): Files => {
  const m = manifestOf(files, key);
  edit(m);
  return { ...files, [key]: `${JSON.stringify(m, null, 2)}\n` };
};

/** Two shards (1/2: points 0, 2, 4; 2/2: points 1, 3) built from the small sweep fixture. */
export function shardFiles(): Files {
  const sweep = fixture('results-sweep-small', 'x');
  const run = fixture('results-run-small', 'x');
  const manifest = manifestOf(sweep, 'x/manifest.json');
  const [header, ...rows] = String(sweep['x/sweep.csv']).trimEnd().split('\n');
  const files: Files = {};
  for (const [index, points] of [[1, [0, 2, 4]], [2, [1, 3]]] as const) {
    const dir = `shards/s${index}`;
    files[`${dir}/sweep.csv`] = `${header}\n${rows.filter((r) => (points as readonly number[]).includes(Number(r.split(',')[0]))).join('\n')}\n`;
    for (const k of points) for (const [rel, text] of Object.entries(run)) files[`${dir}/points/${k}/${rel.slice(2)}`] = text;
    files[`${dir}/manifest.json`] = `${JSON.stringify({
      ...manifest, shard: { index, count: 2, points }, files: ['sweep.csv', ...points.map((k) => `points/${k}/`), 'manifest.json'],
    }, null, 2)}\n`;
  }
  return files;
}

/** chart/report cases on a broken copy of a results folder at R/. */
export function resultsCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const runR = fixture('results-run-small', 'R');
  const compareR = fixture('results-compare-small', 'R');
  const sweepR = fixture('results-sweep-small', 'R');
  const broken: Array<[string, string, Files, Expectation]> = [
    ['run-valid', 'a valid run folder', runR, 'ok'],
    ['compare-valid', 'a valid compare folder', compareR, 'ok'],
    ['sweep-valid', 'a valid sweep folder', sweepR, 'ok'],
    ['summary-empty', 'summary.csv empty', { ...runR, 'R/summary.csv': '' }, 'error'],
    ['summary-header-only', 'summary.csv with a header only', { ...runR, 'R/summary.csv': 'metric,tier,facility,group,mean,ci_low,ci_high,sd,n\n' }, 'either'],
    ['summary-binary', 'summary.csv of random bytes', { ...runR, 'R/summary.csv': Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)) }, 'either'],
    ['summary-wrong-columns', 'summary.csv with other columns', { ...runR, 'R/summary.csv': 'a,b\n1,2\n' }, 'error'],
    ['timeseries-text-values', 'timeseries.csv with text where numbers belong', { ...runR, 'R/timeseries.csv': 'replication,day,tier,metric,value\nx,y,county,bed_occupancy,z\n' }, 'either'],
    ['summary-missing', 'summary.csv listed but missing', Object.fromEntries(Object.entries(runR).filter(([k]) => k !== 'R/summary.csv')), 'error'],
    ['all-missing', 'every listed table missing', { 'R/manifest.json': runR['R/manifest.json'] }, 'error'],
    ['manifest-not-json', 'manifest.json is not JSON', { ...runR, 'R/manifest.json': '{"format": "tiersim-results",' }, 'error'],
    ['manifest-empty', 'manifest.json empty', { ...runR, 'R/manifest.json': '' }, 'error'],
    ['manifest-array', 'manifest.json is an array', { ...runR, 'R/manifest.json': '[]' }, 'error'],
    ['manifest-null', 'manifest.json is null', { ...runR, 'R/manifest.json': 'null' }, 'error'],
    ['manifest-bom', 'manifest.json with a byte-order mark', { ...runR, 'R/manifest.json': `\ufeff${runR['R/manifest.json']}` }, 'either'],
    ['kind-number', 'manifest kind 5', withManifest(runR, 'R/manifest.json', (m) => { m.kind = 5; }), 'error'],
    ['kind-proto', 'manifest kind "__proto__"', withManifest(runR, 'R/manifest.json', (m) => { m.kind = '__proto__'; }), 'error'],
    ['version-string', 'formatVersion "1"', withManifest(runR, 'R/manifest.json', (m) => { m.formatVersion = '1'; }), 'error'],
    ['files-string', 'files is a string', withManifest(runR, 'R/manifest.json', (m) => { m.files = 'summary.csv'; }), 'either'],
    ['files-numbers', 'files holds numbers and null', withManifest(runR, 'R/manifest.json', (m) => { m.files = [5, null]; }), 'either'],
    ['files-escape', 'files lists ../../outside.txt', withManifest(runR, 'R/manifest.json', (m) => { m.files = ['../../outside.txt']; }), 'either'],
    ['scenario-number', 'scenario is a number', withManifest(runR, 'R/manifest.json', (m) => { m.scenario = 5; }), 'either'],
    ['days-text', 'days and warmupDays are text', withManifest(runR, 'R/manifest.json', (m) => { m.days = 'abc'; m.warmupDays = '-1e308'; }), 'either'],
    ['warmup-huge', 'warmupDays 1e308', withManifest(runR, 'R/manifest.json', (m) => { m.warmupDays = 1e308; }), 'either'],
    ['manifest-proto', 'manifest with a __proto__ key', { ...runR, 'R/manifest.json': String(runR['R/manifest.json']).replace('{', '{"__proto__": {"polluted": 1},') }, 'error'],
    ['compare-variant-escape', 'compare manifest naming variant ../evil', { ...withManifest(compareR, 'R/manifest.json', (m) => { m.variants = ['../evil']; }), ...fixture('results-run-small', 'evil') }, 'error'],
    ['compare-variant-absolute', 'compare manifest naming an absolute variant', withManifest(compareR, 'R/manifest.json', (m) => { m.variants = ['{parent}']; }), 'error'],
    ['compare-variant-dotdot', 'compare manifest naming variant ..', withManifest(compareR, 'R/manifest.json', (m) => { m.variants = ['..']; }), 'error'],
    ['compare-baseline-escape', 'compare manifest naming baseline ../keep', withManifest(compareR, 'R/manifest.json', (m) => { m.baseline = '../keep'; }), 'error'],
    ['compare-variants-object', 'compare manifest variants is an object', withManifest(compareR, 'R/manifest.json', (m) => { m.variants = { a: 1 }; }), 'error'],
    ['compare-variant-missing', 'compare folder without its variant folder', Object.fromEntries(Object.entries(compareR).filter(([k]) => !k.startsWith('R/primary-first/'))), 'error'],
    ['sweep-points-object', 'sweep manifest points is an object', withManifest(sweepR, 'R/manifest.json', (m) => { m.points = { a: 1 }; }), 'error'],
    ['sweep-params-missing', 'sweep manifest without params', withManifest(sweepR, 'R/manifest.json', (m) => { delete m.params; }), 'error'],
  ];
  for (const [id, description, files, expect] of broken) {
    cases.push({
      id: `results:chart-${id}`, category: 'results', description: `chart: ${description}`, files,
      argv: ['chart', 'R', '--format', 'vl'], expect, allowWrite: ['R/charts'], timeoutMs: FAST,
    });
    cases.push({
      id: `results:report-${id}`, category: 'results', description: `report: ${description}`, files,
      argv: ['report', 'R'], expect, allowWrite: ['R/report.html'], timeoutMs: FAST,
    });
  }
  cases.push(
    { id: 'results:chart-out-user-folder', category: 'results', description: 'chart --out a user folder', files: runR, argv: ['chart', 'R', '--format', 'vl', '--out', 'keep'], expect: 'error', allowWrite: [], timeoutMs: FAST },
    { id: 'results:chart-out-dot', category: 'results', description: 'chart --out .', files: runR, argv: ['chart', 'R', '--format', 'vl', '--out', '.'], expect: 'error', allowWrite: [], timeoutMs: FAST },
    { id: 'results:chart-out-results', category: 'results', description: 'chart --out the results folder itself', files: runR, argv: ['chart', 'R', '--format', 'vl', '--out', 'R'], expect: 'error', allowWrite: [], timeoutMs: FAST },
  );
  return [...cases, ...mergeCases()];
}

/** merge on shards whose manifests lie. */
function mergeCases(): HostileCase[] {
  const shards = shardFiles();
  const M = (id: string, description: string, files: Files, expect: Expectation, argv = ['merge', 'shards/s1', 'shards/s2', '--out', 'merged', '-q'], extra: Partial<HostileCase> = {}): HostileCase => ({
    id: `results:merge-${id}`, category: 'results', description: `merge: ${description}`, files, argv, expect, allowWrite: ['merged'], timeoutMs: FAST, ...extra,
  });
  const edit = (fn: (m: Record<string, unknown>) => void, which = 's1') => withManifest(shards, `shards/${which}/manifest.json`, fn);
  const setShard = (patch: Record<string, unknown>) => edit((m) => { m.shard = { ...(m.shard as object), ...patch }; });
  const passwd = ['root:x:0:0'];
  return [
    M('valid', 'two complete shards', shards, 'ok'),
    M('points-escape', 'shard.points holds ../../x', setShard({ points: [0, 2, '../../x'] }), 'error'),
    M('points-absolute', 'shard.points holds an absolute path', setShard({ points: [0, 2, '{parent}'] }), 'error'),
    M('points-keep', 'shard.points holds ../../../keep', setShard({ points: [0, 2, '../../../keep'] }), 'error'),
    M('points-huge', 'shard.points holds 1e308', setShard({ points: [0, 2, 1e308] }), 'error'),
    M('points-negative', 'shard.points holds -1', setShard({ points: [0, 2, -1] }), 'error'),
    M('points-fraction', 'shard.points holds 0.5', setShard({ points: [0, 2, 0.5] }), 'error'),
    M('points-object', 'shard.points is an object', setShard({ points: { a: 1 } }), 'error'),
    M('files-passwd', 'files lists ../../../../etc/passwd', edit((m) => { m.files = ['sweep.csv', '../../../../../../../../etc/passwd']; }), 'error', undefined, { forbidOutput: passwd }),
    M('files-escape-csv', 'files lists sweep.csv/../../../outside.txt', edit((m) => { m.files = ['sweep./../../../outside.txt']; }), 'error'),
    M('files-absolute', 'files lists an absolute path', edit((m) => { m.files = ['sweep.csv', '{parent}/outside.txt']; }), 'error'),
    M('count-1e9', 'shard count 10^9', edit((m) => { m.shard = { index: 1, count: 1e9, points: [0] }; }), 'error'),
    M('index-zero', 'shard index 0', setShard({ index: 0 }), 'error'),
    M('shard-string', 'shard is a string', edit((m) => { m.shard = '1/2'; }), 'error'),
    M('same-twice', 'one shard given twice', shards, 'error', ['merge', 'shards/s1', 'shards/s1', '--out', 'merged', '-q']),
    M('one-shard', 'one shard of two', shards, 'error', ['merge', 'shards/s1', '--out', 'merged', '-q']),
    M('not-json', 'a manifest that is not JSON', { ...shards, 'shards/s2/manifest.json': '{' }, 'error'),
    M('kind-run', 'a run folder among the shards', edit((m) => { m.kind = 'run'; }, 's2'), 'error'),
    M('sweep-empty', 'an empty sweep.csv in a shard', { ...shards, 'shards/s2/sweep.csv': '' }, 'error'),
    M('point-folder-missing', 'a listed point folder missing', Object.fromEntries(Object.entries(shards).filter(([k]) => !k.startsWith('shards/s2/points/3/'))), 'error'),
    M('out-is-input', '--out is an input shard', shards, 'error', ['merge', 'shards/s1', 'shards/s2', '--out', 'shards/s1', '-q'], { allowWrite: [] }),
    M('out-is-input-force', '--out is an input shard, with --force', shards, 'error', ['merge', 'shards/s1', 'shards/s2', '--out', 'shards/s2', '--force', '-q'], { allowWrite: [] }),
    M('out-holds-inputs', '--out is the folder holding the shards', shards, 'error', ['merge', 'shards/s1', 'shards/s2', '--out', 'shards', '-q'], { allowWrite: [] }),
    M('out-dot', '--out .', shards, 'error', ['merge', 'shards/s1', 'shards/s2', '--out', '.', '-q'], { allowWrite: [] }),
  ];
}
