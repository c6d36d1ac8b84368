import { z } from 'zod';
import { serializedThrowable } from './async.js';
import { jobId, jobState, timestamp } from './common.js';
import { userAccumulator } from './vertices.js';

/**
 * `GET /jobs/{jobid}/execution-result`: `status.id` is `IN_PROGRESS` while the job runs, then
 * `COMPLETED` with the result: how it ended (`application-status`), `net-runtime` in ms, the
 * accumulators (Java-serialised, base64) and, for a failed job, `failure-cause`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/execution-result`);
 * const answer = schemas.executionResultAnswer.parse(await res.json());
 * if (answer.status.id === 'COMPLETED') console.log(answer['job-execution-result']?.['net-runtime'], 'ms');
 * ```
 */
export const executionResultAnswer = z.looseObject({
  status: z.looseObject({ id: z.string() }),
  'job-execution-result': z
    .looseObject({
      id: jobId,
      name: z.string().optional(),
      /** SUCCEEDED (the job FINISHED), FAILED, CANCELED or UNKNOWN. */
      'application-status': z.string(),
      /** Milliseconds the job ran. */
      'net-runtime': z.number(),
      /** Accumulator name → its value, Java-serialised and base64-encoded; {@link Jobs.accumulators} has them as text. */
      'accumulator-results': z.record(z.string(), z.string()),
      'failure-cause': serializedThrowable.optional(),
      'start-time': timestamp.optional(),
      'end-time': timestamp.optional(),
      'application-id': z.string().optional(),
    })
    .optional(),
});

/**
 * How a job ended, as {@link Jobs.executionResult} returns it once the job reached a terminal state.
 *
 * @example
 * ```ts
 * const result: ExecutionResult | undefined = await flink.jobs.executionResult(jobId);
 * if (result) console.log(`${result['application-status']} after ${result['net-runtime']} ms`);
 * ```
 */
export type ExecutionResult = NonNullable<z.infer<typeof executionResultAnswer>['job-execution-result']>;

/**
 * `GET /jobs/{jobid}/accumulators`: the job's accumulators as text (`user-task-accumulators`),
 * and, with `includeSerializedValue`, Java-serialised too.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/accumulators`);
 * for (const a of schemas.jobAccumulators.parse(await res.json())['user-task-accumulators']) console.log(a.name, a.value);
 * ```
 */
export const jobAccumulators = z.looseObject({
  'job-accumulators': z.array(z.unknown()),
  'user-task-accumulators': z.array(userAccumulator),
  'serialized-user-task-accumulators': z.record(z.string(), z.unknown()).optional(),
});
/**
 * A job's accumulators: each user accumulator's name, Java type and value as Flink prints it.
 *
 * @example
 * ```ts
 * const accumulators: JobAccumulators = await flink.jobs.accumulators(jobId);
 * for (const { name, type, value } of accumulators['user-task-accumulators']) console.log(`${name} (${type}): ${value}`);
 * ```
 */
export type JobAccumulators = z.infer<typeof jobAccumulators>;

/**
 * `GET /jobs`: every job's id and state, nothing else (cheaper than `/jobs/overview`).
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobs');
 * console.log(schemas.jobIdsWithStatus.parse(await res.json()).jobs.map((job) => `${job.id} ${job.status}`));
 * ```
 */
export const jobIdsWithStatus = z.looseObject({ jobs: z.array(z.looseObject({ id: jobId, status: jobState })) });
