import type { z } from 'zod';
import type { RequestOptions } from '../http/options.js';
import { type Operation, type TriggerSpec, trigger, triggerIdOption } from '../operations/operation.js';
import { type CheckpointConfig, type CheckpointStats, checkpointConfig, checkpointStats } from '../schemas/checkpoints.js';
import { checkJobId, oneOf, options } from '../validate.js';
import type { ClientContext } from './context.js';
import { type CheckpointHealth, checkpointHealth } from './job-health.js';

/**
 * The kinds of checkpoint {@link Checkpoints.trigger} can ask for.
 *
 * @example
 * ```ts
 * const type = process.argv[2]?.toUpperCase();
 * if (!CHECKPOINT_TYPES.some((known) => known === type)) throw new Error(`type must be one of ${CHECKPOINT_TYPES.join(', ')}`);
 * ```
 */
export const CHECKPOINT_TYPES = ['CONFIGURED', 'FULL', 'INCREMENTAL'] as const;
/**
 * `FULL`, `INCREMENTAL`, or `CONFIGURED` (what the job's state backend does by default).
 *
 * @example
 * ```ts
 * const type: CheckpointType = 'FULL';
 * await (await flink.checkpoints.trigger(jobId, { type })).wait();
 * ```
 */
export type CheckpointType = (typeof CHECKPOINT_TYPES)[number];

const triggerOptions = options({
  /** `FULL` (bin/flink checkpoint --full), `INCREMENTAL`, or `CONFIGURED` (default: what the job's backend does); any case. */
  type: oneOf(CHECKPOINT_TYPES).optional(),
  ...triggerIdOption,
});
const CHECKPOINT = {
  kind: 'checkpoint',
  where: 'checkpoints.trigger',
  schema: triggerOptions,
  body: (opts) => ({ checkpointType: opts.type ?? 'CONFIGURED' }),
} satisfies TriggerSpec<'checkpoint', typeof triggerOptions>;

/**
 * Options of {@link Checkpoints.trigger}.
 *
 * @example
 * ```ts
 * const options: CheckpointTriggerOptions = { type: 'full' }; // bin/flink checkpoint --full
 * const { checkpointId } = await (await flink.checkpoints.trigger(jobId, options)).wait();
 * ```
 */
export type CheckpointTriggerOptions = z.input<typeof triggerOptions>;

/**
 * Checkpoints: trigger one (bin/flink checkpoint), statistics, configuration.
 *
 * @example
 * ```ts
 * const { checkpointId } = await (await flink.checkpoints.trigger(jobId)).wait();
 * const stats = await flink.checkpoints.stats(jobId);
 * console.log(`checkpoint ${checkpointId} done; ${stats.counts.completed} completed so far`);
 * ```
 */
export class Checkpoints {
  constructor(private readonly ctx: ClientContext) {}

  /**
   * `POST /jobs/{jobid}/checkpoints`: returns the operation at once; `await op.wait()` gives `{ checkpointId }`.
   * The request carries a fresh trigger id, so a retried request never takes two checkpoints.
   *
   * @example
   * ```ts
   * const op = await flink.checkpoints.trigger(jobId, { type: 'INCREMENTAL' });
   * const { checkpointId } = await op.wait({ timeoutMs: 60_000 });
   * ```
   */
  async trigger(jobId: string, given?: CheckpointTriggerOptions, options?: RequestOptions): Promise<Operation<'checkpoint'>> {
    return trigger(this.ctx, CHECKPOINT, jobId, given, options);
  }

  /**
   * `GET /jobs/{jobid}/checkpoints`: counts, latest completed/failed/savepoint/restored, and recent history.
   *
   * @example
   * ```ts
   * const { counts, latest } = await flink.checkpoints.stats(jobId);
   * console.log(`${counts.completed} completed, ${counts.failed} failed; last at ${latest.completed?.external_path ?? '-'}`);
   * ```
   */
  async stats(jobId: string, options?: RequestOptions): Promise<CheckpointStats> {
    return this.ctx.call('GET', '/jobs/{jobid}/checkpoints', { params: { jobid: checkJobId(jobId) }, schema: checkpointStats, options });
  }

  /**
   * `GET /jobs/{jobid}/checkpoints/config`: interval, timeout, mode, storage of the job's checkpointing.
   *
   * @example
   * ```ts
   * const { mode, interval, timeout } = await flink.checkpoints.config(jobId);
   * console.log(`${mode} every ${interval} ms, timeout ${timeout} ms`);
   * ```
   */
  async config(jobId: string, options?: RequestOptions): Promise<CheckpointConfig> {
    return this.ctx.call('GET', '/jobs/{jobid}/checkpoints/config', {
      params: { jobid: checkJobId(jobId) },
      schema: checkpointConfig,
      options,
    });
  }

  /**
   * A job's checkpointing at a glance: last completed checkpoint with its age, duration and size,
   * last failure with its cause, counts.
   *
   * @example
   * ```ts
   * const health = await flink.checkpoints.health(jobId);
   * if (!health.lastCompleted || health.lastCompleted.ageMs > 10 * 60_000) {
   *   console.error(`no checkpoint for 10 minutes; last failure: ${health.lastFailed?.cause ?? 'none'}`);
   * }
   * ```
   */
  async health(jobId: string, options?: RequestOptions): Promise<CheckpointHealth> {
    return checkpointHealth(await this.stats(jobId, options));
  }
}
