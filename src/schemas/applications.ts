import { z } from 'zod';
import { jobOverview } from './jobs.js';

export const applicationOverview = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  'start-time': z.number(),
  'end-time': z.number(),
  duration: z.number(),
  jobs: z.record(z.string(), z.number()).optional(),
});
export type ApplicationOverview = z.infer<typeof applicationOverview>;

export const applicationsOverview = z.looseObject({ applications: z.array(applicationOverview) });

export const applicationDetails = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  'start-time': z.number(),
  'end-time': z.number(),
  duration: z.number(),
  jobs: z.array(jobOverview),
  timestamps: z.record(z.string(), z.number()).optional(),
});
export type ApplicationDetails = z.infer<typeof applicationDetails>;
