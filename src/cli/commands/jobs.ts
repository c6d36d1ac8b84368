import type { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import { innermostCause } from '../../http/errors.js';
import { type JobGroup, jobGroup } from '../../resources/jobs.js';
import type { ParallelismBounds, RescaleTarget } from '../../resources/rescale.js';
import type { JobOverview } from '../../schemas/jobs.js';
import { hexId, positive, savepointFormat } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { followOperation, isCanonical, savepointDone } from './operations.js';
import type { Register } from './run.js';

// bin/flink's list (CliFrontend): an empty running or scheduled section says so; an empty terminated one prints nothing.
const SECTIONS: [JobGroup, string, string | undefined][] = [
  ['running', '------------------ Running/Restarting Jobs -------------------', 'No running jobs.'],
  ['scheduled', '----------------------- Scheduled Jobs -----------------------', 'No scheduled jobs.'],
  ['terminated', '---------------------- Terminated Jobs -----------------------', undefined],
];

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function listText(jobs: JobOverview[], groups: JobGroup[], color: (state: string) => string): string {
  const out: string[] = [];
  for (const [group, title, none] of SECTIONS) {
    if (!groups.includes(group)) continue;
    const mine = jobs.filter((j) => jobGroup(j.state) === group).sort((a, b) => a['start-time'] - b['start-time']);
    if (!mine.length) {
      if (none) out.push(none);
      continue;
    }
    out.push(title, ...mine.map((j) => `${stamp(j['start-time'])} : ${j.jid} : ${j.name} (${color(j.state)})`), '-'.repeat(title.length));
  }
  return out.join('\n');
}

/** `-p n` or `--vertex id=n|min..max` (repeatable), exactly one of the two. */
function rescaleTarget(parallelism: string | undefined, vertices: string[]): RescaleTarget {
  if ((parallelism === undefined) === (vertices.length === 0)) {
    throw new InvalidInputError('rescale: give either -p <n> or one or more --vertex <id=n>');
  }
  if (parallelism !== undefined) return positive(parallelism, '--parallelism');
  const target: Record<string, number | ParallelismBounds> = {};
  for (const spec of vertices) {
    const m = spec.match(/^([^=\s]+)=(\d+)(?:\.\.(\d+))?$/);
    if (!m) throw new InvalidInputError(`--vertex must be <vertex id>=<n> or <vertex id>=<min>..<max>; got "${spec}"`);
    const [, id, low, high] = m as unknown as [string, string, string, string | undefined];
    target[id] =
      high === undefined ? positive(low, '--vertex') : { lowerBound: positive(low, '--vertex'), upperBound: positive(high, '--vertex') };
  }
  return target;
}

export function registerJobs(program: Command, act: Register): void {
  program
    .command('list')
    .description('List jobs like bin/flink list: running and scheduled by default.')
    .addHelpText('after', "\nExamples:\n  flink-rest list\n  flink-rest list --all\n  flink-rest list -r --json | jq -r '.[].jid'")
    .option('-a, --all', 'running, scheduled and terminated jobs')
    .option('-r, --running', 'running and restarting jobs only')
    .option('-s, --scheduled', 'scheduled jobs only')
    .action(
      act('list', async (cli, flags: { all?: boolean; running?: boolean; scheduled?: boolean }) => {
        const groups: JobGroup[] = flags.all
          ? ['running', 'scheduled', 'terminated']
          : flags.running || flags.scheduled
            ? [...(flags.running ? (['running'] as const) : []), ...(flags.scheduled ? (['scheduled'] as const) : [])]
            : ['running', 'scheduled'];
        const jobs = await cli.flink.jobs.list({ groups });
        cli.out.result(jobs, () => listText(jobs, groups, cli.out.state));
        return EXIT.ok;
      }),
    );

  program
    .command('cancel')
    .argument('<jobId>', 'the job to cancel')
    .description('Cancel a job and wait until it is CANCELED.')
    .option('-s, --withSavepoint [dir]', 'take a savepoint first, into dir or the cluster’s default (deprecated in bin/flink: prefer stop)')
    .option('--type <format>', 'canonical | native: the format of the -s savepoint')
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest cancel a3f1c0de00000000000000000000beef\n  flink-rest cancel JOB --wait-timeout 60000\n  flink-rest cancel -s file:///savepoints JOB',
    )
    .action(
      act('cancel', async (cli, jobArg: string, flags: { withSavepoint?: string | true; type?: string }) => {
        const jobId = hexId(jobArg, 'the job id');
        if (flags.type && !flags.withSavepoint)
          throw new InvalidInputError('cancel: --type is the format of a savepoint: it goes with -s/--withSavepoint');
        if (flags.withSavepoint) {
          const canonical = isCanonical(flags.type); // checked before anything is sent
          // bin/flink cancel -s: one savepoint request that cancels the job once the savepoint is written.
          const op = await cli.flink.savepoints.trigger(jobId, {
            cancelJob: true,
            ...(typeof flags.withSavepoint === 'string' ? { targetDirectory: flags.withSavepoint } : {}),
            ...(flags.type ? { formatType: savepointFormat(flags.type) } : {}),
          });
          const done = (r: { location: string }) => `Cancelled job ${jobId}. Savepoint stored in ${r.location}.`;
          return followOperation(cli, op, false, done, canonical);
        }
        await cli.flink.jobs.cancel(jobId);
        const state = await cli.out.spin(
          `cancelling ${jobId}`,
          cli.flink.jobs.waitForState(jobId, ['CANCELED'], {
            signal: cli.interrupt,
            ...(cli.waitTimeoutMs ? { timeoutMs: cli.waitTimeoutMs } : {}),
          }),
        );
        cli.out.result({ jobId, state }, () => `Cancelled job ${jobId}.`);
        return EXIT.ok;
      }),
    );

  program
    .command('stop')
    .argument('<jobId>', 'the job to stop')
    .description('Stop a job with a savepoint.')
    .option('-p, --savepointPath [dir]', 'target directory (default: the cluster’s savepoint directory)')
    .option('-d, --drain', 'emit MAX_WATERMARK first, so that windows and timers fire')
    .option('--type <format>', 'canonical | native')
    .option('--detached', 'print the operation handle instead of waiting')
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest stop --type native a3f1c0de00000000000000000000beef\n  flink-rest stop --savepointPath /tmp/flink-savepoints $JOB_ID\n  flink-rest stop -detached -p file:///savepoints JOB',
    )
    .action(
      act(
        'stop',
        async (cli, jobArg: string, flags: { savepointPath?: string | true; drain?: boolean; type?: string; detached?: boolean }) => {
          const jobId = hexId(jobArg, 'the job id');
          const canonical = isCanonical(flags.type); // checked before anything is sent
          const op = await cli.flink.jobs.stop(jobId, {
            ...(typeof flags.savepointPath === 'string' ? { targetDirectory: flags.savepointPath } : {}),
            ...(flags.drain ? { drain: true } : {}),
            ...(flags.type ? { formatType: savepointFormat(flags.type) } : {}),
          });
          return followOperation(cli, op, Boolean(flags.detached), (r) => savepointDone(r.location), canonical);
        },
      ),
    );

  program
    .command('rescale')
    .argument('<jobId>', 'the job to rescale')
    .description("Change a running job's parallelism in place (adaptive scheduler) and wait until it runs with it.")
    .option('-p, --parallelism <n>', 'every vertex at this parallelism')
    .option('--vertex <id=n>', 'one vertex at n, or between min..max (repeatable; others keep theirs)', (v: string, all: string[] = []) => [
      ...all,
      v,
    ])
    .option('--detached', 'return once Flink accepted the new requirements')
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest rescale a3f1c0de00000000000000000000beef -p 4\n  flink-rest rescale JOB --vertex 90bea66de1c231edf33913ecd54406c1=1..8 --detached\n\nNeeds jobmanager.scheduler: adaptive on the cluster (exit 6 otherwise).',
    )
    .action(
      act('rescale', async (cli, jobArg: string, flags: { parallelism?: string; vertex?: string[]; detached?: boolean }) => {
        const jobId = hexId(jobArg, 'the job id');
        const target = rescaleTarget(flags.parallelism, flags.vertex ?? []);
        const rescaling = await cli.flink.jobs.rescale(jobId, target);
        const asked = Object.fromEntries(Object.entries(rescaling.requirements).map(([v, r]) => [v, r.parallelism]));
        if (flags.detached) {
          cli.out.result({ jobId, requirements: asked }, () => `Rescaling job ${jobId}: ${JSON.stringify(asked)}`);
          return EXIT.ok;
        }
        const job = await cli.out.spin(
          `rescaling ${jobId}`,
          rescaling.wait({ signal: cli.interrupt, ...(cli.waitTimeoutMs ? { timeoutMs: cli.waitTimeoutMs } : {}) }),
        );
        cli.out.result(
          { jobId, requirements: asked, vertices: job.vertices.map((v) => ({ id: v.id, name: v.name, parallelism: v.parallelism })) },
          () => [`Rescaled job ${jobId}:`, ...job.vertices.map((v) => `  p=${v.parallelism}  ${v.name}`)].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  program
    .command('job')
    .argument('<jobId>', 'the job')
    .description('Details of a job: state, vertices, exceptions, checkpoints (formerly "info JOB"; info is bin/flink\'s plan of a jar).')
    .addHelpText('after', '\nExamples:\n  flink-rest job JOB\n  flink-rest job JOB --json | jq .exceptions[0]')
    .action(
      act('job', async (cli, jobArg: string) => {
        const jobId = hexId(jobArg, 'the job id');
        const [job, exceptions, health] = await Promise.all([
          cli.flink.jobs.get(jobId),
          cli.flink.jobs.exceptions(jobId),
          cli.flink.checkpoints.health(jobId).catch(() => undefined),
        ]);
        const latest = exceptions.exceptionHistory.entries[0];
        cli.out.result({ job, exceptions: exceptions.exceptionHistory.entries, checkpoints: health }, () =>
          [
            `Job ${job.jid} "${job.name}": ${cli.out.state(job.state)} since ${stamp(job.timestamps[job.state] ?? job['start-time'])}`,
            ...job.vertices.map(
              (v) => `  ${cli.out.state(v.status)}${' '.repeat(Math.max(1, 10 - v.status.length))}p=${v.parallelism}  ${v.name}`,
            ),
            `Exceptions: ${exceptions.exceptionHistory.entries.length}${latest ? ` (latest: ${innermostCause(latest.stacktrace) ?? latest.exceptionName})` : ''}`,
            health
              ? `Checkpoints: ${health.counts.completed} completed, ${health.counts.failed} failed${health.lastCompleted ? `, last ${Math.round(health.lastCompleted.ageMs / 1000)} s ago` : ''}`
              : 'Checkpoints: not enabled',
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  program
    .command('watch')
    .argument('[jobId]', 'one job (until it ends); default every job (until Ctrl-C)')
    .option('--interval <ms>', 'pause between polls', '1000')
    .description('Print state changes as they happen, with the time Flink recorded them (--json: one JSON object per line).')
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest watch                 # every job, until Ctrl-C (exit 130)\n  flink-rest watch JOB --interval 500   # until JOB is FINISHED, CANCELED or FAILED (exit 0)',
    )
    .action(
      act('watch', async (cli, jobArg: string | undefined, flags: { interval: string }) => {
        const jobId = jobArg === undefined ? undefined : hexId(jobArg, 'the job id');
        for await (const change of cli.flink.jobs.watch(jobId, {
          intervalMs: positive(flags.interval, '--interval'),
          signal: cli.interrupt,
        })) {
          if (cli.out.json) process.stdout.write(`${JSON.stringify(change)}\n`);
          else
            process.stdout.write(
              `${new Date(change.at).toISOString()} ${change.jobId} ${change.name}: ${change.from ?? '—'} -> ${cli.out.state(change.to)}\n`,
            );
        }
        // Every job is watched until Ctrl-C; one job until it ends (or Ctrl-C).
        return cli.interrupt.aborted ? EXIT.interrupted : EXIT.ok;
      }),
    );
}
