import type { z } from 'zod';
import { FLAME_GRAPH_TYPES, type FlameGraphType } from '../enums.js';
import { FlinkError, UnsupportedByServerError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { type WaitOptions, waitFor } from '../operations/waiter.js';
import {
  attemptAccumulators,
  flameGraphAnswer,
  type flameGraphNode,
  type SubtaskAttempt,
  type SubtaskTimes,
  subtaskAttempt,
  subtasksAccumulators,
  subtaskTimes,
  type UserAccumulator,
  type VertexDetails,
  type VertexTaskManagers,
  vertexAccumulators,
  vertexDetails,
  vertexTaskManagers,
} from '../schemas/vertices.js';
import { checkIndex, countFrom0, oneOf, options, parseOptions, vertexIds } from '../validate.js';
import { requireFeature } from '../version.js';
import { Resource } from './context.js';
import { checkMetricNames, type MetricValue, metricValues } from './metrics.js';

/**
 * One frame of a {@link FlameGraph}: `name` (`class.method:line`), `value` (samples through it),
 * `children` (the frames it called).
 *
 * @example
 * ```ts
 * const heaviest = (node: FlameGraphNode): string[] => {
 *   const [top] = (node.children ?? []).toSorted((a, b) => b.value - a.value);
 *   return top ? [top.name, ...heaviest(top)] : [];
 * };
 * console.log(heaviest((await flink.vertices.flameGraph(jobId, vertexId)).root).join(' > '));
 * ```
 */
export type FlameGraphNode = z.infer<typeof flameGraphNode>;

/**
 * A vertex's flame graph: the sampled stacks as a tree under `root` (`root.value` is the number of
 * samples), of the given `type`, ended at `endTimestamp` (ms since the epoch).
 *
 * @example
 * ```ts
 * const graph: FlameGraph = await flink.vertices.flameGraph(jobId, vertexId, { type: 'ON_CPU' });
 * console.log(`${graph.root.value} samples, taken until ${new Date(graph.endTimestamp).toISOString()}`);
 * ```
 */
export interface FlameGraph {
  type: FlameGraphType;
  /** The subtask sampled; undefined: every subtask of the vertex. */
  subtask: number | undefined;
  endTimestamp: number;
  root: FlameGraphNode;
}

const flameGraphOptions = options({
  /** `FULL` (default), `ON_CPU` or `OFF_CPU`; any case. */
  type: oneOf(FLAME_GRAPH_TYPES, 'type').optional(),
  /** Sample only this subtask (Flink 1.17+); default every subtask of the vertex. */
  subtask: countFrom0().optional(),
});

/**
 * Options of {@link Vertices.flameGraph}.
 *
 * @example
 * ```ts
 * const options: FlameGraphOptions = { type: 'on_cpu', subtask: 0 };
 * const graph = await flink.vertices.flameGraph(jobId, vertexId, options, { timeoutMs: 60_000 });
 * ```
 */
export type FlameGraphOptions = z.input<typeof flameGraphOptions>;

// Flink's VertexFlameGraph markers instead of an end time.
const TERMINATED = -1;
const DISABLED = -2;

/**
 * A flame graph in the folded-stack format that flame graph tools read (Brendan Gregg's
 * flamegraph.pl, speedscope, inferno): one line per stack, frames from the outermost separated by
 * `;`, then a space and the samples that ended in that frame. Flink's synthetic `root` is left out.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * const graph = await flink.vertices.flameGraph(jobId, vertexId, { type: 'ON_CPU' });
 * await writeFile('vertex.folded', foldedStacks(graph.root)); // flamegraph.pl vertex.folded > vertex.svg
 * ```
 */
export function foldedStacks(root: FlameGraphNode): string {
  const out: string[] = [];
  const visit = (node: FlameGraphNode, path: string[]) => {
    const children = node.children ?? [];
    const own = node.value - children.reduce((sum, child) => sum + child.value, 0);
    // Frames may hold spaces or semicolons only in odd class names; the format has no escape.
    const frames = [...path, node.name.replaceAll(';', ':').replaceAll(' ', '_')];
    if (own > 0) out.push(`${frames.join(';')} ${own}`);
    for (const child of children) visit(child, frames);
  };
  for (const child of root.children ?? []) visit(child, []);
  return out.length ? `${out.join('\n')}\n` : '';
}

/**
 * Vertices (a job's operator chains) and their subtasks: details, attempts, timings, TaskManagers,
 * accumulators, flame graphs and the JobManager's operator (coordinator) metrics. Flink's
 * `/jobs/{jobid}/vertices/…` group; back pressure and watermarks are on {@link Jobs}, metrics on
 * {@link Metrics}.
 *
 * @example
 * ```ts
 * const [source] = (await flink.jobs.get(jobId)).vertices;
 * if (source) {
 *   const vertex = await flink.vertices.get(jobId, source.id);
 *   for (const s of vertex.subtasks) console.log(s.subtask, s.status, s['taskmanager-id']);
 * }
 * ```
 */
export class Vertices extends Resource {
  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}`: parallelism and the current attempt of every subtask,
   * with state, TaskManager, times and I/O counters. Unknown ids: {@link NotFoundError}.
   *
   * @example
   * ```ts
   * const vertex = await flink.vertices.get(jobId, vertexId);
   * const written = vertex.subtasks.reduce((sum, s) => sum + (s.metrics?.['write-records'] ?? 0), 0);
   * console.log(`${vertex.name}: ${written} records written by ${vertex.parallelism} subtasks`);
   * ```
   */
  async get(jobId: string, vertexId: string, options?: RequestOptions): Promise<VertexDetails> {
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}', {
      params: vertexIds(jobId, vertexId),
      schema: vertexDetails,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}`: the subtask's current execution
   * attempt (index from 0).
   *
   * @example
   * ```ts
   * const current = await flink.vertices.subtask(jobId, vertexId, 0);
   * console.log(`attempt ${current.attempt}: ${current.status} for ${current.duration} ms`);
   * ```
   */
  async subtask(jobId: string, vertexId: string, subtask: number, options?: RequestOptions): Promise<SubtaskAttempt> {
    const params = { ...vertexIds(jobId, vertexId), subtaskindex: checkIndex('vertices.subtask', 'subtask', subtask) };
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}', { params, schema: subtaskAttempt, options });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}`: one attempt
   * of a subtask, the current or a past one (each restart makes a new attempt; Flink keeps the last
   * `jobmanager.execution.attempts-history-size` of them, 16 by default).
   *
   * @example
   * ```ts
   * const { attempt } = await flink.vertices.subtask(jobId, vertexId, 0);
   * for (let a = 0; a < attempt; a++) console.log(a, (await flink.vertices.attempt(jobId, vertexId, 0, a)).status);
   * ```
   */
  async attempt(jobId: string, vertexId: string, subtask: number, attempt: number, options?: RequestOptions): Promise<SubtaskAttempt> {
    const params = attemptIds('vertices.attempt', jobId, vertexId, subtask, attempt);
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}', {
      params,
      schema: subtaskAttempt,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasktimes`: when each subtask entered each state (ms
   * since the epoch; 0 for a state it never entered).
   *
   * @example
   * ```ts
   * const { subtasks } = await flink.vertices.subtaskTimes(jobId, vertexId);
   * for (const s of subtasks) console.log(`subtask ${s.subtask} took ${(s.timestamps.RUNNING ?? 0) - (s.timestamps.CREATED ?? 0)} ms to run`);
   * ```
   */
  async subtaskTimes(jobId: string, vertexId: string, options?: RequestOptions): Promise<SubtaskTimes> {
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasktimes', {
      params: vertexIds(jobId, vertexId),
      schema: subtaskTimes,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/taskmanagers`: which TaskManagers run the vertex's
   * subtasks, with their states and summed I/O counters per TaskManager.
   *
   * @example
   * ```ts
   * const { taskmanagers } = await flink.vertices.taskManagers(jobId, vertexId);
   * console.log(taskmanagers.map((tm) => `${tm['taskmanager-id']}: ${tm.status}`));
   * ```
   */
  async taskManagers(jobId: string, vertexId: string, options?: RequestOptions): Promise<VertexTaskManagers> {
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/taskmanagers', {
      params: vertexIds(jobId, vertexId),
      schema: vertexTaskManagers,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/accumulators`: the vertex's user accumulators, merged over its subtasks.
   *
   * @example
   * ```ts
   * const { 'user-accumulators': accumulators } = await flink.vertices.accumulators(jobId, vertexId);
   * for (const { name, value } of accumulators) console.log(`${name} = ${value}`);
   * ```
   */
  async accumulators(
    jobId: string,
    vertexId: string,
    options?: RequestOptions,
  ): Promise<{ id: string; 'user-accumulators': UserAccumulator[] }> {
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/accumulators', {
      params: vertexIds(jobId, vertexId),
      schema: vertexAccumulators,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/accumulators`: each subtask's user accumulators
   * (its current attempt).
   *
   * @example
   * ```ts
   * for (const s of (await flink.vertices.subtasksAccumulators(jobId, vertexId)).subtasks) {
   *   console.log(s.subtask, s['user-accumulators'].map((a) => `${a.name}=${a.value}`).join(' '));
   * }
   * ```
   */
  async subtasksAccumulators(jobId: string, vertexId: string, options?: RequestOptions): Promise<z.infer<typeof subtasksAccumulators>> {
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasks/accumulators', {
      params: vertexIds(jobId, vertexId),
      schema: subtasksAccumulators,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}/accumulators`:
   * the user accumulators of one attempt of a subtask.
   *
   * @example
   * ```ts
   * const { 'user-accumulators': accumulators } = await flink.vertices.attemptAccumulators(jobId, vertexId, 0, 0);
   * console.log(accumulators);
   * ```
   */
  async attemptAccumulators(
    jobId: string,
    vertexId: string,
    subtask: number,
    attempt: number,
    options?: RequestOptions,
  ): Promise<z.infer<typeof attemptAccumulators>> {
    const params = attemptIds('vertices.attemptAccumulators', jobId, vertexId, subtask, attempt);
    return this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}/accumulators', {
      params,
      schema: attemptAccumulators,
      options,
    });
  }

  /**
   * A flame graph of the vertex, `GET /jobs/{jobid}/vertices/{vertexid}/flamegraph` (needs
   * `rest.flamegraph.enabled: true` on the cluster). Sampling is asynchronous: the first request
   * starts it and Flink answers "still sampling"; this polls with the one waiter until a graph comes
   * (a few seconds: `rest.flamegraph.num-samples` × `rest.flamegraph.delay-between-samples`), within
   * the wait's deadline (default 60 s). Flink keeps a graph for `rest.flamegraph.refresh-interval`
   * (1 min) and answers it again meanwhile. Throws {@link UnsupportedByServerError} when flame
   * graphs are disabled, a {@link FlinkError} when the vertex's tasks are not running,
   * {@link TimeoutError} at the deadline.
   *
   * @example
   * ```ts
   * const graph = await flink.vertices.flameGraph(jobId, vertexId, { type: 'ON_CPU' }, { timeoutMs: 30_000 });
   * const hot = (graph.root.children ?? []).toSorted((a, b) => b.value - a.value)[0];
   * console.log(`${graph.root.value} samples; hottest: ${hot?.name}`);
   * ```
   */
  async flameGraph(jobId: string, vertexId: string, given?: FlameGraphOptions, wait?: WaitOptions): Promise<FlameGraph> {
    const params = vertexIds(jobId, vertexId);
    const opts = parseOptions(flameGraphOptions, given, 'vertices.flameGraph');
    const type = opts.type ?? 'FULL';
    const query = { type, ...(opts.subtask === undefined ? {} : { subtaskindex: opts.subtask }) };
    const what = `flame graph (${type}) of vertex ${params.vertexid} of job ${params.jobid}`;
    return waitFor<FlameGraph>(
      what,
      async ({ signal, timeoutMs }) => {
        const answer = await this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/flamegraph', {
          params,
          query,
          schema: flameGraphAnswer,
          options: { signal, timeoutMs },
        });
        if (answer.endTimestamp === DISABLED) {
          const version = await this.ctx.serverVersion({ signal, timeoutMs }).then(
            (v) => v.raw,
            () => 'unknown',
          );
          throw new UnsupportedByServerError(
            'vertices.flameGraph',
            version,
            '1.13',
            `${what}: flame graphs are disabled on this cluster; set rest.flamegraph.enabled: true (Flink ${version})`,
          );
        }
        if (answer.endTimestamp === TERMINATED)
          throw new FlinkError(`${what}: its tasks are not running (ended, or not deployed yet): nothing to sample`);
        if (answer.endTimestamp < 0 || !answer.data) return { done: false };
        return { done: true, value: { type, subtask: opts.subtask, endTimestamp: answer.endTimestamp, root: answer.data } };
      },
      { timeoutMs: 60_000, minDelayMs: 250, maxDelayMs: 1_000, ...wait },
    );
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/jm-operator-metrics` (Flink 1.20+): metrics the
   * JobManager keeps for the vertex's operators, e.g. a source's split enumerator
   * (`<operator>.coordinator.enumerator.unassignedSplits`). Without names it lists them; with names
   * it reads their values in the order asked, a name Flink does not report with no value (as
   * {@link Metrics}). Older servers: {@link UnsupportedByServerError}, nothing sent.
   *
   * @example
   * ```ts
   * const names = (await flink.vertices.operatorMetrics(jobId, vertexId)).map((m) => m.id);
   * const splits = names.filter((n) => n.endsWith('unassignedSplits'));
   * for (const m of await flink.vertices.operatorMetrics(jobId, vertexId, splits)) console.log(m.id, m.value);
   * ```
   */
  async operatorMetrics(jobId: string, vertexId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    const params = vertexIds(jobId, vertexId);
    checkMetricNames('vertices.operatorMetrics', names); // before the version is asked: bad input sends nothing
    requireFeature(await this.ctx.serverVersion(options), 'vertices.operatorMetrics');
    const where = 'vertices.operatorMetrics';
    return metricValues(this.ctx, 'GET', '/jobs/{jobid}/vertices/{vertexid}/jm-operator-metrics', params, names, where, options);
  }
}

/** The path parameters of one attempt of a subtask, each checked. */
function attemptIds(where: string, jobId: string, vertexId: string, subtask: number, attempt: number) {
  return {
    ...vertexIds(jobId, vertexId),
    subtaskindex: checkIndex(where, 'subtask', subtask),
    attempt: checkIndex(where, 'attempt', attempt),
  };
}
