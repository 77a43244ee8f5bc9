/** The generic discrete-event kernel: everything public is re-exported here. */
export * from './queue.js';
export * from './simulation.js';
export * from './random.js';
export * from './distributions.js';
export * from './arrivals.js';
export * from './resource.js';
export * from './schedule.js';
export * from './stats.js';
export * from './process.js';
