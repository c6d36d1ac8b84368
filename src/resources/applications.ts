import type { RequestOptions } from '../http/options.js';
import {
  type ApplicationDetails,
  type ApplicationExceptions,
  type ApplicationOverview,
  applicationDetails,
  applicationExceptions,
  applicationsOverview,
} from '../schemas/applications.js';
import { type ConfigEntry, configEntries } from '../schemas/cluster.js';
import { checkHexId } from '../validate.js';
import { requireFeature } from '../version.js';
import { Resource } from './context.js';

/**
 * Applications (Flink 2.3+): what `jars.runApplication` started. Older servers: UnsupportedByServerError, nothing sent.
 *
 * @example
 * ```ts
 * const { applicationId } = await flink.jars.runApplication(jarId, { parallelism: 2 });
 * const app = await flink.applications.get(applicationId);
 * console.log(app.status, app.jobs.map((job) => job.jid));
 * ```
 */
export class Applications extends Resource {
  /**
   * `GET /applications/overview`, newest first.
   *
   * @example
   * ```ts
   * for (const app of await flink.applications.list()) console.log(app.id, app.name, app.status);
   * ```
   */
  async list(options?: RequestOptions): Promise<ApplicationOverview[]> {
    await this.supported(options);
    const answer = await this.ctx.call('GET', '/applications/overview', { schema: applicationsOverview, options });
    return answer.applications.toSorted((a, b) => b['start-time'] - a['start-time']);
  }

  /**
   * `GET /applications/{applicationid}`: status and the application's jobs.
   *
   * @example
   * ```ts
   * const app = await flink.applications.get('a1b2c3d4e5f60718293a4b5c6d7e8f90');
   * const running = app.jobs.filter((job) => job.state === 'RUNNING').length;
   * ```
   */
  async get(applicationId: string, options?: RequestOptions): Promise<ApplicationDetails> {
    const params = await this.application(applicationId, options);
    return this.ctx.call('GET', '/applications/{applicationid}', { params, schema: applicationDetails, options });
  }

  /**
   * `POST /applications/{applicationid}/cancel`: cancels the application and its jobs. Never retried.
   *
   * @example
   * ```ts
   * const [newest] = await flink.applications.list();
   * if (newest && newest.status === 'RUNNING') await flink.applications.cancel(newest.id);
   * ```
   */
  async cancel(applicationId: string, options?: RequestOptions): Promise<void> {
    const params = await this.application(applicationId, options);
    await this.ctx.call('POST', '/applications/{applicationid}/cancel', { params, options });
  }

  /**
   * `GET /applications/{applicationid}/exceptions`: the failures of the application's jobs, newest
   * first, each with its job id.
   *
   * @example
   * ```ts
   * const { exceptionHistory } = await flink.applications.exceptions('a1b2c3d4e5f60718293a4b5c6d7e8f90');
   * for (const e of exceptionHistory.entries) console.log(new Date(e.timestamp).toISOString(), e.jobId, e.exceptionName);
   * ```
   */
  async exceptions(applicationId: string, options?: RequestOptions): Promise<ApplicationExceptions> {
    const params = await this.application(applicationId, options);
    return this.ctx.call('GET', '/applications/{applicationid}/exceptions', { params, schema: applicationExceptions, options });
  }

  /**
   * `GET /applications/{applicationid}/jobmanager/config`: the JobManager configuration the
   * application runs with, as key/value pairs.
   *
   * @example
   * ```ts
   * const config = await flink.applications.jobManagerConfig('a1b2c3d4e5f60718293a4b5c6d7e8f90');
   * console.log(config.find((entry) => entry.key === 'execution.checkpointing.interval')?.value);
   * ```
   */
  async jobManagerConfig(applicationId: string, options?: RequestOptions): Promise<ConfigEntry[]> {
    const params = await this.application(applicationId, options);
    return this.ctx.call('GET', '/applications/{applicationid}/jobmanager/config', { params, schema: configEntries, options });
  }

  private async supported(options?: RequestOptions): Promise<void> {
    requireFeature(await this.ctx.serverVersion(options), 'applications');
  }

  /** The path parameters of one application, its id checked before the server's version is asked. */
  private async application(applicationId: string, options?: RequestOptions): Promise<{ applicationid: string }> {
    const applicationid = checkHexId(applicationId, 'application id');
    await this.supported(options);
    return { applicationid };
  }
}
