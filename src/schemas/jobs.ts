import { z } from 'zod';
import { jobId, jobState, timestamp } from './common.js';

const taskCounts = z.record(z.string(), z.number());

/** One job of `GET /jobs/overview`. */
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
/** A job as {@link Jobs.list} returns it: id, name, state, times and task counts. */
export type JobOverview = z.infer<typeof jobOverview>;

/** `GET /jobs/overview`. */
export const jobsOverview = z.looseObject({ jobs: z.array(jobOverview) });

/** One vertex (operator chain) of a job's details. */
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

/** `GET /jobs/{jobid}`. */
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
  timestamps: z.record(z.string(), z.number()),
  vertices: z.array(jobVertex),
  'status-counts': taskCounts,
  'job-type': z.string().optional(),
  plan: z.unknown().optional(),
});
/** A job's details: state, timestamps per state, vertices with parallelism and status. */
export type JobDetails = z.infer<typeof jobDetails>;

/** `GET /jobs/{jobid}/exceptions`. */
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
/** A job's exception history, newest first. */
export type JobExceptions = z.infer<typeof jobExceptions>;

/** `GET /jobs/{jobid}/config`. */
export const jobConfig = z.looseObject({
  jid: jobId,
  name: z.string(),
  'execution-config': z.looseObject({}).optional(),
});
/** A job's id, name and execution configuration. */
export type JobConfig = z.infer<typeof jobConfig>;

/** `GET /jobs/{jobid}/plan` and `POST /jars/{jarid}/plan`. */
export const jobPlan = z.looseObject({
  plan: z.looseObject({
    jid: z.string().optional(),
    name: z.string().optional(),
    nodes: z.array(z.looseObject({ id: z.string(), parallelism: z.number().optional() })),
  }),
});
/** A job's dataflow plan: its nodes with parallelism. */
export type JobPlan = z.infer<typeof jobPlan>;

/** `GET /jobs/{jobid}/status`. */
export const jobStatus = z.looseObject({ status: jobState });
