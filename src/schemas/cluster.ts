import { z } from 'zod';

/**
 * `GET /overview`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/overview');
 * const overview = schemas.clusterOverview.parse(await res.json());
 * console.log(`${overview['slots-available']} of ${overview['slots-total']} slots free`);
 * ```
 */
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
/**
 * The cluster at a glance: TaskManagers, slots, job counts, Flink version.
 *
 * @example
 * ```ts
 * const overview: ClusterOverview = await flink.cluster.overview();
 * console.log(`${overview['jobs-running']} jobs on ${overview.taskmanagers} TaskManagers`);
 * ```
 */
export type ClusterOverview = z.infer<typeof clusterOverview>;

/**
 * `GET /config`: the dashboard configuration, which also names the server's version.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/config');
 * const version = parseFlinkVersion(schemas.dashboardConfig.parse(await res.json())['flink-version']);
 * ```
 */
export const dashboardConfig = z.looseObject({
  'refresh-interval': z.number(),
  'timezone-name': z.string().optional(),
  'timezone-offset': z.number().optional(),
  'flink-version': z.string(),
  'flink-revision': z.string().optional(),
  /** What the web front end may do (Flink 1.x and 2.x): `web-submit` is false with `web.submit.enable: false`. */
  features: z
    .looseObject({
      'web-submit': z.boolean().optional(),
      'web-cancel': z.boolean().optional(),
      'web-rescale': z.boolean().optional(),
      'web-history': z.boolean().optional(),
    })
    .optional(),
});
/**
 * The dashboard configuration: refresh interval, time zone and the server's Flink version.
 *
 * @example
 * ```ts
 * const config: DashboardConfig = await flink.cluster.config();
 * console.log(`Flink ${config['flink-version']}, ${config['timezone-name'] ?? 'UTC'}`);
 * ```
 */
export type DashboardConfig = z.infer<typeof dashboardConfig>;

/**
 * `GET /jobmanager/config`: key/value pairs.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobmanager/config');
 * const entries = schemas.configEntries.parse(await res.json());
 * console.log(entries.find((entry) => entry.key === 'parallelism.default')?.value);
 * ```
 */
export const configEntries = z.array(z.looseObject({ key: z.string(), value: z.string() }));
/**
 * One option of the JobManager's effective configuration.
 *
 * @example
 * ```ts
 * const config: ConfigEntry[] = await flink.cluster.jobManagerConfig();
 * const savepointDir = config.find((entry) => entry.key === 'execution.checkpointing.savepoint-dir')?.value;
 * ```
 */
export type ConfigEntry = z.infer<typeof configEntries>[number];

/**
 * `GET /taskmanagers`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/taskmanagers');
 * const { taskmanagers } = schemas.taskManagers.parse(await res.json());
 * console.log(`${taskmanagers.reduce((n, tm) => n + tm.freeSlots, 0)} free slots`);
 * ```
 */
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
/**
 * The registered TaskManagers with their slots.
 *
 * @example
 * ```ts
 * const registered: TaskManagers['taskmanagers'] = await flink.taskManagers.list();
 * const full = registered.filter((tm) => tm.freeSlots === 0).map((tm) => tm.id);
 * ```
 */
export type TaskManagers = z.infer<typeof taskManagers>;

/**
 * Metric endpoints: a bare array of `{id, value}` (values are strings, as Flink sends them).
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/metrics?get=numRestarts,lastCheckpointDuration`);
 * const values = schemas.metrics.parse(await res.json()); // [{ id: 'numRestarts', value: '0' }, …]
 * ```
 */
export const metrics = z.array(z.looseObject({ id: z.string(), value: z.string().optional() }));
/**
 * Metric names, and values when asked for with `get`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jobmanager/metrics');
 * const names: MetricList = schemas.metrics.parse(await res.json()); // names only: no get= asked
 * ```
 */
export type MetricList = z.infer<typeof metrics>;
