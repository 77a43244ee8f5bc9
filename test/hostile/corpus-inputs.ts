/**
 * Hostile scenario content other than single-leaf mutations: distributions and sessions, YAML and
 * JSON syntax, `extends` tricks, prototype keys.
 */
import { OUT, QUICK, SCN, TINY_TEXT, runCase, tinyData, tinyWith, toYaml } from './corpus-base.js';
import type { HostileCase } from './types.js';

const E = { expect: 'error' as const, expectLine: true };
const EITHER = { expect: 'either' as const };
const OK = { expect: 'ok' as const };
const FAST = 8000;

/** Distribution and duration edge cases, in the village consultation time and elsewhere. */
export function distributionCases(): HostileCase[] {
  const consult: Array<[string, string, typeof E | typeof EITHER]> = [
    ['uniform-min-gt-max', '{dist: uniform, min: 20, max: 5}', E],
    ['uniform-min-eq-max', '{dist: uniform, min: 5, max: 5}', EITHER],
    ['uniform-negative', '{dist: uniform, min: -5, max: 5}', E],
    ['triangular-mode-outside', '{dist: triangular, min: 1, mode: 50, max: 10}', E],
    ['triangular-min-gt-max', '{dist: triangular, min: 10, mode: 5, max: 1}', E],
    ['empirical-weights-zero', '{dist: empirical, values: [5, 10], weights: [0, 0]}', E],
    ['empirical-weights-count', '{dist: empirical, values: [5, 10, 15], weights: [1, 2]}', E],
    ['empirical-weight-negative', '{dist: empirical, values: [5, 10], weights: [1, -1]}', E],
    ['empirical-no-values', '{dist: empirical, values: []}', E],
    ['empirical-weight-inf', '{dist: empirical, values: [5, 10], weights: [1, .inf]}', E],
    ['gamma-sd-zero', '{dist: gamma, mean: 10, sd: 0}', EITHER],
    ['gamma-mean-zero', '{dist: gamma, mean: 0, sd: 3}', E],
    ['exponential-mean-zero', '{dist: exponential, mean: 0}', EITHER],
    ['exponential-mean-negative', '{dist: exponential, mean: -3}', E],
    ['lognormal-mean-zero', '{dist: lognormal, mean: 0, sd: 3}', E],
    ['lognormal-sd-1e308', '{dist: lognormal, mean: 10, sd: 1e308}', EITHER],
    ['lognormal-mean-1e308', '{dist: lognormal, mean: 1e308, sd: 1}', EITHER],
    ['normal-sd-negative', '{dist: normal, mean: 10, sd: -1}', E],
    ['normal-mean-negative', '{dist: normal, mean: -10, sd: 1}', EITHER],
    ['constant-negative', '{dist: constant, value: -5}', E],
    ['unknown-dist', '{dist: weibull, mean: 10}', E],
    ['missing-parameter', '{dist: uniform, min: 5}', E],
    ['extra-parameter', '{dist: exponential, mean: 5, sd: 2}', E],
    ['no-dist', '{mean: 5}', E],
    ['dist-null', '{dist: null, mean: 5}', E],
    ['duration-400-digits', `"${'9'.repeat(400)} min"`, E],
    ['duration-unknown-unit', '2 parsecs', E],
    ['duration-1e308-days', '1e308 d', E],
    ['duration-negative-zero', '-0 min', EITHER],
    ['duration-hex', '0x10 min', EITHER],
    ['duration-spaces', '"  10   min  "', EITHER],
    ['duration-unit-only', 'min', E],
  ];
  const cases = consult.map(([id, value, e]) =>
    runCase(`dist:consult:${id}`, 'distribution', `tiers.village.consultTime: ${value.slice(0, 60)}`, tinyWith('consultTime: 10 min', `consultTime: ${value}`), { ...e, timeoutMs: FAST }));
  cases.push(
    runCase('dist:los-triangular-mode-outside', 'distribution', 'stroke county length of stay: triangular mode outside [min, max]',
      tinyWith('los: { county: 10 d,', 'los: { county: {dist: triangular, min: 1, mode: 20, max: 5},'), { ...E, timeoutMs: FAST }),
    runCase('dist:followup-interval-zero', 'distribution', 'hypertension follow-up every 0 days, 3 visits',
      tinyWith('followUp: { interval: 30,', 'followUp: { interval: 0,'), { ...EITHER, timeoutMs: FAST }),
  );
  const generated = (villagePopulation: unknown, extra: Record<string, unknown> = {}) => {
    const data = tinyData();
    data.region = {
      regionalCentres: [{ name: 'city' }],
      generate: {
        counties: 1, townshipsPerCounty: 2, villagesPerTownship: 3, villagePopulation,
        travelVillageToTownship: 20, travelTownshipToCounty: 60, travelCountyToRegional: 120, ...extra,
      },
    };
    return toYaml(data);
  };
  cases.push(
    runCase('dist:generated-valid', 'distribution', 'a generated region of 6 villages of 700 residents', generated(700), { ...OK, timeoutMs: FAST }),
    runCase('dist:generated-population-negative', 'distribution', 'generated villagePopulation constant -5', generated(-5), { ...E, timeoutMs: FAST }),
    runCase('dist:generated-population-constant-negative', 'distribution', 'generated villagePopulation {dist: constant, value: -5}', generated({ dist: 'constant', value: -5 }), { ...E, timeoutMs: FAST }),
    runCase('dist:generated-population-uniform-inverted', 'distribution', 'generated villagePopulation uniform min > max', generated({ dist: 'uniform', min: 900, max: 100 }), { ...E, timeoutMs: FAST }),
    runCase('dist:generated-population-normal-wide', 'distribution', 'generated villagePopulation normal with sd ten times the mean', generated({ dist: 'normal', mean: 100, sd: 1000 }), { ...EITHER, timeoutMs: FAST }),
    runCase('dist:generated-travel-negative', 'distribution', 'generated travel village to township -20', generated(700, { travelVillageToTownship: -20 }), { ...E, timeoutMs: FAST }),
    runCase('dist:generated-and-listed', 'distribution', 'region with both generate and counties',
      tinyWith('  counties:\n', '  generate: { counties: 1, townshipsPerCounty: 1, villagesPerTownship: 1, villagePopulation: 10, travelVillageToTownship: 1, travelTownshipToCounty: 1, travelCountyToRegional: 1 }\n  counties:\n'), { ...E, timeoutMs: FAST }),
  );
  return cases;
}

/** Working sessions and weekdays of the village clinics. */
export function sessionCases(): HostileCase[] {
  const sessions: Array<[string, string, typeof E | typeof EITHER]> = [
    ['overlapping', '[{start: "08:00", end: "12:00"}, {start: "11:00", end: "14:00"}]', E],
    ['start-equals-end', '[{start: "08:00", end: "08:00"}]', E],
    ['start-after-end', '[{start: "17:00", end: "08:00"}]', E],
    ['hour-24-59', '[{start: "08:00", end: "24:59"}]', E],
    ['hour-25', '[{start: "08:00", end: "25:00"}]', E],
    ['minute-60', '[{start: "08:60", end: "12:00"}]', E],
    ['negative-clock', '[{start: "-1:00", end: "12:00"}]', E],
    ['seconds', '[{start: "08:00:00", end: "12:00"}]', E],
    ['number-clock', '[{start: 480, end: 720}]', E],
    ['empty-list', '[]', EITHER],
    ['identical-twice', '[{start: "08:00", end: "12:00"}, {start: "08:00", end: "12:00"}]', E],
    ['whole-day', '[{start: "00:00", end: "24:00"}]', EITHER],
    ['unknown-key', '[{start: "08:00", end: "12:00", lunch: true}]', E],
    ['not-a-list', '{start: "08:00", end: "12:00"}', E],
  ];
  const cases = sessions.map(([id, value, e]) => runCase(`session:${id}`, 'session', `tiers.village.sessions: ${value.slice(0, 70)}`,
    tinyWith('    consultTime: 10 min\n', `    consultTime: 10 min\n    sessions: ${value}\n`), { ...e, timeoutMs: FAST }));
  const many = Array.from({ length: 1000 }, (_, i) => `{start: "${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}", end: "${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}"}`).join(', ');
  cases.push(runCase('session:thousand-empty', 'session', '1,000 sessions each starting where it ends', tinyWith('    consultTime: 10 min\n', `    consultTime: 10 min\n    sessions: [${many}]\n`), { ...E, timeoutMs: FAST }));
  const days: Array<[string, string, typeof E | typeof EITHER]> = [
    ['none', '[]', EITHER], ['unknown', '[funday]', E], ['duplicate', '[mon, mon]', EITHER], ['capitalised', '[Mon]', E], ['not-a-list', 'mon', E],
  ];
  for (const [id, value, e] of days) {
    cases.push(runCase(`session:days-${id}`, 'session', `tiers.village.days: ${value}`, tinyWith('    consultTime: 10 min\n', `    consultTime: 10 min\n    days: ${value}\n`), { ...e, timeoutMs: FAST }));
  }
  return cases;
}

/** A YAML alias bomb: `levels` levels of `width` references each. */
export function aliasBomb(levels = 10, width = 9): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\nname: bomb\n`;
}

/** An alias bomb as one YAML flow list, for a `--param` value. */
function flowBomb(levels = 10, width = 9): string {
  const items = [`&a0 [${Array.from({ length: width }, () => 'lol').join(',')}]`];
  for (let i = 1; i < levels; i++) items.push(`&a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(',')}]`);
  return `[${items.join(',')}]`;
}

/** YAML and JSON syntax edge cases. */
export function syntaxCases(random: () => number): HostileCase[] {
  const json = JSON.stringify(tinyData(), null, 2);
  const S = (id: string, description: string, text: string | Buffer, e: object, file = SCN) => {
    const c = runCase(`syntax:${id}`, 'syntax', description, text, { expect: 'error', timeoutMs: FAST, ...e });
    if (file !== SCN) {
      c.files = { [file]: text };
      c.argv = c.argv.map((a) => (a === SCN ? file : a));
    }
    return c;
  };
  const garbage = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
  const cases: HostileCase[] = [
    S('alias-bomb', 'billion-laughs alias bomb', aliasBomb(), { expect: 'error' }),
    S('alias-bomb-in-tiny', 'alias bomb in the description of the tiny scenario', `${aliasBomb().replace('name: bomb\n', '')}${TINY_TEXT}`, { expect: 'error' }),
    S('alias-circular', 'an alias that refers to its own anchor', `${TINY_TEXT}loop: &x [*x]\n`, { expect: 'error' }),
    S('alias-undefined', 'an alias to no anchor', tinyWith('description: Test region with one county and five villages.', 'description: *nowhere'), E),
    S('bom-yaml', 'YAML with a byte-order mark', `\ufeff${TINY_TEXT}`, OK),
    S('bom-json', 'JSON with a byte-order mark', `\ufeff${json}`, OK, 'in/s.json'),
    S('json-plain', 'the tiny scenario as JSON', json, OK, 'in/s.json'),
    S('crlf', 'CRLF line endings', TINY_TEXT.replace(/\n/g, '\r\n'), OK),
    S('cr-only', 'CR-only line endings (old Mac)', TINY_TEXT.replace(/\n/g, '\r'), OK),
    S('cr-only-invalid', 'CR-only line endings with an invalid field', tinyWith('    doctors: 1\n', '    doctors: -1\n').replace(/\n/g, '\r'), E),
    S('nul-byte', 'a NUL byte inside a value', tinyWith('description: Test', 'description: Te\u0000st'), { expect: 'either' }),
    S('nul-line', 'a line of NUL bytes', `${TINY_TEXT}\u0000\u0000\u0000\n`, E),
    S('binary-garbage', '4 KB of random bytes', garbage, { expect: 'error' }),
    S('binary-garbage-json', '4 KB of random bytes in a .json file', garbage, { expect: 'error' }, 'in/s.json'),
    S('empty', 'an empty file', '', { expect: 'error' }),
    S('empty-json', 'an empty .json file', '', { expect: 'error' }, 'in/s.json'),
    S('only-comment', 'only a comment', '# nothing here\n', { expect: 'error' }),
    S('top-list', 'a list at top level', '- name: tiny\n- days: 2\n', E),
    S('top-scalar', 'a plain string at top level', 'hello\n', { expect: 'error' }),
    S('top-number', 'a number at top level', '42\n', { expect: 'error' }),
    S('json-top-list', 'a JSON array at top level', '[1, 2, 3]\n', { expect: 'error' }, 'in/s.json'),
    S('nested-lists', '10,000 nested flow lists', `name: deep\nx: ${'['.repeat(10000)}${']'.repeat(10000)}\n`, { expect: 'error' }),
    S('nested-maps', '10,000 nested flow mappings', `name: deep\nx: ${'{a: '.repeat(10000)}1${'}'.repeat(10000)}\n`, { expect: 'error' }),
    S('nested-json', '10,000 nested JSON arrays', `{"name": "deep", "x": ${'['.repeat(10000)}${']'.repeat(10000)}}`, { expect: 'error' }, 'in/s.json'),
    S('unknown-keys-40k', '40,000 unknown top-level keys', TINY_TEXT + Array.from({ length: 40000 }, (_, i) => `zz${i}: 1`).join('\n') + '\n', E),
    // Reading and validating 130,000 items takes about 3 s alone on a 2-core machine (YAML parsing and
    // zod, most of it); the default limit for slow inputs tells a hang from that on a shared machine.
    S('invalid-items-130k', '130,000 invalid conditions', tinyWith(/conditions:\n[\s\S]*$/, `conditions:\n${'  - 1\n'.repeat(130000)}`), { ...E, timeoutMs: 20_000 }),
    S('json-trailing-comma', 'JSON with a trailing comma', json.replace(/\n}$/, ',\n}'), E, 'in/s.json'),
    S('json-missing-brace', 'JSON without its closing brace', json.replace(/}\s*$/, ''), E, 'in/s.json'),
    S('json-single-quotes', 'JSON with single-quoted keys', json.replace('"name"', "'name'"), E, 'in/s.json'),
    S('json-invalid-field', 'JSON with negative doctors', json.replace('"doctors": 1,', '"doctors": -1,'), E, 'in/s.json'),
    S('json-duplicate-key', 'JSON with a key given twice', json.replace('"description":', '"name": "again",\n  "description":'), { expect: 'either' }, 'in/s.json'),
    S('json-holding-yaml', 'a .json file holding YAML', TINY_TEXT, { expect: 'either' }, 'in/s.json'),
    S('utf16', 'UTF-16 text with its byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TINY_TEXT, 'utf16le')]), { expect: 'error' }),
    S('invalid-utf8', 'invalid UTF-8 bytes in a village name', Buffer.from(tinyWith('name: n1,', 'name: n\u00ff1,'), 'latin1'), { expect: 'either' }),
    S('tab-indent', 'a tab used for indentation', tinyWith('  days: 40', '\tdays: 40'), E),
    S('duplicate-key', 'a YAML key given twice', tinyWith('description:', 'name: again\ndescription:'), E),
    S('multi-document', 'two YAML documents in one file', `${TINY_TEXT}---\n${TINY_TEXT}`, { expect: 'error' }),
    S('long-line', 'a 1 MB description', tinyWith('description: Test region with one county and five villages.', `description: ${'y'.repeat(1_000_000)}`), { expect: 'either' }),
    S('unknown-tag', 'an unknown YAML tag', tinyWith('description: Test', 'description: !evil Test'), { expect: 'either' }),
    S('binary-tag', 'a !!binary value where a string belongs', tinyWith('description: Test region with one county and five villages.', 'description: !!binary aGVsbG8='), { expect: 'either' }),
    S('merge-key', 'a YAML merge key', tinyWith('  township:\n', '  township:\n    <<: {beds: 3}\n'), { expect: 'either' }),
    S('yaml-1.1-directive', 'a %YAML 1.1 directive', `%YAML 1.1\n---\n${TINY_TEXT}`, { expect: 'either' }),
    S('unterminated-quote', 'an unterminated quoted string', tinyWith('description: Test', 'description: "Test'), E),
    S('bad-indent', 'a wrongly indented key', tinyWith('  warmup: 10', '   warmup: 10'), E),
  ];
  return cases;
}

/** `extends:` tricks. */
export function extendsCases(): HostileCase[] {
  const child = (parent: string, extra = '') => `extends: ${parent}\nname: child\n${extra}`;
  const X = (id: string, description: string, files: Record<string, string>, e: object, forbid?: string[], link?: Record<string, string>) => {
    const c = runCase(`extends:${id}`, 'extends', description, files[SCN], { expect: 'error', expectLine: true, ...e, files, timeoutMs: FAST, forbidOutput: forbid });
    if (link) c.symlinks = link;
    return c;
  };
  const passwd = ['root:x:0:0', '/bin/bash', '/usr/sbin/nologin'];
  return [
    X('etc-passwd', 'extends /etc/passwd', { [SCN]: child('/etc/passwd') }, {}, passwd),
    X('link-to-passwd', 'extends a .yaml symlink to /etc/passwd', { [SCN]: child('p.yaml') }, {}, passwd, { 'in/p.yaml': '/etc/passwd' }),
    X('dev-zero', 'extends /dev/zero', { [SCN]: child('/dev/zero') }, {}),
    X('dev-zero-yaml', 'extends a .yaml symlink to /dev/zero', { [SCN]: child('z.yaml') }, {}, undefined, { 'in/z.yaml': '/dev/zero' }),
    X('directory', 'extends a directory', { [SCN]: child('.'), 'in/sub/x.yaml': TINY_TEXT }, {}),
    X('directory-yaml', 'extends a directory named d.yaml', { [SCN]: child('d.yaml'), 'in/d.yaml/x': 'x' }, {}),
    X('txt-file', 'extends a .txt file holding a valid scenario', { [SCN]: child('parent.txt'), 'in/parent.txt': TINY_TEXT }, {}),
    X('itself', 'extends itself', { [SCN]: child('s.yaml') }, {}),
    X('cycle', 'a extends b extends a', { [SCN]: child('b.yaml'), 'in/b.yaml': 'extends: s.yaml\nname: b\n' }, {}),
    X('missing', 'extends a file that does not exist', { [SCN]: child('nothere.yaml') }, {}),
    X('empty-string', 'extends ""', { [SCN]: child('""') }, {}),
    X('list', 'extends a list', { [SCN]: child('[a.yaml, b.yaml]') }, {}),
    X('number', 'extends 5', { [SCN]: child('5') }, {}),
    X('bomb-behind', 'extends an alias bomb', { [SCN]: child('bomb.yaml'), 'in/bomb.yaml': aliasBomb() }, { expectLine: false }),
    X('proto-in-parent', '__proto__ in the parent', { [SCN]: child('parent.yaml'), 'in/parent.yaml': `${TINY_TEXT}__proto__: { polluted: 1 }\n` }, {}),
    X('proto-merged', '__proto__ under tiers in parent and child', {
      [SCN]: child('parent.yaml', 'tiers:\n  __proto__: { doctors: 1 }\n'), 'in/parent.yaml': TINY_TEXT,
    }, {}),
    X('chain-valid', 'a valid chain of three files', {
      [SCN]: child('mid.yaml', 'simulation: { seed: 3 }\n'), 'in/mid.yaml': 'extends: base.yaml\ndescription: middle\n', 'in/base.yaml': TINY_TEXT,
    }, { expect: 'ok' }),
    X('absolute-valid', 'extends a valid scenario by absolute path', { [SCN]: child('{sandbox}/in/base.yaml'), 'in/base.yaml': TINY_TEXT }, { expect: 'ok' }),
    X('outside-parent', 'extends a file next to the working folder', { [SCN]: child('../../outside.txt') }, {}),
    X('chain-200', 'a chain of 200 files', Object.fromEntries([
      [SCN, child('p1.yaml')],
      ...Array.from({ length: 199 }, (_, i) => [`in/p${i + 1}.yaml`, i === 198 ? TINY_TEXT : `extends: p${i + 2}.yaml\n`]),
    ]), { expect: 'either' }),
    X('json-parent', 'extends a JSON parent', { [SCN]: child('parent.json'), 'in/parent.json': JSON.stringify(tinyData()) }, { expect: 'ok' }),
  ];
}

/** `__proto__`, `constructor` and `prototype` keys in files and in `--param` paths and values. */
export function prototypeCases(): HostileCase[] {
  const P = (id: string, description: string, text: string, file = SCN) => {
    const c = runCase(`proto:${id}`, 'prototype', description, text, { ...E, timeoutMs: FAST });
    if (file !== SCN) { c.files = { [file]: text }; c.argv = c.argv.map((a) => (a === SCN ? file : a)); }
    return c;
  };
  const cases: HostileCase[] = [];
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    cases.push(
      P(`${key}-top`, `${key} at top level`, `${TINY_TEXT}${key}: { polluted: 1 }\n`),
      P(`${key}-tier`, `${key} under tiers.village`, tinyWith('    doctors: 1\n', `    doctors: 1\n    ${key}: { doctors: 5 }\n`)),
      P(`${key}-village`, `${key} in a village`, tinyWith('{ name: n1,', `{ ${key}: 1, name: n1,`)),
      P(`${key}-costs`, `${key} in costs.tests`, tinyWith('tests: { lab: 30 }', `tests: { lab: 30, ${key}: 1 }`)),
      P(`${key}-json`, `${key} in a JSON file`, JSON.stringify({ ...tinyData(), [key]: { polluted: 1 } }), 'in/s.json'),
    );
  }
  cases.push(P('json-nested', 'constructor.prototype nested in JSON',
    JSON.stringify(tinyData()).replace('{"village":{', '{"village":{"constructor":{"prototype":{"polluted":1}},'), 'in/s.json'));
  const sweep = (id: string, param: string, expect: 'error' | 'either') => ({
    id: `proto:param-${id}`, category: 'prototype', description: `sweep --param ${param}`,
    files: { [SCN]: TINY_TEXT }, argv: ['sweep', SCN, '--param', param, ...QUICK, '--out', OUT, '-q'],
    expect, allowWrite: [OUT], timeoutMs: FAST,
  } satisfies HostileCase);
  cases.push(
    sweep('proto-path', '__proto__.polluted=1', 'error'),
    sweep('constructor-path', 'constructor.prototype.polluted=1', 'error'),
    sweep('tiers-proto', 'tiers.__proto__.doctors=1,2', 'error'),
    sweep('village-constructor', 'tiers.village.constructor=1', 'error'),
    sweep('prototype-path', 'prototype=1', 'error'),
    sweep('proto-index', 'conditions[0].__proto__.incidence=1', 'error'),
    sweep('value-mapping', 'tiers.village.costs={__proto__: {polluted: 1}}', 'error'),
    sweep('value-constructor', 'tiers.village.costs={constructor: {prototype: {polluted: 1}}}', 'error'),
    sweep('value-string', 'description=__proto__,constructor', 'either'),
    sweep('value-list', 'conditions[0].tests=[__proto__]', 'error'),
    sweep('value-alias-loop', 'tiers.village.costs=&a [*a]', 'error'),
    sweep('value-alias-loop-list', 'conditions[0].tests=[&a [*a]]', 'error'),
    sweep('value-alias-bomb', `description=${flowBomb()}`, 'error'),
  );
  return cases;
}
