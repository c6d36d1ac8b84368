import { InvalidInputError } from '../errors.js';

/**
 * How many calls {@link fanOut} runs at once unless told otherwise: the client's default pool size.
 *
 * @example
 * ```ts
 * const jobs = await flink.jobs.list();
 * const limit = Math.min(DEFAULT_FAN_OUT, 4); // be gentler than the default with a busy JobManager
 * const details = await fanOut(jobs, (job) => flink.jobs.get(job.jid), { limit });
 * ```
 */
export const DEFAULT_FAN_OUT = 8;

/**
 * Runs `task` for every item with at most `limit` running at once, results in input order: poll
 * hundreds of jobs without flooding the JobManager. The first failure rejects (the rest finish).
 *
 * @example
 * ```ts
 * const jobs = await flink.jobs.list({ groups: ['running'] });
 * const stats = await fanOut(jobs, (job) => flink.checkpoints.stats(job.jid), { limit: 4 });
 * ```
 */
export async function fanOut<T, R>(
  items: Iterable<T>,
  task: (item: T, index: number) => Promise<R>,
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<R[]> {
  const limit = options.limit ?? DEFAULT_FAN_OUT;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidInputError(`fanOut: limit must be a positive whole number; got ${limit}`);
  const list = [...items];
  const results: R[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      options.signal?.throwIfAborted();
      const index = next++;
      results[index] = await task(list[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}
