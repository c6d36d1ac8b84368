import { InvalidInputError } from '../errors.js';
import type { RequestOptions } from '../http/transport.js';
import { metrics as metricList } from '../schemas/cluster.js';
import { type AggregatedMetric, aggregatedMetrics } from '../schemas/monitoring.js';
import { checkHexId, checkJobId, describe } from '../validate.js';
import type { ClientContext } from './context.js';
import { seg } from './context.js';

/** A metric and its value, a number where Flink's string holds one. */
export interface MetricValue {
  id: string;
  /** The value as a number, or undefined when Flink's value is not numeric or was not asked for. */
  value: number | undefined;
  /** Flink's value as sent (metric values are strings on the wire). */
  raw: string | undefined;
}

/** Aggregations Flink computes over jobs, TaskManagers or subtasks. */
export const AGGREGATIONS = ['min', 'max', 'avg', 'sum', 'skew'] as const;
/** One of {@link AGGREGATIONS}. */
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Options of the aggregated metric calls. */
export interface AggregateOptions {
  /** The aggregations to compute; default all. */
  agg?: readonly Aggregation[];
}

/**
 * Metrics of the JobManager, jobs, vertices, subtasks and TaskManagers. Without names a call lists
 * the available metric names; with names it fetches their values (Flink's `get=a,b`).
 *
 * @example
 * ```ts
 * const names = await flink.metrics.job(jobId);                       // [{ id: 'uptime', … }, …]
 * const [uptime] = await flink.metrics.job(jobId, ['uptime']);        // { id: 'uptime', value: 81234, raw: '81234' }
 * const busy = await flink.metrics.subtasksAggregated(jobId, vertexId, ['busyTimeMsPerSecond'], { agg: ['max'] });
 * ```
 */
export class Metrics {
  constructor(private readonly ctx: ClientContext) {}

  /** `GET /jobmanager/metrics`. */
  async jobManager(names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    return this.values('/jobmanager/metrics', names, options);
  }

  /** `GET /jobs/{jobid}/metrics`. */
  async job(jobId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    return this.values(`/jobs/${seg(checkJobId(jobId))}/metrics`, names, options);
  }

  /** `GET /jobs/{jobid}/vertices/{vertexid}/metrics`: metrics of every subtask, named `<subtask>.<metric>`. */
  async vertex(jobId: string, vertexId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    return this.values(`${vertexPath(jobId, vertexId)}/metrics`, names, options);
  }

  /** `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{index}/metrics`. */
  async subtask(
    jobId: string,
    vertexId: string,
    subtask: number,
    names?: readonly string[],
    options?: RequestOptions,
  ): Promise<MetricValue[]> {
    if (!Number.isInteger(subtask) || subtask < 0)
      throw new InvalidInputError(`metrics.subtask: subtask must be an index ≥ 0; got ${describe(subtask)}`);
    return this.values(`${vertexPath(jobId, vertexId)}/subtasks/${subtask}/metrics`, names, options);
  }

  /** `GET /taskmanagers/{taskmanagerid}/metrics`. */
  async taskManager(taskManagerId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    return this.values(`/taskmanagers/${seg(checkTaskManagerId(taskManagerId))}/metrics`, names, options);
  }

  /** `GET /jobs/metrics`: metrics aggregated over jobs (all, or those given). */
  async jobsAggregated(
    names: readonly string[],
    options?: AggregateOptions & { jobs?: readonly string[] },
    request?: RequestOptions,
  ): Promise<AggregatedMetric[]> {
    const jobs = options?.jobs?.map((j) => checkJobId(j));
    return this.aggregated('/jobs/metrics', names, options, { jobs: jobs?.join(',') }, request);
  }

  /** `GET /taskmanagers/metrics`: metrics aggregated over TaskManagers (all, or those given). */
  async taskManagersAggregated(
    names: readonly string[],
    options?: AggregateOptions & { taskManagers?: readonly string[] },
    request?: RequestOptions,
  ): Promise<AggregatedMetric[]> {
    const ids = options?.taskManagers?.map((t) => checkTaskManagerId(t));
    return this.aggregated('/taskmanagers/metrics', names, options, { taskmanagers: ids?.join(',') }, request);
  }

  /** `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/metrics`: metrics aggregated over a vertex's subtasks. */
  async subtasksAggregated(
    jobId: string,
    vertexId: string,
    names: readonly string[],
    options?: AggregateOptions & { subtasks?: readonly number[] },
    request?: RequestOptions,
  ): Promise<AggregatedMetric[]> {
    return this.aggregated(
      `${vertexPath(jobId, vertexId)}/subtasks/metrics`,
      names,
      options,
      { subtasks: options?.subtasks?.join(',') },
      request,
    );
  }

  private async values(path: string, names: readonly string[] | undefined, options?: RequestOptions): Promise<MetricValue[]> {
    const get = names === undefined ? undefined : checkNames(names);
    const answer = await this.ctx.transport.request({ method: 'GET', path, query: { get }, schema: metricList, retry: 'safe', options });
    return answer.map(({ id, value }) => ({ id, value: toNumber(value), raw: value }));
  }

  private async aggregated(
    path: string,
    names: readonly string[],
    options: AggregateOptions | undefined,
    extra: Record<string, string | undefined>,
    request?: RequestOptions,
  ): Promise<AggregatedMetric[]> {
    const agg = options?.agg;
    if (agg !== undefined && (!Array.isArray(agg) || agg.some((a) => !AGGREGATIONS.includes(a)))) {
      throw new InvalidInputError(`metrics: agg must be some of ${AGGREGATIONS.join(', ')}; got ${describe(agg)}`);
    }
    return this.ctx.transport.request({
      method: 'GET',
      path,
      query: { get: checkNames(names), agg: agg?.join(','), ...extra },
      schema: aggregatedMetrics,
      retry: 'safe',
      options: request,
    });
  }
}

function vertexPath(jobId: string, vertexId: string): string {
  return `/jobs/${seg(checkJobId(jobId))}/vertices/${seg(checkHexId(vertexId, 'vertex id'))}`;
}

/** TaskManager ids look like `127.0.0.1:41235-8d9f2c`: anything without slashes or whitespace. */
export function checkTaskManagerId(value: unknown): string {
  if (typeof value !== 'string' || value === '' || /[\s/\\?#]/.test(value)) {
    throw new InvalidInputError(`TaskManager id must be an id from cluster.taskManagers(); got ${describe(value)}`);
  }
  return value;
}

function checkNames(names: readonly string[]): string {
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string' || n === '' || n.includes(','))) {
    throw new InvalidInputError(`metrics: names must be a non-empty array of metric names without commas; got ${describe(names)}`);
  }
  return names.join(',');
}

function toNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
