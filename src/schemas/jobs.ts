import { z } from 'zod';
import { jobId, jobState, numbersByName, timestamp } from './common.js';

const taskCounts = numbersByName();

/**
 * One job of `GET /jobs/overview`.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { z } from 'zod';
 * // a snapshot of flink.jobs.list() your cron job saved earlier
 * const jobs = z.array(schemas.jobOverview).parse(JSON.parse(await readFile('jobs.json', 'utf8')));
 * ```
 */
export const jobOverview = z.looseObject({
  jid: jobId,
  name: z.string(),
  state: jobState,
  'start-time': timestamp,
  'end-time': timestamp,
  duration: z.number(),
  'last-modification': timestamp,
  tasks: taskCounts,
});
/**
 * A job as {@link Jobs.list} returns it: id, name, state, times and task counts.
 *
 * @example
 * ```ts
 * const running: JobOverview[] = await flink.jobs.list({ groups: ['running'] });
 * for (const job of running) console.log(job.jid, job.name, job.state);
 * ```
 */
export type JobOverview = z.infer<typeof jobOverview>;

/**
 * `GET /jobs/overview`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobs/overview');
 * const { jobs } = schemas.jobsOverview.parse(await res.json());
 * ```
 */
export const jobsOverview = z.looseObject({ jobs: z.array(jobOverview) });

/**
 * One vertex (operator chain) of a job's details.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}`);
 * const { vertices } = z.object({ vertices: z.array(schemas.jobVertex) }).parse(await res.json()); // just the vertices
 * console.log(vertices.map((vertex) => `${vertex.name}: ${vertex.parallelism}`));
 * ```
 */
export const jobVertex = z.looseObject({
  id: z.string(),
  name: z.string(),
  parallelism: z.number(),
  maxParallelism: z.number().optional(),
  status: z.string(),
  'start-time': timestamp,
  'end-time': timestamp,
  duration: z.number(),
  tasks: taskCounts,
  metrics: z.looseObject({}).optional(),
});

/**
 * `GET /jobs/{jobid}`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}`);
 * const parsed = schemas.jobDetails.safeParse(await res.json());
 * if (parsed.success) console.log(parsed.data.state, parsed.data.vertices.length);
 * else console.error(parsed.error.issues);
 * ```
 */
export const jobDetails = z.looseObject({
  jid: jobId,
  name: z.string(),
  isStoppable: z.boolean(),
  state: jobState,
  'start-time': timestamp,
  'end-time': timestamp,
  duration: z.number(),
  maxParallelism: z.number().optional(),
  now: timestamp,
  timestamps: numbersByName(),
  vertices: z.array(jobVertex),
  'status-counts': taskCounts,
  'job-type': z.string().optional(),
  plan: z.unknown().optional(),
});
/**
 * A job's details: state, timestamps per state, vertices with parallelism and status.
 *
 * @example
 * ```ts
 * const details: JobDetails = await flink.jobs.get(jobId);
 * for (const vertex of details.vertices) console.log(vertex.name, vertex.parallelism, vertex.status);
 * ```
 */
export type JobDetails = z.infer<typeof jobDetails>;

/**
 * `GET /jobs/{jobid}/exceptions`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/exceptions`);
 * const [latest] = schemas.jobExceptions.parse(await res.json()).exceptionHistory.entries;
 * console.log(latest?.exceptionName, latest?.taskName);
 * ```
 */
export const jobExceptions = z.looseObject({
  exceptionHistory: z.looseObject({
    entries: z.array(
      z.looseObject({
        exceptionName: z.string(),
        stacktrace: z.string(),
        timestamp: timestamp,
        taskName: z.string().nullish(),
        endpoint: z.string().nullish(),
        taskManagerId: z.string().nullish(),
        failureLabels: z.record(z.string(), z.string()).optional(),
        concurrentExceptions: z.array(z.looseObject({})).optional(),
      }),
    ),
    truncated: z.boolean(),
  }),
});
/**
 * A job's exception history, newest first.
 *
 * @example
 * ```ts
 * const { exceptionHistory }: JobExceptions = await flink.jobs.exceptions(jobId);
 * console.log(exceptionHistory.entries[0]?.stacktrace.split('\n')[0] ?? 'no exceptions');
 * ```
 */
export type JobExceptions = z.infer<typeof jobExceptions>;

/**
 * `GET /jobs/{jobid}/config`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/config`);
 * const config = schemas.jobConfig.parse(await res.json());
 * ```
 */
export const jobConfig = z.looseObject({
  jid: jobId,
  name: z.string(),
  'execution-config': z.looseObject({}).optional(),
});
/**
 * A job's id, name and execution configuration.
 *
 * @example
 * ```ts
 * const config: JobConfig = await flink.jobs.config(jobId);
 * console.log(config.name, config['execution-config']);
 * ```
 */
export type JobConfig = z.infer<typeof jobConfig>;

/**
 * `GET /jobs/{jobid}/plan` and `POST /jars/{jarid}/plan`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/plan`);
 * const { plan } = schemas.jobPlan.parse(await res.json());
 * console.log(plan.nodes.map((node) => node.parallelism));
 * ```
 */
export const jobPlan = z.looseObject({
  plan: z.looseObject({
    jid: z.string().optional(),
    name: z.string().optional(),
    nodes: z.array(z.looseObject({ id: z.string(), parallelism: z.number().optional() })),
  }),
});
/**
 * A job's dataflow plan: its nodes with parallelism.
 *
 * @example
 * ```ts
 * const { plan }: JobPlan = await flink.jars.plan(jarId, { entryClass: 'com.example.OrdersJob', parallelism: 4 });
 * console.log(`${plan.nodes.length} operator chains`);
 * ```
 */
export type JobPlan = z.infer<typeof jobPlan>;

/**
 * `GET /jobs/{jobid}/status`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/status`);
 * const { status } = schemas.jobStatus.parse(await res.json());
 * if (TERMINAL_JOB_STATES.has(status)) console.log(`job ended ${status}`);
 * ```
 */
export const jobStatus = z.looseObject({ status: jobState });
