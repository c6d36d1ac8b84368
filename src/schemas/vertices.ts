import { z } from 'zod';
import { javaDouble, numbersByName, timestamp } from './common.js';

/**
 * The I/O counters of a subtask or of a vertex on one TaskManager: bytes and records read and
 * written, and milliseconds back-pressured, idle and busy so far. A `*-complete` flag is false
 * while Flink could not yet gather the figure from every task.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/subtasks/0`);
 * const { metrics } = schemas.subtaskAttempt.parse(await res.json());
 * console.log(`${metrics?.['write-records']} records out, busy ${metrics?.['accumulated-busy-time']} ms`);
 * ```
 */
export const ioMetrics = z.looseObject({
  'read-bytes': z.number().optional(),
  'read-bytes-complete': z.boolean().optional(),
  'write-bytes': z.number().optional(),
  'write-bytes-complete': z.boolean().optional(),
  'read-records': z.number().optional(),
  'read-records-complete': z.boolean().optional(),
  'write-records': z.number().optional(),
  'write-records-complete': z.boolean().optional(),
  'accumulated-backpressured-time': z.number().optional(),
  'accumulated-idle-time': z.number().optional(),
  /** A double: `NaN` until the task measured it (Flink sends the string "NaN"). */
  'accumulated-busy-time': javaDouble.optional(),
});

const attemptShape = {
  subtask: z.number(),
  /** e.g. RUNNING, FINISHED, CANCELED, FAILED (Flink's ExecutionState). */
  status: z.string(),
  attempt: z.number(),
  /** `host:port` of the TaskManager's data endpoint. */
  endpoint: z.string().optional(),
  'start-time': timestamp,
  'end-time': timestamp,
  /** Milliseconds since the attempt started (until it ended). */
  duration: z.number(),
  metrics: ioMetrics.optional(),
  'taskmanager-id': z.string().optional(),
  /** Milliseconds spent in each state (CREATED, SCHEDULED, DEPLOYING, INITIALIZING, RUNNING, …). */
  'status-duration': numbersByName().optional(),
};

/**
 * One execution attempt of a subtask: `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}`
 * (the current attempt) and `…/attempts/{attempt}`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/subtasks/0/attempts/0`);
 * const attempt = schemas.subtaskAttempt.parse(await res.json());
 * console.log(attempt.status, attempt['taskmanager-id'], attempt.duration);
 * ```
 */
export const subtaskAttempt = z.looseObject({
  ...attemptShape,
  /** Speculative attempts running beside this one (speculative execution). */
  'other-concurrent-attempts': z.array(z.looseObject(attemptShape)).optional(),
});
/**
 * A subtask's execution attempt: state, TaskManager, times, I/O counters.
 *
 * @example
 * ```ts
 * const attempt: SubtaskAttempt = await flink.vertices.subtask(jobId, vertexId, 0);
 * console.log(`subtask 0 attempt ${attempt.attempt}: ${attempt.status} on ${attempt['taskmanager-id']}`);
 * ```
 */
export type SubtaskAttempt = z.infer<typeof subtaskAttempt>;

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}`: a vertex with the current attempt of each subtask.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}`);
 * const vertex = schemas.vertexDetails.parse(await res.json());
 * console.log(vertex.name, vertex.subtasks.map((s) => s.status));
 * ```
 */
export const vertexDetails = z.looseObject({
  id: z.string(),
  name: z.string(),
  parallelism: z.number(),
  maxParallelism: z.number().optional(),
  now: timestamp,
  subtasks: z.array(subtaskAttempt),
  /** Aggregates (min, max, avg, sum, p25 …) of the subtasks' metrics and state durations. */
  aggregated: z.looseObject({}).optional(),
});
/**
 * A vertex's details: parallelism and every subtask's current attempt.
 *
 * @example
 * ```ts
 * const vertex: VertexDetails = await flink.vertices.get(jobId, vertexId);
 * const slow = vertex.subtasks.filter((s) => s.status !== 'RUNNING').map((s) => s.subtask);
 * ```
 */
export type VertexDetails = z.infer<typeof vertexDetails>;

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/subtasktimes`: when each subtask entered each state.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/subtasktimes`);
 * const { subtasks } = schemas.subtaskTimes.parse(await res.json());
 * console.log(subtasks.map((s) => s.timestamps.RUNNING));
 * ```
 */
export const subtaskTimes = z.looseObject({
  id: z.string(),
  name: z.string(),
  now: timestamp,
  subtasks: z.array(
    z.looseObject({
      subtask: z.number(),
      endpoint: z.string().optional(),
      duration: z.number(),
      /** State name → ms since the epoch when the subtask entered it; 0 if it never did. */
      timestamps: numbersByName(),
    }),
  ),
});
/**
 * When each subtask of a vertex entered each state, ms since the epoch (0: never).
 *
 * @example
 * ```ts
 * const times: SubtaskTimes = await flink.vertices.subtaskTimes(jobId, vertexId);
 * for (const s of times.subtasks) console.log(s.subtask, (s.timestamps.RUNNING ?? 0) - (s.timestamps.DEPLOYING ?? 0), 'ms to deploy');
 * ```
 */
export type SubtaskTimes = z.infer<typeof subtaskTimes>;

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/taskmanagers`: the TaskManagers running a vertex's subtasks.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/taskmanagers`);
 * const { taskmanagers } = schemas.vertexTaskManagers.parse(await res.json());
 * ```
 */
export const vertexTaskManagers = z.looseObject({
  id: z.string(),
  name: z.string(),
  now: timestamp,
  taskmanagers: z.array(
    z.looseObject({
      endpoint: z.string().optional(),
      'taskmanager-id': z.string().optional(),
      status: z.string(),
      'start-time': timestamp,
      'end-time': timestamp,
      duration: z.number(),
      metrics: ioMetrics.optional(),
      /** Subtasks of the vertex on this TaskManager per state. */
      'status-counts': numbersByName(),
    }),
  ),
});
/**
 * The TaskManagers a vertex runs on, each with its subtasks' states and summed I/O counters.
 *
 * @example
 * ```ts
 * const { taskmanagers }: VertexTaskManagers = await flink.vertices.taskManagers(jobId, vertexId);
 * for (const tm of taskmanagers) console.log(tm['taskmanager-id'], tm['status-counts'].RUNNING ?? 0, 'running');
 * ```
 */
export type VertexTaskManagers = z.infer<typeof vertexTaskManagers>;

/**
 * A user accumulator as Flink shows it: name, Java type and value, both as strings.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const counter = schemas.userAccumulator.parse({ name: 'lines', type: 'LongCounter', value: '42' });
 * console.log(`${counter.name} = ${Number(counter.value)}`);
 * ```
 */
export const userAccumulator = z.looseObject({ name: z.string(), type: z.string(), value: z.string() });
/**
 * One user accumulator: `name`, Java `type` (e.g. `LongCounter`) and `value` as Flink prints it.
 *
 * @example
 * ```ts
 * const { 'user-accumulators': accumulators } = await flink.vertices.accumulators(jobId, vertexId);
 * const counted: UserAccumulator | undefined = accumulators.find((a) => a.name === 'lines');
 * ```
 */
export type UserAccumulator = z.infer<typeof userAccumulator>;

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/accumulators`: the vertex's user accumulators, merged over its subtasks.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/accumulators`);
 * console.log(schemas.vertexAccumulators.parse(await res.json())['user-accumulators']);
 * ```
 */
export const vertexAccumulators = z.looseObject({ id: z.string(), 'user-accumulators': z.array(userAccumulator) });

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/accumulators`: each subtask's user accumulators.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/subtasks/accumulators`);
 * for (const s of schemas.subtasksAccumulators.parse(await res.json()).subtasks) console.log(s.subtask, s['user-accumulators']);
 * ```
 */
export const subtasksAccumulators = z.looseObject({
  id: z.string(),
  parallelism: z.number(),
  subtasks: z.array(
    z.looseObject({
      subtask: z.number(),
      attempt: z.number(),
      endpoint: z.string().optional(),
      'user-accumulators': z.array(userAccumulator),
    }),
  ),
});

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}/accumulators`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/subtasks/0/attempts/0/accumulators`);
 * console.log(schemas.attemptAccumulators.parse(await res.json())['user-accumulators']);
 * ```
 */
export const attemptAccumulators = z.looseObject({
  subtask: z.number(),
  attempt: z.number(),
  id: z.string(),
  'user-accumulators': z.array(userAccumulator),
});

type FlameNode = { name: string; value: number; children?: FlameNode[] | undefined };
/**
 * One frame of a flame graph: `name` is the frame (`class.method:line`), `value` the samples that
 * passed through it, `children` the frames it called.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const deepest = (node: z.infer<typeof schemas.flameGraphNode>): number =>
 *   1 + Math.max(0, ...(node.children ?? []).map(deepest));
 * ```
 */
export const flameGraphNode: z.ZodType<FlameNode> = z.lazy(() =>
  z.looseObject({ name: z.string(), value: z.number(), children: z.array(flameGraphNode).optional() }),
);

/**
 * `GET /jobs/{jobid}/vertices/{vertexid}/flamegraph`: `endTimestamp` is when sampling ended (ms
 * since the epoch), or a marker: -1 the vertex's tasks ended, -2 flame graphs are disabled
 * (`rest.flamegraph.enabled`), -3 still sampling (no `data` yet).
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/vertices/${vertexId}/flamegraph?type=ON_CPU`);
 * const graph = schemas.flameGraphAnswer.parse(await res.json());
 * if (graph.endTimestamp === -3) console.log('sampling; ask again in a moment');
 * ```
 */
export const flameGraphAnswer = z.looseObject({ endTimestamp: z.number(), data: flameGraphNode.optional() });
