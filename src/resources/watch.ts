import { z } from 'zod';
import { AbortError } from '../errors.js';
import { sleep } from '../operations/waiter.js';
import { type JobState, TERMINAL_JOB_STATES } from '../schemas/common.js';
import type { JobDetails, JobOverview } from '../schemas/jobs.js';
import { describe, options, parseOptions, positiveInt, positiveNumber } from '../validate.js';
import { fanOut } from './fan-out.js';

/**
 * One state change of a job, as {@link Jobs.watch} reports it.
 *
 * @example
 * ```ts
 * function alert(change: JobStateChange): void {
 *   if (change.to === 'FAILED' || change.to === 'RESTARTING') {
 *     console.error(`${new Date(change.at).toISOString()} ${change.name} (${change.jobId}): ${change.from ?? 'new'} → ${change.to}`);
 *   }
 * }
 * for await (const change of flink.jobs.watch()) alert(change);
 * ```
 */
export interface JobStateChange {
  jobId: string;
  name: string;
  /** The state before; undefined for the first report of a job. */
  from: JobState | undefined;
  to: JobState;
  /** When Flink says the job entered `to` (ms since the epoch). */
  at: number;
}

const watchOptions = options({
  /** Pause between polls in ms. Default 1 000. */
  intervalMs: positiveNumber().optional(),
  /** Ends the watch (the iteration simply stops). */
  signal: z.instanceof(AbortSignal, { error: (i) => `must be an AbortSignal; got ${describe(i.input)}` }).optional(),
  /** How many job details to fetch at once when several jobs changed. Default 4. */
  concurrency: positiveInt().optional(),
});

/**
 * Options of {@link Jobs.watch}.
 *
 * @example
 * ```ts
 * const options: WatchOptions = { intervalMs: 5_000, signal: AbortSignal.timeout(3_600_000) }; // one hour
 * for await (const change of flink.jobs.watch(jobId, options)) console.log(change.to);
 * ```
 */
export type WatchOptions = z.input<typeof watchOptions>;

interface Source {
  overview(signal: AbortSignal): Promise<JobOverview[]>;
  details(jobId: string, signal: AbortSignal): Promise<JobDetails>;
}

/**
 * Polls jobs and yields their state changes in the order they happened. Flink records when a job
 * last entered each state (`timestamps`), so a change that came and went between two polls (e.g.
 * RUNNING → RESTARTING → RUNNING) is still reported.
 */
export async function* watchJobs(source: Source, jobId: string | undefined, given?: WatchOptions): AsyncGenerator<JobStateChange> {
  const options = parseOptions(watchOptions, given, 'jobs.watch');
  const intervalMs = options.intervalMs ?? 1_000;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const known = new Map<string, { state: JobState; seen: number }>();
  const modified = new Map<string, number>();
  // Job details are cached by the server for a few seconds longer than the overview: a job whose
  // details do not show the overview's state yet is asked for again at the next poll.
  const expected = new Map<string, JobState>();
  try {
    while (!signal.aborted) {
      let changed: string[];
      try {
        if (jobId) {
          changed = [jobId];
        } else {
          const jobs = await source.overview(signal);
          const fresh = jobs.filter((j) => modified.get(j.jid) !== j['last-modification']);
          for (const j of fresh) {
            modified.set(j.jid, j['last-modification']);
            expected.set(j.jid, j.state);
          }
          changed = fresh.map((j) => j.jid);
        }
        const details = await fanOut(changed, (id) => source.details(id, signal), { limit: options.concurrency ?? 4, signal });
        for (const job of details) {
          for (const change of changesOf(job, known.get(job.jid))) yield change;
          if (expected.has(job.jid) && expected.get(job.jid) !== job.state) modified.delete(job.jid);
          const last = known.get(job.jid);
          known.set(job.jid, { state: job.state, seen: Math.max(last?.seen ?? 0, latestTimestamp(job)) });
          if (jobId && TERMINAL_JOB_STATES.has(job.state)) return;
        }
      } catch (err) {
        if (signal.aborted || err instanceof AbortError) return;
        throw err;
      }
      await sleep(intervalMs, signal);
    }
  } finally {
    stop.abort();
  }
}

function changesOf(job: JobDetails, before: { state: JobState; seen: number } | undefined): JobStateChange[] {
  const entered = Object.entries(job.timestamps)
    .filter(([, at]) => at > 0 && at > (before?.seen ?? 0))
    .sort(([, a], [, b]) => a - b);
  if (!before) {
    // First sight: report where the job is now, not its whole history.
    return [{ jobId: job.jid, name: job.name, from: undefined, to: job.state, at: job.timestamps[job.state] ?? job['start-time'] }];
  }
  const changes: JobStateChange[] = [];
  let from: JobState = before.state;
  for (const [state, at] of entered) {
    if (state === from) continue;
    changes.push({ jobId: job.jid, name: job.name, from, to: state, at });
    from = state;
  }
  if (from !== job.state) changes.push({ jobId: job.jid, name: job.name, from, to: job.state, at: job.now });
  return changes;
}

function latestTimestamp(job: JobDetails): number {
  return Math.max(0, ...Object.values(job.timestamps));
}
