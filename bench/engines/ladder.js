/**
 * The feature ladder: the reference limit's tandem loop (./limit.js) rebuilt with the kernel's
 * required features added one at a time, each written as tightly as the limit itself, so that
 * the cost of each feature can be measured on its own, side by side with the limit and tiersim.
 *
 * Rung r has the first r features of FEATURES (rung 0 has none: it is the limit's loop). Each
 * feature is what issue #2 asks of the kernel, not a tiersim design choice:
 *
 *   entity    events carry a kind and an integer entity (the limit's carry a code only), and a
 *             waiting line holds each request's entity as well as its arrival time;
 *   order     a total deterministic order for equal times: each entry carries an order key
 *             (priority * 2^40 + insertion sequence), compared when times tie;
 *   cancel    cancellation by tombstone: each pop checks whether any tombstone is pending;
 *   streams   named random streams, seedrandom's Alea (the state stepped in place, as the
 *             kernel's StreamBank does), one per purpose: arrivals, service/i, routing (the
 *             limit draws everything from one mulberry32);
 *   stats     statistics recorded as they go: each station's waits in a Welford tally (count,
 *             mean, M2; a zero for each immediate start), and its units in use and queue
 *             length as time-weighted areas;
 *   handlers  the library boundary: the loop pops and calls handlers[kind](entity); each kind's
 *             code is a function of its own, which schedules through one shared `schedule`
 *             and samples through one shared `sample` (the model no longer sits in the loop).
 *
 * The code is generated: one template, whose pieces switch on the rung's features, compiled
 * once per rung with `new Function` (V8 optimises it as any other function). Checks that keep
 * it honest (test/bench/ladder.test.ts): rungs 0-3 draw the limit's numbers in the limit's
 * order and give its mean waits bit for bit; rungs 4-6 draw tiersim's streams, and rungs 5-6
 * give tiersim's mean waits bit for bit (the same model, the same draws, the same arithmetic;
 * rung 4 still divides a sum, so it agrees up to the rounding of a mean).
 */
import { Streams, ZIGGURAT_EXPONENTIAL } from '../../dist/engine/index.js';
import { startClock } from '../clock.js';
import { stationArrays } from '../models.js';
import { mulberry32Bits } from '../prng.js';

export const FEATURES = ['entity', 'order', 'cancel', 'streams', 'stats', 'handlers'];

/** The source of rung r's tandem body (exported for reading: `node -e` and print it). */
export function source(r) {
  if (!(Number.isInteger(r) && r >= 0 && r <= FEATURES.length)) throw new RangeError(`ladder: rung must be 0-${FEATURES.length}, got ${r}`);
  const F = Object.fromEntries(FEATURES.map((f, i) => [f, i < r]));
  const on = (f, yes, no = '') => (F[f] ? yes : no);

  /** `out` = the next uniform of stream `s` (streams), or of the one generator. */
  const uniform = (s, out) =>
    on(
      'streams',
      `{ const o_ = 4 * (${s}); const t_ = 2091639 * A[o_] + A[o_ + 3] * 2.3283064365386963e-10; A[o_] = A[o_ + 1]; A[o_ + 1] = A[o_ + 2]; const c_ = t_ | 0; A[o_ + 3] = c_; ${out} = A[o_ + 2] = t_ - c_; }`,
      `${out} = rnd();`,
    );
  /** `out` = a standard exponential from stream `s`, by the kernel's ziggurat; its common case written here, its rare one in zig(). */
  const exponential = (s, out) => `
      for (;;) {
        let bits;
        ${on(
          'streams',
          `{ let u_; ${uniform(s, 'u_')} bits = (u_ * 4294967296) >>> 0; }`,
          `{ const a_ = (st[0] = (st[0] + 0x6d2b79f5) | 0); let m_ = Math.imul(a_ ^ (a_ >>> 15), 1 | a_); m_ = (m_ + Math.imul(m_ ^ (m_ >>> 7), 61 | m_)) ^ m_; bits = (m_ ^ (m_ >>> 14)) >>> 0; }`,
        )}
        const zi = bits & 255;
        const zr = bits >>> 8;
        ${out} = zr * ZW[zi];
        if (zr < ZK[zi]) break;
        const z = zig(zi, ${out}, ${on('streams', s, '0')});
        if (z >= 0) { ${out} = z; break; }
      }`;
  // Heap entries: times in their own Float64Array; the rest as tiersim's EventQueue lays it out
  // (the tightest layout found for it): the kind alone in an Int32Array (rung 0); with entities,
  // (entity, kind) as two int32 words of one double, moved as that double (kind below 2^20 in the
  // high word, so the double is never a NaN); with order keys, the key and that double side by side.
  const W = F.order ? 2 : 1;
  const move = (d, s) =>
    !F.entity ? `kinds[${d}] = kinds[${s}];` : W === 1 ? `meta[${d}] = meta[${s}];` : `meta[2 * ${d}] = meta[2 * ${s}]; meta[2 * ${d} + 1] = meta[2 * ${s} + 1];`;
  const keyAt = (h) => `meta[2 * (${h})]`;
  const kindAt = (h) => (!F.entity ? `kinds[${h}]` : W === 1 ? `mi[2 * (${h}) + 1]` : `mi[4 * (${h}) + 3]`);
  const entAt = (h) => (W === 1 ? `mi[2 * (${h})]` : `mi[4 * (${h}) + 2]`);
  /** Pushes (t, kind, ent) onto the heap (sift up with a hole). */
  const push = (t, kind, ent) => `{
      if (size === cap) {
        // Grown here, not in a helper: a closure that reassigned the arrays would put them in its context, out of registers.
        cap *= 2;
        const nt = new Float64Array(cap); nt.set(times); times = nt;
        ${F.entity ? `const nm = new Float64Array(${W} * cap); nm.set(meta); meta = nm; mi = new Int32Array(meta.buffer);` : 'const nk = new Int32Array(cap); nk.set(kinds); kinds = nk;'}
      }
      ${on('order', 'const key = seq++;')}
      let h = size++;
      while (h > 0) {
        const p = (h - 1) >> 1;
        ${on('order', `if (times[p] < ${t} || (times[p] === ${t} && ${keyAt('p')} < key)) break;`, `if (times[p] <= ${t}) break;`)}
        times[h] = times[p];
        ${move('h', 'p')}
        h = p;
      }
      times[h] = ${t};
      ${on('order', `${keyAt('h')} = key;`)}
      ${kindAt('h')} = ${kind};
      ${on('entity', `${entAt('h')} = ${ent};`)}
    }`;
  /** Pops the earliest entry into now, kind, ent (sift down with a hole); skips tombstoned ones. */
  const pop = `
      now = times[0];
      const kind = ${kindAt('0')};
      ${on('entity', `const ent = ${entAt('0')};`)}
      ${on('cancel', `const key0 = ${keyAt('0')};`)}
      size--;
      const lastT = times[size];
      ${!F.entity ? 'const lastC = kinds[size];' : W === 1 ? 'const lastX = meta[size];' : 'const lastK = meta[2 * size]; const lastX = meta[2 * size + 1];'}
      let j = 0;
      for (;;) {
        let c = 2 * j + 1;
        if (c >= size) break;
        ${on(
          'order',
          `if (c + 1 < size && (times[c + 1] < times[c] || (times[c + 1] === times[c] && ${keyAt('c + 1')} < ${keyAt('c')}))) c++;
        if (times[c] > lastT || (times[c] === lastT && ${keyAt('c')} > lastK)) break;`,
          `if (c + 1 < size && times[c + 1] < times[c]) c++;
        if (times[c] >= lastT) break;`,
        )}
        times[j] = times[c];
        ${move('j', 'c')}
        j = c;
      }
      times[j] = lastT;
      ${!F.entity ? 'kinds[j] = lastC;' : W === 1 ? 'meta[j] = lastX;' : 'meta[2 * j] = lastK; meta[2 * j + 1] = lastX;'}
      ${on('cancel', 'if (tombs.size !== 0 && tombs.delete(key0 % 1099511627776)) continue;')}
      events++;`;
  /** Time-weighted area of station i's quantity q (busy or queue) before it changes. */
  // Station i's statistics sit together in S[10 i ...]: waits' n, mean, M2 (0-2); units in use:
  // area, value, last change (3-5); queue length: area, value, last change (6-8).
  const OFF = { busy: 3, queue: 6 };
  const area = (q, i) => on('stats', `{ const o_ = 10 * ${i} + ${OFF[q]}; S[o_] += S[o_ + 1] * (now - S[o_ + 2]); S[o_ + 2] = now; }`);
  const value = (q, i, v) => on('stats', `S[10 * ${i} + ${OFF[q] + 1}] = ${v};`);
  /** A wait w at station i goes into its statistics. */
  const record = (i, w) =>
    on('stats', `{ const o_ = 10 * ${i}; const n_ = ++S[o_]; const d_ = ${w} - S[o_ + 1]; const m_ = (S[o_ + 1] += d_ / n_); S[o_ + 2] += d_ * (${w} - m_); }`, w === '0' ? `served[${i}]++;` : `waitSum[${i}] += ${w}; served[${i}]++;`);
  /** Station i's head of line starts service (a unit passed straight on); sets `he`, its entity. */
  const startHead = (i) => `
        const ring = rings[${i}];
        const w = now - ring[heads[${i}]];
        ${on('entity', `he = rent[${i}][heads[${i}]];`)}
        ${record(i, 'w')}
        heads[${i}] = (heads[${i}] + 1) & (ring.length - 1);
        ${area('queue', i)}
        lens[${i}]--;
        ${value('queue', i, `lens[${i}]`)}`;
  /** The last unit at station i falls idle. */
  const idle = (i) => `${area('busy', i)} busy[${i}]--; ${value('busy', i, `busy[${i}]`)}`;
  /** A customer (entity e) joins station i and waits. */
  const enqueue = (i, e) => `{
        if (lens[${i}] === rings[${i}].length) growRing(${i});
        const slot = (heads[${i}] + lens[${i}]) & (rings[${i}].length - 1);
        rings[${i}][slot] = now;
        ${on('entity', `rent[${i}][slot] = ${e};`)}
        ${area('queue', i)}
        lens[${i}]++;
        ${value('queue', i, `lens[${i}]`)}
      }`;
  /** A customer joins station i and starts at once. */
  const startNow = (i) => `${area('busy', i)} busy[${i}]++; ${value('busy', i, `busy[${i}]`)} ${record(i, '0')}`;

  const setup = `
    'use strict';
    const { stations } = model;
    const { meanInter, meanSvc, pNext, servers } = params;
    const k = stations.length;
    ${on(
      'streams',
      `// Streams: 0 arrivals, 1 + i service/i, k + 1 routing (the names tiersim's benchmark uses).
    const names = ['arrivals', ...stations.map((_, i) => 'service/' + i), 'routing'];
    const A = new Float64Array(4 * names.length);
    const bank = new Streams(seed, 0);
    names.forEach((name, s) => { const x = bank.takeState(name); A.set([x.s0, x.s1, x.s2, x.c], 4 * s); });
    const uni = (s) => { let u; ${uniform('s', 'u')} return u; };
    const ROUTING = k + 1;`,
      `const st = new Int32Array([seed | 0]);
    const bits32 = mulberry32Bits(seed, st);
    const rnd = () => bits32() / 4294967296;
    const uni = () => rnd();`,
    )}
    /** The ziggurat's rare case for layer zi at x: the exponential to return, or -1 to try again. */
    const zig = (zi, x, s) => {
      if (zi === 0) return ZR - Math.log1p(-uni(s));
      return ZF[zi] + uni(s) * (ZF[zi - 1] - ZF[zi]) < Math.exp(-x) ? x : -1;
    };
    const busy = new Int32Array(k);
    ${on(
      'stats',
      'const S = new Float64Array(10 * k);',
      `const waitSum = new Float64Array(k);
    const served = new Float64Array(k);`,
    )}
    // FIFO rings per station (arrival times${on('entity', ' and entities')}), power-of-two sizes, growing by doubling
    const rings = [];
    ${on('entity', 'const rent = [];')}
    const heads = new Int32Array(k);
    const lens = new Int32Array(k);
    for (let i = 0; i < k; i++) { rings.push(new Float64Array(1024)); ${on('entity', 'rent.push(new Int32Array(1024));')} }
    const growRing = (i) => {
      const n = rings[i].length;
      const g = new Float64Array(2 * n);
      ${on('entity', 'const ge = new Int32Array(2 * n);')}
      for (let q = 0; q < lens[i]; q++) { g[q] = rings[i][(heads[i] + q) & (n - 1)]; ${on('entity', 'ge[q] = rent[i][(heads[i] + q) & (n - 1)];')} }
      rings[i] = g;
      ${on('entity', 'rent[i] = ge;')}
      heads[i] = 0;
    };
    let cap = 64;
    let times = new Float64Array(cap);
    ${F.entity ? `let meta = new Float64Array(${W} * cap); let mi = new Int32Array(meta.buffer);` : 'let kinds = new Int32Array(cap);'}
    ${on('order', 'let seq = 0;')}
    ${on('cancel', 'const tombs = new Set();')}
    let size = 0;
    let now = 0;
    let arrived = 0;
    let completed = 0;
    let events = 0;
    let he = 0;`;

  const fused = `
    const stop = startClock();
    // Up to two entries an event are scheduled: their kinds, entities, streams and mean delays;
    // one copy of the sampler and the push, at the top of the loop, serves both (and the first arrival).
    let np = 1, kind0 = 0, ent0 = 0, s0 = 0, mean0 = meanInter, kind1 = 0, ent1 = 0, s1 = 0, mean1 = 0;
    for (;;) {
      for (let p = 0; p < np; p++) {
        const pk = p === 0 ? kind0 : kind1;
        const pm = p === 0 ? mean0 : mean1;
        ${on('entity', 'const pe = p === 0 ? ent0 : ent1;')}
        ${on('streams', 'const ps = p === 0 ? s0 : s1;')}
        let e;
        ${exponential('ps', 'e')}
        const t = now + pm * e;
        ${push('t', 'pk', 'pe')}
      }
      if (size === 0) break;
      ${pop}
      np = 0;
      let join = -1;
      ${on('entity', 'let jent = 0;')}
      if (kind === 0) {
        arrived++;
        join = 0;
        ${on('entity', 'jent = ent;')}
        if (arrived < customers) { kind0 = 0; mean0 = meanInter; s0 = 0; ${on('entity', 'ent0 = ent + 1;')} np = 1; }
      } else {
        const i = kind - 1;
        if (lens[i] > 0) {
          ${startHead('i')}
          kind0 = kind; mean0 = meanSvc[i]; s0 = 1 + i; ${on('entity', 'ent0 = he;')} np = 1;
        } else {
          ${idle('i')}
        }
        let u = 1;
        if (pNext[i] > 0) ${uniform('ROUTING', 'u')}
        if (u < pNext[i]) { join = i + 1; ${on('entity', 'jent = ent;')} }
        else completed++;
      }
      if (join >= 0) {
        const i = join;
        if (busy[i] < servers[i]) {
          ${startNow('i')}
          if (np === 0) { kind0 = i + 1; mean0 = meanSvc[i]; s0 = 1 + i; ${on('entity', 'ent0 = jent;')} }
          else { kind1 = i + 1; mean1 = meanSvc[i]; s1 = 1 + i; ${on('entity', 'ent1 = jent;')} }
          np++;
        } else ${enqueue('i', 'jent')}
      }
    }`;

  const handlers = `
    const schedule = (t, kind, ent) => ${push('t', 'kind', 'ent')};
    const sample = (s, mean) => { let e; ${exponential('s', 'e')} return mean * e; };
    /** Customer ent joins station i: starts now, or waits. */
    const join = (i, ent) => {
      if (busy[i] < servers[i]) {
        ${startNow('i')}
        schedule(now + sample(1 + i, meanSvc[i]), i + 1, ent);
      } else ${enqueue('i', 'ent')}
    };
    const arrival = (ent) => {
      arrived++;
      join(0, ent);
      if (arrived < customers) schedule(now + sample(0, meanInter), 0, ent + 1);
    };
    /** Service completion at station i. */
    const done = (i) => (ent) => {
      if (lens[i] > 0) {
        ${startHead('i')}
        schedule(now + sample(1 + i, meanSvc[i]), i + 1, he);
      } else {
        ${idle('i')}
      }
      let u = 1;
      if (pNext[i] > 0) ${uniform('ROUTING', 'u')}
      if (u < pNext[i]) join(i + 1, ent);
      else completed++;
    };
    const table = [arrival];
    for (let i = 0; i < k; i++) table.push(done(i));
    const stop = startClock();
    schedule(sample(0, meanInter), 0, 0);
    while (size > 0) {
      ${pop}
      table[kind](ent);
    }`;

  const finish = `
    const { seconds, cpuSeconds } = stop();
    ${on('stats', `const at = (i, o) => S[10 * i + o];
    const meanWait = Array.from(servers, (_, i) => at(i, 1));
    const waitVar = Array.from(servers, (_, i) => at(i, 2) / (at(i, 0) - 1));
    const utilisation = Array.from(servers, (c, i) => (at(i, 3) + at(i, 4) * (now - at(i, 5))) / (now * c));
    const queueMean = Array.from(servers, (_, i) => (at(i, 6) + at(i, 7) * (now - at(i, 8))) / now);`, 'const meanWait = Array.from(waitSum, (w, i) => w / served[i]);')}
    return { seconds, cpuSeconds, events, customers: completed, meanWait${on('stats', ', waitVar, utilisation, queueMean')} };`;

  return setup + (F.handlers ? handlers : fused) + finish;
}

const compiled = new Map();

/** Rung r's tandem(model, customers, seed), the same signature as the other engines'. */
export function rung(r) {
  if (!compiled.has(r)) {
    const body = new Function('Streams', 'mulberry32Bits', 'startClock', 'ZR', 'ZK', 'ZW', 'ZF', 'model', 'customers', 'seed', 'params', source(r));
    const { r: ZR, k: ZK, w: ZW, f: ZF } = ZIGGURAT_EXPONENTIAL;
    compiled.set(r, (model, customers, seed) => body(Streams, mulberry32Bits, startClock, ZR, ZK, ZW, ZF, model, customers, seed, stationArrays(model)));
  }
  return compiled.get(r);
}
