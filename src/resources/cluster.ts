import type { RequestOptions } from '../http/transport.js';
import {
  type ClusterOverview,
  type ConfigEntry,
  clusterOverview,
  configEntries,
  type DashboardConfig,
  dashboardConfig,
  type TaskManagers,
  taskManagers,
} from '../schemas/cluster.js';
import { type LogFile, logList } from '../schemas/monitoring.js';
import type { FlinkVersion } from '../version.js';
import type { ClientContext } from './context.js';
import { checkLogName } from './logs.js';

/** The cluster as a whole: overview, version, JobManager configuration, TaskManagers. */
export class Cluster {
  constructor(private readonly ctx: ClientContext) {}

  /** `GET /overview`: slots, TaskManagers, job counts and the Flink version. */
  async overview(options?: RequestOptions): Promise<ClusterOverview> {
    return this.ctx.transport.request({ method: 'GET', path: '/overview', schema: clusterOverview, retry: 'safe', options });
  }

  /** `GET /config`: the web dashboard's configuration, with `flink-version` and `flink-revision`. */
  async config(options?: RequestOptions): Promise<DashboardConfig> {
    return this.ctx.transport.request({ method: 'GET', path: '/config', schema: dashboardConfig, retry: 'safe', options });
  }

  /** The server's Flink version, asked once per client and cached. */
  async version(options?: RequestOptions): Promise<FlinkVersion> {
    return this.ctx.serverVersion(options);
  }

  /** `GET /jobmanager/config`: the JobManager's effective configuration as key/value pairs. */
  async jobManagerConfig(options?: RequestOptions): Promise<ConfigEntry[]> {
    return this.ctx.transport.request({ method: 'GET', path: '/jobmanager/config', schema: configEntries, retry: 'safe', options });
  }

  /** `GET /taskmanagers`: every registered TaskManager with its slots. */
  async taskManagers(options?: RequestOptions): Promise<TaskManagers['taskmanagers']> {
    return this.ctx.transport
      .request({ method: 'GET', path: '/taskmanagers', schema: taskManagers, retry: 'safe', options })
      .then((answer) => answer.taskmanagers);
  }

  /** `GET /jobmanager/logs`: the log files the JobManager offers. */
  async logs(options?: RequestOptions): Promise<LogFile[]> {
    return (await this.ctx.transport.request({ method: 'GET', path: '/jobmanager/logs', schema: logList, retry: 'safe', options })).logs;
  }

  /**
   * Streams the JobManager's log: its main log, or the file `name` of {@link Cluster.logs}. The
   * deadline covers the wait for the answer; the body streams as long as it takes.
   */
  async log(name?: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    const path = name === undefined ? '/jobmanager/log' : `/jobmanager/logs/${encodeURIComponent(checkLogName(name))}`;
    return this.ctx.transport.stream({ method: 'GET', path, retry: 'safe', options });
  }

  /** Streams the JobManager's stdout. */
  async stdout(options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    return this.ctx.transport.stream({ method: 'GET', path: '/jobmanager/stdout', retry: 'safe', options });
  }
}
