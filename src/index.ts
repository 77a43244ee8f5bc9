/**
 * tiersim as a library: the scenario format, one replication of the tiered model, whole runs and
 * comparisons, and (under `tiersim/engine`) the discrete-event kernel. See docs/api.md.
 */
export * as engine from './engine/index.js';
export { loadScenario, loadScenarioFromObject, withOverrides, scenarioHash, type LoadedScenario, type Override } from './scenario/load.js';
export { ScenarioError, type ScenarioIssue } from './scenario/errors.js';
export { scenarioSchema, type Scenario, type ScenarioInput } from './scenario/schema.js';
export { runReplication, createModel, LEVERS, policiesSchema } from './levers/index.js';
export type { ReplicationJob } from './model/replicate.js';
export type { ReplicationResult, MetricRow } from './model/metrics.js';
export { simulate, settingsFor, replicationRows, type RunSettings, type SimulatedScenario } from './run/execute.js';
export { simulateAll, comparisonTable } from './run/compare.js';
export { summarise, pairedDifferences } from './metrics/tables.js';
export { TraceRecorder, Activity, ACTIVITIES, TraceResource, TRACE_RESOURCES, type Monitor, type TraceColumns } from './model/trace.js';
export { traceTable, TRACE_COLUMNS } from './run/trace.js';
