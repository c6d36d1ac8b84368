import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import type { OperationOf, PathsWith } from '../http/typed.js';
import { metrics as metricList } from '../schemas/cluster.js';
import { type AggregatedMetric, aggregatedMetrics } from '../schemas/monitoring.js';
import { checkIndex, checkJobId, countFrom0, describe, jobIdArg, options, parseOptions, vertexIds } from '../validate.js';
import { type ClientContext, type LatestPaths, Resource } from './context.js';
import { fanOut } from './fan-out.js';

/**
 * A metric and its value, a number where Flink's string holds one.
 *
 * @example
 * ```ts
 * const [restarts]: MetricValue[] = await flink.metrics.job(jobId, ['numRestarts']);
 * if (restarts?.value !== undefined && restarts.value > 3) console.warn(`job restarted ${restarts.raw} times`);
 * ```
 */
export interface MetricValue {
  id: string;
  /** The value as a number; undefined when Flink has no such metric (yet), its value is not numeric, or only names were listed. */
  value: number | undefined;
  /** Flink's value as sent (metric values are strings on the wire); undefined when Flink reported no such metric. */
  raw: string | undefined;
}

/**
 * Aggregations Flink computes over jobs, TaskManagers or subtasks.
 *
 * @example
 * ```ts
 * const [heap] = await flink.metrics.taskManagersAggregated(['Status.JVM.Memory.Heap.Used'], { agg: AGGREGATIONS });
 * console.log(AGGREGATIONS.map((agg) => `${agg}=${heap?.[agg] ?? '-'}`).join(' '));
 * ```
 */
export const AGGREGATIONS = ['min', 'max', 'avg', 'sum', 'skew'] as const;
/**
 * One of {@link AGGREGATIONS}.
 *
 * @example
 * ```ts
 * const agg: Aggregation[] = ['max', 'avg'];
 * const [busy] = await flink.metrics.subtasksAggregated(jobId, vertexId, ['busyTimeMsPerSecond'], { agg });
 * console.log(`busiest subtask ${busy?.max} ms/s, average ${busy?.avg} ms/s`);
 * ```
 */
export type Aggregation = (typeof AGGREGATIONS)[number];

/** A non-empty list (Flink reads an empty one as a malformed query or as "none"), each item checked. */
const listOf = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item, { error: (i) => `must be a list of ${what}; got ${describe(i.input)}` })
    .min(1, { error: `must be a non-empty list of ${what}; leave it out for all` })
    .readonly()
    .optional();

const aggregateShape = {
  /** The aggregations to compute; default all. */
  agg: listOf(
    z.enum(AGGREGATIONS, { error: (i) => `must be one of ${AGGREGATIONS.join(', ')}; got ${describe(i.input)}` }),
    `aggregations (${AGGREGATIONS.join(', ')})`,
  ),
};
const aggregateOptions = options(aggregateShape);
const jobsAggregateOptions = options({
  ...aggregateShape,
  /** Only these jobs (ids); default every job. */
  jobs: listOf(jobIdArg, 'job ids'),
});
const taskManagersAggregateOptions = options({
  ...aggregateShape,
  /** Only these TaskManagers (ids); default every TaskManager. */
  taskManagers: listOf(
    z.custom<string>(isTaskManagerId, {
      error: (i) => `must be a TaskManager id from taskManagers.list(); got ${describe(i.input)}`,
    }),
    'TaskManager ids',
  ),
});
const subtasksAggregateOptions = options({
  ...aggregateShape,
  /** Only these subtask indexes; default every subtask. */
  subtasks: listOf(countFrom0(), 'subtask indexes'),
});

type JobsAggregate = z.input<typeof jobsAggregateOptions>;
type TaskManagersAggregate = z.input<typeof taskManagersAggregateOptions>;

/**
 * Options of the aggregated metric calls.
 *
 * @example
 * ```ts
 * const options: AggregateOptions = { agg: ['sum'] };
 * const [records] = await flink.metrics.jobsAggregated(['numRecordsIn'], options);
 * console.log(`${records?.sum ?? 0} records in, all jobs together`);
 * ```
 */
export type AggregateOptions = z.input<typeof aggregateOptions>;

/**
 * Metrics of the JobManager, jobs, vertices, subtasks and TaskManagers. Without names a call lists
 * the available metric names; with names it fetches their values (Flink's `get=a,b`). The JobManager
 * serves them from a cache it refreshes every `metrics.fetcher.update-interval` (10 s by default):
 * right after a job starts a call may list none, and a value may be that old. The aggregated calls
 * answer `[]` as a whole when any name asked is unknown to Flink (its behaviour, passed on).
 *
 * @example
 * ```ts
 * const names = await flink.metrics.job(jobId);                       // [{ id: 'uptime', … }, …]
 * const [uptime] = await flink.metrics.job(jobId, ['uptime']);        // { id: 'uptime', value: 81234, raw: '81234' }
 * const busy = await flink.metrics.subtasksAggregated(jobId, vertexId, ['busyTimeMsPerSecond'], { agg: ['max'] });
 * ```
 */
export class Metrics extends Resource {
  /**
   * `GET /jobmanager/metrics`: the JobManager's metrics, e.g. `Status.JVM.Memory.Heap.Used`.
   *
   * @example
   * ```ts
   * const [heap] = await flink.metrics.jobManager(['Status.JVM.Memory.Heap.Used']);
   * console.log(`JobManager heap: ${Math.round((heap?.value ?? 0) / 2 ** 20)} MiB`);
   * ```
   */
  async jobManager(names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    return metricValues(this.ctx, 'GET', '/jobmanager/metrics', undefined, names, 'metrics.jobManager', options);
  }

  /**
   * `GET /jobs/{jobid}/metrics`: job metrics such as `uptime`, `numRestarts`, `lastCheckpointDuration`.
   *
   * @example
   * ```ts
   * const [uptime, restarts] = await flink.metrics.job(jobId, ['uptime', 'numRestarts']);
   * console.log(`up ${uptime?.value} ms, ${restarts?.value} restarts`);
   * ```
   */
  async job(jobId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    return metricValues(this.ctx, 'GET', '/jobs/{jobid}/metrics', { jobid: checkJobId(jobId) }, names, 'metrics.job', options);
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/metrics`: metrics of every subtask, named `<subtask>.<metric>`.
   *
   * @example
   * ```ts
   * const out = await flink.metrics.vertex(jobId, vertexId, ['0.numRecordsOutPerSecond', '1.numRecordsOutPerSecond']);
   * console.log(out.map((m) => `${m.id}=${m.value}`).join(' '));
   * ```
   */
  async vertex(jobId: string, vertexId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    const params = vertexIds(jobId, vertexId);
    return metricValues(this.ctx, 'GET', '/jobs/{jobid}/vertices/{vertexid}/metrics', params, names, 'metrics.vertex', options);
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{index}/metrics`: one subtask's metrics (index from 0).
   *
   * @example
   * ```ts
   * const [watermark] = await flink.metrics.subtask(jobId, vertexId, 0, ['currentInputWatermark']);
   * console.log(`subtask 0 at ${watermark?.raw}`);
   * ```
   */
  async subtask(
    jobId: string,
    vertexId: string,
    subtask: number,
    names?: readonly string[],
    options?: RequestOptions,
  ): Promise<MetricValue[]> {
    const where = 'metrics.subtask';
    const params = { ...vertexIds(jobId, vertexId), subtaskindex: checkIndex(where, 'subtask', subtask) };
    return metricValues(
      this.ctx,
      'GET',
      '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/metrics',
      params,
      names,
      where,
      options,
    );
  }

  /**
   * `GET /taskmanagers/{taskmanagerid}/metrics`: a TaskManager's metrics.
   *
   * @example
   * ```ts
   * for (const tm of await flink.taskManagers.list()) {
   *   const [cpu] = await flink.metrics.taskManager(tm.id, ['Status.JVM.CPU.Load']);
   *   console.log(tm.id, cpu?.value);
   * }
   * ```
   */
  async taskManager(taskManagerId: string, names?: readonly string[], options?: RequestOptions): Promise<MetricValue[]> {
    const params = { taskmanagerid: checkTaskManagerId(taskManagerId) };
    return metricValues(this.ctx, 'GET', '/taskmanagers/{taskmanagerid}/metrics', params, names, 'metrics.taskManager', options);
  }

  /**
   * `GET /jobs/metrics`: metrics aggregated over jobs (all, or those given).
   *
   * @example
   * ```ts
   * const [restarts] = await flink.metrics.jobsAggregated(['numRestarts'], { agg: ['max'], jobs: [jobId] });
   * console.log(`most restarts of one job: ${restarts?.max ?? 0}`);
   * ```
   */
  async jobsAggregated(names: readonly string[], options?: JobsAggregate, request?: RequestOptions): Promise<AggregatedMetric[]> {
    const where = 'metrics.jobsAggregated';
    const { agg, jobs } = parseOptions(jobsAggregateOptions, options, where);
    const query = { ...aggregate(where, names, agg), jobs: unique(jobs)?.join(',') };
    const answer = await this.ctx.call('GET', '/jobs/metrics', { query, schema: aggregatedMetrics, options: request });
    return known(answer, jobs, (jobid) =>
      mustExist(where, 'job', () => this.ctx.call('GET', '/jobs/{jobid}/status', { params: { jobid }, options: request })),
    );
  }

  /**
   * `GET /taskmanagers/metrics`: metrics aggregated over TaskManagers (all, or those given).
   *
   * @example
   * ```ts
   * const [heap] = await flink.metrics.taskManagersAggregated(['Status.JVM.Memory.Heap.Used'], { agg: ['max', 'sum'] });
   * console.log(`largest heap ${heap?.max} bytes, ${heap?.sum} bytes in all`);
   * ```
   */
  async taskManagersAggregated(
    names: readonly string[],
    options?: TaskManagersAggregate,
    request?: RequestOptions,
  ): Promise<AggregatedMetric[]> {
    const where = 'metrics.taskManagersAggregated';
    const { agg, taskManagers } = parseOptions(taskManagersAggregateOptions, options, where);
    const query = { ...aggregate(where, names, agg), taskmanagers: unique(taskManagers)?.join(',') };
    const answer = await this.ctx.call('GET', '/taskmanagers/metrics', { query, schema: aggregatedMetrics, options: request });
    return known(answer, taskManagers, (taskmanagerid) =>
      mustExist(where, 'TaskManager', () =>
        this.ctx.call('GET', '/taskmanagers/{taskmanagerid}', { params: { taskmanagerid }, options: request }),
      ),
    );
  }

  /**
   * `GET /jobs/{jobid}/vertices/{vertexid}/subtasks/metrics`: metrics aggregated over a vertex's subtasks.
   *
   * @example
   * ```ts
   * const [busy] = await flink.metrics.subtasksAggregated(jobId, vertexId, ['busyTimeMsPerSecond'], { agg: ['max', 'skew'] });
   * if ((busy?.skew ?? 0) > 50) console.warn('data skew: some subtasks do most of the work');
   * ```
   */
  async subtasksAggregated(
    jobId: string,
    vertexId: string,
    names: readonly string[],
    options?: z.input<typeof subtasksAggregateOptions>,
    request?: RequestOptions,
  ): Promise<AggregatedMetric[]> {
    const where = 'metrics.subtasksAggregated';
    const params = vertexIds(jobId, vertexId);
    const { agg, subtasks } = parseOptions(subtasksAggregateOptions, options, where);
    const query = { ...aggregate(where, names, agg), subtasks: unique(subtasks)?.join(',') };
    const answer = await this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasks/metrics', {
      params,
      query,
      schema: aggregatedMetrics,
      options: request,
    });
    return known(answer, [params], () =>
      mustExist(where, 'job or vertex', () => this.ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}', { params, options: request })),
    );
  }
}

/**
 * Each list of metrics, with the call that tells an owner without metrics from an unknown one:
 * Flink answers the metrics of a job, vertex, subtask or TaskManager it does not know with an empty
 * list, and the owner's own GET (same path parameters) then throws the NotFoundError that says so.
 */
const OWNERS = {
  '/jobmanager/metrics': undefined,
  '/jobs/{jobid}/metrics': ['job', '/jobs/{jobid}/status'],
  '/jobs/{jobid}/vertices/{vertexid}/metrics': ['job or vertex', '/jobs/{jobid}/vertices/{vertexid}'],
  '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/metrics': [
    'job, vertex or subtask',
    '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}',
  ],
  '/jobs/{jobid}/vertices/{vertexid}/jm-operator-metrics': ['job or vertex', '/jobs/{jobid}/vertices/{vertexid}'],
  '/taskmanagers/{taskmanagerid}/metrics': ['TaskManager', '/taskmanagers/{taskmanagerid}'],
} as const satisfies { [P in PathsWith<LatestPaths, 'GET'>]?: readonly [string, PathsWith<LatestPaths, 'GET'>] | undefined };

/**
 * `GET <path>?get=<names>`: the metrics asked for, in the order asked, each also as a number; a name
 * Flink does not report comes back with no value. Without names: every metric Flink lists, by id.
 */
export async function metricValues<P extends keyof typeof OWNERS>(
  ctx: ClientContext,
  method: 'GET',
  path: P,
  params: OperationOf<LatestPaths, P, 'GET'>['parameters']['path'],
  names: readonly string[] | undefined,
  where: string,
  options: RequestOptions | undefined,
): Promise<MetricValue[]> {
  const get = checkMetricNames(where, names);
  // OWNERS type-checks both paths against the spec; the call is widened here only because TypeScript
  // cannot check a generic path's init against the spec.
  const call = ctx.call as unknown as (method: 'GET', path: string, init: object) => Promise<unknown>;
  const answer = (await call(method, path, { params, query: { get }, schema: metricList, options })) as z.infer<typeof metricList>;
  const owner: readonly [string, string] | undefined = OWNERS[path];
  if (answer.length === 0 && owner) await mustExist(where, owner[0], () => call(method, owner[1], { params, options }));
  if (names === undefined) return answer.map(({ id, value }) => ({ id, value: toNumber(value), raw: value }));
  const byId = new Map(answer.map((m) => [m.id, m.value]));
  return names.map((id) => ({ id, value: toNumber(byId.get(id)), raw: byId.get(id) }));
}

function isTaskManagerId(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !/[/\\]/.test(value);
}

/** TaskManager ids look like `127.0.0.1:41235-8d9f2c`: anything without slashes or whitespace. */
export function checkTaskManagerId(value: unknown): string {
  if (!isTaskManagerId(value)) {
    throw new InvalidInputError(`TaskManager id must be an id from taskManagers.list(); got ${describe(value)}`);
  }
  return value;
}

/** What every aggregated metrics call asks: the metrics (`get`) and the aggregations (`agg`; default all). */
function aggregate(where: string, names: readonly string[], agg: readonly Aggregation[] | undefined): { get: string; agg?: string } {
  return { get: checkNames(where, names), agg: agg?.join(',') };
}

/** Flink's `get` query: the names joined, or undefined (no names: list every metric). Checked before anything is sent. */
export function checkMetricNames(where: string, names: readonly string[] | undefined): string | undefined {
  return names === undefined ? undefined : checkNames(where, names);
}

function checkNames(where: string, names: readonly string[]): string {
  const bad = Array.isArray(names) ? names.findIndex((n) => typeof n !== 'string' || n === '' || n.includes(',')) : -1;
  const fault = !Array.isArray(names)
    ? describe(names)
    : names.length === 0
      ? 'an empty list'
      : bad >= 0
        ? describe(names[bad])
        : undefined;
  if (fault !== undefined) {
    throw new InvalidInputError(`${where}: names must be a non-empty array of metric names without commas; got ${fault}`);
  }
  return names.join(',');
}

/** Each item once (Flink counts a repeated subtask twice). */
function unique<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && [...new Set(list)];
}

/**
 * An aggregated answer as it came; when it is empty and the call named its jobs, TaskManagers or
 * vertex, each is looked up, so that an unknown one is a NotFoundError as with the plain calls
 * (Flink answers all of these, and any unknown metric name, with an empty list).
 */
async function known<T, O>(answer: T[], owners: readonly O[] | undefined, exists: (owner: O) => Promise<void>): Promise<T[]> {
  if (answer.length === 0 && owners) await fanOut(unique(owners) as O[], exists, { limit: 4 });
  return answer;
}

/**
 * Runs an owner's GET; its NotFoundError comes back naming the call and what it does not know
 * (Flink answers 404 or, for jobs and TaskManagers, 500 with FlinkJobNotFoundException and the like).
 */
async function mustExist(where: string, what: string, lookup: () => Promise<unknown>): Promise<void> {
  try {
    await lookup();
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new NotFoundError(err, `${where}: no such ${what} on this cluster (its metrics came back empty; ${err.message})`, { cause: err });
  }
}

function toNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
