import { type ClientOptions, type RequestOptions, Transport } from './http/transport.js';
import { Applications } from './resources/applications.js';
import { Checkpoints } from './resources/checkpoints.js';
import { Cluster } from './resources/cluster.js';
import type { ClientContext } from './resources/context.js';
import { Jars } from './resources/jars.js';
import { Jobs } from './resources/jobs.js';
import { Metrics } from './resources/metrics.js';
import { Operations } from './resources/operations.js';
import { Savepoints } from './resources/savepoints.js';
import { TaskManagers } from './resources/taskmanagers.js';
import { dashboardConfig } from './schemas/cluster.js';
import { type FlinkVersion, parseFlinkVersion } from './version.js';

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
export class FlinkClient {
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
  readonly #transport: Transport;
  #version: Promise<FlinkVersion> | undefined;

  constructor(options: ClientOptions) {
    this.#transport = new Transport(options);
    const ctx: ClientContext = {
      transport: this.#transport,
      serverVersion: (requestOptions) => this.#serverVersion(requestOptions),
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
    return this.#transport.close();
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
    return this.#transport.baseUrl;
  }

  #serverVersion(options?: RequestOptions): Promise<FlinkVersion> {
    if (!this.#version) {
      const asked = this.#transport
        .request({ method: 'GET', path: '/config', schema: dashboardConfig, retry: 'safe', options })
        .then((config) => parseFlinkVersion(config['flink-version']));
      // A failed look-up is not remembered: the next call asks again.
      asked.catch(() => {
        if (this.#version === asked) this.#version = undefined;
      });
      this.#version = asked;
    }
    return this.#version;
  }
}
