import { z } from 'zod';
import { SAVEPOINT_FORMATS } from '../enums.js';
import { InvalidInputError, JobStateError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { type Operation, type TriggerSpec, trigger, triggerIdOption } from '../operations/operation.js';
import { type WaitOptions, waitFor } from '../operations/waiter.js';
import { type ConfigEntry, configEntries } from '../schemas/cluster.js';
import { JOB_STATES, type JobState, TERMINAL_JOB_STATES } from '../schemas/common.js';
import { type Environment, environment, logUrl } from '../schemas/diagnostics.js';
import {
  type JobConfig,
  type JobDetails,
  type JobExceptions,
  type JobOverview,
  type JobPlan,
  jobConfig,
  jobDetails,
  jobExceptions,
  jobPlan,
  jobStatus,
  jobsOverview,
} from '../schemas/jobs.js';
import { type RescaleEntry, type ResourceRequirements, rescaleEntry } from '../schemas/rescale.js';
import {
  type ExecutionResult,
  executionResultAnswer,
  type JobAccumulators,
  jobAccumulators,
  jobIdsWithStatus,
} from '../schemas/results.js';
import { checkHexId, checkJobId, describe, flag, oneOf, options, parseOptions, text } from '../validate.js';
import { requireFeature } from '../version.js';
import { Resource } from './context.js';
import {
  type JobHealth,
  jobHealth,
  type SubtaskWatermark,
  type VertexBackpressure,
  vertexBackpressure,
  vertexWatermarks,
} from './job-health.js';
import { tasksRunning } from './job-tasks.js';
import { checkTaskManagerId } from './metrics.js';
import { type RescaleTarget, type Rescaling, readRequirements, rescaleJob } from './rescale.js';
import { type JobStateChange, type WatchOptions, watchJobs } from './watch.js';

const RESCALE_HISTORY = z.array(rescaleEntry);

/** Where a savepoint goes and in which format: options of both savepoints and stops. */
export const savepointTarget = {
  /** Where the savepoint goes; default: the cluster's `execution.checkpointing.savepoint-dir`. */
  targetDirectory: text().optional(),
  /** `CANONICAL` (portable, the default) or `NATIVE` (the state backend's own, faster); any case. */
  formatType: oneOf(SAVEPOINT_FORMATS).optional(),
};

const stopOptions = options({
  targetDirectory: savepointTarget.targetDirectory,
  /** Emit MAX_WATERMARK first so that event-time timers fire and windows flush (bin/flink stop --drain). */
  drain: flag().optional(),
  formatType: savepointTarget.formatType,
  ...triggerIdOption,
});
const STOP = {
  kind: 'stop',
  where: 'jobs.stop',
  schema: stopOptions,
  body: (opts) => ({ targetDirectory: opts.targetDirectory, drain: opts.drain ?? false, formatType: opts.formatType }),
} satisfies TriggerSpec<'stop', typeof stopOptions>;

/**
 * Options of {@link Jobs.stop}.
 *
 * @example
 * ```ts
 * // bin/flink stop --drain --savepointPath s3://bucket/savepoints <job>
 * const options: StopOptions = { drain: true, targetDirectory: 's3://bucket/savepoints' };
 * const { location } = await (await flink.jobs.stop(jobId, options)).wait();
 * ```
 */
export type StopOptions = z.input<typeof stopOptions>;

/**
 * Which jobs {@link Jobs.list} returns, grouped as bin/flink list does.
 *
 * @example
 * ```ts
 * const groups: JobGroup[] = ['running', 'scheduled']; // bin/flink list -r -s
 * const active = await flink.jobs.list({ groups });
 * ```
 */
export type JobGroup = 'scheduled' | 'running' | 'terminated';
const GROUPS = ['SCHEDULED', 'RUNNING', 'TERMINATED'] as const;
const listFilter = options({
  /** Keep only jobs of these groups (bin/flink list -r, -s, -a). */
  groups: z.array(oneOf(GROUPS, 'group'), { error: (i) => `must be an array; got ${describe(i.input)}` }).optional(),
});

/**
 * bin/flink's grouping: CREATED/INITIALIZING are scheduled, FINISHED/CANCELED/FAILED terminated, the rest running.
 *
 * @example
 * ```ts
 * const counts = { scheduled: 0, running: 0, terminated: 0 };
 * for (const job of await flink.jobs.list()) counts[jobGroup(job.state)] += 1;
 * console.log(`${counts.running} running, ${counts.scheduled} scheduled, ${counts.terminated} ended`);
 * ```
 */
export function jobGroup(state: JobState): JobGroup {
  if (state === 'CREATED' || state === 'INITIALIZING') return 'scheduled';
  if (TERMINAL_JOB_STATES.has(state)) return 'terminated';
  return 'running';
}

const accumulatorOptions = options({
  /** Also the accumulators' Java-serialised values (base64), e.g. to decode them on a JVM. */
  includeSerializedValue: flag().optional(),
});

/**
 * Jobs: list, inspect, cancel, stop with a savepoint.
 *
 * @example
 * ```ts
 * for (const job of await flink.jobs.list({ groups: ['running'] })) {
 *   const { location } = await (await flink.jobs.stop(job.jid)).wait();
 *   console.log(`${job.name} stopped; resume from ${location}`);
 * }
 * ```
 */
export class Jobs extends Resource {
  /**
   * `GET /jobs/overview`: every job the cluster knows (running, scheduled, recently finished), with
   * state, name, times and task counts. Pass `groups` to keep only some, like `bin/flink list -r -s`.
   *
   * @example
   * ```ts
   * for (const job of await flink.jobs.list({ groups: ['running', 'scheduled'] })) {
   *   console.log(job.jid, job.state, job.name, `${job.tasks.running}/${job.tasks.total} tasks running`);
   * }
   * ```
   */
  async list(filter?: { groups?: readonly JobGroup[] }, options?: RequestOptions): Promise<JobOverview[]> {
    const wanted = parseOptions(listFilter, filter, 'jobs.list').groups?.map((group) => group.toLowerCase() as JobGroup);
    const answer = await this.ctx.call('GET', '/jobs/overview', { schema: jobsOverview, options });
    const jobs = answer.jobs.toSorted((a, b) => b['start-time'] - a['start-time']);
    return wanted ? jobs.filter((job) => wanted.includes(jobGroup(job.state))) : jobs;
  }

  /**
   * `GET /jobs/{jobid}`: details with vertices, state timestamps and task status counts. An unknown
   * job id throws {@link NotFoundError}.
   *
   * @example
   * ```ts
   * const job = await flink.jobs.get(jobId);
   * for (const vertex of job.vertices) console.log(vertex.name, vertex.parallelism, vertex.status);
   * ```
   */
  async get(jobId: string, options?: RequestOptions): Promise<JobDetails> {
    return this.ctx.call('GET', '/jobs/{jobid}', { params: { jobid: checkJobId(jobId) }, schema: jobDetails, options });
  }

  /**
   * `GET /jobs/{jobid}/status`: just the state, cheap to poll.
   *
   * @example
   * ```ts
   * if ((await flink.jobs.state(jobId)) === 'RESTARTING') console.warn('the job is restarting');
   * ```
   */
  async state(jobId: string, options?: RequestOptions): Promise<JobState> {
    return (await this.ctx.call('GET', '/jobs/{jobid}/status', { params: { jobid: checkJobId(jobId) }, schema: jobStatus, options }))
      .status;
  }

  /**
   * `GET /jobs/{jobid}/exceptions`: the exception history, newest first.
   *
   * @example
   * ```ts
   * const { exceptionHistory } = await flink.jobs.exceptions(jobId);
   * const [last] = exceptionHistory.entries;
   * if (last) console.log(new Date(last.timestamp).toISOString(), last.exceptionName, last.taskName ?? '');
   * ```
   */
  async exceptions(jobId: string, options?: RequestOptions): Promise<JobExceptions> {
    return this.ctx.call('GET', '/jobs/{jobid}/exceptions', { params: { jobid: checkJobId(jobId) }, schema: jobExceptions, options });
  }

  /**
   * `GET /jobs/{jobid}/config`: the job's execution configuration.
   *
   * @example
   * ```ts
   * const config = await flink.jobs.config(jobId);
   * console.log(config.name, config['execution-config']);
   * ```
   */
  async config(jobId: string, options?: RequestOptions): Promise<JobConfig> {
    return this.ctx.call('GET', '/jobs/{jobid}/config', { params: { jobid: checkJobId(jobId) }, schema: jobConfig, options });
  }

  /**
   * `GET /jobs/{jobid}/plan`: the job's dataflow plan.
   *
   * @example
   * ```ts
   * const { plan } = await flink.jobs.plan(jobId);
   * console.log(`${plan.nodes.length} operators, parallelism ${plan.nodes.map((n) => n.parallelism).join('/')}`);
   * ```
   */
  async plan(jobId: string, options?: RequestOptions): Promise<JobPlan> {
    return this.ctx.call('GET', '/jobs/{jobid}/plan', { params: { jobid: checkJobId(jobId) }, schema: jobPlan, options });
  }

  /**
   * `GET /jobs/{jobid}/execution-result`: how the job ended, once it has (undefined while it runs):
   * `application-status` (SUCCEEDED for a FINISHED job, FAILED, CANCELED), `net-runtime` in ms, the
   * accumulators (Java-serialised; {@link Jobs.accumulators} has them as text) and a failed job's
   * `failure-cause`. What bin/flink prints when an attached job ends. Flink keeps a finished job for
   * `jobstore.expiration-time` (1 h); after that, {@link NotFoundError}.
   *
   * @example
   * ```ts
   * await flink.jobs.waitForState(jobId);
   * const result = await flink.jobs.executionResult(jobId);
   * console.log(`Job Runtime: ${result?.['net-runtime']} ms (${result?.['application-status']})`);
   * ```
   */
  async executionResult(jobId: string, options?: RequestOptions): Promise<ExecutionResult | undefined> {
    const jobid = checkJobId(jobId);
    const answer = await this.ctx.call('GET', '/jobs/{jobid}/execution-result', {
      params: { jobid },
      schema: executionResultAnswer,
      options,
    });
    return answer.status.id === 'COMPLETED' ? answer['job-execution-result'] : undefined;
  }

  /**
   * `GET /jobs/{jobid}/accumulators`: the job's user accumulators (name, Java type, value as text),
   * merged over every task; with `includeSerializedValue` also Java-serialised (base64).
   *
   * @example
   * ```ts
   * const accumulators = await flink.jobs.accumulators(jobId);
   * for (const { name, type, value } of accumulators['user-task-accumulators']) console.log(`- ${name} (${type}): ${value}`);
   * ```
   */
  async accumulators(jobId: string, given?: { includeSerializedValue?: boolean }, options?: RequestOptions): Promise<JobAccumulators> {
    const jobid = checkJobId(jobId);
    const { includeSerializedValue } = parseOptions(accumulatorOptions, given, 'jobs.accumulators');
    return this.ctx.call('GET', '/jobs/{jobid}/accumulators', {
      params: { jobid },
      query: includeSerializedValue === undefined ? undefined : { includeSerializedValue },
      schema: jobAccumulators,
      options,
    });
  }

  /**
   * `GET /jobs`: every job's id and state and nothing else, lighter than {@link Jobs.list} for a
   * cluster with many jobs.
   *
   * @example
   * ```ts
   * const running = (await flink.jobs.ids()).filter((job) => job.status === 'RUNNING').map((job) => job.id);
   * ```
   */
  async ids(options?: RequestOptions): Promise<{ id: string; status: JobState }[]> {
    return (await this.ctx.call('GET', '/jobs', { schema: jobIdsWithStatus, options })).jobs;
  }

  /**
   * `GET /jobs/{jobid}/jobmanager/config`: the configuration of the JobManager that runs the job,
   * as key/value pairs (the HistoryServer keeps it with the archived job).
   *
   * @example
   * ```ts
   * const config = await flink.jobs.jobManagerConfig(jobId);
   * console.log(config.find((entry) => entry.key === 'state.backend.type')?.value ?? 'default state backend');
   * ```
   */
  async jobManagerConfig(jobId: string, options?: RequestOptions): Promise<ConfigEntry[]> {
    const jobid = checkJobId(jobId);
    return this.ctx.call('GET', '/jobs/{jobid}/jobmanager/config', { params: { jobid }, schema: configEntries, options });
  }

  /**
   * `GET /jobs/{jobid}/jobmanager/environment`: the JVM and classpath of the JobManager that runs the job.
   *
   * @example
   * ```ts
   * const { jvm } = await flink.jobs.jobManagerEnvironment(jobId);
   * console.log(jvm.version);
   * ```
   */
  async jobManagerEnvironment(jobId: string, options?: RequestOptions): Promise<Environment> {
    const jobid = checkJobId(jobId);
    return this.ctx.call('GET', '/jobs/{jobid}/jobmanager/environment', { params: { jobid }, schema: environment, options });
  }

  /**
   * `GET /jobs/{jobid}/jobmanager/log-url`: where the JobManager's log of the job can be read: a
   * JobManager answers its web UI's log page (`<address>/#/job-manager/logs`); a HistoryServer the
   * `historyserver.log.jobmanager.url-pattern` it is configured with, `<jobid>` filled in.
   *
   * @example
   * ```ts
   * console.log(`JobManager log: ${await flink.jobs.jobManagerLogUrl(jobId)}`);
   * ```
   */
  async jobManagerLogUrl(jobId: string, options?: RequestOptions): Promise<string> {
    const jobid = checkJobId(jobId);
    return (await this.ctx.call('GET', '/jobs/{jobid}/jobmanager/log-url', { params: { jobid }, schema: logUrl, options })).url;
  }

  /**
   * `GET /jobs/{jobid}/taskmanagers/{taskmanagerid}/log-url`: where a TaskManager's log of the job
   * can be read: a JobManager answers its web UI's page of the TaskManager's logs; a HistoryServer
   * its `historyserver.log.taskmanager.url-pattern`, `<jobid>` and `<tmid>` filled in.
   *
   * @example
   * ```ts
   * const { taskmanagers } = await flink.vertices.taskManagers(jobId, vertexId);
   * for (const tm of taskmanagers) console.log(await flink.jobs.taskManagerLogUrl(jobId, tm['taskmanager-id'] ?? ''));
   * ```
   */
  async taskManagerLogUrl(jobId: string, taskManagerId: string, options?: RequestOptions): Promise<string> {
    const params = { jobid: checkJobId(jobId), taskmanagerid: checkTaskManagerId(taskManagerId) };
    return (await this.ctx.call('GET', '/jobs/{jobid}/taskmanagers/{taskmanagerid}/log-url', { params, schema: logUrl, options })).url;
  }

  /**
   * `PATCH /jobs/{jobid}/clientHeartbeat`: tells Flink the client that submitted the job is still
   * there, until `expiresAt` (ms since the epoch). Only jobs submitted attached with
   * `execution.attached: true` and `execution.shutdown-on-attached-exit: true` use it: Flink cancels
   * such a job once heartbeats stop for `client.heartbeat.timeout`. Safe to repeat.
   *
   * @example
   * ```ts
   * const beat = setInterval(() => void flink.jobs.heartbeat(jobId, Date.now() + 180_000), 30_000);
   * await flink.jobs.waitForState(jobId);
   * clearInterval(beat);
   * ```
   */
  async heartbeat(jobId: string, expiresAt: number, options?: RequestOptions): Promise<void> {
    const jobid = checkJobId(jobId);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) {
      throw new InvalidInputError(`jobs.heartbeat: expiresAt must be a time in ms since the epoch; got ${describe(expiresAt)}`);
    }
    await this.ctx.call('PATCH', '/jobs/{jobid}/clientHeartbeat', {
      params: { jobid },
      body: { expiredTimestamp: expiresAt },
      retry: 'safe',
      options,
    });
  }

  /**
   * `PATCH /jobs/{jobid}?mode=cancel`: asks Flink to cancel the job (bin/flink cancel). Resolves once
   * Flink accepted; use {@link Jobs.waitForState} to wait for CANCELED. Never retried.
   * A job that already reached a terminal state gives a {@link ConflictError}.
   *
   * @example
   * ```ts
   * await flink.jobs.cancel(jobId);                         // bin/flink cancel
   * await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 });
   * ```
   */
  async cancel(jobId: string, options?: RequestOptions): Promise<void> {
    await this.ctx.call('PATCH', '/jobs/{jobid}', { params: { jobid: checkJobId(jobId) }, query: { mode: 'cancel' }, options });
  }

  /**
   * `POST /jobs/{jobid}/stop`: stop with a savepoint (bin/flink stop). Returns at once with the
   * operation; `await op.wait()` gives the savepoint's location.
   *
   * @example
   * ```ts
   * const stop = await flink.jobs.stop(jobId, { drain: true });
   * const { location } = await stop.wait({ timeoutMs: 10 * 60_000 });
   * await flink.jars.run(jarId, { savepointPath: location }); // the upgraded job resumes from it
   * ```
   */
  async stop(jobId: string, given?: StopOptions, options?: RequestOptions): Promise<Operation<'stop'>> {
    return trigger(this.ctx, STOP, jobId, given, options);
  }

  /**
   * `GET /jobs/{jobid}/resource-requirements`: the parallelism bounds of each vertex. Needs the
   * adaptive scheduler (`jobmanager.scheduler: adaptive`); on the default scheduler Flink refuses
   * and this throws {@link UnsupportedByServerError}.
   *
   * @example
   * ```ts
   * for (const [vertexId, { parallelism }] of Object.entries(await flink.jobs.resourceRequirements(jobId))) {
   *   console.log(vertexId, parallelism.lowerBound, parallelism.upperBound);
   * }
   * ```
   */
  async resourceRequirements(jobId: string, options?: RequestOptions): Promise<ResourceRequirements> {
    return readRequirements(this.ctx, jobId, 'jobs.resourceRequirements', options);
  }

  /**
   * Rescales a running job without a savepoint: `PUT /jobs/{jobid}/resource-requirements` with the
   * new parallelism (every vertex, or some by id), merged into the current requirements. The
   * adaptive scheduler restarts the job at the new parallelism from its latest checkpoint once it
   * has the slots; `await rescaling.wait()` polls until the job runs within the new bounds. Flink's
   * `PATCH /jobs/{jobid}/rescaling` trigger is not used: the server answers it with 503 in every
   * release. Needs the adaptive scheduler; on the default scheduler this throws
   * {@link UnsupportedByServerError} and nothing changes.
   *
   * @example
   * ```ts
   * const rescaling = await flink.jobs.rescale(jobId, 4);                    // every vertex at 4
   * const job = await rescaling.wait({ timeoutMs: 5 * 60_000 });
   * console.log(job.vertices.map((v) => `${v.name}: ${v.parallelism}`));
   * await flink.jobs.rescale(jobId, { [vertexId]: { lowerBound: 1, upperBound: 8 } }); // one vertex, elastic
   * ```
   */
  async rescale(jobId: string, parallelism: RescaleTarget, options?: RequestOptions): Promise<Rescaling> {
    return rescaleJob(this.ctx, jobId, parallelism, (id, request) => this.get(id, request), options);
  }

  /**
   * `GET /jobs/{jobid}/rescales/history` (Flink 2.3+): the adaptive scheduler's rescales of the job,
   * newest first, with cause (`UPDATE_REQUIREMENT`, `NEW_RESOURCES_AVAILABLE`, …), outcome and times.
   * Flink keeps none unless `web.adaptive-scheduler.rescale-history.size` is above 0. Older servers:
   * {@link UnsupportedByServerError}, nothing sent.
   *
   * @example
   * ```ts
   * for (const r of await flink.jobs.rescaleHistory(jobId)) {
   *   const took = r.endTimestampInMillis ? `${r.endTimestampInMillis - r.startTimestampInMillis} ms` : 'in progress';
   *   console.log(new Date(r.startTimestampInMillis).toISOString(), r.triggerCause, r.terminalState ?? '', took);
   * }
   * ```
   */
  async rescaleHistory(jobId: string, options?: RequestOptions): Promise<RescaleEntry[]> {
    const jobid = checkJobId(jobId);
    requireFeature(await this.ctx.serverVersion(options), 'jobs.rescales');
    const history = await this.ctx.call('GET', '/jobs/{jobid}/rescales/history', { params: { jobid }, schema: RESCALE_HISTORY, options });
    return history.toSorted((a, b) => b.startTimestampInMillis - a.startTimestampInMillis);
  }

  /**
   * Polls the job until it is in one of `states` (default: any terminal state) and returns that state.
   * Throws {@link JobStateError} when the job reaches a different terminal state, which it would never leave.
   *
   * @example
   * ```ts
   * const state = await flink.jobs.waitForState(jobId); // FINISHED, CANCELED or FAILED
   * if (state === 'FAILED') console.error((await flink.jobs.exceptions(jobId)).exceptionHistory.entries[0]?.stacktrace);
   * ```
   */
  async waitForState(jobId: string, states: readonly JobState[] = [...TERMINAL_JOB_STATES], options?: WaitOptions): Promise<JobState> {
    checkJobId(jobId);
    if (!Array.isArray(states) || states.length === 0) {
      throw new InvalidInputError(`jobs.waitForState: states must be a non-empty array of job states; got ${describe(states)}`);
    }
    const unknown = states.filter((state) => !(JOB_STATES as readonly string[]).includes(state));
    if (unknown.length) {
      throw new InvalidInputError(
        `jobs.waitForState: unknown job state ${unknown.map((u) => describe(u)).join(', ')}; known: ${JOB_STATES.join(', ')}`,
      );
    }
    return waitFor<JobState>(
      `job ${jobId} reaching ${states.join('/')}`,
      async ({ signal, timeoutMs }) => {
        const state = await this.state(jobId, { signal, timeoutMs });
        if (states.includes(state)) return { done: true, value: state };
        if (TERMINAL_JOB_STATES.has(state)) {
          throw new JobStateError(jobId, state, states);
        }
        return { done: false };
      },
      options,
    );
  }

  /**
   * Polls until the job is RUNNING and so are all of its tasks (a finished task of a bounded source
   * counts too): what Flink needs before it takes a savepoint or checkpoint. A job that is RUNNING
   * may still be deploying its tasks. Reads the job overview, which the JobManager does not cache,
   * so it returns as soon as the tasks run; then returns the job's details (those Flink caches for
   * `web.refresh-interval`: their statuses may lag a few seconds). Throws {@link JobStateError}
   * when the job ends first.
   *
   * @example
   * ```ts
   * const { jobId } = await flink.jars.run(jarId);
   * await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 120_000 });
   * const { location } = await (await flink.savepoints.trigger(jobId)).wait();
   * ```
   */
  async waitUntilRunning(jobId: string, options?: WaitOptions): Promise<JobDetails> {
    const jobid = checkJobId(jobId);
    await waitFor<true>(
      `job ${jobid} running with all its tasks`,
      async (request) => ((await tasksRunning(this.ctx, jobid, request)) ? { done: true, value: true } : { done: false }),
      options,
    );
    return this.get(jobid, options?.signal ? { signal: options.signal } : undefined);
  }

  /**
   * The state changes of one job (until it ends) or of every job (until `signal` fires), as an async
   * iterator. Changes that happened between two polls are reported too, in order.
   *
   * @example
   * ```ts
   * for await (const change of flink.jobs.watch(undefined, { intervalMs: 2_000, signal })) {
   *   console.log(`${change.name}: ${change.from ?? '—'} → ${change.to}`);
   * }
   * ```
   */
  async *watch(jobId?: string, options?: WatchOptions): AsyncGenerator<JobStateChange> {
    if (jobId !== undefined) checkJobId(jobId);
    yield* watchJobs(
      {
        overview: (signal) => this.list(undefined, { signal }),
        details: (id, signal) => this.get(id, { signal }),
      },
      jobId,
      options,
    );
  }

  /**
   * A job's health at a glance ({@link JobHealth}): state, uptime, restarts, record rates of its
   * first and last vertex, checkpoints, and with `backpressure: true` the highest back-pressured
   * ratio (one request per vertex). What Flink has no value for yet is `undefined`, never 0. Reads
   * `GET /jobs/{jobid}`, its metrics, subtask metrics and checkpoint statistics.
   *
   * @example
   * ```ts
   * const health = await flink.jobs.health(jobId, { backpressure: true });
   * if (health.restarts && health.restarts > 3) console.warn(`${health.name} restarted ${health.restarts} times`);
   * console.log(`in ${health.recordsInPerSecond ?? '-'}/s, back pressure ${health.backpressure ?? '-'}`);
   * ```
   */
  async health(jobId: string, options?: RequestOptions & { backpressure?: boolean }): Promise<JobHealth> {
    const { backpressure, ...request } = options ?? {};
    return jobHealth(this.ctx, await this.get(jobId, request), { backpressure, request });
  }

  /**
   * Back pressure of every vertex of the job: level and the highest back-pressured and busy ratios.
   *
   * @example
   * ```ts
   * const pressured = (await flink.jobs.backpressure(jobId)).filter((v) => v.level === 'high').map((v) => v.name);
   * if (pressured.length) console.warn(`back pressure at ${pressured.join(', ')}`);
   * ```
   */
  async backpressure(jobId: string, options?: RequestOptions & { concurrency?: number }): Promise<VertexBackpressure[]> {
    const { concurrency, ...request } = options ?? {};
    return vertexBackpressure(this.ctx, await this.get(jobId, request), options);
  }

  /**
   * The current input watermark of each subtask of a vertex.
   *
   * @example
   * ```ts
   * const [source] = (await flink.jobs.get(jobId)).vertices;
   * if (source) {
   *   for (const { subtask, watermark } of await flink.jobs.watermarks(jobId, source.id)) {
   *     console.log(subtask, watermark === undefined ? 'no watermark yet' : new Date(watermark).toISOString());
   *   }
   * }
   * ```
   */
  async watermarks(jobId: string, vertexId: string, options?: RequestOptions): Promise<SubtaskWatermark[]> {
    return vertexWatermarks(this.ctx, checkJobId(jobId), checkHexId(vertexId, 'vertex id'), options);
  }
}
