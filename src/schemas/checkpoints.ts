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

const vertexCheckpoint = z.looseObject({
  id: z.number(),
  status: z.string(),
  latest_ack_timestamp: z.number().optional(),
  checkpointed_size: z.number().optional(),
  state_size: z.number().optional(),
  end_to_end_duration: z.number().optional(),
  num_subtasks: z.number(),
  num_acknowledged_subtasks: z.number(),
});

/**
 * `GET /jobs/{jobid}/checkpoints/details/{checkpointid}`: one checkpoint with its statistics per
 * vertex (`tasks`, keyed by vertex id). `className` is `completed`, `failed` or `in_progress`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/checkpoints/details/42`);
 * const checkpoint = schemas.checkpointDetails.parse(await res.json());
 * for (const [vertex, task] of Object.entries(checkpoint.tasks)) console.log(vertex, task.num_acknowledged_subtasks);
 * ```
 */
export const checkpointDetails = checkpointEntry.extend({
  className: z.string().optional(),
  num_subtasks: z.number().optional(),
  num_acknowledged_subtasks: z.number().optional(),
  discarded: z.boolean().optional(),
  tasks: z.record(z.string(), vertexCheckpoint),
});
/**
 * One checkpoint or savepoint: status, times, sizes, path, and per vertex how many subtasks acknowledged it.
 *
 * @example
 * ```ts
 * const checkpoint: CheckpointDetails = await flink.checkpoints.details(jobId, 42);
 * console.log(checkpoint.status, checkpoint.external_path, Object.keys(checkpoint.tasks).length, 'vertices');
 * ```
 */
export type CheckpointDetails = z.infer<typeof checkpointDetails>;

/**
 * `GET /jobs/{jobid}/checkpoints/details/{checkpointid}/subtasks/{vertexid}`: one vertex's part of a
 * checkpoint, with a summary and each subtask's figures (what the Kubernetes operator reads to find
 * the slow subtask). A subtask that has not acknowledged has `status` `pending_or_failed` and no figures.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/checkpoints/details/42/subtasks/${vertexId}`);
 * const { subtasks } = schemas.checkpointSubtasks.parse(await res.json());
 * console.log(subtasks.map((s) => s.end_to_end_duration ?? 'pending'));
 * ```
 */
export const checkpointSubtasks = vertexCheckpoint.extend({
  summary: z.looseObject({}).optional(),
  subtasks: z.array(
    z.looseObject({
      index: z.number(),
      /** `completed` or `pending_or_failed`. */
      status: z.string(),
      ack_timestamp: z.number().optional(),
      end_to_end_duration: z.number().optional(),
      state_size: z.number().optional(),
      checkpointed_size: z.number().optional(),
      /** Synchronous and asynchronous parts of taking the snapshot, in ms. */
      checkpoint: z.looseObject({ sync: z.number(), async: z.number() }).optional(),
      /** Barrier alignment: bytes buffered and ms spent. */
      alignment: z.looseObject({ buffered: z.number().optional(), duration: z.number() }).optional(),
      start_delay: z.number().optional(),
      unaligned_checkpoint: z.boolean().optional(),
      aborted: z.boolean().optional(),
    }),
  ),
});
/**
 * One vertex's part of a checkpoint: a summary and each subtask's acknowledgement, durations and sizes.
 *
 * @example
 * ```ts
 * const { subtasks }: CheckpointSubtasks = await flink.checkpoints.subtasks(jobId, 42, vertexId);
 * const slowest = subtasks.toSorted((a, b) => (b.end_to_end_duration ?? 0) - (a.end_to_end_duration ?? 0))[0];
 * console.log(`slowest subtask ${slowest?.index}: ${slowest?.end_to_end_duration} ms`);
 * ```
 */
export type CheckpointSubtasks = z.infer<typeof checkpointSubtasks>;
