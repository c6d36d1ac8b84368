import { z } from 'zod';

// Kept here too since `schemas.PROFILING_MODES` was public before the enums moved to src/enums.ts.
export { PROFILING_MODES } from '../enums.js';

/**
 * `GET /jobmanager/environment` and `GET /jobs/{jobid}/jobmanager/environment`: the JobManager's
 * JVM (version, architecture, options) and classpath.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobmanager/environment');
 * const { jvm } = schemas.environment.parse(await res.json());
 * console.log(jvm.version, jvm.options.filter((o) => o.startsWith('-Xmx')));
 * ```
 */
export const environment = z.looseObject({
  jvm: z.looseObject({ version: z.string(), arch: z.string(), options: z.array(z.string()) }),
  classpath: z.array(z.string()),
});
/**
 * A JobManager's JVM and classpath.
 *
 * @example
 * ```ts
 * const { jvm, classpath }: Environment = await flink.jobManager.environment();
 * console.log(`${jvm.version} (${jvm.arch}), ${classpath.length} classpath entries`);
 * ```
 */
export type Environment = z.infer<typeof environment>;

/**
 * `GET /jobmanager/thread-dump` and `GET /taskmanagers/{taskmanagerid}/thread-dump`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobmanager/thread-dump');
 * const { threadInfos } = schemas.threadDump.parse(await res.json());
 * console.log(threadInfos.map((t) => t.threadName));
 * ```
 */
export const threadDump = z.looseObject({
  threadInfos: z.array(
    z.looseObject({
      threadName: z.string(),
      /** The thread as `jstack` prints it: name, id, state, and its stack (Java's ThreadInfo.toString, up to cluster.thread-dump.stacktrace-max-depth frames). */
      stringifiedThreadInfo: z.string(),
    }),
  ),
});
/**
 * A JVM's threads, each with its state and stack as `jstack` prints them.
 *
 * @example
 * ```ts
 * const { threadInfos }: ThreadDump = await flink.jobManager.threadDump();
 * const blocked = threadInfos.filter((t) => t.stringifiedThreadInfo.includes(' BLOCKED'));
 * console.log(`${blocked.length} of ${threadInfos.length} threads blocked`);
 * ```
 */
export type ThreadDump = z.infer<typeof threadDump>;

/**
 * One profiling run, as `POST /jobmanager/profiler` answers it and `GET …/profiler` lists it.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobmanager/profiler');
 * const [latest] = schemas.profilingList.parse(await res.json()).profilingList;
 * console.log(latest?.status, latest?.outputFile);
 * ```
 */
export const profilingRun = z.looseObject({
  /** RUNNING, FINISHED or FAILED. */
  status: z.string(),
  mode: z.string(),
  /** ms since the epoch. */
  triggerTime: z.number(),
  /** ms since the epoch; null while RUNNING. */
  finishedTime: z.number().nullish(),
  /** Seconds. */
  duration: z.number(),
  message: z.string().nullish(),
  /** The result file to download once FINISHED. */
  outputFile: z.string().nullish(),
});
/**
 * A profiling run on the JobManager or a TaskManager: status, mode, when, how long, result file.
 *
 * @example
 * ```ts
 * const { run }: { run: ProfilingRun } = await flink.profiler.start({ mode: 'ITIMER', durationSeconds: 10 });
 * console.log(`${run.mode} until ${new Date(run.triggerTime + run.duration * 1000).toISOString()}`);
 * ```
 */
export type ProfilingRun = z.infer<typeof profilingRun>;

/**
 * `GET /jobmanager/profiler` and `GET /taskmanagers/{taskmanagerid}/profiler`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobmanager/profiler');
 * console.log(schemas.profilingList.parse(await res.json()).profilingList.length, 'runs kept');
 * ```
 */
export const profilingList = z.looseObject({ profilingList: z.array(profilingRun) });

/**
 * `GET /jobs/{jobid}/jobmanager/log-url` and `GET /jobs/{jobid}/taskmanagers/{taskmanagerid}/log-url`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/jobmanager/log-url`);
 * console.log(schemas.logUrl.parse(await res.json()).url);
 * ```
 */
export const logUrl = z.looseObject({ url: z.string() });

/**
 * `GET /datasets`: the cluster's data sets (cached intermediate results).
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/datasets');
 * for (const set of schemas.dataSets.parse(await res.json()).dataSets) console.log(set.id, set.isComplete);
 * ```
 */
export const dataSets = z.looseObject({
  dataSets: z.array(z.looseObject({ id: z.string(), isComplete: z.boolean() })),
});
/**
 * A cluster data set: a cached intermediate result, complete or still being written.
 *
 * @example
 * ```ts
 * const incomplete: DataSet[] = (await flink.dataSets.list()).filter((set) => !set.isComplete);
 * ```
 */
export type DataSet = z.infer<typeof dataSets>['dataSets'][number];
