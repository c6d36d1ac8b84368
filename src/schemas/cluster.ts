import { z } from 'zod';

export const clusterOverview = z.looseObject({
  taskmanagers: z.number(),
  'slots-total': z.number(),
  'slots-available': z.number(),
  'jobs-running': z.number(),
  'jobs-finished': z.number(),
  'jobs-cancelled': z.number(),
  'jobs-failed': z.number(),
  'flink-version': z.string(),
  'flink-commit': z.string(),
});
export type ClusterOverview = z.infer<typeof clusterOverview>;

/** `GET /config`: the dashboard configuration, which also names the server's version. */
export const dashboardConfig = z.looseObject({
  'refresh-interval': z.number(),
  'timezone-name': z.string().optional(),
  'timezone-offset': z.number().optional(),
  'flink-version': z.string(),
  'flink-revision': z.string().optional(),
  features: z.looseObject({}).optional(),
});
export type DashboardConfig = z.infer<typeof dashboardConfig>;

export const configEntries = z.array(z.looseObject({ key: z.string(), value: z.string() }));
export type ConfigEntry = z.infer<typeof configEntries>[number];

export const taskManagers = z.looseObject({
  taskmanagers: z.array(
    z.looseObject({
      id: z.string(),
      slotsNumber: z.number(),
      freeSlots: z.number(),
      timeSinceLastHeartbeat: z.number(),
    }),
  ),
});
export type TaskManagers = z.infer<typeof taskManagers>;

export const metrics = z.array(z.looseObject({ id: z.string(), value: z.string().optional() }));
export type Metrics = z.infer<typeof metrics>;
