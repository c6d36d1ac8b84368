/**
 * The zod schemas the SDK checks Flink's answers with. They are lenient: unknown fields and unknown
 * enum values pass through, so that a newer Flink does not break an older client.
 *
 * @example
 * ```ts
 * // an answer fetched without the SDK, e.g. through your own HTTP stack or a recorded fixture
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}`);
 * const job = schemas.jobDetails.parse(await res.json());
 * console.log(job.state, job.vertices.length);
 * ```
 *
 * @module
 */
export * from './applications.js';
export * from './async.js';
export * from './checkpoints.js';
export * from './cluster.js';
export * from './common.js';
export * from './diagnostics.js';
export * from './jars.js';
export * from './jobs.js';
export * from './monitoring.js';
export * from './rescale.js';
export * from './results.js';
export * from './vertices.js';
