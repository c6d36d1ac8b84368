import type { Command } from 'commander';
import type { FlinkClient } from '../../client.js';
import { ConnectionError, FlinkError, InvalidInputError, NotFoundError, TimeoutError, UnavailableError } from '../../errors.js';
import { fanOut } from '../../resources/fan-out.js';
import type { JobOverview } from '../../schemas/jobs.js';
import { type Cli, positive } from '../context.js';
import type { Register } from './run.js';

/** One row of `top`. */
export interface JobRow {
  jobId: string;
  name: string;
  state: string;
  uptimeMs: number;
  restarts: number | undefined;
  recordsInPerSecond: number | undefined;
  recordsOutPerSecond: number | undefined;
  lastCheckpointAgeMs: number | undefined;
  backpressure: number | undefined;
}

export interface Snapshot {
  at: number;
  flinkVersion: string;
  slots: { total: number; available: number };
  jobs: JobRow[];
  taskManagers: { id: string; slots: number; freeSlots: number; heapUsedBytes: number | undefined; heapMaxBytes: number | undefined }[];
}

async function jobRow(flink: FlinkClient, job: JobOverview, withBackpressure: boolean): Promise<JobRow> {
  // A job that is not running has nothing to measure: its overview says all there is.
  const health = job.state === 'RUNNING' ? await flink.jobs.health(job.jid, { backpressure: withBackpressure }) : undefined;
  return {
    jobId: job.jid,
    name: job.name,
    state: job.state,
    uptimeMs: job.duration,
    restarts: health?.restarts,
    recordsInPerSecond: health?.recordsInPerSecond,
    recordsOutPerSecond: health?.recordsOutPerSecond,
    lastCheckpointAgeMs: health?.checkpoints?.lastCompleted?.ageMs,
    backpressure: health?.backpressure,
  };
}

/** Everything `top` shows, gathered with a bounded number of requests at once. */
export async function snapshot(
  flink: FlinkClient,
  options: { backpressure: boolean; jobs?: (job: JobOverview) => boolean },
): Promise<Snapshot> {
  const [overview, jobs, tms] = await Promise.all([flink.cluster.overview(), flink.jobs.list(), flink.taskManagers.list()]);
  const selected = jobs.filter((j) => (options.jobs ? options.jobs(j) : j.state === 'RUNNING' || j.state === 'RESTARTING'));
  const rows = await fanOut(selected, (job) => jobRow(flink, job, options.backpressure), { limit: 4 });
  const taskManagers = await fanOut(
    tms,
    async (tm) => {
      const metrics = await flink.metrics.taskManager(tm.id, ['Status.JVM.Memory.Heap.Used', 'Status.JVM.Memory.Heap.Max']).catch(() => []);
      const value = (id: string) => metrics.find((m) => m.id === id)?.value;
      return {
        id: tm.id,
        slots: tm.slotsNumber,
        freeSlots: tm.freeSlots,
        heapUsedBytes: value('Status.JVM.Memory.Heap.Used'),
        heapMaxBytes: value('Status.JVM.Memory.Heap.Max'),
      };
    },
    { limit: 4 },
  );
  return {
    at: Date.now(),
    flinkVersion: overview['flink-version'],
    slots: { total: overview['slots-total'], available: overview['slots-available'] },
    jobs: rows,
    taskManagers,
  };
}

const dash = (v: unknown) => (v === undefined ? '-' : String(v));
const secs = (ms: number | undefined) =>
  ms === undefined ? '-' : ms < 120_000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms / 60_000)}m`;
const rate = (n: number | undefined) => (n === undefined ? '-' : n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(n < 10 ? 1 : 0));
const mib = (b: number | undefined) => (b === undefined ? '-' : `${Math.round(b / 2 ** 20)}M`);

export function renderTop(s: Snapshot, url: string): string {
  const head = `flink-rest top — Flink ${s.flinkVersion} at ${url} — ${new Date(s.at).toISOString()} — slots ${s.slots.available}/${s.slots.total} free`;
  const cols = ['JOB ID', 'NAME', 'STATE', 'UPTIME', 'RESTARTS', 'IN/S', 'OUT/S', 'CKPT AGE', 'BACKPRESSURE'];
  const rows = s.jobs.map((j) => [
    j.jobId.slice(0, 8),
    j.name.slice(0, 28),
    j.state,
    secs(j.uptimeMs),
    dash(j.restarts),
    rate(j.recordsInPerSecond),
    rate(j.recordsOutPerSecond),
    secs(j.lastCheckpointAgeMs),
    j.backpressure === undefined ? '-' : `${Math.round(j.backpressure * 100)}%`,
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const tmCols = ['TASKMANAGER', 'SLOTS', 'FREE', 'HEAP USED', 'HEAP MAX'];
  const tmRows = s.taskManagers.map((t) => [
    t.id.slice(0, 32),
    String(t.slots),
    String(t.freeSlots),
    mib(t.heapUsedBytes),
    mib(t.heapMaxBytes),
  ]);
  const tmWidths = tmCols.map((c, i) => Math.max(c.length, ...tmRows.map((r) => (r[i] as string).length)));
  const tmLine = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(tmWidths[i] as number))
      .join('  ')
      .trimEnd();
  return [head, '', line(cols), ...(rows.length ? rows.map(line) : ['(no running jobs)']), '', tmLine(tmCols), ...tmRows.map(tmLine)].join(
    '\n',
  );
}

/** `5m`, `90s`, `1500ms` or plain milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/);
  if (!m) throw new InvalidInputError(`${flag} takes a duration such as 90s, 5m or 1500ms; got "${text}"`);
  const n = Number(m[1]);
  return Math.round(n * ({ ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] ?? 'ms'] as number));
}

/** `CRIT` or `WARN,CRIT`; the warning must come before the critical value (`below`: a minimum, so above it). */
function thresholds(
  text: string | undefined,
  parse: (s: string) => number,
  flag: string,
  below = false,
): { warn?: number; crit: number } | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',');
  if (parts.length > 2 || parts.includes('')) throw new InvalidInputError(`${flag}: thresholds are CRIT or WARN,CRIT; got "${text}"`);
  const [first, second] = parts.map(parse) as [number, number | undefined];
  if (second === undefined) return { crit: first };
  if (below ? first < second : first > second) {
    throw new InvalidInputError(
      `${flag}: the warning threshold must be ${below ? 'at least' : 'at most'} the critical one (WARN,CRIT); got "${text}"`,
    );
  }
  return { warn: first, crit: second };
}

export const CHECK_STATUS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

interface CheckFlags {
  job?: string;
  maxCheckpointAge?: string;
  maxRestarts?: string;
  minRunning?: string;
  maxBackpressure?: string;
}

export function registerMonitor(program: Command, act: Register): void {
  program
    .command('top')
    .description('A live view of the cluster: jobs with state, uptime, restarts, records/s, checkpoint age, back pressure; TaskManagers.')
    .option('--once', 'print one snapshot and exit')
    .option('--interval <ms>', 'refresh interval', '2000')
    .option('--no-backpressure', 'skip back pressure (it costs a request per vertex)')
    .addHelpText('after', '\nExamples:\n  flink-rest top\n  flink-rest top --once --json | jq .jobs')
    .action(
      act('top', async (cli, flags: { once?: boolean; interval: string; backpressure: boolean }) => {
        const interval = positive(flags.interval, '--interval');
        const live = !flags.once && !cli.out.json && Boolean(process.stdout.isTTY);
        for (;;) {
          // Ctrl-C aborts the requests of a snapshot under way: leave quietly, as between two.
          const s = await snapshot(cli.flink, { backpressure: flags.backpressure }).catch((err) => {
            if (cli.interrupt.aborted) return undefined;
            throw err;
          });
          if (!s) return 0;
          if (cli.out.json) process.stdout.write(`${JSON.stringify(s, null, flags.once ? 2 : undefined)}\n`);
          else process.stdout.write(`${live ? '\u001b[H\u001b[2J' : ''}${renderTop(s, cli.flink.baseUrl)}\n`);
          if (flags.once || cli.interrupt.aborted) return 0;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, interval);
            cli.interrupt.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          if (cli.interrupt.aborted) return 0;
        }
      }),
    );

  program
    .command('check')
    .description('A health check for alerting and cron, Nagios style: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.')
    .option('--job <name|id>', 'the job(s) to check: a job id or a job name (default: every running job)')
    .option('--max-checkpoint-age <[warn,]crit>', 'age of the last completed checkpoint, e.g. 2m,5m')
    .option('--max-restarts <[warn,]crit>', 'restarts since the job started')
    .option('--min-running <[warn,]crit>', 'fewest running jobs (of --job, or all)')
    .option('--max-backpressure <[warn,]crit>', 'highest back-pressured ratio of any vertex, 0 – 1')
    .addHelpText(
      'after',
      '\nThresholds are CRIT or WARN,CRIT. Examples:\n  flink-rest check --job "State machine job" --max-checkpoint-age 2m,5m --max-restarts 3\n  flink-rest check --min-running 1 --json',
    )
    .action(
      act('check', async (cli, flags: CheckFlags) => {
        // Whatever keeps the check from judging (bad flags, no cluster) is UNKNOWN, as monitoring expects.
        const result = await runCheck(cli, flags).catch((err): CheckResult => {
          const unreachable = err instanceof ConnectionError || err instanceof TimeoutError || err instanceof UnavailableError;
          return {
            status: 'UNKNOWN',
            summary: `${unreachable ? 'cannot check' : 'check failed'}: ${err instanceof FlinkError ? err.message : String(err)}`,
            problems: [],
          };
        });
        cli.out.result(result, () => `${result.status} - ${result.summary}`);
        return CHECK_STATUS.indexOf(result.status);
      }),
    );
}

interface CheckResult {
  status: (typeof CHECK_STATUS)[number];
  summary: string;
  problems: { job?: string; check: string; value: number | string; status: string }[];
}

async function runCheck(cli: Cli, flags: CheckFlags): Promise<CheckResult> {
  const age = thresholds(flags.maxCheckpointAge, (s) => parseDuration(s, '--max-checkpoint-age'), '--max-checkpoint-age');
  const restarts = thresholds(flags.maxRestarts, (s) => count(s, '--max-restarts'), '--max-restarts');
  const running = thresholds(flags.minRunning, (s) => count(s, '--min-running'), '--min-running', true);
  const pressure = thresholds(flags.maxBackpressure, (s) => ratio(s), '--max-backpressure');
  const all = await cli.flink.jobs.list();
  const mine = flags.job ? all.filter((j) => j.jid === flags.job || j.name === flags.job) : all;
  const live = mine.filter((j) => j.state === 'RUNNING');
  const problems: CheckResult['problems'] = [];
  const judge = (value: number, t: { warn?: number; crit: number } | undefined, check: string, job: string | undefined, below = false) => {
    if (!t) return;
    const over = (limit: number | undefined) => limit !== undefined && (below ? value < limit : value > limit);
    const status = over(t.crit) ? 'CRITICAL' : over(t.warn) ? 'WARNING' : undefined;
    if (status) problems.push({ ...(job ? { job } : {}), check, value, status });
  };
  if (flags.job && mine.length === 0) problems.push({ job: flags.job, check: 'exists', value: 'not found', status: 'CRITICAL' });
  // An unknown job is said once, as not found, not also as "running jobs 0".
  if (mine.length > 0 || !flags.job) judge(live.length, running ?? (flags.job ? { crit: 1 } : undefined), 'running jobs', flags.job, true);
  const rows = await fanOut(
    live,
    async (job) => {
      const row = await jobRow(cli.flink, job, pressure !== undefined);
      // A job that never completed a checkpoint is as old as its uptime, unless it does not checkpoint at all.
      const unchecked = age !== undefined && row.lastCheckpointAgeMs === undefined;
      const checkpointAgeMs = unchecked && (await checkpointsPeriodically(cli.flink, row.jobId)) ? row.uptimeMs : row.lastCheckpointAgeMs;
      return { ...row, checkpointAgeMs };
    },
    { limit: 4 },
  );
  for (const row of rows) {
    if (age && row.checkpointAgeMs !== undefined) judge(row.checkpointAgeMs, age, 'checkpoint age ms', row.name);
    if (restarts && row.restarts !== undefined) judge(row.restarts, restarts, 'restarts', row.name);
    if (pressure && row.backpressure !== undefined) judge(row.backpressure, pressure, 'backpressure', row.name);
  }
  const status = problems.some((p) => p.status === 'CRITICAL') ? 'CRITICAL' : problems.length ? 'WARNING' : 'OK';
  const summary = problems.length
    ? problems.map((p) => `${p.job ? `${p.job}: ` : ''}${p.check} ${p.value} (${p.status})`).join('; ')
    : `${live.length} running job${live.length === 1 ? '' : 's'} healthy`;
  return { status, summary, problems };
}

/**
 * Whether the job checkpoints on its own: not when its interval is "never" (Long.MAX_VALUE, what a
 * streaming job that did not enable checkpointing shows) or Flink has no checkpointing for it (a 404).
 */
async function checkpointsPeriodically(flink: FlinkClient, jobId: string): Promise<boolean> {
  try {
    return (await flink.checkpoints.config(jobId)).interval < 2 ** 62;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

function count(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidInputError(`${flag} takes whole numbers; got "${text}"`);
  return n;
}

function ratio(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidInputError(`--max-backpressure takes ratios from 0 to 1; got "${text}"`);
  return n;
}
