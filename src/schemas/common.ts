import { z } from 'zod';

/**
 * A string enum that keeps values it does not know: a newer Flink may add a job state or status, and
 * an older client must pass it through rather than fail. The type still offers the known values.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const vertexState = schemas.openEnum(['CREATED', 'RUNNING', 'FINISHED', 'FAILED', 'CANCELED']);
 * const vertexRow = z.object({ id: z.string(), status: vertexState }); // a state a newer Flink adds still parses
 * ```
 */
export function openEnum<const T extends readonly string[]>(_known: T): z.ZodType<T[number] | (string & {}), string> {
  // A plain string check, typed as the known values or any string: a transform would cost zod its
  // compiled fast path for every object that holds one (a 1,000-job overview: +20% to check).
  return z.string();
}

/**
 * An object of numbers by name (task counts by state, timestamps by state), checked as
 * `z.record(z.string(), z.number())` would, at about half its cost (an object with a catchall is
 * what zod compiles; a record it walks key by key).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const vertexRow = z.looseObject({ id: z.string(), 'status-counts': schemas.numbersByName() });
 * const { 'status-counts': counts } = vertexRow.parse({ id: 'v1', 'status-counts': { RUNNING: 4 } });
 * ```
 */
export const numbersByName = () => z.object({}).catchall(z.number());

/**
 * Every job state Flink 1.18 – 2.3 knows; a newer Flink's new states pass through as strings.
 *
 * @example
 * ```ts
 * const wanted = process.argv[2]?.toUpperCase() ?? 'RUNNING';
 * if (!(JOB_STATES as readonly string[]).includes(wanted)) throw new Error(`unknown state ${wanted}; known: ${JOB_STATES.join(', ')}`);
 * await flink.jobs.waitForState(jobId, [wanted]);
 * ```
 */
export const JOB_STATES = [
  'INITIALIZING',
  'CREATED',
  'RUNNING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'RESTARTING',
  'SUSPENDED',
  'RECONCILING',
] as const;
/**
 * A job state, known or not.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * // a state change event of your own pipeline, with Flink's job state in it
 * const stateEvent = z.object({ job: schemas.jobId, state: schemas.jobState, at: schemas.timestamp });
 * ```
 */
export const jobState = openEnum(JOB_STATES);
/**
 * A job state: one of {@link JOB_STATES}, or a string a newer Flink sends.
 *
 * @example
 * ```ts
 * const state: JobState = await flink.jobs.state(jobId);
 * if (TERMINAL_JOB_STATES.has(state)) console.log(`job ended ${state}`);
 * else if (state === 'RESTARTING') console.warn('job is restarting');
 * ```
 */
export type JobState = z.infer<typeof jobState>;

/**
 * States after which a job never changes again (Flink's "globally terminal").
 *
 * @example
 * ```ts
 * const jobs = await flink.jobs.list();
 * const active = jobs.filter((job) => !TERMINAL_JOB_STATES.has(job.state));
 * ```
 */
export const TERMINAL_JOB_STATES: ReadonlySet<string> = new Set(['FINISHED', 'CANCELED', 'FAILED']);

/**
 * A 32-hex job id as Flink sends it.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const deployment = z.object({ name: z.string(), job: schemas.jobId, savepoint: z.string().optional() });
 * ```
 */
export const jobId = z.string();
/**
 * Milliseconds since the epoch; Flink sends -1 for "not yet".
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const checkpointEvent = z.object({ job: schemas.jobId, completedAt: schemas.timestamp }); // -1: not yet
 * ```
 */
export const timestamp = z.number();

/**
 * A Java double as Flink's JSON has it: a number, or the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` (percentiles of nothing, a busy time not yet measured), read as numbers.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const stats = z.object({ p50: schemas.javaDouble, p99: schemas.javaDouble });
 * console.log(stats.parse({ p50: 12.5, p99: 'NaN' })); // { p50: 12.5, p99: NaN }
 * ```
 */
export const javaDouble = z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity']).transform(Number)]);
