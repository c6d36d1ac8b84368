import { HttpCore } from './http/core.js';
import type { ClientOptions, RequestOptions } from './http/options.js';
import type { TypedRequest } from './http/typed.js';
import { Applications } from './resources/applications.js';
import { Checkpoints } from './resources/checkpoints.js';
import { Cluster } from './resources/cluster.js';
import type { ClientContext, LatestPaths, ResourceCall } from './resources/context.js';
import { Jars } from './resources/jars.js';
import { Jobs } from './resources/jobs.js';
import { Metrics } from './resources/metrics.js';
import { Operations } from './resources/operations.js';
import { Savepoints } from './resources/savepoints.js';
import { TaskManagers } from './resources/taskmanagers.js';
import { type DashboardConfig, dashboardConfig } from './schemas/cluster.js';
import { parseFlinkVersion } from './version.js';

/**
 * A client for one Flink JobManager's REST API.
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
  /** TaskManagers with their details, logs and stdout. */
  readonly taskManagers: TaskManagers;
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
  readonly #core: HttpCore;
  #config: Promise<DashboardConfig> | undefined;

  constructor(options: ClientOptions) {
    const core = new HttpCore(options);
    this.#core = core;
    this.request = ((method: never, path: string, init: Record<string, unknown> = {}) => {
      const { params, query, body, schema, retry, ...requestOptions } = init;
      return core.call(method, path, { params, query, body, schema, retry, options: requestOptions, answer: 'auto' } as never);
    }) as unknown as TypedRequest<Paths>;
    const ctx: ClientContext = {
      core,
      call: ((method: never, path: string, init?: object) => core.call(method, path, init)) as ResourceCall,
      serverVersion: async (requestOptions) => parseFlinkVersion((await this.#dashboard(requestOptions))['flink-version']),
      dashboard: (requestOptions) => this.#dashboard(requestOptions),
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
    return this.#core.close();
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
    return this.#core.baseUrl;
  }

  /** `GET /config` once per client: the server's version and which features it has switched on. */
  #dashboard(options?: RequestOptions): Promise<DashboardConfig> {
    if (!this.#config) {
      const asked = this.#core.call<DashboardConfig>('GET', '/config', { schema: dashboardConfig, options });
      // A failed look-up is not remembered: the next call asks again.
      asked.catch(() => {
        if (this.#config === asked) this.#config = undefined;
      });
      this.#config = asked;
    }
    return this.#config;
  }
}
