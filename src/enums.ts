// Flink's enumerations that the SDK lists at run time (to check options, print help, suggest the
// nearest value), each tied to the union of the same name in Flink's spec: a member that a newer
// spec adds or drops stops the build until the list here agrees.
import type { components } from './generated/flink-2.3.js';

type Spec = components['schemas'];

/**
 * Every member of a union of the spec (a repeat is not caught): `everyOf<Spec['X']>()(['A', 'B'])` fails to
 * compile when the list lacks a member of the union (the error names it) or holds one it has not.
 */
const everyOf =
  <U extends string>() =>
  <const L extends readonly U[]>(list: L & ([Exclude<U, L[number]>] extends [never] ? unknown : { missing: Exclude<U, L[number]> })): L =>
    list;

/**
 * The kinds of checkpoint {@link Checkpoints.trigger} can ask for.
 *
 * @example
 * ```ts
 * const type = process.argv[2]?.toUpperCase();
 * if (!CHECKPOINT_TYPES.some((known) => known === type)) throw new Error(`type must be one of ${CHECKPOINT_TYPES.join(', ')}`);
 * ```
 */
export const CHECKPOINT_TYPES = everyOf<Spec['CheckpointType']>()(['CONFIGURED', 'FULL', 'INCREMENTAL']);
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

/**
 * Who owns a snapshot a job is restored from (bin/flink `--claimMode`).
 *
 * @example
 * ```ts
 * const claimMode = (process.env.CLAIM_MODE ?? 'NO_CLAIM').toUpperCase() as ClaimMode;
 * if (!CLAIM_MODES.includes(claimMode)) throw new Error(`CLAIM_MODE must be one of ${CLAIM_MODES.join(', ')}`);
 * ```
 */
export const CLAIM_MODES = everyOf<Spec['RecoveryClaimMode']>()(['CLAIM', 'NO_CLAIM', 'LEGACY']);
/**
 * `CLAIM`: the job takes the snapshot over; `NO_CLAIM`: it copies what it needs; `LEGACY`: the old behaviour.
 *
 * @example
 * ```ts
 * const claimMode: ClaimMode = 'CLAIM'; // the new job may delete the savepoint's files later
 * await flink.jars.run(jarId, { savepointPath, claimMode });
 * ```
 */
export type ClaimMode = (typeof CLAIM_MODES)[number];

/**
 * Savepoint formats (bin/flink `-type`).
 *
 * @example
 * ```ts
 * const format = (process.env.SAVEPOINT_FORMAT ?? 'CANONICAL') as SavepointFormat;
 * if (!SAVEPOINT_FORMATS.includes(format)) throw new Error(`SAVEPOINT_FORMAT: one of ${SAVEPOINT_FORMATS.join(', ')}`);
 * ```
 */
export const SAVEPOINT_FORMATS = everyOf<Spec['SavepointFormatType']>()(['CANONICAL', 'NATIVE']);
/**
 * `CANONICAL`: portable between state backends; `NATIVE`: the backend's own, faster.
 *
 * @example
 * ```ts
 * const formatType: SavepointFormat = 'NATIVE'; // bin/flink savepoint -type native
 * const { location } = await (await flink.savepoints.trigger(jobId, { formatType })).wait();
 * ```
 */
export type SavepointFormat = (typeof SAVEPOINT_FORMATS)[number];

/**
 * The flame graph types Flink samples.
 *
 * @example
 * ```ts
 * for (const type of FLAME_GRAPH_TYPES) console.log(type, (await flink.vertices.flameGraph(jobId, vertexId, { type })).root.value);
 * ```
 */
export const FLAME_GRAPH_TYPES = everyOf<Spec['ThreadStates']>()(['FULL', 'ON_CPU', 'OFF_CPU']);
/**
 * What a flame graph samples: `FULL` (every thread state, mixed), `ON_CPU` (running threads),
 * `OFF_CPU` (waiting, blocked, sleeping).
 *
 * @example
 * ```ts
 * const type: FlameGraphType = 'OFF_CPU'; // where the vertex waits: locks, I/O, back pressure
 * const graph = await flink.vertices.flameGraph(jobId, vertexId, { type });
 * ```
 */
export type FlameGraphType = (typeof FLAME_GRAPH_TYPES)[number];

/**
 * The async-profiler modes Flink offers (`ITIMER` works without `perf_events`).
 *
 * @example
 * ```ts
 * const mode = (process.env.PROFILE_MODE ?? 'ITIMER').toUpperCase();
 * if (!(PROFILING_MODES as readonly string[]).includes(mode)) throw new Error(`PROFILE_MODE: one of ${PROFILING_MODES.join(', ')}`);
 * ```
 */
export const PROFILING_MODES = everyOf<Spec['ProfilingMode']>()(['CPU', 'ALLOC', 'LOCK', 'WALL', 'ITIMER']);
/**
 * An async-profiler mode: `CPU` (needs `perf_events`), `ALLOC`, `LOCK`, `WALL`, or `ITIMER` (CPU
 * sampling without `perf_events`, works in containers).
 *
 * @example
 * ```ts
 * const mode: ProfilingMode = 'WALL'; // every thread, running or not: start-up, blocking I/O
 * await flink.profiler.start({ mode, durationSeconds: 30 });
 * ```
 */
export type ProfilingMode = (typeof PROFILING_MODES)[number];
