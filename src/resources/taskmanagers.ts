import type { RequestOptions } from '../http/options.js';
import { type TaskManagers as TaskManagerList, taskManagers } from '../schemas/cluster.js';
import { type ThreadDump, threadDump } from '../schemas/diagnostics.js';
import { type LogFile, logList, type TaskManagerDetails, taskManagerDetails } from '../schemas/monitoring.js';
import { Resource } from './context.js';
import { checkLogName } from './logs.js';
import { checkTaskManagerId } from './metrics.js';

/**
 * TaskManagers: list, details, and their logs and stdout, streamed.
 *
 * @example
 * ```ts
 * for (const tm of await flink.taskManagers.list()) {
 *   const details = await flink.taskManagers.get(tm.id);
 *   console.log(tm.id, `${details.freeSlots}/${details.slotsNumber} free`, details.hardware?.cpuCores, 'cores');
 * }
 * ```
 */
export class TaskManagers extends Resource {
  /**
   * `GET /taskmanagers`: every registered TaskManager with its slots.
   *
   * @example
   * ```ts
   * const stale = (await flink.taskManagers.list()).filter((tm) => tm.timeSinceLastHeartbeat > 30_000);
   * for (const tm of stale) console.warn(`${tm.id}: no heartbeat for ${tm.timeSinceLastHeartbeat} ms`);
   * ```
   */
  async list(options?: RequestOptions): Promise<TaskManagerList['taskmanagers']> {
    return (await this.ctx.call('GET', '/taskmanagers', { schema: taskManagers, options })).taskmanagers;
  }

  /**
   * `GET /taskmanagers/{id}`: slots, hardware, memory configuration and JVM metrics of one TaskManager.
   *
   * @example
   * ```ts
   * const tm = await flink.taskManagers.get(taskManagerId);
   * console.log(`${tm.hardware?.physicalMemory ?? 0} bytes of memory, ${tm.freeSlots} free slots`);
   * ```
   */
  async get(taskManagerId: string, options?: RequestOptions): Promise<TaskManagerDetails> {
    const taskmanagerid = checkTaskManagerId(taskManagerId);
    return this.ctx.call('GET', '/taskmanagers/{taskmanagerid}', { params: { taskmanagerid }, schema: taskManagerDetails, options });
  }

  /**
   * `GET /taskmanagers/{id}/logs`: the log files the TaskManager offers.
   *
   * @example
   * ```ts
   * const files = await flink.taskManagers.logs(taskManagerId);
   * const biggest = files.toSorted((a, b) => b.size - a.size)[0];
   * console.log(biggest ? `${biggest.name}: ${biggest.size} bytes` : 'no log files');
   * ```
   */
  async logs(taskManagerId: string, options?: RequestOptions): Promise<LogFile[]> {
    const taskmanagerid = checkTaskManagerId(taskManagerId);
    return (await this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/logs', { params: { taskmanagerid }, schema: logList, options })).logs;
  }

  /**
   * Streams a TaskManager's log: its main log, or the file `name` of {@link TaskManagers.logs}.
   * The deadline covers the wait for the answer; the body streams as long as it takes.
   *
   * @example
   * ```ts
   * for await (const line of lines(await flink.taskManagers.log(taskManagerId))) {
   *   if (/ERROR|Exception/.test(line)) console.log(line);
   * }
   * ```
   */
  async log(taskManagerId: string, name?: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    const taskmanagerid = checkTaskManagerId(taskManagerId);
    return name === undefined
      ? this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/log', { params: { taskmanagerid }, answer: 'body', options })
      : this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/logs/{filename}', {
          params: { taskmanagerid, filename: checkLogName(name) },
          answer: 'body',
          options,
        });
  }

  /**
   * `GET /taskmanagers/{taskmanagerid}/thread-dump`: every thread of the TaskManager with its state
   * and stack, as `jstack` prints them: where a stuck task hangs.
   *
   * @example
   * ```ts
   * const { threadInfos } = await flink.taskManagers.threadDump(taskManagerId);
   * const tasks = threadInfos.filter((t) => t.threadName.includes('(1/'));
   * for (const t of tasks) console.log(t.stringifiedThreadInfo);
   * ```
   */
  async threadDump(taskManagerId: string, options?: RequestOptions): Promise<ThreadDump> {
    const taskmanagerid = checkTaskManagerId(taskManagerId);
    return this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/thread-dump', { params: { taskmanagerid }, schema: threadDump, options });
  }

  /**
   * Streams a TaskManager's stdout (what jobs print, e.g. with `print()` sinks).
   *
   * @example
   * ```ts
   * for await (const line of lines(await flink.taskManagers.stdout(taskManagerId, { signal }))) console.log(line);
   * ```
   */
  async stdout(taskManagerId: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    const taskmanagerid = checkTaskManagerId(taskManagerId);
    return this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/stdout', { params: { taskmanagerid }, answer: 'body', options });
  }
}
