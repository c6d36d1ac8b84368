import { z } from 'zod';

/** One checkpoint or savepoint in the statistics' history or `latest` section. */
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

/** `GET /jobs/{jobid}/checkpoints`. */
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
/** Checkpoint statistics: counts, the latest completed/failed/savepoint/restored, and recent history. */
export type CheckpointStats = z.infer<typeof checkpointStats>;
/** One checkpoint or savepoint of {@link CheckpointStats}. */
export type CheckpointEntry = z.infer<typeof checkpointEntry>;

/** `GET /jobs/{jobid}/checkpoints/config`. */
export const checkpointConfig = z.looseObject({
  mode: z.string(),
  interval: z.number(),
  timeout: z.number(),
  externalization: z.looseObject({}).optional(),
  state_backend: z.string().optional(),
  checkpoint_storage: z.string().optional(),
});
/** A job's checkpointing configuration: mode, interval, timeout, storage. */
export type CheckpointConfig = z.infer<typeof checkpointConfig>;
