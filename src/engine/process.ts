/**
 * Resources for the generator form (`Simulation.process`), SimPy-style: a process yields the
 * request and resumes when it holds a unit, instead of being called back.
 *
 *   const doctors = new ProcessResource(sim, { capacity: 2, classes: 2 });
 *   sim.process(function* () {
 *     const grant = yield doctors.request(cls);      // waits in line (class cls)
 *     if (grant.outcome !== 'granted') return;       // reneged, blocked or balked
 *     yield consultTime.sample();
 *     doctors.release(cls);
 *   }());
 *
 * It wraps a `Resource` (reached as `.resource` for statistics and capacity changes), so the
 * line, priorities, reservations, patience and statistics are exactly those of the callback
 * form. Each request allocates a `Signal`: this is a convenience for cold paths and small
 * models; the fast path for large models stays the callback form (`Resource` with `onGrant`).
 */
import { Outcome, Resource, type OutcomeCode, type ResourceOptions } from './resource.js';
import { Signal, type Simulation } from './simulation.js';

/** What a request resumes its process with. */
export interface Grant {
  /** `granted`: the process holds a unit (release it); otherwise it holds nothing. */
  outcome: 'granted' | 'reneged' | 'blocked' | 'balked';
  /** Time spent in line (0 when granted, blocked or balked at once). */
  waited: number;
}

const IMMEDIATE: Record<OutcomeCode, Grant['outcome']> = {
  [Outcome.GRANTED]: 'granted',
  [Outcome.QUEUED]: 'granted',
  [Outcome.BLOCKED]: 'blocked',
  [Outcome.BALKED]: 'balked',
};

/** A `Resource` whose requests are awaited by generator processes (`yield res.request()`). */
export class ProcessResource {
  /** The underlying resource: statistics (`waits`, `busy`, `queue`), `setCapacity`, `setReserved`. */
  readonly resource: Resource;
  private readonly sim: Simulation;
  /** Signals of requests waiting in line, by request id (the resource's entity). */
  private readonly pending: Array<Signal | undefined> = [];
  private readonly freeIds: number[] = [];

  constructor(sim: Simulation, opts: Omit<ResourceOptions, 'onGrant' | 'onRenege'>) {
    this.sim = sim;
    this.resource = new Resource(sim, {
      ...opts,
      onGrant: (id, waited) => this.settle(id, { outcome: 'granted', waited }),
      onRenege: (id, waited) => this.settle(id, { outcome: 'reneged', waited }),
    });
  }

  /**
   * Asks for one unit in class `cls` (0 is served first), leaving the line after `patience`
   * if not served by then. Yield the returned signal: the process resumes with a `Grant`.
   */
  request(cls = 0, patience = Infinity): Signal {
    const signal = new Signal(this.sim);
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.pending.length;
    this.pending[id] = signal;
    const outcome = this.resource.request(id, cls, patience);
    if (outcome !== Outcome.QUEUED) this.settle(id, { outcome: IMMEDIATE[outcome], waited: 0 });
    return signal;
  }

  /** Returns a unit held by class `cls`; the next eligible request in line is granted. */
  release(cls = 0): void {
    this.resource.release(cls);
  }

  /** Units in use. */
  get inUse(): number {
    return this.resource.inUse;
  }

  /** Requests waiting in line. */
  get queueLength(): number {
    return this.resource.queueLength;
  }

  private settle(id: number, grant: Grant): void {
    const signal = this.pending[id]!;
    this.pending[id] = undefined;
    this.freeIds.push(id);
    signal.fire(grant);
  }
}
