import { z } from 'zod';

/**
 * Aggregated metric endpoints (`/jobs/metrics`, `/taskmanagers/metrics`, `…/subtasks/metrics`).
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/taskmanagers/metrics?get=Status.JVM.Memory.Heap.Used&agg=max');
 * const [heap] = schemas.aggregatedMetrics.parse(await res.json());
 * console.log(`largest TaskManager heap in use: ${heap?.max} bytes`);
 * ```
 */
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
/**
 * One metric over several jobs, TaskManagers or subtasks: the aggregates asked for.
 *
 * @example
 * ```ts
 * const [heap]: AggregatedMetric[] = await flink.metrics.taskManagersAggregated(['Status.JVM.Memory.Heap.Used'], { agg: ['max'] });
 * console.log(heap?.max);
 * ```
 */
export type AggregatedMetric = z.infer<typeof aggregatedMetrics>[number];

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/backpressure`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/backpressure`);
 * const { backpressureLevel, subtasks } = schemas.backpressure.parse(await res.json());
 * ```
 */
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
/**
 * Back pressure of one vertex: a level and, per subtask, back-pressured, idle and busy ratios.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/backpressure`);
 * const sample: Backpressure = schemas.backpressure.parse(await res.json());
 * const worst = Math.max(0, ...(sample.subtasks ?? []).map((subtask) => subtask.ratio ?? 0));
 * ```
 */
export type Backpressure = z.infer<typeof backpressure>;

/**
 * `GET /jobmanager/logs` and `GET /taskmanagers/{id}/logs`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/taskmanagers/${taskManagerId}/logs`);
 * const { logs } = schemas.logList.parse(await res.json());
 * ```
 */
export const logList = z.looseObject({
  logs: z.array(z.looseObject({ name: z.string(), size: z.number(), mtime: z.number().optional() })),
});
/**
 * A log file a JobManager or TaskManager offers.
 *
 * @example
 * ```ts
 * const logs: LogFile[] = await flink.taskManagers.logs(taskManagerId);
 * const largest = logs.toSorted((a, b) => b.size - a.size)[0]?.name;
 * ```
 */
export type LogFile = z.infer<typeof logList>['logs'][number];

/**
 * `GET /taskmanagers/{taskmanagerid}`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/taskmanagers/${taskManagerId}`);
 * const tm = schemas.taskManagerDetails.parse(await res.json());
 * console.log(`${tm.freeSlots}/${tm.slotsNumber} slots free, ${tm.hardware?.cpuCores} cores`);
 * ```
 */
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
/**
 * A TaskManager's slots, hardware, memory configuration and JVM metrics.
 *
 * @example
 * ```ts
 * const tm: TaskManagerDetails = await flink.taskManagers.get(taskManagerId);
 * console.log(`${tm.id}: ${Math.round((tm.hardware?.physicalMemory ?? 0) / 2 ** 30)} GiB`);
 * ```
 */
export type TaskManagerDetails = z.infer<typeof taskManagerDetails>;
