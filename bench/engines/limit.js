/**
 * The reference limit: the tightest hand-written code for each benchmark. One
 * implicit binary min-heap over typed arrays (Float64Array times, Int32Array
 * payloads), counters and typed-array FIFO rings; no object is allocated per event.
 * The queueing model's code sits in the event loop itself (V8 compiles it as one function;
 * helpers it called were left out of line): the joining of a station, the generator's step,
 * the exponential sampler and the heap push are each written once, in the loop (the first
 * arrival is scheduled by the same copy), and only the sampler's rare branches call a function.
 * It has no priorities, no insertion-order tie-break and no cancellation: it is the
 * floor that a general kernel can approach but not beat.
 */
import { ZIGGURAT_EXPONENTIAL } from '../../dist/engine/index.js';
import { startClock } from '../clock.js';
import { stationArrays } from '../models.js';
import { mulberry32, mulberry32Bits } from '../prng.js';

const { r: ZR, k: ZK, w: ZW, f: ZF } = ZIGGURAT_EXPONENTIAL;

/**
 * Classic hold: `pending` events, then `ops` times pop the earliest and push it back at
 * its time plus an exponential(1) sample. Only the hold loop is timed.
 */
export function hold(pending, ops, seed) {
  const rnd = mulberry32(seed);
  const cap = pending + 1;
  const times = new Float64Array(cap);
  const ids = new Int32Array(cap);
  let size = 0;
  for (let i = 0; i < pending; i++) {
    // sift up
    const t = -Math.log(1 - rnd());
    let j = size++;
    while (j > 0) {
      const parent = (j - 1) >> 1;
      if (times[parent] <= t) break;
      times[j] = times[parent];
      ids[j] = ids[parent];
      j = parent;
    }
    times[j] = t;
    ids[j] = i;
  }
  let checksum = 0;
  const stop = startClock();
  for (let k = 0; k < ops; k++) {
    // pop the minimum
    const now = times[0];
    const id = ids[0];
    size--;
    const lastT = times[size];
    const lastId = ids[size];
    let j = 0;
    for (;;) {
      let c = 2 * j + 1;
      if (c >= size) break;
      if (c + 1 < size && times[c + 1] < times[c]) c++;
      if (times[c] >= lastT) break;
      times[j] = times[c];
      ids[j] = ids[c];
      j = c;
    }
    times[j] = lastT;
    ids[j] = lastId;
    checksum += id;
    // push it back
    const t = now - Math.log(1 - rnd());
    j = size++;
    while (j > 0) {
      const parent = (j - 1) >> 1;
      if (times[parent] <= t) break;
      times[j] = times[parent];
      ids[j] = ids[parent];
      j = parent;
    }
    times[j] = t;
    ids[j] = id;
  }
  const { seconds, cpuSeconds } = stop();
  return { seconds, cpuSeconds, ops, pending: size, checksum };
}

/**
 * Open tandem network of M/M/c stations (see ../models.js): Poisson arrivals at rate
 * `lambda` into station 0; after station i a customer goes on to station i + 1 with
 * probability `stations[i].next`, else leaves. Event codes: 0 = arrival, i + 1 = service
 * completion at station i. Waiting customers are kept as their arrival times in one
 * growable ring per station (FIFO), of power-of-two length.
 * The limit draws from one generator in the order: a completion's routing uniform, then the
 * event's exponentials in the order their entries are pushed.
 */
export function tandem(model, customers, seed) {
  const k = model.stations.length;
  // The generator's state, stepped inline in the loop and by bits32 for the rare draws.
  const st = new Int32Array([seed | 0]);
  const bits32 = mulberry32Bits(seed, st);
  const rnd = () => bits32() / 4294967296;
  const { meanInter, meanSvc, pNext, servers } = stationArrays(model);
  const busy = new Int32Array(k);
  const waitSum = new Float64Array(k);
  const served = new Float64Array(k);
  // FIFO rings of arrival times, one per station, each growing by doubling
  const rings = [];
  const heads = new Int32Array(k);
  const lens = new Int32Array(k);
  for (let i = 0; i < k; i++) rings.push(new Float64Array(1024));

  let cap = 64;
  let times = new Float64Array(cap);
  let codes = new Int32Array(cap);
  let size = 0;
  let arrived = 0;
  let completed = 0;
  let events = 0;

  const stop = startClock();
  // Up to two entries an event are scheduled: their codes and mean delays; one copy of the
  // sampler and the heap push, at the top of the loop, serves both (and the first arrival).
  let np = 1, code0 = 0, mean0 = meanInter, code1 = 0, mean1 = 0;
  let now = 0;
  for (;;) {
    for (let p = 0; p < np; p++) {
      const pc = p === 0 ? code0 : code1;
      const pm = p === 0 ? mean0 : mean1;
      let e;
      for (;;) {
        const a = (st[0] = (st[0] + 0x6d2b79f5) | 0);
        let u = Math.imul(a ^ (a >>> 15), 1 | a);
        u = (u + Math.imul(u ^ (u >>> 7), 61 | u)) ^ u;
        const bits = (u ^ (u >>> 14)) >>> 0;
        const zi = bits & 255;
        const r = bits >>> 8;
        e = r * ZW[zi];
        if (r < ZK[zi]) break;
        if (zi === 0) { e = ZR - Math.log1p(-rnd()); break; }
        if (ZF[zi] + rnd() * (ZF[zi - 1] - ZF[zi]) < Math.exp(-e)) break;
      }
      const t = now + pm * e;
      if (size === cap) {
        cap *= 2;
        const nt = new Float64Array(cap);
        nt.set(times);
        times = nt;
        const nc = new Int32Array(cap);
        nc.set(codes);
        codes = nc;
      }
      let h = size++;
      while (h > 0) {
        const parent = (h - 1) >> 1;
        if (times[parent] <= t) break;
        times[h] = times[parent];
        codes[h] = codes[parent];
        h = parent;
      }
      times[h] = t;
      codes[h] = pc;
    }
    if (size === 0) break;
    // pop the minimum
    now = times[0];
    const code = codes[0];
    size--;
    const lastT = times[size];
    const lastC = codes[size];
    let j = 0;
    for (;;) {
      let c = 2 * j + 1;
      if (c >= size) break;
      if (c + 1 < size && times[c + 1] < times[c]) c++;
      if (times[c] >= lastT) break;
      times[j] = times[c];
      codes[j] = codes[c];
      j = c;
    }
    times[j] = lastT;
    codes[j] = lastC;
    events++;
    np = 0;

    let join = -1;
    if (code === 0) {
      arrived++;
      join = 0;
      if (arrived < customers) { code0 = 0; mean0 = meanInter; np = 1; }
    } else {
      const i = code - 1;
      if (lens[i] > 0) {
        const ring = rings[i];
        waitSum[i] += now - ring[heads[i]];
        heads[i] = (heads[i] + 1) & (ring.length - 1);
        lens[i]--;
        served[i]++;
        code0 = code; mean0 = meanSvc[i]; np = 1;
      } else {
        busy[i]--;
      }
      if (pNext[i] > 0 && rnd() < pNext[i]) join = i + 1;
      else completed++;
    }
    if (join >= 0) {
      const i = join;
      if (busy[i] < servers[i]) {
        busy[i]++;
        served[i]++;
        if (np === 0) { code0 = i + 1; mean0 = meanSvc[i]; } else { code1 = i + 1; mean1 = meanSvc[i]; }
        np++;
      } else {
        let ring = rings[i];
        if (lens[i] === ring.length) {
          const grown = new Float64Array(ring.length * 2);
          for (let q = 0; q < lens[i]; q++) grown[q] = ring[(heads[i] + q) & (ring.length - 1)];
          rings[i] = ring = grown;
          heads[i] = 0;
        }
        ring[(heads[i] + lens[i]) & (ring.length - 1)] = now;
        lens[i]++;
      }
    }
  }
  const { seconds, cpuSeconds } = stop();
  const meanWait = [];
  for (let i = 0; i < k; i++) meanWait.push(waitSum[i] / served[i]);
  return { seconds, cpuSeconds, events, customers: completed, meanWait };
}
