import { z } from 'zod';

/**
 * `GET /jobs/{jobid}/resource-requirements` (Flink 1.18+, adaptive scheduler): the parallelism
 * bounds of every vertex, keyed by vertex id. `PUT` takes the same shape.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/resource-requirements`);
 * for (const [vertex, { parallelism }] of Object.entries(schemas.resourceRequirements.parse(await res.json()))) {
 *   console.log(vertex, `${parallelism.lowerBound}..${parallelism.upperBound}`);
 * }
 * ```
 */
export const resourceRequirements = z.record(
  z.string(),
  z.looseObject({ parallelism: z.looseObject({ lowerBound: z.number(), upperBound: z.number() }) }),
);
/**
 * The parallelism bounds of each vertex of a job, as {@link Jobs.resourceRequirements} returns them.
 *
 * @example
 * ```ts
 * const requirements: ResourceRequirements = await flink.jobs.resourceRequirements(jobId);
 * const highest = Math.max(...Object.values(requirements).map((r) => r.parallelism.upperBound));
 * ```
 */
export type ResourceRequirements = z.infer<typeof resourceRequirements>;

/**
 * One rescale of `GET /jobs/{jobid}/rescales/history` (Flink 2.3+, adaptive scheduler).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/rescales/history`);
 * const history = z.array(schemas.rescaleEntry).parse(await res.json());
 * ```
 */
export const rescaleEntry = z.looseObject({
  rescaleUuid: z.string(),
  resourceRequirementsUuid: z.string().nullish(),
  rescaleAttemptId: z.number().nullish(),
  startTimestampInMillis: z.number(),
  endTimestampInMillis: z.number().nullish(),
  /** `COMPLETED`, `FAILED`, `IGNORED`; null while in progress. */
  terminalState: z.string().nullish(),
  /** e.g. `INITIAL_SCHEDULE`, `UPDATE_REQUIREMENT`, `NEW_RESOURCES_AVAILABLE`, `RECOVERABLE_FAILOVER`. */
  triggerCause: z.string().nullish(),
  terminatedReason: z.string().nullish(),
  vertices: z.record(z.string(), z.unknown()).nullish(),
  slots: z.record(z.string(), z.unknown()).nullish(),
  schedulerStates: z.array(z.unknown()).nullish(),
});
/**
 * One rescale the adaptive scheduler made (or tried), as {@link Jobs.rescaleHistory} returns it.
 *
 * @example
 * ```ts
 * const [latest]: RescaleEntry[] = await flink.jobs.rescaleHistory(jobId);
 * if (latest?.terminalState === 'FAILED') console.error(`rescale ${latest.rescaleUuid} failed: ${latest.terminatedReason}`);
 * ```
 */
export type RescaleEntry = z.infer<typeof rescaleEntry>;
