import { z } from 'zod';
import type { RequestOptions } from '../http/options.js';
import {
  type ClusterOverview,
  type ConfigEntry,
  clusterOverview,
  configEntries,
  type DashboardConfig,
  dashboardConfig,
} from '../schemas/cluster.js';
import { type LogFile, logList } from '../schemas/monitoring.js';
import { describe, parseOptions, options as strictOptions } from '../validate.js';
import type { FlinkVersion } from '../version.js';
import { Resource } from './context.js';
import { checkLogName } from './logs.js';

/**
 * The cluster as a whole: overview, version, JobManager configuration, TaskManagers.
 *
 * @example
 * ```ts
 * const overview = await flink.cluster.overview();
 * console.log(`Flink ${overview['flink-version']}: ${overview['slots-available']}/${overview['slots-total']} slots free`);
 * ```
 */
export class Cluster extends Resource {
  /**
   * `GET /overview`: slots, TaskManagers, job counts and the Flink version.
   *
   * @example
   * ```ts
   * const { taskmanagers, 'jobs-running': running, 'jobs-failed': failed } = await flink.cluster.overview();
   * if (taskmanagers === 0) console.error('no TaskManager registered');
   * console.log(`${running} running, ${failed} failed`);
   * ```
   */
  async overview(options?: RequestOptions): Promise<ClusterOverview> {
    return this.ctx.call('GET', '/overview', { schema: clusterOverview, options });
  }

  /**
   * `GET /config`: the web dashboard's configuration, with `flink-version` and `flink-revision`.
   *
   * @example
   * ```ts
   * const config = await flink.cluster.config();
   * console.log(`${config['flink-version']} (${config['flink-revision'] ?? 'unknown revision'}), dashboard refresh ${config['refresh-interval']} ms`);
   * ```
   */
  async config(options?: RequestOptions): Promise<DashboardConfig> {
    return this.ctx.call('GET', '/config', { schema: dashboardConfig, options });
  }

  /**
   * The server's Flink version, asked once per client and cached.
   *
   * @example
   * ```ts
   * const { major, minor, raw } = await flink.cluster.version();
   * if (major < 2) console.log(`Flink ${raw}: no application mode over REST before 2.3`);
   * else console.log(`Flink ${major}.${minor}`);
   * ```
   */
  async version(options?: RequestOptions): Promise<FlinkVersion> {
    return this.ctx.serverVersion(options);
  }

  /**
   * `GET /jobmanager/config`: the JobManager's effective configuration as key/value pairs.
   *
   * @example
   * ```ts
   * const entries = await flink.cluster.jobManagerConfig();
   * const dir = entries.find((entry) => entry.key === 'state.savepoints.dir')?.value;
   * console.log(dir ? `savepoints go to ${dir}` : 'no default savepoint directory: pass one to savepoints.trigger');
   * ```
   */
  async jobManagerConfig(options?: RequestOptions): Promise<ConfigEntry[]> {
    return this.ctx.call('GET', '/jobmanager/config', { schema: configEntries, options });
  }

  /**
   * `GET /jobmanager/logs`: the log files the JobManager offers.
   *
   * @example
   * ```ts
   * for (const file of await flink.cluster.logs()) console.log(file.name, file.size);
   * ```
   */
  async logs(options?: RequestOptions): Promise<LogFile[]> {
    return (await this.ctx.call('GET', '/jobmanager/logs', { schema: logList, options })).logs;
  }

  /**
   * Streams the JobManager's log: its main log, or the file `name` of {@link Cluster.logs}. The
   * deadline covers the wait for the answer; the body streams as long as it takes.
   *
   * @example
   * ```ts
   * import { writeFile } from 'node:fs/promises';
   * const [gc] = (await flink.cluster.logs()).filter((file) => file.name.startsWith('gc'));
   * if (gc) await writeFile(gc.name, await new Response(await flink.cluster.log(gc.name)).text());
   * for await (const line of lines(await flink.cluster.log())) if (line.includes(' ERROR ')) console.log(line);
   * ```
   */
  async log(name?: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    return name === undefined
      ? this.ctx.call('GET', '/jobmanager/log', { answer: 'body', options })
      : this.ctx.call('GET', '/jobmanager/logs/{filename}', { params: { filename: checkLogName(name) }, answer: 'body', options });
  }

  /**
   * `DELETE /cluster`: shuts the session cluster down: the JobManager stops, and with it every job
   * it runs (they end SUSPENDED, not archived as finished). Refused with an {@link InvalidInputError},
   * nothing sent, unless the caller passes `{ confirm: true }`. Never retried. The answer comes
   * before the processes are gone; poll the REST address to see it go.
   *
   * @example
   * ```ts
   * for (const job of await flink.jobs.list({ groups: ['running'] })) await (await flink.jobs.stop(job.jid)).wait();
   * await flink.cluster.shutdown({ confirm: true });
   * ```
   */
  async shutdown(given: ShutdownOptions, options?: RequestOptions): Promise<void> {
    parseOptions(shutdownOptions, given ?? {}, 'cluster.shutdown');
    await this.ctx.call('DELETE', '/cluster', { options });
  }

  /**
   * Streams the JobManager's stdout (what jobs print with `System.out`).
   *
   * @example
   * ```ts
   * for await (const line of lines(await flink.cluster.stdout({ signal }))) console.log(`[jobmanager] ${line}`);
   * ```
   */
  async stdout(options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    return this.ctx.call('GET', '/jobmanager/stdout', { answer: 'body', options });
  }
}

const shutdownOptions = strictOptions({
  /** Must be `true`: the call stops the whole cluster, every job with it. */
  confirm: z.literal(true, {
    error: (i) =>
      `must be true to shut the cluster down (its JobManager stops, and every job of it); got ${describe(i.input)}. Stop or savepoint the jobs first if they should survive`,
  }),
});

/**
 * Options of {@link Cluster.shutdown}.
 *
 * @example
 * ```ts
 * const options: ShutdownOptions = { confirm: true }; // yes, the whole cluster
 * await flink.cluster.shutdown(options);
 * ```
 */
export type ShutdownOptions = z.input<typeof shutdownOptions>;
