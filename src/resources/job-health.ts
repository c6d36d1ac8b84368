import { InternalServerError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { type CheckpointStats, checkpointStats } from '../schemas/checkpoints.js';
import { metrics as metricList } from '../schemas/cluster.js';
import type { JobDetails } from '../schemas/jobs.js';
import { aggregatedMetrics, type Backpressure, backpressure } from '../schemas/monitoring.js';
import type { ClientContext } from './context.js';
import { fanOut } from './fan-out.js';

/**
 * Back pressure of one vertex, summarised over its subtasks.
 *
 * @example
 * ```ts
 * const vertices: VertexBackpressure[] = await flink.jobs.backpressure(jobId);
 * for (const v of vertices.filter((v) => v.level === 'high')) {
 *   console.log(`${v.name}: back-pressured ${Math.round((v.backpressuredRatio ?? 0) * 100)}% of the time`);
 * }
 * ```
 */
export interface VertexBackpressure {
  vertexId: string;
  name: string;
  /**
   * `ok`, `low` or `high`; undefined while Flink has no sample yet (it samples on demand: the first
   * asks answer "deprecated" or fail inside Flink with "No value present" for a while).
   */
  level: string | undefined;
  /** Highest share of time a subtask was back-pressured (0 – 1). */
  backpressuredRatio: number | undefined;
  /** Highest share of time a subtask was busy (0 – 1). */
  busyRatio: number | undefined;
  /** Lowest share of time a subtask was idle (0 – 1). */
  idleRatio: number | undefined;
}

/**
 * The watermark of one subtask of a vertex.
 *
 * @example
 * ```ts
 * const marks: SubtaskWatermark[] = await flink.jobs.watermarks(jobId, vertexId);
 * const lagging = marks.filter((m) => m.watermark === undefined || Date.now() - m.watermark > 60_000);
 * console.log(`${lagging.length} subtasks more than a minute behind`);
 * ```
 */
export interface SubtaskWatermark {
  subtask: number;
  /** The current input watermark (ms); undefined when none arrived yet (Flink's Long.MIN_VALUE). */
  watermark: number | undefined;
}

/**
 * A job's checkpointing at a glance, for alerting.
 *
 * @example
 * ```ts
 * const health: CheckpointHealth = await flink.checkpoints.health(jobId);
 * const { lastCompleted } = health;
 * console.log(lastCompleted ? `checkpoint ${lastCompleted.id}, ${Math.round(lastCompleted.ageMs / 1000)} s old` : 'none yet');
 * ```
 */
export interface CheckpointHealth {
  /** Checkpoints completed, failed and in progress since the job started. */
  counts: CheckpointStats['counts'];
  lastCompleted?: {
    id: number;
    completedAt: number;
    ageMs: number;
    durationMs: number | undefined;
    sizeBytes: number | undefined;
    path: string | undefined;
  };
  lastFailed?: { id: number; failedAt: number | undefined; ageMs: number | undefined; cause: string | undefined };
}

export async function vertexBackpressure(
  ctx: ClientContext,
  job: JobDetails,
  options: { concurrency?: number } & RequestOptions = {},
): Promise<VertexBackpressure[]> {
  const { concurrency, ...request } = options;
  return fanOut(
    job.vertices,
    async (vertex) => {
      let answer: Backpressure;
      try {
        answer = await ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/backpressure', {
          params: { jobid: job.jid, vertexid: vertex.id },
          schema: backpressure,
          options: request,
        });
      } catch (err) {
        // Flink 2.x fails with NoSuchElementException until the vertex's first sample exists.
        if (!(err instanceof InternalServerError && err.errors.some((m) => m.includes('No value present')))) throw err;
        answer = { status: 'pending' };
      }
      const subtasks = answer.subtasks ?? [];
      const max = (pick: (s: (typeof subtasks)[number]) => number | undefined) => extreme(subtasks.map(pick), Math.max);
      return {
        vertexId: vertex.id,
        name: vertex.name,
        level: answer.backpressureLevel,
        backpressuredRatio: max((s) => s.ratio),
        busyRatio: max((s) => s.busyRatio),
        idleRatio: extreme(
          subtasks.map((s) => s.idleRatio),
          Math.min,
        ),
      };
    },
    { limit: concurrency ?? 4 },
  );
}

export async function vertexWatermarks(
  ctx: ClientContext,
  jobid: string,
  vertexid: string,
  options?: RequestOptions,
): Promise<SubtaskWatermark[]> {
  const answer = await ctx.call('GET', '/jobs/{jobid}/vertices/{vertexid}/watermarks', {
    params: { jobid, vertexid },
    schema: metricList,
    options,
  });
  return answer
    .map(({ id, value }) => {
      const n = Number(value);
      return { subtask: Number(id.split('.')[0]), watermark: Number.isFinite(n) && n > Number.MIN_SAFE_INTEGER ? n : undefined };
    })
    .filter((w) => Number.isInteger(w.subtask))
    .sort((a, b) => a.subtask - b.subtask);
}

export function checkpointHealth(stats: CheckpointStats, now = Date.now()): CheckpointHealth {
  const health: CheckpointHealth = { counts: stats.counts };
  const completed = stats.latest.completed;
  if (completed) {
    const completedAt = (completed.latest_ack_timestamp as number | undefined) ?? (completed.trigger_timestamp as number | undefined) ?? 0;
    health.lastCompleted = {
      id: completed.id,
      completedAt,
      ageMs: Math.max(0, now - completedAt),
      durationMs: completed.end_to_end_duration,
      sizeBytes: completed.checkpointed_size ?? completed.state_size,
      path: completed.external_path ?? undefined,
    };
  }
  const failed = stats.latest.failed;
  if (failed) {
    const failedAt = (failed.failure_timestamp as number | undefined) ?? undefined;
    health.lastFailed = {
      id: failed.id,
      failedAt,
      ageMs: failedAt === undefined ? undefined : Math.max(0, now - failedAt),
      cause: failed.failure_message ?? undefined,
    };
  }
  return health;
}

function extreme(values: (number | undefined)[], pick: (...n: number[]) => number): number | undefined {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return known.length ? pick(...known) : undefined;
}

/**
 * A running job's health at a glance: what `flink-rest top` and `check` show and what the
 * Prometheus example exports, gathered in one place. A value is `undefined` when Flink has none
 * (yet): a job that is not running has no restarts metric or record rates, a meter reports a rate
 * only after its first update, back pressure only once sampled; never 0 for "unknown".
 *
 * @example
 * ```ts
 * const health: JobHealth = await flink.jobs.health(jobId);
 * console.log(health.state, health.restarts ?? '-', health.recordsInPerSecond ?? 'no data yet');
 * if ((health.checkpoints?.lastCompleted?.ageMs ?? Number.POSITIVE_INFINITY) > 5 * 60_000) console.warn('no checkpoint for 5 min');
 * ```
 */
export interface JobHealth {
  jobId: string;
  name: string;
  state: JobDetails['state'];
  /** How long the job has run, in ms (Flink's duration). */
  uptimeMs: number;
  /** Restarts since the job started (`numRestarts`). */
  restarts: number | undefined;
  /** Records per second read by the job's last vertex, over all its subtasks. */
  recordsInPerSecond: number | undefined;
  /** Records per second written by the job's first vertex (its sources), over all their subtasks. */
  recordsOutPerSecond: number | undefined;
  /** Checkpoints at a glance; undefined when the job has checkpointing off. */
  checkpoints: CheckpointHealth | undefined;
  /** Highest back-pressured ratio (0 – 1) of any vertex; only with `backpressure: true`, undefined until sampled. */
  backpressure: number | undefined;
}

// Flink's MeterView updates its rate every 5 s: a vertex running for less than two updates has no
// rate worth showing yet (it reads 0.0, the same as a real standstill).
const METER_WARMUP_MS = 10_000;

/**
 * A job's health before anything is measured: what its overview or details say, every figure
 * undefined. What {@link jobHealth} gives a job that is not running.
 */
function unmeasured(job: Pick<JobDetails, 'jid' | 'name' | 'state' | 'duration'>): JobHealth {
  return {
    jobId: job.jid,
    name: job.name,
    state: job.state,
    uptimeMs: job.duration,
    restarts: undefined,
    recordsInPerSecond: undefined,
    recordsOutPerSecond: undefined,
    checkpoints: undefined,
    backpressure: undefined,
  };
}

/** Gathers {@link JobHealth}: job details, then metrics, checkpoints and (asked for) back pressure at once. */
export async function jobHealth(
  ctx: ClientContext,
  job: JobDetails,
  options: { backpressure?: boolean | undefined; request?: RequestOptions | undefined },
): Promise<JobHealth> {
  const jobid = job.jid;
  const health = unmeasured(job);
  if (job.state !== 'RUNNING') return health;
  const request = options.request;
  const rate = async (vertex: JobDetails['vertices'][number] | undefined, metric: string) => {
    if (vertex?.status !== 'RUNNING' || job.now - vertex['start-time'] < METER_WARMUP_MS) return undefined;
    const answer = await ctx
      .call('GET', '/jobs/{jobid}/vertices/{vertexid}/subtasks/metrics', {
        params: { jobid, vertexid: vertex.id },
        query: { get: metric, agg: 'sum' },
        schema: aggregatedMetrics,
        options: request,
      })
      .catch(() => []);
    return answer.find((m) => m.id === metric)?.sum;
  };
  const [restarts, stats, inRate, outRate, pressure] = await Promise.all([
    ctx
      .call('GET', '/jobs/{jobid}/metrics', { params: { jobid }, query: { get: 'numRestarts' }, schema: metricList, options: request })
      .then((answer) => answer.find((m) => m.id === 'numRestarts')?.value)
      .catch(() => undefined),
    ctx.call('GET', '/jobs/{jobid}/checkpoints', { params: { jobid }, schema: checkpointStats, options: request }).catch(() => undefined),
    rate(job.vertices.at(-1), 'numRecordsInPerSecond'),
    rate(job.vertices[0], 'numRecordsOutPerSecond'),
    options.backpressure ? vertexBackpressure(ctx, job, request).catch(() => []) : [],
  ]);
  const restartCount = Number(restarts);
  health.restarts = restarts === undefined || !Number.isFinite(restartCount) ? undefined : restartCount;
  health.checkpoints = stats ? checkpointHealth(stats) : undefined;
  health.recordsInPerSecond = inRate;
  health.recordsOutPerSecond = outRate;
  const ratios = pressure.map((p) => p.backpressuredRatio).filter((r): r is number => r !== undefined);
  health.backpressure = ratios.length ? Math.max(...ratios) : undefined;
  return health;
}
