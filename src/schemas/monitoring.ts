import { z } from 'zod';

/** Aggregated metric endpoints (`/jobs/metrics`, `/taskmanagers/metrics`, `…/subtasks/metrics`). */
export const aggregatedMetrics = z.array(
  z.looseObject({
    id: z.string(),
    min: z.number().optional(),
    max: z.number().optional(),
    avg: z.number().optional(),
    sum: z.number().optional(),
    skew: z.number().optional(),
  }),
);
/** One metric over several jobs, TaskManagers or subtasks: the aggregates asked for. */
export type AggregatedMetric = z.infer<typeof aggregatedMetrics>[number];

/** `GET /jobs/{jobid}/vertices/{vertexid}/backpressure`. */
export const backpressure = z.looseObject({
  status: z.string(),
  backpressureLevel: z.string().optional(),
  'end-timestamp': z.number().optional(),
  subtasks: z
    .array(
      z.looseObject({
        subtask: z.number(),
        backpressureLevel: z.string().optional(),
        ratio: z.number().optional(),
        idleRatio: z.number().optional(),
        busyRatio: z.number().optional(),
      }),
    )
    .optional(),
});
/** Back pressure of one vertex: a level and, per subtask, back-pressured, idle and busy ratios. */
export type Backpressure = z.infer<typeof backpressure>;

/** `GET /jobmanager/logs` and `GET /taskmanagers/{id}/logs`. */
export const logList = z.looseObject({
  logs: z.array(z.looseObject({ name: z.string(), size: z.number(), mtime: z.number().optional() })),
});
/** A log file a JobManager or TaskManager offers. */
export type LogFile = z.infer<typeof logList>['logs'][number];

/** `GET /taskmanagers/{taskmanagerid}`. */
export const taskManagerDetails = z.looseObject({
  id: z.string(),
  path: z.string().optional(),
  dataPort: z.number().optional(),
  timeSinceLastHeartbeat: z.number().optional(),
  slotsNumber: z.number(),
  freeSlots: z.number(),
  hardware: z.looseObject({ cpuCores: z.number().optional(), physicalMemory: z.number().optional() }).optional(),
  memoryConfiguration: z.looseObject({}).optional(),
  metrics: z.looseObject({}).optional(),
});
/** A TaskManager's slots, hardware, memory configuration and JVM metrics. */
export type TaskManagerDetails = z.infer<typeof taskManagerDetails>;
