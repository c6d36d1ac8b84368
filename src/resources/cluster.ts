import type { RequestOptions } from '../http/transport.js';
import {
  type ClusterOverview,
  type ConfigEntry,
  clusterOverview,
  configEntries,
  type DashboardConfig,
  dashboardConfig,
  type Metrics,
  metrics,
  type TaskManagers,
  taskManagers,
} from '../schemas/cluster.js';
import type { FlinkVersion } from '../version.js';
import type { ClientContext } from './context.js';

/** The cluster as a whole: overview, version, JobManager configuration, TaskManagers. */
export class Cluster {
  constructor(private readonly ctx: ClientContext) {}

  /** `GET /overview`: slots, TaskManagers, job counts and the Flink version. */
  overview(options?: RequestOptions): Promise<ClusterOverview> {
    return this.ctx.transport.request({ method: 'GET', path: '/overview', schema: clusterOverview, retry: 'safe', options });
  }

  /** `GET /config`: the web dashboard's configuration, with `flink-version` and `flink-revision`. */
  config(options?: RequestOptions): Promise<DashboardConfig> {
    return this.ctx.transport.request({ method: 'GET', path: '/config', schema: dashboardConfig, retry: 'safe', options });
  }

  /** The server's Flink version, asked once per client and cached. */
  version(options?: RequestOptions): Promise<FlinkVersion> {
    return this.ctx.serverVersion(options);
  }

  /** `GET /jobmanager/config`: the JobManager's effective configuration as key/value pairs. */
  jobManagerConfig(options?: RequestOptions): Promise<ConfigEntry[]> {
    return this.ctx.transport.request({ method: 'GET', path: '/jobmanager/config', schema: configEntries, retry: 'safe', options });
  }

  /** `GET /taskmanagers`: every registered TaskManager with its slots. */
  taskManagers(options?: RequestOptions): Promise<TaskManagers['taskmanagers']> {
    return this.ctx.transport
      .request({ method: 'GET', path: '/taskmanagers', schema: taskManagers, retry: 'safe', options })
      .then((answer) => answer.taskmanagers);
  }

  /** `GET /jobmanager/metrics`: the JobManager's metric names, or the values of those named in `get`. */
  jobManagerMetrics(get?: readonly string[], options?: RequestOptions): Promise<Metrics> {
    return this.ctx.transport.request({
      method: 'GET',
      path: '/jobmanager/metrics',
      query: { get: get?.length ? get.join(',') : undefined },
      schema: metrics,
      retry: 'safe',
      options,
    });
  }
}
