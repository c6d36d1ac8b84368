import { ApiError, InvalidInputError, JobStateError, UnsupportedByServerError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { type WaitOptions, waitFor } from '../operations/waiter.js';
import { TERMINAL_JOB_STATES } from '../schemas/common.js';
import type { JobDetails } from '../schemas/jobs.js';
import { type ResourceRequirements, resourceRequirements } from '../schemas/rescale.js';
import { checkJobId, describe } from '../validate.js';
import { FEATURE_SINCE } from '../version.js';
import type { ClientContext } from './context.js';

/**
 * The parallelism a vertex may run with: the adaptive scheduler picks a value between the bounds.
 *
 * @example
 * ```ts
 * const elastic: ParallelismBounds = { lowerBound: 2, upperBound: 16 }; // runs with what slots there are
 * await flink.jobs.rescale(jobId, { [vertexId]: elastic });
 * ```
 */
export interface ParallelismBounds {
  /** Fewest parallel subtasks the vertex runs with; default 1. */
  lowerBound?: number;
  upperBound: number;
}

/**
 * What {@link Jobs.rescale} asks for: one parallelism for every vertex (like `bin/flink run -p`), or
 * per vertex id a parallelism or bounds; vertices not named keep their requirements.
 *
 * @example
 * ```ts
 * const [source, sink] = (await flink.jobs.get(jobId)).vertices;
 * const target: RescaleTarget = source && sink ? { [source.id]: 2, [sink.id]: { upperBound: 8 } } : 2;
 * await (await flink.jobs.rescale(jobId, target)).wait();
 * ```
 */
export type RescaleTarget = number | Record<string, number | ParallelismBounds>;

/**
 * A rescale Flink accepted. The adaptive scheduler restarts the job with the new parallelism when
 * it has the slots; `wait()` polls until the job runs within the new bounds.
 *
 * @example
 * ```ts
 * const rescaling: Rescaling = await flink.jobs.rescale(jobId, 3);
 * console.log(`asked for ${JSON.stringify(rescaling.requirements)}`);
 * const job = await rescaling.wait({ timeoutMs: 120_000, onProgress: ({ polls }) => console.log(`poll ${polls}`) });
 * ```
 */
export interface Rescaling {
  readonly jobId: string;
  /** What was sent: the bounds of every vertex of the job. */
  readonly requirements: ResourceRequirements;
  /**
   * Polls the job until it is RUNNING with all its tasks and every vertex's parallelism lies within
   * its bounds; returns the job's details. Throws {@link JobStateError} if the job ends first and
   * {@link TimeoutError} at the deadline (e.g. too few free slots for the lower bounds).
   *
   * @example
   * ```ts
   * const job = await (await flink.jobs.rescale(jobId, 2)).wait({ timeoutMs: 60_000 });
   * console.log(`${job.name} runs at ${job.vertices.map((v) => v.parallelism).join('/')}`);
   * ```
   */
  wait(options?: WaitOptions): Promise<JobDetails>;
}

const ADAPTIVE_ONLY = /does not support changing the parallelism|only expected to work with the AdaptiveScheduler/i;

/** `GET /jobs/{jobid}/resource-requirements`, with the default scheduler's refusal made plain. */
export async function readRequirements(
  ctx: ClientContext,
  jobId: string,
  method: string,
  options?: RequestOptions,
): Promise<ResourceRequirements> {
  const jobid = checkJobId(jobId);
  try {
    return await ctx.call('GET', '/jobs/{jobid}/resource-requirements', { params: { jobid }, schema: resourceRequirements, options });
  } catch (err) {
    throw await schedulerError(ctx, err, method, options);
  }
}

/** `PUT /jobs/{jobid}/resource-requirements` with `target` merged into the job's current bounds. */
export async function rescaleJob(
  ctx: ClientContext,
  jobId: string,
  target: RescaleTarget,
  details: (jobId: string, options: RequestOptions) => Promise<JobDetails>,
  options?: RequestOptions,
): Promise<Rescaling> {
  checkJobId(jobId);
  checkTarget(target);
  const current = await readRequirements(ctx, jobId, 'jobs.rescale', options);
  const requirements = merge(current, target);
  try {
    await ctx.call('PUT', '/jobs/{jobid}/resource-requirements', {
      params: { jobid: jobId },
      body: requirements,
      // Setting the same bounds again changes nothing: safe to repeat.
      retry: 'safe',
      options,
    });
  } catch (err) {
    throw await schedulerError(ctx, err, 'jobs.rescale', options);
  }
  const summary = describeBounds(requirements);
  return {
    jobId,
    requirements,
    wait: (waitOptions) =>
      waitFor<JobDetails>(
        `job ${jobId} running at parallelism ${summary}`,
        async ({ signal, timeoutMs }) => {
          const job = await details(jobId, { signal, timeoutMs });
          if (TERMINAL_JOB_STATES.has(job.state)) throw new JobStateError(jobId, job.state, ['RUNNING']);
          const settled =
            job.state === 'RUNNING' &&
            job.vertices.length > 0 &&
            job.vertices.every((v) => {
              const bounds = requirements[v.id]?.parallelism;
              const running = v.status === 'RUNNING' || v.status === 'FINISHED';
              return running && (!bounds || (v.parallelism >= bounds.lowerBound && v.parallelism <= bounds.upperBound));
            });
          return settled ? { done: true, value: job } : { done: false };
        },
        waitOptions,
      ),
  };
}

function checkTarget(target: unknown): void {
  const positive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (typeof target === 'number') {
    if (!positive(target)) throw new InvalidInputError(`jobs.rescale: parallelism must be a whole number ≥ 1; got ${describe(target)}`);
    return;
  }
  if (typeof target !== 'object' || target === null || Array.isArray(target) || Object.keys(target).length === 0) {
    throw new InvalidInputError(
      `jobs.rescale: give a parallelism (e.g. 4) or an object of vertex id → parallelism or { lowerBound, upperBound }; got ${describe(target)}`,
    );
  }
  for (const [vertex, value] of Object.entries(target)) {
    if (typeof value === 'number') {
      if (!positive(value))
        throw new InvalidInputError(`jobs.rescale: parallelism of vertex ${vertex} must be a whole number ≥ 1; got ${describe(value)}`);
      continue;
    }
    const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    const { lowerBound = 1, upperBound } = (value ?? {}) as ParallelismBounds;
    if (keys.some((k) => k !== 'lowerBound' && k !== 'upperBound') || !positive(lowerBound) || !positive(upperBound)) {
      throw new InvalidInputError(
        `jobs.rescale: vertex ${vertex} needs a parallelism ≥ 1 or { lowerBound?, upperBound } of whole numbers ≥ 1; got ${describe(value)}`,
      );
    }
    if (lowerBound > upperBound) {
      throw new InvalidInputError(`jobs.rescale: vertex ${vertex}: lowerBound ${lowerBound} is above upperBound ${upperBound}`);
    }
  }
}

function merge(current: ResourceRequirements, target: RescaleTarget): ResourceRequirements {
  const vertices = Object.keys(current);
  if (typeof target === 'number') {
    return Object.fromEntries(vertices.map((v) => [v, { parallelism: { lowerBound: target, upperBound: target } }]));
  }
  const unknown = Object.keys(target).filter((v) => !vertices.includes(v));
  if (unknown.length) {
    throw new InvalidInputError(`jobs.rescale: the job has no vertex ${unknown.join(', ')}; its vertices: ${vertices.join(', ')}`);
  }
  return Object.fromEntries(
    vertices.map((v) => {
      const wanted = target[v];
      if (wanted === undefined) return [v, { parallelism: { ...current[v]?.parallelism } }];
      const bounds =
        typeof wanted === 'number'
          ? { lowerBound: wanted, upperBound: wanted }
          : { lowerBound: wanted.lowerBound ?? 1, upperBound: wanted.upperBound };
      return [v, { parallelism: bounds }];
    }),
  ) as ResourceRequirements;
}

function describeBounds(requirements: ResourceRequirements): string {
  const texts = new Set(
    Object.values(requirements).map(({ parallelism: p }) =>
      p.lowerBound === p.upperBound ? `${p.upperBound}` : `${p.lowerBound}..${p.upperBound}`,
    ),
  );
  return [...texts].join('/');
}

/** The default scheduler answers 500 with an UnsupportedOperationException: say what is needed. */
async function schedulerError(ctx: ClientContext, err: unknown, method: string, options?: RequestOptions): Promise<unknown> {
  if (!(err instanceof ApiError) || err.status < 500) return err;
  const text = [...err.errors, err.stackTrace ?? ''].join('\n');
  if (!ADAPTIVE_ONLY.test(text)) return err;
  const version = await ctx.serverVersion(options).then(
    (v) => v.raw,
    () => 'unknown',
  );
  return new UnsupportedByServerError(
    method,
    version,
    FEATURE_SINCE['jobs.rescale'],
    `${method}: this job runs on Flink's default scheduler, which cannot change a running job's parallelism; start the cluster with jobmanager.scheduler: adaptive (Flink ${version} said: ${err.errors[0] ?? 'UnsupportedOperationException'})`,
    { cause: err },
  );
}
