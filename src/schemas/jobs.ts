import { z } from 'zod';
import { jobId, jobState, timestamp } from './common.js';

const taskCounts = z.record(z.string(), z.number());

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
export type JobOverview = z.infer<typeof jobOverview>;

export const jobsOverview = z.looseObject({ jobs: z.array(jobOverview) });

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
export type JobDetails = z.infer<typeof jobDetails>;

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
export type JobExceptions = z.infer<typeof jobExceptions>;

export const jobConfig = z.looseObject({
  jid: jobId,
  name: z.string(),
  'execution-config': z.looseObject({}).optional(),
});
export type JobConfig = z.infer<typeof jobConfig>;

export const jobPlan = z.looseObject({
  plan: z.looseObject({
    jid: z.string().optional(),
    name: z.string().optional(),
    nodes: z.array(z.looseObject({ id: z.string(), parallelism: z.number().optional() })),
  }),
});
export type JobPlan = z.infer<typeof jobPlan>;

export const jobStatus = z.looseObject({ status: jobState });
