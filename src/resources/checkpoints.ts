import type { z } from 'zod';
import { CHECKPOINT_TYPES } from '../enums.js';
import { InvalidInputError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { type Operation, type TriggerSpec, trigger, triggerIdOption } from '../operations/operation.js';
import {
  type CheckpointConfig,
  type CheckpointDetails,
  type CheckpointStats,
  type CheckpointSubtasks,
  checkpointConfig,
  checkpointDetails,
  checkpointStats,
  checkpointSubtasks,
} from '../schemas/checkpoints.js';
import { checkHexId, checkJobId, describe, oneOf, options } from '../validate.js';
import { Resource } from './context.js';
import { type CheckpointHealth, checkpointHealth } from './job-health.js';

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
export class Checkpoints extends Resource {
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
   * `GET /jobs/{jobid}/checkpoints/details/{checkpointid}`: one checkpoint or savepoint of the
   * history (ids from {@link Checkpoints.stats}): status, times, sizes, its path once completed,
   * and per vertex how many subtasks acknowledged it. Flink keeps the last
   * `web.checkpoints.history` (10) checkpoints; an older id: {@link NotFoundError}.
   *
   * @example
   * ```ts
   * const { latest } = await flink.checkpoints.stats(jobId);
   * if (latest.completed) {
   *   const checkpoint = await flink.checkpoints.details(jobId, latest.completed.id);
   *   for (const [vertex, task] of Object.entries(checkpoint.tasks)) console.log(vertex, `${task.num_acknowledged_subtasks}/${task.num_subtasks}`);
   * }
   * ```
   */
  async details(jobId: string, checkpointId: number, options?: RequestOptions): Promise<CheckpointDetails> {
    const params = { jobid: checkJobId(jobId), checkpointid: checkpointIdArg('checkpoints.details', checkpointId) };
    return this.ctx.call('GET', '/jobs/{jobid}/checkpoints/details/{checkpointid}', { params, schema: checkpointDetails, options });
  }

  /**
   * `GET /jobs/{jobid}/checkpoints/details/{checkpointid}/subtasks/{vertexid}`: one vertex's part
   * of a checkpoint, with each subtask's acknowledgement time, sync and async durations, alignment
   * and sizes: where a slow checkpoint spends its time.
   *
   * @example
   * ```ts
   * const { subtasks } = await flink.checkpoints.subtasks(jobId, 42, vertexId);
   * for (const s of subtasks) console.log(s.index, s.status, s.checkpoint?.sync, s.checkpoint?.async, s.alignment?.duration);
   * ```
   */
  async subtasks(jobId: string, checkpointId: number, vertexId: string, options?: RequestOptions): Promise<CheckpointSubtasks> {
    const params = {
      jobid: checkJobId(jobId),
      checkpointid: checkpointIdArg('checkpoints.subtasks', checkpointId),
      vertexid: checkHexId(vertexId, 'vertex id'),
    };
    return this.ctx.call('GET', '/jobs/{jobid}/checkpoints/details/{checkpointid}/subtasks/{vertexid}', {
      params,
      schema: checkpointSubtasks,
      options,
    });
  }

  /**
   * Where the job's latest completed checkpoint is, to restore from (e.g. after a lost job, as the
   * Kubernetes operator's last-state upgrade does): the `external_path` of the latest completed
   * checkpoint in {@link Checkpoints.stats}, or undefined when there is none yet or it is not
   * retained (`<checkpoint-not-externalized>`; see `execution.checkpointing.externalized-checkpoint-retention`).
   *
   * @example
   * ```ts
   * const path = await flink.checkpoints.latestPath(jobId);
   * if (path) await flink.jars.run(jarId, { savepointPath: path, claimMode: 'NO_CLAIM' });
   * ```
   */
  async latestPath(jobId: string, options?: RequestOptions): Promise<string | undefined> {
    const path = (await this.stats(jobId, options)).latest.completed?.external_path;
    return path && !path.startsWith('<') ? path : undefined;
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

function checkpointIdArg(where: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new InvalidInputError(`${where}: checkpoint id must be a whole number ≥ 0 from checkpoints.stats(); got ${describe(value)}`);
  }
  return value as number;
}
