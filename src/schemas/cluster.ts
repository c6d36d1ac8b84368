import { z } from 'zod';

/** `GET /overview`. */
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
/** The cluster at a glance: TaskManagers, slots, job counts, Flink version. */
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
/** The dashboard configuration: refresh interval, time zone and the server's Flink version. */
export type DashboardConfig = z.infer<typeof dashboardConfig>;

/** `GET /jobmanager/config`: key/value pairs. */
export const configEntries = z.array(z.looseObject({ key: z.string(), value: z.string() }));
/** One option of the JobManager's effective configuration. */
export type ConfigEntry = z.infer<typeof configEntries>[number];

/** `GET /taskmanagers`. */
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
/** The registered TaskManagers with their slots. */
export type TaskManagers = z.infer<typeof taskManagers>;

/** Metric endpoints: a bare array of `{id, value}` (values are strings, as Flink sends them). */
export const metrics = z.array(z.looseObject({ id: z.string(), value: z.string().optional() }));
/** Metric names, and values when asked for with `get`. */
export type MetricList = z.infer<typeof metrics>;
