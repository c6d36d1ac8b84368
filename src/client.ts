import { HttpCore } from './http/core.js';
import { type ServerKind, ServerRouter } from './http/history.js';
import type { ClientOptions, RequestOptions } from './http/options.js';
import type { TypedRequest } from './http/typed.js';
import { Applications } from './resources/applications.js';
import { Checkpoints } from './resources/checkpoints.js';
import { Cluster } from './resources/cluster.js';
import type { ClientContext, LatestPaths, ResourceCall } from './resources/context.js';
import { DataSets } from './resources/datasets.js';
import { Jars } from './resources/jars.js';
import { JobManager } from './resources/jobmanager.js';
import { Jobs } from './resources/jobs.js';
import { Metrics } from './resources/metrics.js';
import { Operations } from './resources/operations.js';
import { Profiler } from './resources/profiler.js';
import { Rescales } from './resources/rescales.js';
import { Savepoints } from './resources/savepoints.js';
import { TaskManagers } from './resources/taskmanagers.js';
import { Vertices } from './resources/vertices.js';
import { parseFlinkVersion } from './version.js';

/**
 * A client for one Flink JobManager's REST API, or for a HistoryServer's archived jobs: pointed at
 * a HistoryServer, the same client reads archived jobs (list, details, exceptions, checkpoints,
 * config, vertices, accumulators) and refuses everything else before sending, naming the
 * HistoryServer. It learns which server it talks to from the first answer (see {@link FlinkClient.serverKind}).
 *
 * @example
 * ```ts
 * const flink = new FlinkClient({ baseUrl: 'http://127.0.0.1:8081' });
 * const { id } = await flink.jars.upload('./StateMachineExample.jar');
 * const { jobId } = await flink.jars.run(id, { parallelism: 2, config: { 'pipeline.max-parallelism': 120 } });
 * const savepoint = await flink.savepoints.trigger(jobId);
 * console.log((await savepoint.wait()).location);
 * ```
 */
export class FlinkClient<Paths = LatestPaths> {
  readonly cluster: Cluster;
  readonly jobs: Jobs;
  readonly jars: Jars;
  readonly savepoints: Savepoints;
  readonly checkpoints: Checkpoints;
  readonly operations: Operations;
  /** Applications started with `jars.runApplication` (Flink 2.3+). */
  readonly applications: Applications;
  /** Metrics of the JobManager, jobs, vertices, subtasks and TaskManagers. */
  readonly metrics: Metrics;
  /** TaskManagers with their details, logs, stdout and thread dumps. */
  readonly taskManagers: TaskManagers;
  /** Vertices and subtasks: details, attempts, times, TaskManagers, accumulators, flame graphs. */
  readonly vertices: Vertices;
  /** The JobManager process: environment and thread dump. */
  readonly jobManager: JobManager;
  /** The profiler of the JobManager and TaskManagers (Flink 1.19+, `rest.profiling.enabled`). */
  readonly profiler: Profiler;
  /** Cluster data sets (cached intermediate results): list and delete. */
  readonly dataSets: DataSets;
  /** The adaptive scheduler's rescales of a job: overview, summary, details, config (Flink 2.3+). */
  readonly rescales: Rescales;
  /**
   * Any operation of Flink's REST API, typed by its spec: the path template picks the path
   * parameters (`params`), `query`, JSON `body` and the answer's type; a `schema` (zod) checks the
   * answer and types it instead. Same errors, retries (GETs; others with `retry: 'safe'`), deadline,
   * signals, TLS, headers and failover as every other call; the {@link RequestOptions} go in the same
   * object. Typed for Flink 2.3 by default; `new FlinkClient<paths>(…)` with `paths` from
   * `flink-rest/flink-1.20` (or another line) refuses at compile time what that line lacks. Answers
   * that are not JSON (log files) come back as a `ReadableStream`.
   *
   * @example
   * ```ts
   * const checkpoint = await flink.request('GET', '/jobs/{jobid}/checkpoints/details/{checkpointid}', {
   *   params: { jobid: jobId, checkpointid: 42 },
   *   timeoutMs: 5_000,
   * });
   * console.log(checkpoint.status, checkpoint.end_to_end_duration);
   * const { jobs } = await flink.request('GET', '/jobs/overview');
   * ```
   */
  readonly request: TypedRequest<Paths>;
  readonly #server: ServerRouter;

  constructor(options: ClientOptions) {
    const core = new HttpCore(options);
    const server = new ServerRouter(core, options);
    this.#server = server;
    this.request = ((method: never, path: string, init: Record<string, unknown> = {}) => {
      const { params, query, body, schema, retry, ...requestOptions } = init;
      return server.call(method, path, { params, query, body, schema, retry, options: requestOptions, answer: 'auto' } as never);
    }) as unknown as TypedRequest<Paths>;
    const ctx: ClientContext = {
      core,
      call: ((method: never, path: string, init?: object) => server.call(method, path, init)) as ResourceCall,
      serverVersion: async (requestOptions) => parseFlinkVersion((await server.config(requestOptions))['flink-version']),
      dashboard: (requestOptions) => server.config(requestOptions),
    };
    this.cluster = new Cluster(ctx);
    this.jobs = new Jobs(ctx);
    this.jars = new Jars(ctx);
    this.savepoints = new Savepoints(ctx);
    this.checkpoints = new Checkpoints(ctx);
    this.operations = new Operations(ctx);
    this.applications = new Applications(ctx);
    this.metrics = new Metrics(ctx);
    this.taskManagers = new TaskManagers(ctx);
    this.vertices = new Vertices(ctx);
    this.jobManager = new JobManager(ctx);
    this.profiler = new Profiler(ctx);
    this.dataSets = new DataSets(ctx);
    this.rescales = new Rescales(ctx);
  }

  /**
   * Closes the client's connections; no socket or timer of it stays open. The client is unusable afterwards.
   *
   * @example
   * ```ts
   * const flink = new FlinkClient({ baseUrl: 'http://127.0.0.1:8081' });
   * try {
   *   console.log(await flink.jobs.list());
   * } finally {
   *   await flink.close(); // lets a script exit at once
   * }
   * ```
   */
  close(): Promise<void> {
    return this.#server.close();
  }

  /**
   * Which Flink server this client talks to: `jobmanager` or `historyserver`. Learnt once per
   * client, for free from the first answer of a JobManager; before any answer, with one
   * `GET /v1/config` (a HistoryServer answers it 404, then its `GET /config` says `web-history`).
   * Writes learn it first, so that none ever reaches a HistoryServer (which never answers them).
   *
   * @example
   * ```ts
   * const archive = new FlinkClient({ baseUrl: 'http://historyserver:8082' });
   * if ((await archive.serverKind()) === 'historyserver') {
   *   for (const job of await archive.jobs.list()) console.log(job.jid, job.state, job.name);
   * }
   * ```
   */
  serverKind(options?: RequestOptions): Promise<ServerKind> {
    return this.#server.kind(options);
  }

  /**
   * The REST address this client talks to, without credentials.
   *
   * @example
   * ```ts
   * const flink = new FlinkClient({ baseUrl: 'https://ops:secret@flink.example.com/gateway' });
   * console.log(flink.baseUrl); // https://flink.example.com/gateway, safe to log
   * ```
   */
  get baseUrl(): string {
    return this.#server.baseUrl;
  }
}
