/**
 * Hostile command lines: huge sizes (each must be refused quickly), option garbage, output path
 * tricks, formula-like names reaching CSV files, and a few valid runs as controls.
 */
import { OUT, QUICK, SCN, TINY_TEXT, runCase, tinyData, tinyWith, toYaml } from './corpus-base.js';
import type { Expectation, HostileCase } from './types.js';

/** Time limit of a case that must be answered quickly (huge sizes get less: refusing them is cheap). */
const FAST = 8000;
const REFUSE_FAST = 5000;

/** A case running `argv` (after `tiersim`) with the tiny scenario at in/s.yaml. */
function cli(id: string, category: string, description: string, argv: string[], expect: Expectation, extra: Partial<HostileCase> = {}): HostileCase {
  return { id, category, description, files: { [SCN]: TINY_TEXT }, argv, expect, allowWrite: [OUT], timeoutMs: FAST, ...extra };
}

const run = (...opts: string[]) => ['run', SCN, ...opts, '--out', OUT, '-q'];
/** QUICK with option `name` given `value` instead. */
const quickWith = (name: string, value: string) => {
  const o = [...QUICK];
  const i = o.indexOf(name);
  if (i >= 0) o[i + 1] = value; else o.push(name, value);
  return o;
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');

/** Sizes past the limits: each must give exit 2, fast. */
export function hugeCases(): HostileCase[] {
  const H = (id: string, description: string, argv: string[], text = TINY_TEXT) =>
    ({ ...cli(`huge:${id}`, 'huge', description, argv, 'error'), files: { [SCN]: text }, timeoutMs: REFUSE_FAST });
  const data = (edit: (d: Record<string, any>) => void) => { const d = tinyData() as Record<string, any>; edit(d); return toYaml(d); };
  const generated = (g: Record<string, unknown>) => data((d) => {
    d.region = { regionalCentres: [{ name: 'city' }], generate: { counties: 1, townshipsPerCounty: 1, villagesPerTownship: 1, villagePopulation: 500, travelVillageToTownship: 20, travelTownshipToCounty: 60, travelCountyToRegional: 120, ...g } };
  });
  const sweepGrid = (params: string[]) => ['sweep', SCN, ...params.flatMap((p) => ['--param', p]), ...QUICK, '--out', OUT, '-q'];
  return [
    H('days-1e7', '--days 1e7', run(...quickWith('--days', '10000000'))),
    H('days-2^53', '--days 2^53', run(...quickWith('--days', '9007199254740992'))),
    H('days-1e308', '--days 1e308', run(...quickWith('--days', '1e308'))),
    H('days-file-1e7', 'simulation.days: 1e7 in the file', ['run', SCN, '-r', '1', '-j', '1', '--out', OUT, '-q'], tinyWith('days: 40', 'days: 10000000')),
    H('replications-1e6', '-r 1000000', run(...quickWith('-r', '1000000'))),
    H('replications-2^32', '-r 2^32', run(...quickWith('-r', '4294967296'))),
    H('residents-1e9', 'a village of 10^9 residents', run(...QUICK), tinyWith('population: 900', 'population: 1000000000')),
    H('residents-sum', 'five villages of 3x10^7 residents (over 10^8 in all)', run(...QUICK), TINY_TEXT.replace(/population: \d+/g, 'population: 30000000')),
    H('residents-1e308', 'a village of 1e308 residents', run(...QUICK), tinyWith('population: 900', 'population: 1e308')),
    H('incidence-1e9', 'incidence 10^9 per 1,000 a year', run(...QUICK), tinyWith('incidence: 900', 'incidence: 1000000000')),
    H('incidence-1e21', 'incidence 1e21', run(...QUICK), tinyWith('incidence: 900', 'incidence: 1e21')),
    H('villages-1e9', '10^9 generated villages', run(...QUICK), generated({ counties: 1000, townshipsPerCounty: 1000, villagesPerTownship: 1000 })),
    H('villages-population-1e9', 'generated villages of 10^9 residents each', run(...QUICK), generated({ villagesPerTownship: 10, villagePopulation: 1e9 })),
    H('villages-population-dist', 'generated village population lognormal mean 1e12', run(...QUICK), generated({ villagesPerTownship: 10, villagePopulation: { dist: 'lognormal', mean: 1e12, sd: 1 } })),
    H('followups-1e9', '10^9 follow-up visits per episode', run(...QUICK), tinyWith('visits: 3', 'visits: 1000000000')),
    H('grid-1e9', 'a sweep grid of 1.6x10^9 points', sweepGrid(['tiers.village.doctors', 'tiers.township.doctors', 'tiers.county.doctors', 'tiers.regional.doctors'].map((p) => `${p}=${range(200)}`))),
    H('grid-10001', 'a sweep grid of 10,001 points', sweepGrid([`tiers.village.beds=${range(10001)}`])),
    H('lowered-residents', '--max-residents 1000 on 4,000 residents', run(...QUICK, '--max-residents', '1000')),
    H('lowered-villages', '--max-villages 3 on 5 villages', run(...QUICK, '--max-villages', '3')),
    H('lowered-episodes', '--max-episodes 1', run(...QUICK, '--max-episodes', '1')),
    H('lowered-replications', '--max-replications 1 with -r 2', run(...quickWith('-r', '2'), '--max-replications', '1')),
    H('lowered-days', '--max-days 1 with --days 2', run(...QUICK, '--max-days', '1')),
    H('lowered-points', '--max-points 1 with 2 points', [...sweepGrid(['tiers.village.doctors=1,2']), '--max-points', '1']),
    cli('huge:lifted-residents', 'huge', '--max-residents 200000000 on the tiny scenario', run(...QUICK, '--max-residents', '200000000'), 'ok'),
    cli('huge:lifted-villages', 'huge', '--max-villages 100 on the tiny scenario', run(...QUICK, '--max-villages', '100'), 'ok'),
    cli('huge:lifted-episodes', 'huge', '--max-episodes 10000000 on the tiny scenario', run(...QUICK, '--max-episodes', '10000000'), 'ok'),
    cli('huge:lifted-replications', 'huge', '--max-replications 20000 on the tiny scenario', run(...QUICK, '--max-replications', '20000'), 'ok'),
    cli('huge:lifted-days', 'huge', '--max-days 100000 on the tiny scenario', run(...QUICK, '--max-days', '100000'), 'ok'),
    cli('huge:lifted-points', 'huge', '--max-points 20000 on a 2-point sweep', [...sweepGrid(['tiers.village.doctors=1,2']), '--max-points', '20000'], 'ok'),
  ];
}

/** Garbage in options. */
export function optionCases(): HostileCase[] {
  const C = (id: string, description: string, argv: string[], expect: Expectation) => cli(`cli:${id}`, 'cli', description, argv, expect);
  const sweep = (...opts: string[]) => ['sweep', SCN, '--param', 'tiers.village.doctors=1,2', ...QUICK, ...opts, '--out', OUT, '-q'];
  const seeds: Array<[string, Expectation]> = [
    ['1e308', 'error'], ['9007199254740993', 'error'], ['9007199254740992', 'error'], ['9007199254740991', 'ok'], ['-1', 'error'],
    ['1.5', 'error'], ['abc', 'error'], ['', 'error'], ['0', 'ok'], ['Infinity', 'error'], ['1e3', 'either'], ['0x10', 'either'],
  ];
  const cases = seeds.map(([v, e]) => C(`seed-${v || 'empty'}`, `--seed ${JSON.stringify(v)}`, run(...QUICK, '--seed', v), e));
  const shards: Array<[string, Expectation]> = [
    ['1/99999999999999999999', 'error'], ['0/3', 'error'], ['4/3', 'error'], ['1/0', 'error'], ['1/1000001', 'error'],
    ['1/1000000', 'ok'], ['-1/3', 'error'], ['1/3/5', 'error'], ['a/b', 'error'], ['', 'error'], ['1/2', 'ok'], ['1.5/2', 'error'], [' 1/2', 'either'],
  ];
  for (const [v, e] of shards) cases.push(C(`shard-${v || 'empty'}`, `sweep --shard ${JSON.stringify(v)}`, sweep('--shard', v), e));
  const options: Array<[string, string[], Expectation]> = [
    ['workers-0', run(...quickWith('-j', '0')), 'error'], ['workers-negative', run(...quickWith('-j', '-1')), 'error'],
    ['workers-fraction', run(...quickWith('-j', '1.5')), 'error'], ['workers-1e9', run(...quickWith('-j', '1000000000')), 'either'],
    ['days-negative', run(...quickWith('--days', '-1')), 'error'], ['days-zero', run(...quickWith('--days', '0')), 'error'],
    ['days-nan', run(...quickWith('--days', 'NaN')), 'error'], ['days-infinity', run(...quickWith('--days', 'Infinity')), 'error'],
    ['days-empty', run(...quickWith('--days', '')), 'error'], ['days-tiny', run(...quickWith('--days', '1e-300')), 'error'],
    ['warmup-negative', run(...quickWith('--warmup', '-1')), 'error'], ['warmup-equals-days', run(...quickWith('--warmup', '2')), 'error'],
    ['format-xml', run(...QUICK, '--format', 'xml'), 'error'], ['format-empty', run(...QUICK, '--format', ''), 'error'],
    ['format-arrow', run(...QUICK, '--format', 'arrow'), 'ok'], ['format-both', run(...QUICK, '--format', 'csv,arrow'), 'ok'],
    ['replications-zero', run(...quickWith('-r', '0')), 'error'], ['replications-fraction', run(...quickWith('-r', '1.5')), 'error'],
    ['replications-negative', run(...quickWith('-r', '-1')), 'error'], ['unknown-option', run(...QUICK, '--bogus'), 'error'],
    ['unknown-command', ['frobnicate'], 'error'], ['no-arguments', [], 'either'], ['help', ['--help'], 'ok'], ['version', ['--version'], 'ok'],
    ['missing-file', ['run', 'nothere.yaml', ...QUICK, '--out', OUT], 'error'], ['directory-as-scenario', ['run', 'in', ...QUICK, '--out', OUT], 'error'],
    ['dev-null-scenario', ['run', '/dev/null', ...QUICK, '--out', OUT], 'error'], ['dev-zero-scenario', ['run', '/dev/zero', ...QUICK, '--out', OUT], 'error'],
    ['validate-missing', ['validate', 'nothere.yaml'], 'error'], ['validate-directory', ['validate', 'in'], 'error'],
    ['report-missing', ['report', 'nothere'], 'error'], ['chart-missing', ['chart', 'nothere'], 'error'],
    ['chart-format-gif', ['chart', 'nothere', '--format', 'gif'], 'error'], ['merge-no-out', ['merge', 'a', 'b'], 'error'],
    ['compare-one', ['compare', SCN, ...QUICK, '--out', OUT], 'error'],
    ['param-no-equals', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'tiers.village.doctors' : a)), 'error'],
    ['param-empty-path', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? '=1,2' : a)), 'error'],
    ['param-empty-values', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'tiers.village.doctors=' : a)), 'error'],
    ['param-empty-value', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'tiers.village.doctors=1,,2' : a)), 'error'],
    ['param-simulation', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'simulation.days=1,2' : a)), 'error'],
    ['param-unknown-path', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'tiers.village.nothing=1' : a)), 'error'],
    ['param-unclosed', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'tiers.village.doctors=[' : a)), 'error'],
    ['param-huge-index', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'conditions[999999999].incidence=1' : a)), 'error'],
    ['param-negative', sweep().map((a) => (a === 'tiers.village.doctors=1,2' ? 'tiers.village.doctors=-1' : a)), 'error'],
    ['schema-out-user-file', ['schema', '--out', 'keep/notes.txt'], 'error'],
    ['schema-out-dot', ['schema', '--out', '.'], 'error'],
    ['schema-out-new', ['schema', '--out', 'schema.json'], 'ok'],
  ];
  for (const [id, argv, e] of options) cases.push(C(id, `tiersim ${argv.join(' ').slice(0, 80)}`, argv, e));
  cases.find((c) => c.id === 'cli:schema-out-new')!.allowWrite = ['schema.json'];
  return cases;
}

/** Names and output folders that point where results must not go. */
export function pathCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const names: Array<[string, string]> = [
    ['dotdot', '".."'], ['dot', '"."'], ['slash', 'a/b'], ['absolute', '/tmp/x'], ['up', '../x'], ['long-240', 'n'.repeat(240)],
    ['dash', '-rf'], ['hidden', '.hidden'], ['backslash', '"a\\\\b"'], ['unicode', 'ünï'], ['empty', '""'], ['space', '"a b"'],
  ];
  for (const [id, value] of names) {
    cases.push(runCase(`paths:name-${id}`, 'paths', `name: ${value.slice(0, 40)} with the default results folder`, tinyWith('name: tiny', `name: ${value}`), {
      expect: 'error', expectLine: true, argv: ['run', SCN, ...QUICK, '-q'], allowWrite: ['results'], timeoutMs: FAST,
    }));
  }
  cases.push(runCase('paths:name-default-ok', 'paths', 'a plain name with the default results folder', TINY_TEXT, { expect: 'ok', argv: ['run', SCN, ...QUICK, '-q'], allowWrite: ['results'] }));
  const previous = { 'prev/manifest.json': '{"format": "tiersim-results", "formatVersion": 1, "kind": "run", "files": ["summary.csv", "manifest.json"]}\n', 'prev/summary.csv': 'metric,tier,facility,group,mean,ci_low,ci_high,sd,n\n' };
  const outs: Array<[string, string, Expectation, Partial<HostileCase>]> = [
    ['dot', '.', 'error', {}], ['dotdot', '..', 'error', {}], ['empty', '', 'error', {}], ['root', '/', 'error', {}],
    ['scenario-folder', 'in', 'error', {}], ['scenario-folder-indirect', 'in/sub/..', 'error', { dirs: ['in/sub'] }],
    ['scenario-ancestor', 'a', 'error', { files: { 'a/b/s.yaml': TINY_TEXT } }],
    ['user-folder', 'keep', 'error', {}], ['user-file', 'keep/notes.txt', 'error', {}], ['under-file', 'keep/notes.txt/out', 'error', {}],
    ['symlink-to-user-folder', 'link', 'error', { symlinks: { link: 'keep' } }], ['symlink-dangling', 'dangling', 'error', { symlinks: { dangling: 'nowhere' } }],
    ['dev-null', '/dev/null', 'error', {}], ['proc-self', '/proc/self', 'error', {}], ['long-5000', 'a'.repeat(5000), 'error', {}],
    ['long-name-240', 'o'.repeat(240), 'either', { allowWrite: ['o'.repeat(240)] }],
    ['cwd-absolute', '{sandbox}', 'error', {}], ['parent-absolute', '{parent}', 'error', {}], ['cwd-via-child', 'keep/..', 'error', {}],
    ['unwritable', 'ro/out', 'error', { dirs: ['ro'], modes: { ro: 0o555 } }],
    ['empty-folder', 'empty', 'ok', { dirs: ['empty'], allowWrite: ['empty'] }],
    ['nested-new', 'new/deep/out', 'ok', { allowWrite: ['new'] }],
    ['previous-results-force', 'prev', 'ok', { files: previous, allowWrite: ['prev'], argv: ['--force'] }],
    ['previous-results-no-force', 'prev', 'error', { files: previous, allowWrite: ['prev'] }],
    ['previous-results-plus-user-file', 'prev', 'error', { files: { ...previous, 'prev/mine.txt': 'mine\n' }, allowWrite: ['prev'], argv: ['--force'] }],
    ['fake-manifest-user-folder', 'keep', 'error', { files: { 'keep/manifest.json': '{"format": "tiersim-results"}\n' }, argv: ['--force'] }],
    ['user-folder-force', 'keep', 'error', { argv: ['--force'] }],
    ['leftover-temp', 'out', 'ok', { files: { '.out.tmp-1234-abcd/summary.csv': 'partial\n' }, mayDelete: ['.out.tmp-1234-abcd'], allowWrite: ['out'] }],
  ];
  for (const [id, out, expect, extra] of outs) {
    const { argv: more = [], ...rest } = extra;
    cases.push({
      ...cli(`paths:out-${id}`, 'paths', `run --out ${JSON.stringify(out.slice(0, 40))}${more.length ? ` ${more.join(' ')}` : ''}`, ['run', SCN, ...QUICK, '--out', out, ...more, '-q'], expect),
      allowWrite: [], ...rest, files: { [SCN]: TINY_TEXT, ...rest.files },
    });
  }
  const variant = (name: string) => `extends: s.yaml\nname: ${name}\ntiers:\n  village:\n    doctors: 2\n`;
  const compare = (id: string, name: string, expect: Expectation, out = OUT) => ({
    ...cli(`paths:compare-${id}`, 'paths', `compare with a variant named ${name.slice(0, 40)}`, ['compare', SCN, 'in/v.yaml', ...QUICK, '--out', out, '-q'], expect),
    files: { [SCN]: TINY_TEXT, 'in/v.yaml': variant(name) }, expectLine: expect === 'error',
  });
  cases.push(
    compare('dotdot', '".."', 'error'), compare('dot', '"."', 'error'), compare('same-as-baseline', 'tiny', 'either'),
    compare('manifest', 'manifest.json', 'either'), compare('comparison', 'comparison.csv', 'either'), compare('valid', 'more', 'ok'),
    { ...compare('out-scenario-folder', 'more', 'error', 'in'), allowWrite: [], expectLine: false },
    { ...cli('paths:sweep-out-user-folder', 'paths', 'sweep --out a user folder', ['sweep', SCN, '--param', 'tiers.village.doctors=1,2', ...QUICK, '--out', 'keep', '-q'], 'error'), allowWrite: [] },
  );
  return cases;
}

/** Formula-like names must reach CSV files escaped. */
export function csvCases(): HostileCase[] {
  const names = ['=HYPERLINK("http://x")', '+1+1', '-rf', '@SUM(A1)', '=1,"2"'];
  const village = (id: string, name: string, expect: 'ok' | 'error') => runCase(`csv:village-${id}`, 'csv', `a village named ${JSON.stringify(name)}`,
    toYaml(((d) => { (d as any).region.counties[0].townships[0].villages[0].name = name; return d; })(tinyData())), expect === 'ok' ? { expect, checkCsv: OUT } : { expect });
  return names.map((name, i) => village(String(i), name, 'ok'))
    // Names may not hold control characters (a tab among them): refused at the line of the name.
    .concat(village('tab', '\tTAB', 'error'))
    .concat(runCase('csv:condition', 'csv', 'a condition named "=cmd|calc"', tinyWith('name: cold', 'name: "=cmd|calc"'), { expect: 'ok', checkCsv: OUT }));
}

/** Valid runs: the controls that must keep working. */
export function validCases(): HostileCase[] {
  const V = (id: string, description: string, argv: string[], allowWrite = [OUT]) => ({ ...cli(`valid:${id}`, 'valid', description, argv, 'ok' as const), allowWrite, timeoutMs: 20_000 });
  return [
    V('run', 'the tiny scenario', run(...QUICK)),
    V('run-j2', 'the tiny scenario on two workers', run(...quickWith('-r', '2').map((a, i, o) => (o[i - 1] === '-j' ? '2' : a)))),
    V('run-report', 'the tiny scenario with --report', run(...QUICK, '--report')),
    V('validate', 'validate the tiny scenario', ['validate', SCN], []),
    V('sweep', 'a two-point sweep', ['sweep', SCN, '--param', 'tiers.village.doctors=1,2', ...QUICK, '--out', OUT, '-q']),
    V('sweep-j2', 'a two-point sweep on two workers', ['sweep', SCN, '--param', 'tiers.village.doctors=1,2', ...quickWith('-j', '2'), '--out', OUT, '-q']),
  ];
}
