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
