import { z } from 'zod';

/**
 * A string enum that keeps values it does not know: a newer Flink may add a job state or status, and
 * an older client must pass it through rather than fail. The type still offers the known values.
 */
export function openEnum<const T extends readonly string[]>(_known: T) {
  return z.string().transform((value): T[number] | (string & {}) => value);
}

/** Every job state Flink 1.18 – 2.3 knows; a newer Flink's new states pass through as strings. */
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
/** A job state, known or not. */
export const jobState = openEnum(JOB_STATES);
/** A job state: one of {@link JOB_STATES}, or a string a newer Flink sends. */
export type JobState = z.infer<typeof jobState>;

/** States after which a job never changes again (Flink's "globally terminal"). */
export const TERMINAL_JOB_STATES: ReadonlySet<string> = new Set(['FINISHED', 'CANCELED', 'FAILED']);

/** A 32-hex job id as Flink sends it. */
export const jobId = z.string();
/** Milliseconds since the epoch; Flink sends -1 for "not yet". */
export const timestamp = z.number();
