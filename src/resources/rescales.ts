import { InvalidInputError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import {
  type RescaleConfig,
  type RescaleEntry,
  type RescalesOverview,
  type RescalesSummary,
  rescaleConfig,
  rescaleEntry,
  rescalesOverview,
  rescalesSummary,
} from '../schemas/rescale.js';
import { checkJobId, describe } from '../validate.js';
import { requireFeature } from '../version.js';
import { Resource } from './context.js';

/**
 * What the adaptive scheduler did when it rescaled a job (Flink 2.3+, `/jobs/{jobid}/rescales/…`):
 * counts and the latest rescales, duration statistics, one rescale's details, and the scheduler's
 * rescale settings. The history itself is {@link Jobs.rescaleHistory}; rescaling is
 * {@link Jobs.rescale}. Flink keeps rescales only with `web.adaptive-scheduler.rescale-history.size`
 * above 0, and only for jobs on the adaptive scheduler (for others it answers an error). Older
 * servers: {@link UnsupportedByServerError}, nothing sent.
 *
 * @example
 * ```ts
 * const { rescalesCounts, latest } = await flink.rescales.overview(jobId);
 * if (latest.completed) console.log((await flink.rescales.details(jobId, latest.completed.rescaleUuid)).vertices);
 * console.log(`${rescalesCounts.completed} completed`);
 * ```
 */
export class Rescales extends Resource {
  /**
   * `GET /jobs/{jobid}/rescales/overview`: rescale counts by outcome and the latest completed,
   * failed and ignored rescale.
   *
   * @example
   * ```ts
   * const { rescalesCounts, latest } = await flink.rescales.overview(jobId);
   * console.log(rescalesCounts, latest.failed?.terminatedReason ?? 'no failed rescale');
   * ```
   */
  async overview(jobId: string, options?: RequestOptions): Promise<RescalesOverview> {
    const jobid = await this.supported(jobId, options);
    return this.ctx.call('GET', '/jobs/{jobid}/rescales/overview', { params: { jobid }, schema: rescalesOverview, options });
  }

  /**
   * `GET /jobs/{jobid}/rescales/summary`: rescale counts and how long rescales took (ms: min, max,
   * average, percentiles), overall and per outcome.
   *
   * @example
   * ```ts
   * const { rescalesDurationStatsInMillis: took } = await flink.rescales.summary(jobId);
   * console.log(`rescales took ${took?.avg ?? '-'} ms on average, ${took?.max ?? '-'} ms at most`);
   * ```
   */
  async summary(jobId: string, options?: RequestOptions): Promise<RescalesSummary> {
    const jobid = await this.supported(jobId, options);
    return this.ctx.call('GET', '/jobs/{jobid}/rescales/summary', { params: { jobid }, schema: rescalesSummary, options });
  }

  /**
   * `GET /jobs/{jobid}/rescales/details/{rescaleuuid}`: one rescale (its `rescaleUuid` from the
   * history or the overview): cause, outcome, times, each vertex's parallelism before and after,
   * slots and the scheduler's states.
   *
   * @example
   * ```ts
   * const [latest] = await flink.jobs.rescaleHistory(jobId);
   * if (latest) console.log(await flink.rescales.details(jobId, latest.rescaleUuid));
   * ```
   */
  async details(jobId: string, rescaleId: string, options?: RequestOptions): Promise<RescaleEntry> {
    if (typeof rescaleId !== 'string' || !/^[0-9a-f-]{32,36}$/i.test(rescaleId)) {
      throw new InvalidInputError(
        `rescales.details: rescaleId must be a rescaleUuid from rescales.overview() or jobs.rescaleHistory(); got ${describe(rescaleId)}`,
      );
    }
    const jobid = await this.supported(jobId, options);
    return this.ctx.call('GET', '/jobs/{jobid}/rescales/details/{rescaleuuid}', {
      params: { jobid, rescaleuuid: rescaleId },
      schema: rescaleEntry,
      options,
    });
  }

  /**
   * `GET /jobs/{jobid}/rescales/config`: the adaptive scheduler's rescale settings for the job (ms):
   * cool-down, stabilization timeouts, the trigger's maximum delay, the history size kept.
   *
   * @example
   * ```ts
   * const config = await flink.rescales.config(jobId);
   * console.log(`history of ${config.rescaleHistoryMax}, cool-down ${config.executingCooldownTimeoutInMillis} ms`);
   * ```
   */
  async config(jobId: string, options?: RequestOptions): Promise<RescaleConfig> {
    const jobid = await this.supported(jobId, options);
    return this.ctx.call('GET', '/jobs/{jobid}/rescales/config', { params: { jobid }, schema: rescaleConfig, options });
  }

  private async supported(jobId: string, options?: RequestOptions): Promise<string> {
    const jobid = checkJobId(jobId);
    requireFeature(await this.ctx.serverVersion(options), 'rescales');
    return jobid;
  }
}
