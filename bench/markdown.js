/**
 * Prints the results tables of bench/README.md (markdown) from a results file: the engine
 * benchmarks side by side, the queueing models' mean waits, and the model benchmarks.
 *
 *   node bench/markdown.js [results/bench/latest.json]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'bench', 'latest.json');
const { machine, node, date, command, rounds, load, records } = JSON.parse(readFileSync(file, 'utf8'));
const find = (b, e) => records.find((r) => r.benchmark === b && r.engine === e);
const rate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);
const scenarioRuns = records.filter((r) => r.population !== undefined);
const benchmarks = [...new Set(records.filter((r) => r.population === undefined).map((r) => r.benchmark))];

const out = [];
out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, ${machine.os}; Node ${node}.`);
out.push(
  `Date: ${date}. Command: \`${command}\`; ${rounds} rounds, fastest run per pair, median peak RSS. ` +
    `1-min load average ${load?.before} before, ${load?.after} after (other jobs shared the machine).`,
);
out.push('');
if (benchmarks.length) {
  out.push('| benchmark | unit | tiersim | simjs | limit | tiersim/limit | tiersim/simjs | events/s tiersim / simjs / limit | peak RSS MB tiersim / simjs / limit |');
  out.push('|---|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const b of benchmarks) {
    const [t, s, l] = ['tiersim', 'simjs', 'limit'].map((e) => find(b, e));
    const hold = t.customers_per_s === null;
    const key = hold ? 'events_per_s' : 'customers_per_s';
    out.push(
      `| ${b} | ${hold ? 'hold ops/s' : 'customers/s'} | ${rate(t[key])} | ${rate(s[key])} | ${rate(l[key])} | ` +
        `${(t[key] / l[key]).toFixed(2)} | ${(t[key] / s[key]).toFixed(1)} | ` +
        `${rate(t.events_per_s)} / ${rate(s.events_per_s)} / ${rate(l.events_per_s)} | ` +
        `${t.rss_mb.toFixed(0)} / ${s.rss_mb.toFixed(0)} / ${l.rss_mb.toFixed(0)} |`,
    );
  }
}
const models = benchmarks.filter((b) => find(b, 'tiersim').mean_wait);
if (models.length) {
  out.push('');
  out.push('| model | mean wait in queue per station (h): tiersim | simjs | limit |');
  out.push('|---|---|---|---|');
  for (const b of models) {
    const w = (e) => find(b, e).mean_wait.map((x) => x.toFixed(3)).join(', ');
    out.push(`| ${b} | ${w('tiersim')} | ${w('simjs')} | ${w('limit')} |`);
  }
}
if (scenarioRuns.length) {
  out.push('');
  out.push('| benchmark | residents | simulated days | wall s | CPU s | events | events/s | episodes/s | peak RSS MB |');
  out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of scenarioRuns) {
    out.push(
      `| ${r.benchmark} | ${r.population.toLocaleString('en')} | ${r.days} | ${r.seconds.toFixed(1)}` +
        `${r.seconds_all?.length > 1 ? ` (fastest of ${r.seconds_all.map((x) => x.toFixed(1)).join(', ')})` : ''} | ${r.cpu_seconds.toFixed(1)} | ` +
        `${r.events.toLocaleString('en')} | ${rate(r.events_per_s)} | ${rate(r.customers_per_s)} | ${r.rss_mb.toFixed(0)} |`,
    );
  }
}
console.log(out.join('\n'));
