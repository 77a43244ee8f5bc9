/**
 * Named random streams. Each purpose (arrivals at one site, one service time, ...) draws
 * from its own generator, seeded from (seed, replication, name) only, so adding, removing
 * or reordering other draws never shifts its sequence (common random numbers across
 * scenarios). Generator: Alea (seedrandom), period about 2^116, 32-bit resolution
 * uniforms; the fastest seedrandom algorithm that passes BigCrush.
 */
import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

export class Streams {
  readonly seed: number | string;
  readonly replication: number;
  private readonly cache = new Map<string, Rng>();
  /** Names whose generator state went to a StreamBank. */
  private readonly banked = new Set<string>();

  constructor(seed: number | string, replication: number) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError(`Streams: seed must be finite, got ${seed}`);
    if (!Number.isInteger(replication) || replication < 0) {
      throw new RangeError(`Streams: replication must be a non-negative integer, got ${replication}`);
    }
    this.seed = seed;
    this.replication = replication;
  }

  /**
   * The generator for a named purpose, e.g. 'arrivals/source-12'. The same
   * (seed, replication, name) always yields the same sequence, whatever else was asked for.
   * Cached: the same name returns the same generator object.
   */
  get(name: string): Rng {
    let rng = this.cache.get(name);
    if (rng === undefined) {
      if (this.banked.has(name)) throw new Error(`Streams: '${name}' is held by a StreamBank`);
      rng = seedrandom.alea(this.seedString(name));
      this.cache.set(name, rng);
    }
    return rng;
  }

  /**
   * The initial Alea state of a named stream, for a StreamBank, which then owns the stream:
   * the name can be neither asked for again nor have been handed out by `get`, so that no
   * sequence is ever drawn twice.
   */
  takeState(name: string): { s0: number; s1: number; s2: number; c: number } {
    if (this.cache.has(name) || this.banked.has(name)) throw new Error(`Streams: '${name}' is already in use`);
    this.banked.add(name);
    const prng = seedrandom.alea(this.seedString(name), { state: true }) as unknown as { state(): { s0: number; s1: number; s2: number; c: number } };
    return prng.state();
  }

  private seedString(name: string): string {
    return JSON.stringify([this.seed, this.replication, name]);
  }
}

/**
 * Many named streams in one Float64Array, four doubles each, for models that hold thousands
 * of them (a stream per village): stream i draws exactly the sequence that
 * `streams.get(names[i])` would, the same Alea step on the same state, without a generator
 * object and its four boxed doubles per stream. Streams next to each other in `names` lie
 * next to each other in memory (32 bytes each).
 */
export class StreamBank {
  private readonly s: Float64Array;
  readonly size: number;

  constructor(streams: Streams, names: readonly string[]) {
    this.size = names.length;
    this.s = new Float64Array(names.length * 4);
    names.forEach((name, i) => {
      const st = streams.takeState(name);
      this.s[4 * i] = st.s0;
      this.s[4 * i + 1] = st.s1;
      this.s[4 * i + 2] = st.s2;
      this.s[4 * i + 3] = st.c;
    });
  }

  /** The next uniform on [0, 1) of stream i (Alea, as seedrandom computes it). */
  next(i: number): number {
    const s = this.s;
    const o = 4 * i;
    const t = 2091639 * s[o] + s[o + 3] * 2.3283064365386963e-10; // 2^-32
    s[o] = s[o + 1];
    s[o + 1] = s[o + 2];
    const c = t | 0;
    s[o + 3] = c;
    return (s[o + 2] = t - c);
  }
}
