import type { RequestOptions } from '../http/options.js';
import { type Environment, environment, type ThreadDump, threadDump } from '../schemas/diagnostics.js';
import { Resource } from './context.js';

/**
 * The JobManager process: its JVM environment and a thread dump. Its configuration, logs and
 * stdout are on {@link Cluster}, its metrics on {@link Metrics}, its profiler on {@link Profiler}.
 * With several JobManagers (high availability) the answer describes the one the request reached.
 *
 * @example
 * ```ts
 * const { jvm } = await flink.jobManager.environment();
 * const { threadInfos } = await flink.jobManager.threadDump();
 * console.log(`${jvm.version}: ${threadInfos.length} threads`);
 * ```
 */
export class JobManager extends Resource {
  /**
   * `GET /jobmanager/environment`: the JVM's version, architecture and options, and the classpath.
   *
   * @example
   * ```ts
   * const { jvm } = await flink.jobManager.environment();
   * const heap = jvm.options.find((o) => o.startsWith('-Xmx'));
   * console.log(`${jvm.version} on ${jvm.arch}, ${heap ?? 'default heap'}`);
   * ```
   */
  async environment(options?: RequestOptions): Promise<Environment> {
    return this.ctx.call('GET', '/jobmanager/environment', { schema: environment, options });
  }

  /**
   * `GET /jobmanager/thread-dump`: every thread of the JobManager with its state and stack, as
   * `jstack` prints them (up to `cluster.thread-dump.stacktrace-max-depth` frames, 50 by default).
   *
   * @example
   * ```ts
   * const { threadInfos } = await flink.jobManager.threadDump();
   * console.log(threadInfos.map((t) => t.stringifiedThreadInfo).join('\n')); // like jstack
   * ```
   */
  async threadDump(options?: RequestOptions): Promise<ThreadDump> {
    return this.ctx.call('GET', '/jobmanager/thread-dump', { schema: threadDump, options });
  }
}
