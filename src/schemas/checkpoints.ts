import { z } from 'zod';

const checkpointEntry = z.looseObject({
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
});

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
export type CheckpointStats = z.infer<typeof checkpointStats>;
export type CheckpointEntry = z.infer<typeof checkpointEntry>;

export const checkpointConfig = z.looseObject({
  mode: z.string(),
  interval: z.number(),
  timeout: z.number(),
  externalization: z.looseObject({}).optional(),
  state_backend: z.string().optional(),
  checkpoint_storage: z.string().optional(),
});
export type CheckpointConfig = z.infer<typeof checkpointConfig>;
