/**
 * Machine instructions per customer by function, from two callgrind profiles of
 * bench/count.js (one and two timed iterations) and the perf maps node wrote beside them
 * (--perf-basic-prof): each instruction's count goes to the JIT-compiled function whose
 * code holds its address (its optimised code, with everything V8 inlined into it), or to
 * the native function callgrind names. Prints the difference between the two profiles
 * divided by n, largest first. Run by `bench/instructions.sh ... functions`.
 *
 *   node bench/functions.js <callgrind.1> <perf.map.1> <callgrind.2> <perf.map.2> <n> [rows]
 */
import { readFileSync } from 'node:fs';

/** Instruction counts by function name in one callgrind profile (--dump-instr=yes). */
function byFunction(profile, perfMap) {
  const code = readFileSync(perfMap, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, start, size, name] = line.match(/^([0-9a-f]+) ([0-9a-f]+) (.*)$/);
      return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name };
    })
    .sort((a, b) => a.start - b.start);
  const jitName = (addr) => {
    let lo = 0;
    let hi = code.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (code[mid].start <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best >= 0 && addr < code[best].end ? code[best].name : undefined;
  };
  const names = new Map();
  const totals = new Map();
  let fn = '?';
  let addr = 0;
  let callCost = false;
  for (const line of readFileSync(profile, 'utf8').split('\n')) {
    const f = line.match(/^fn=\((\d+)\)(?: (.*))?$/);
    if (f) {
      if (f[2]) names.set(f[1], f[2]);
      fn = names.get(f[1]) ?? '?';
      continue;
    }
    if (line.startsWith('calls=')) {
      callCost = true; // the next cost line is the call's inclusive cost: not this function's own
      continue;
    }
    if (!/^([+-]?[0-9a-fx]+|\*)\s/.test(line)) continue;
    const [pos, , cost] = line.split(/\s+/);
    // Positions are absolute (0x...), relative to the line before (+/- decimal), or the same (*).
    if (pos[0] === '+') addr += Number(pos.slice(1));
    else if (pos[0] === '-') addr -= Number(pos.slice(1));
    else if (pos !== '*') addr = parseInt(pos, 16);
    if (callCost) {
      callCost = false;
      continue;
    }
    const name = (jitName(addr) ?? fn).replace(/^JS:[*~^+]?/, '').replace(/file:\/\/\S*?\/(bench|dist|node_modules)\//, '$1/');
    totals.set(name, (totals.get(name) ?? 0) + Number(cost ?? 0));
  }
  return totals;
}

const [p1, m1, p2, m2, nArg, rowsArg] = process.argv.slice(2);
const n = Number(nArg);
const one = byFunction(p1, m1);
const diff = byFunction(p2, m2);
for (const [name, c] of one) diff.set(name, (diff.get(name) ?? 0) - c);
let total = 0;
for (const c of diff.values()) total += c;
const rows = [...diff].sort((a, b) => b[1] - a[1]).slice(0, Number(rowsArg ?? 15));
for (const [name, c] of rows) console.log(`${String(Math.round(c / n)).padStart(7)}  ${name.slice(0, 110)}`);
console.log(`${String(Math.round(total / n)).padStart(7)}  in all`);
