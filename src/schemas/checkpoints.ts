import { z } from 'zod';

/**
 * One checkpoint or savepoint in the statistics' history or `latest` section.
 *
 * @example
 * ```ts
 * const checkpointId = 42;
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/checkpoints/details/${checkpointId}`);
 * const checkpoint = schemas.checkpointEntry.parse(await res.json());
 * console.log(checkpoint.status, checkpoint.external_path);
 * ```
 */
export const checkpointEntry = z.looseObject({
  id: z.number(),
  status: z.string(),
  is_savepoint: z.boolean().optional(),
  trigger_timestamp: z.number().optional(),
  latest_ack_timestamp: z.number().optional(),
  end_to_end_duration: z.number().optional(),
  state_size: z.number().optional(),
  checkpointed_size: z.number().optional(),
  external_path: z.string().nullish(),
  checkpoint_type: z.string().optional(),
  failure_message: z.string().nullish(),
  failure_timestamp: z.number().optional(),
});

/**
 * `GET /jobs/{jobid}/checkpoints`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/checkpoints`);
 * const stats = schemas.checkpointStats.parse(await res.json());
 * console.log(`${stats.counts.failed} failed, last completed at ${stats.latest.completed?.external_path}`);
 * ```
 */
export const checkpointStats = z.looseObject({
  counts: z.looseObject({
    restored: z.number(),
    total: z.number(),
    in_progress: z.number(),
    completed: z.number(),
    failed: z.number(),
  }),
  summary: z.looseObject({}),
  latest: z.looseObject({
    completed: checkpointEntry.nullish(),
    savepoint: checkpointEntry.nullish(),
    failed: checkpointEntry.nullish(),
    restored: z.looseObject({ id: z.number(), external_path: z.string().nullish() }).nullish(),
  }),
  history: z.array(checkpointEntry),
});
/**
 * Checkpoint statistics: counts, the latest completed/failed/savepoint/restored, and recent history.
 *
 * @example
 * ```ts
 * const stats: CheckpointStats = await flink.checkpoints.stats(jobId);
 * if (stats.counts.failed > 0) console.warn(stats.latest.failed?.failure_message);
 * ```
 */
export type CheckpointStats = z.infer<typeof checkpointStats>;
/**
 * One checkpoint or savepoint of {@link CheckpointStats}.
 *
 * @example
 * ```ts
 * const last: CheckpointEntry | null | undefined = (await flink.checkpoints.stats(jobId)).latest.completed;
 * console.log(`checkpoint ${last?.id} at ${last?.external_path}, ${last?.state_size} bytes`);
 * ```
 */
export type CheckpointEntry = z.infer<typeof checkpointEntry>;

/**
 * `GET /jobs/{jobid}/checkpoints/config`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/checkpoints/config`);
 * const { mode, interval, timeout } = schemas.checkpointConfig.parse(await res.json());
 * ```
 */
export const checkpointConfig = z.looseObject({
  mode: z.string(),
  interval: z.number(),
  timeout: z.number(),
  externalization: z.looseObject({}).optional(),
  state_backend: z.string().optional(),
  checkpoint_storage: z.string().optional(),
});
/**
 * A job's checkpointing configuration: mode, interval, timeout, storage.
 *
 * @example
 * ```ts
 * const { interval, timeout }: CheckpointConfig = await flink.checkpoints.config(jobId);
 * console.log(`checkpoint every ${interval} ms, timeout ${timeout} ms`);
 * ```
 */
export type CheckpointConfig = z.infer<typeof checkpointConfig>;
