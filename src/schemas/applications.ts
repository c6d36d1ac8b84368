import { z } from 'zod';
import { jobOverview } from './jobs.js';

/** One application in `GET /applications/overview` (Flink 2.3+). */
export const applicationOverview = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  'start-time': z.number(),
  'end-time': z.number(),
  duration: z.number(),
  jobs: z.record(z.string(), z.number()).optional(),
});
/** One application as {@link Applications.list} returns it. */
export type ApplicationOverview = z.infer<typeof applicationOverview>;

/** `GET /applications/overview`. */
export const applicationsOverview = z.looseObject({ applications: z.array(applicationOverview) });

/** `GET /applications/{applicationid}`: status, times and the application's jobs. */
export const applicationDetails = applicationOverview.extend({
  jobs: z.array(jobOverview),
  timestamps: z.record(z.string(), z.number()).optional(),
});
/** An application with its jobs, as {@link Applications.get} returns it. */
export type ApplicationDetails = z.infer<typeof applicationDetails>;
