import type { z } from 'zod';
import { PROFILING_MODES } from '../enums.js';
import { FlinkError, InvalidInputError, NotFoundError, UnsupportedByServerError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { type WaitOptions, waitFor } from '../operations/waiter.js';
import { type ProfilingRun, profilingList, profilingRun } from '../schemas/diagnostics.js';
import { describe, oneOf, options, parseOptions, positiveInt, text } from '../validate.js';
import { requireFeature } from '../version.js';
import { Resource } from './context.js';
import { checkTaskManagerId } from './metrics.js';

const profilingOptions = options({
  /** The async-profiler mode; default `ITIMER`, which works without `perf_events`. Any case. */
  mode: oneOf(PROFILING_MODES, 'mode').optional(),
  /** How long to profile, in seconds; default 10. Flink refuses more than `rest.profiling.duration-max` (300 s). */
  durationSeconds: positiveInt('a positive whole number of seconds').optional(),
  /** Profile this TaskManager (an id from `taskManagers.list()`); default the JobManager. */
  taskManagerId: text().optional(),
});

/**
 * Options of {@link Profiler.start}.
 *
 * @example
 * ```ts
 * const [tm] = await flink.taskManagers.list();
 * const options: ProfilingOptions = { mode: 'ALLOC', durationSeconds: 20, taskManagerId: tm?.id };
 * const profiling = await flink.profiler.start(options);
 * ```
 */
export type ProfilingOptions = z.input<typeof profilingOptions>;

/**
 * A profiling run that was started: the run as Flink answered it (RUNNING), where it runs, and
 * `wait()` for its end.
 *
 * @example
 * ```ts
 * const profiling: Profiling = await flink.profiler.start({ durationSeconds: 5 });
 * const { outputFile } = await profiling.wait();
 * console.log(`result: ${outputFile} on ${profiling.taskManagerId ?? 'the JobManager'}`);
 * ```
 */
export interface Profiling {
  readonly run: ProfilingRun;
  /** The TaskManager profiled; undefined: the JobManager. */
  readonly taskManagerId: string | undefined;
  /**
   * Polls the run list until this run ended (the one waiter; default deadline: the run's length
   * plus a minute) and returns it FINISHED, with its `outputFile` to {@link Profiler.download}.
   * A run Flink reports FAILED throws a {@link FlinkError} with Flink's message.
   *
   * @example
   * ```ts
   * const run = await (await flink.profiler.start({ durationSeconds: 10 })).wait({ signal });
   * console.log(run.message, run.outputFile);
   * ```
   */
  wait(options?: WaitOptions): Promise<ProfilingRun>;
}

/**
 * The profiler (Flink 1.19+, `rest.profiling.enabled: true`): runs async-profiler inside the
 * JobManager or a TaskManager for a while and keeps the result, an HTML flame graph, to download.
 * These paths are missing from Flink's published spec; flink-rest adds them from Flink's own
 * message headers (`openapi/corrections.yaml`). Older servers: {@link UnsupportedByServerError},
 * nothing sent; a cluster with the profiler off: the same error, naming the setting.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * const run = await (await flink.profiler.start({ mode: 'ITIMER', durationSeconds: 10 })).wait();
 * if (run.outputFile) await writeFile(run.outputFile, await new Response(await flink.profiler.download(run.outputFile)).text());
 * ```
 */
export class Profiler extends Resource {
  /**
   * `POST /jobmanager/profiler` or `POST /taskmanagers/{taskmanagerid}/profiler`: starts a run and
   * returns at once; `wait()` for its end. Never retried: a repeat would start a second run.
   *
   * @example
   * ```ts
   * const profiling = await flink.profiler.start({ mode: 'CPU', durationSeconds: 30, taskManagerId });
   * console.log(`profiling ${profiling.taskManagerId} since ${new Date(profiling.run.triggerTime).toISOString()}`);
   * ```
   */
  async start(given?: ProfilingOptions, options?: RequestOptions): Promise<Profiling> {
    const opts = parseOptions(profilingOptions, given, 'profiler.start');
    const taskManagerId = opts.taskManagerId === undefined ? undefined : checkTaskManagerId(opts.taskManagerId);
    const body = { mode: opts.mode ?? 'ITIMER', duration: opts.durationSeconds ?? 10 };
    await this.supported(options);
    const run = await this.enabled(
      taskManagerId === undefined
        ? this.ctx.call('POST', '/jobmanager/profiler', { body, schema: profilingRun, options })
        : this.ctx.call('POST', '/taskmanagers/{taskmanagerid}/profiler', {
            params: { taskmanagerid: taskManagerId },
            body,
            schema: profilingRun,
            options,
          }),
    );
    const where = taskManagerId === undefined ? 'the JobManager' : `TaskManager ${taskManagerId}`;
    return {
      run,
      taskManagerId,
      wait: (waitOptions) =>
        waitFor<ProfilingRun>(
          `profiling run (${run.mode}, ${run.duration} s) on ${where}`,
          async ({ signal, timeoutMs }) => {
            const now = (await this.list(taskManagerId, { signal, timeoutMs })).find((r) => r.triggerTime === run.triggerTime);
            if (!now)
              throw new FlinkError(
                `profiling run of ${new Date(run.triggerTime).toISOString()} on ${where} is no longer listed (rest.profiling.max-history-size)`,
              );
            if (now.status === 'RUNNING') return { done: false };
            if (now.status !== 'FINISHED') throw new FlinkError(`profiling run on ${where} ${now.status}: ${now.message ?? 'no message'}`);
            return { done: true, value: now };
          },
          { timeoutMs: run.duration * 1000 + 60_000, minDelayMs: 500, maxDelayMs: 2_000, ...waitOptions },
        ),
    };
  }

  /**
   * `GET /jobmanager/profiler` or `GET /taskmanagers/{taskmanagerid}/profiler`: the runs Flink
   * keeps (`rest.profiling.max-history-size`, 10), newest first.
   *
   * @example
   * ```ts
   * for (const run of await flink.profiler.list()) console.log(run.status, run.mode, run.outputFile ?? '-');
   * const onTaskManager = await flink.profiler.list(taskManagerId);
   * ```
   */
  async list(taskManagerId?: string, options?: RequestOptions): Promise<ProfilingRun[]> {
    const tm = taskManagerId === undefined ? undefined : checkTaskManagerId(taskManagerId);
    await this.supported(options);
    const answer = await this.enabled(
      tm === undefined
        ? this.ctx.call('GET', '/jobmanager/profiler', { schema: profilingList, options })
        : this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/profiler', { params: { taskmanagerid: tm }, schema: profilingList, options }),
    );
    return answer.profilingList.toSorted((a, b) => b.triggerTime - a.triggerTime);
  }

  /**
   * `GET /jobmanager/profiler/{filename}` or `GET /taskmanagers/{taskmanagerid}/profiler/{filename}`:
   * a finished run's result (async-profiler's HTML flame graph), streamed. An unknown file: {@link NotFoundError}.
   *
   * @example
   * ```ts
   * import { createWriteStream } from 'node:fs';
   * import { Readable } from 'node:stream';
   * import { pipeline } from 'node:stream/promises';
   * const [run] = await flink.profiler.list();
   * if (run?.outputFile) {
   *   const body = await flink.profiler.download(run.outputFile);
   *   await pipeline(Readable.from(body as unknown as AsyncIterable<Uint8Array>), createWriteStream(run.outputFile));
   * }
   * ```
   */
  async download(outputFile: string, taskManagerId?: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    const filename = checkFileName(outputFile);
    const tm = taskManagerId === undefined ? undefined : checkTaskManagerId(taskManagerId);
    await this.supported(options);
    return tm === undefined
      ? this.ctx.call('GET', '/jobmanager/profiler/{filename}', { params: { filename }, answer: 'body', options })
      : this.ctx.call('GET', '/taskmanagers/{taskmanagerid}/profiler/{filename}', {
          params: { taskmanagerid: tm, filename },
          answer: 'body',
          options,
        });
  }

  private async supported(options?: RequestOptions): Promise<void> {
    requireFeature(await this.ctx.serverVersion(options), 'profiler');
  }

  /** Without `rest.profiling.enabled` the profiler's handlers are not there: Flink answers 404 for the path. */
  private async enabled<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      // GETs fall through to the web UI's file handler, POSTs to the router's own 404.
      if (!(err instanceof NotFoundError) || !/Unable to load requested file|Not found: /.test(err.errors.join(' '))) throw err;
      const version = (await this.ctx.serverVersion()).raw;
      throw new UnsupportedByServerError(
        'profiler',
        version,
        '1.19',
        `profiler: the profiler is disabled on this cluster; set rest.profiling.enabled: true (Flink ${version} answered ${err.status} for ${err.path})`,
        { cause: err },
      );
    }
  }
}

function checkFileName(value: unknown): string {
  if (typeof value !== 'string' || value === '' || /[/\\]/.test(value) || value.includes('..')) {
    throw new InvalidInputError(`profiler.download: outputFile must be a file name from profiler.list(); got ${describe(value)}`);
  }
  return value;
}
