/**
 * The zod schemas the SDK checks Flink's answers with. They are lenient: unknown fields and unknown
 * enum values pass through, so that a newer Flink does not break an older client.
 *
 * @module
 */
export * from './applications.js';
export * from './async.js';
export * from './checkpoints.js';
export * from './cluster.js';
export * from './common.js';
export * from './jars.js';
export * from './jobs.js';
export * from './monitoring.js';
