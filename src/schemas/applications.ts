import { z } from 'zod';
import { numbersByName } from './common.js';
import { jobOverview } from './jobs.js';

/**
 * One application in `GET /applications/overview` (Flink 2.3+).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * // your inventory's record of an application: Flink's fields plus your own
 * const inventoryEntry = schemas.applicationOverview.extend({ team: z.string(), oncall: z.string() });
 * ```
 */
export const applicationOverview = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  'start-time': z.number(),
  'end-time': z.number(),
  duration: z.number(),
  jobs: numbersByName().optional(),
});
/**
 * One application as {@link Applications.list} returns it.
 *
 * @example
 * ```ts
 * const apps: ApplicationOverview[] = await flink.applications.list();
 * const failed = apps.filter((app) => app.status === 'FAILED').map((app) => app.name);
 * ```
 */
export type ApplicationOverview = z.infer<typeof applicationOverview>;

/**
 * `GET /applications/overview`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/applications/overview');
 * const { applications } = schemas.applicationsOverview.parse(await res.json());
 * ```
 */
export const applicationsOverview = z.looseObject({ applications: z.array(applicationOverview) });

/**
 * `GET /applications/{applicationid}`: status, times and the application's jobs.
 *
 * @example
 * ```ts
 * const applicationId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
 * const res = await fetch(`http://127.0.0.1:8081/applications/${applicationId}`);
 * const app = schemas.applicationDetails.parse(await res.json());
 * console.log(app.status, app.jobs.map((job) => job.state));
 * ```
 */
export const applicationDetails = applicationOverview.extend({
  jobs: z.array(jobOverview),
  timestamps: numbersByName().optional(),
});
/**
 * An application with its jobs, as {@link Applications.get} returns it.
 *
 * @example
 * ```ts
 * const { applicationId } = await flink.jars.runApplication(jarId);
 * const app: ApplicationDetails = await flink.applications.get(applicationId);
 * ```
 */
export type ApplicationDetails = z.infer<typeof applicationDetails>;

/**
 * `GET /applications/{applicationid}/exceptions` (Flink 2.3+): the failures of an application's jobs, newest first.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/applications/a1b2c3d4e5f60718293a4b5c6d7e8f90/exceptions');
 * const [latest] = schemas.applicationExceptions.parse(await res.json()).exceptionHistory.entries;
 * console.log(latest?.exceptionName, latest?.jobId);
 * ```
 */
export const applicationExceptions = z.looseObject({
  exceptionHistory: z.looseObject({
    entries: z.array(
      z.looseObject({
        exceptionName: z.string(),
        stacktrace: z.string(),
        timestamp: z.number(),
        jobId: z.string().nullish(),
      }),
    ),
  }),
});
/**
 * An application's exception history (Flink 2.3+): exception, stack trace, when, and which job.
 *
 * @example
 * ```ts
 * const { exceptionHistory }: ApplicationExceptions = await flink.applications.exceptions('a1b2c3d4e5f60718293a4b5c6d7e8f90');
 * console.log(`${exceptionHistory.entries.length} failures`);
 * ```
 */
export type ApplicationExceptions = z.infer<typeof applicationExceptions>;
