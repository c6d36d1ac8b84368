import { z } from 'zod';
import { javaDouble } from './common.js';

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

const rescaleCounts = z.looseObject({
  completed: z.number(),
  failed: z.number(),
  ignored: z.number(),
  inProgress: z.number().optional(),
});

/**
 * `GET /jobs/{jobid}/rescales/overview` (Flink 2.3+, adaptive scheduler): counts and the latest
 * completed, failed and ignored rescale.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/rescales/overview`);
 * const { rescalesCounts, latest } = schemas.rescalesOverview.parse(await res.json());
 * console.log(rescalesCounts.completed, latest.completed?.rescaleUuid);
 * ```
 */
export const rescalesOverview = z.looseObject({
  rescalesCounts: rescaleCounts,
  latest: z.looseObject({
    completed: rescaleEntry.nullish(),
    failed: rescaleEntry.nullish(),
    ignored: rescaleEntry.nullish(),
  }),
});
/**
 * A job's rescales at a glance: how many completed, failed, were ignored or run, and the latest of each.
 *
 * @example
 * ```ts
 * const { rescalesCounts }: RescalesOverview = await flink.rescales.overview(jobId);
 * console.log(`${rescalesCounts.completed} rescales completed, ${rescalesCounts.failed} failed`);
 * ```
 */
export type RescalesOverview = z.infer<typeof rescalesOverview>;

// Percentiles of no rescale at all are NaN.
const durationStats = z
  .looseObject({
    min: javaDouble.optional(),
    max: javaDouble.optional(),
    avg: javaDouble.optional(),
    p50: javaDouble.optional(),
    p90: javaDouble.optional(),
    p95: javaDouble.optional(),
    p99: javaDouble.optional(),
    p999: javaDouble.optional(),
  })
  .nullish();

/**
 * `GET /jobs/{jobid}/rescales/summary` (Flink 2.3+): counts and rescale durations (ms): min, max,
 * average and percentiles, overall and per outcome.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/rescales/summary`);
 * console.log(schemas.rescalesSummary.parse(await res.json()).rescalesDurationStatsInMillis?.p99);
 * ```
 */
export const rescalesSummary = z.looseObject({
  rescalesCounts: rescaleCounts,
  rescalesDurationStatsInMillis: durationStats,
  completedRescalesDurationStatsInMillis: durationStats,
  failedRescalesDurationStatsInMillis: durationStats,
  ignoredRescalesDurationStatsInMillis: durationStats,
});
/**
 * Counts and duration statistics (ms) of a job's rescales.
 *
 * @example
 * ```ts
 * const summary: RescalesSummary = await flink.rescales.summary(jobId);
 * console.log(`p90 rescale took ${summary.completedRescalesDurationStatsInMillis?.p90 ?? '-'} ms`);
 * ```
 */
export type RescalesSummary = z.infer<typeof rescalesSummary>;

/**
 * `GET /jobs/{jobid}/rescales/config` (Flink 2.3+): the adaptive scheduler's rescale settings for the job, in ms.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/rescales/config`);
 * console.log(schemas.rescaleConfig.parse(await res.json()).rescaleHistoryMax);
 * ```
 */
export const rescaleConfig = z.looseObject({
  rescaleHistoryMax: z.number(),
  schedulerExecutionMode: z.string().nullish(),
  submissionResourceWaitTimeoutInMillis: z.number().optional(),
  submissionResourceStabilizationTimeoutInMillis: z.number().optional(),
  slotIdleTimeoutInMillis: z.number().optional(),
  executingCooldownTimeoutInMillis: z.number().optional(),
  executingResourceStabilizationTimeoutInMillis: z.number().optional(),
  maximumDelayForTriggeringRescaleInMillis: z.number().optional(),
  rescaleOnFailedCheckpointCount: z.number().optional(),
});
/**
 * The adaptive scheduler's rescale settings for a job (Flink 2.3+).
 *
 * @example
 * ```ts
 * const config: RescaleConfig = await flink.rescales.config(jobId);
 * if (config.rescaleHistoryMax === 0) console.warn('set web.adaptive-scheduler.rescale-history.size to keep a rescale history');
 * ```
 */
export type RescaleConfig = z.infer<typeof rescaleConfig>;
