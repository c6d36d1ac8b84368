// What operators open when a job misbehaves: exceptions, checkpoints, thread dumps, flame graphs,
// the profiler; and how an attached run ends (bin/flink's net runtime and accumulators).
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import { innermostCause } from '../../http/errors.js';
import { type FlameGraph, type FlameGraphNode, foldedStacks } from '../../resources/vertices.js';
import type { CheckpointEntry } from '../../schemas/checkpoints.js';
import { type Cli, positive } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { Register } from './run.js';

const iso = (ms: number | undefined) => (ms === undefined || ms <= 0 ? '-' : new Date(ms).toISOString());
const bytes = (n: number | undefined) =>
  n === undefined ? '-' : n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
const ms = (n: number | undefined) => (n === undefined || n < 0 ? '-' : `${n} ms`);

/** Columns padded to their widest cell. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** `org.apache.flink.runtime.taskmanager.Task.run:579` → `Task.run:579`. */
function shortFrame(name: string): string {
  const m = name.match(/^(?:[a-z_$][\w$]*\.)+([A-Z$][^.]*\..*)$/);
  return m ? (m[1] as string) : name;
}

/**
 * A flame graph as an indented tree for a terminal: each line the share of samples and the frame;
 * a chain of single calls is folded into one line (`A → … → Z`), and frames under `minPercent` of
 * the samples are left out.
 */
export function renderFlameGraph(graph: FlameGraph, options: { minPercent: number; fullNames: boolean; width?: number }): string {
  const total = graph.root.value || 1;
  const name = (n: FlameGraphNode) => (options.fullNames ? n.name : shortFrame(n.name));
  const out: string[] = [];
  const visit = (node: FlameGraphNode, depth: number) => {
    const chain = [node];
    let last = node;
    while (last.children?.length === 1 && (last.children[0] as FlameGraphNode).value === last.value) {
      last = last.children[0] as FlameGraphNode;
      chain.push(last);
    }
    const label = chain.length <= 3 ? chain.map(name).join(' → ') : `${name(node)} → … (${chain.length - 2} frames) → ${name(last)}`;
    const pct = `${((node.value / total) * 100).toFixed(1)}%`.padStart(6);
    const line = `${pct} ${String(node.value).padStart(6)}  ${'  '.repeat(depth)}${label}`;
    out.push(options.width && line.length > options.width ? `${line.slice(0, options.width - 1)}…` : line);
    const children = (last.children ?? [])
      .filter((c) => (c.value / total) * 100 >= options.minPercent)
      .toSorted((a, b) => b.value - a.value);
    for (const child of children) visit(child, depth + 1);
  };
  for (const child of (graph.root.children ?? []).toSorted((a, b) => b.value - a.value)) {
    if ((child.value / total) * 100 >= options.minPercent) visit(child, 0);
  }
  return out.join('\n');
}

function checkpointRow(c: CheckpointEntry): string[] {
  return [
    String(c.id),
    c.status,
    c.is_savepoint ? 'savepoint' : (c.checkpoint_type ?? 'checkpoint').toLowerCase(),
    iso(c.trigger_timestamp),
    ms(c.end_to_end_duration),
    bytes(c.checkpointed_size ?? c.state_size),
    c.external_path ?? c.failure_message ?? '-',
  ];
}

/** How an attached run ends, as bin/flink's does: the net runtime and the accumulators. */
export async function reportEnd(cli: Cli, jobId: string, state: string): Promise<void> {
  const [result, accumulators] = await Promise.all([
    cli.flink.jobs.executionResult(jobId).catch(() => undefined),
    cli.flink.jobs.accumulators(jobId).catch(() => undefined),
  ]);
  const list = accumulators?.['user-task-accumulators'] ?? [];
  const netRuntimeMs = result?.['net-runtime'];
  cli.out.result({ jobId, state, netRuntimeMs, accumulators: list }, () =>
    [
      ...(state === 'FINISHED'
        ? ['Program execution finished', `Job with JobID ${jobId} has finished.`]
        : [`Job ${jobId} ended ${cli.out.state(state)}`]),
      ...(netRuntimeMs === undefined ? [] : [`Job Runtime: ${netRuntimeMs} ms`]),
      ...(list.length ? ['Accumulator Results: ', ...list.map((a) => `- ${a.name} (${a.type}): ${a.value}`)] : []),
    ].join('\n'),
  );
}

export function registerInspect(program: Command, act: Register): void {
  program
    .command('exceptions')
    .argument('<jobId>', 'the job')
    .option('--max <n>', 'at most this many entries, newest first', '20')
    .description("A job's exception history, newest first (--verbose: whole stack traces).")
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest exceptions JOB\n  flink-rest exceptions JOB --max 1 --verbose\n  flink-rest -m historyserver:8082 exceptions JOB',
    )
    .action(
      act('exceptions', async (cli, jobId: string, flags: { max: string }) => {
        const max = positive(flags.max, '--max');
        const { exceptionHistory } = await cli.flink.jobs.exceptions(jobId);
        const entries = exceptionHistory.entries.slice(0, max);
        cli.out.result(entries, () => {
          if (!entries.length) return `No exceptions recorded for job ${jobId}.`;
          return entries
            .map((e) => {
              const where = [e.taskName, e.endpoint ?? e.taskManagerId].filter(Boolean).join(' @ ');
              // The first line and, when there is one, the root cause: Flink's first line is often a
              // wrapper ("Recovery is suppressed by NoRestartBackoffTimeStrategy").
              const first = e.stacktrace.split('\n')[0] ?? '';
              const root = innermostCause(e.stacktrace);
              const trace = cli.out.verbose ? e.stacktrace : root && root !== first ? `${first}\n  caused by ${root}` : first;
              return `${iso(e.timestamp)}  ${e.exceptionName}${where ? `  (${where})` : ''}\n  ${trace.replaceAll('\n', '\n  ')}`;
            })
            .join('\n');
        });
        return EXIT.ok;
      }),
    );

  program
    .command('checkpoints')
    .argument('<jobId>', 'the job')
    .argument('[checkpointId]', 'one checkpoint: its details per vertex')
    .option('--vertex <vertexId>', "with a checkpoint id: that vertex's subtasks")
    .description("A job's checkpoint counts and history, or one checkpoint's details.")
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest checkpoints JOB\n  flink-rest checkpoints JOB 42\n  flink-rest checkpoints JOB 42 --vertex cbc357ccb763df2852fee8c4fc7d55f2 --json',
    )
    .action(
      act('checkpoints', async (cli, jobId: string, checkpoint: string | undefined, flags: { vertex?: string }) => {
        if (checkpoint === undefined) {
          if (flags.vertex) throw new InvalidInputError('--vertex goes with a checkpoint id');
          const stats = await cli.flink.checkpoints.stats(jobId);
          const { counts } = stats;
          cli.out.result(stats, () =>
            [
              `Checkpoints of job ${jobId}: ${counts.completed} completed, ${counts.failed} failed, ${counts.in_progress} in progress, ${counts.restored} restored`,
              stats.history.length
                ? table(['ID', 'STATUS', 'TYPE', 'TRIGGERED', 'DURATION', 'SIZE', 'PATH / FAILURE'], stats.history.map(checkpointRow))
                : 'No checkpoint in the history.',
            ].join('\n'),
          );
          return EXIT.ok;
        }
        const id = Number(checkpoint);
        if (!Number.isSafeInteger(id) || id < 0)
          throw new InvalidInputError(`checkpoint id must be a number from the history; got "${checkpoint}"`);
        if (flags.vertex) {
          const part = await cli.flink.checkpoints.subtasks(jobId, id, flags.vertex);
          cli.out.result(part, () =>
            [
              `Checkpoint ${id}, vertex ${flags.vertex}: ${part.status}, ${part.num_acknowledged_subtasks}/${part.num_subtasks} subtasks acknowledged`,
              table(
                ['SUBTASK', 'STATUS', 'ACK', 'DURATION', 'SYNC', 'ASYNC', 'ALIGNMENT', 'SIZE'],
                part.subtasks.map((s) => [
                  String(s.index),
                  s.status,
                  iso(s.ack_timestamp),
                  ms(s.end_to_end_duration),
                  ms(s.checkpoint?.sync),
                  ms(s.checkpoint?.async),
                  ms(s.alignment?.duration),
                  bytes(s.checkpointed_size ?? s.state_size),
                ]),
              ),
            ].join('\n'),
          );
          return EXIT.ok;
        }
        const details = await cli.flink.checkpoints.details(jobId, id);
        cli.out.result(details, () =>
          [
            table(['ID', 'STATUS', 'TYPE', 'TRIGGERED', 'DURATION', 'SIZE', 'PATH / FAILURE'], [checkpointRow(details)]),
            '',
            table(
              ['VERTEX', 'ACKNOWLEDGED', 'DURATION', 'SIZE'],
              Object.entries(details.tasks).map(([vertex, t]) => [
                vertex,
                `${t.num_acknowledged_subtasks}/${t.num_subtasks}`,
                ms(t.end_to_end_duration),
                bytes(t.checkpointed_size ?? t.state_size),
              ]),
            ),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  program
    .command('thread-dump')
    .option('--taskmanager <id>', 'a TaskManager (id from `flink-rest top`); default the JobManager')
    .description('Every thread of the JobManager or a TaskManager with its stack, as jstack prints them.')
    .addHelpText('after', '\nExamples:\n  flink-rest thread-dump\n  flink-rest thread-dump --taskmanager 127.0.0.1:41235-8d9f2c > tm.txt')
    .action(
      act('thread-dump', async (cli, flags: { taskmanager?: string }) => {
        const dump = flags.taskmanager
          ? await cli.flink.taskManagers.threadDump(flags.taskmanager)
          : await cli.flink.jobManager.threadDump();
        cli.out.result(dump.threadInfos, () => dump.threadInfos.map((t) => t.stringifiedThreadInfo.trimEnd()).join('\n\n'));
        return EXIT.ok;
      }),
    );

  program
    .command('flamegraph')
    .argument('<jobId>', 'the job')
    .argument('[vertexId]', 'the vertex; without it, the vertices are listed')
    .option('--type <type>', 'full | on_cpu | off_cpu', 'full')
    .option('--subtask <n>', 'one subtask only')
    .option('--folded <file>', 'write folded stacks (flamegraph.pl, speedscope, inferno) to the file, "-" for stdout')
    .option('--min-percent <p>', 'leave out frames under this share of the samples', '1')
    .option('--full-names', 'frames with their package names')
    .description('A flame graph of a vertex (rest.flamegraph.enabled): a tree of where its threads spend their time.')
    .addHelpText(
      'after',
      '\nSampling takes a few seconds; the command waits for it (--wait-timeout).\n\nExamples:\n  flink-rest flamegraph JOB\n  flink-rest flamegraph JOB VERTEX --type on_cpu\n  flink-rest flamegraph JOB VERTEX --folded - | flamegraph.pl > vertex.svg',
    )
    .action(
      act(
        'flamegraph',
        async (
          cli,
          jobId: string,
          vertexId: string | undefined,
          flags: { type: string; subtask?: string; folded?: string; minPercent: string; fullNames?: boolean },
        ) => {
          if (vertexId === undefined) {
            const job = await cli.flink.jobs.get(jobId);
            cli.out.result(
              job.vertices.map((v) => ({ id: v.id, name: v.name, status: v.status })),
              () =>
                `Give one of the vertices of job ${jobId}:\n${table(
                  ['VERTEX', 'STATUS', 'NAME'],
                  job.vertices.map((v) => [v.id, v.status, v.name]),
                )}`,
            );
            return EXIT.usage;
          }
          const minPercent = Number(flags.minPercent);
          if (!Number.isFinite(minPercent) || minPercent < 0 || minPercent > 100) {
            throw new InvalidInputError(`--min-percent must be a number from 0 to 100; got "${flags.minPercent}"`);
          }
          const subtask = flags.subtask === undefined ? undefined : Number(flags.subtask);
          if (subtask !== undefined && (!Number.isInteger(subtask) || subtask < 0))
            throw new InvalidInputError(`--subtask must be an index ≥ 0; got "${flags.subtask}"`);
          const graph = await cli.out.spin(
            `sampling vertex ${vertexId}`,
            cli.flink.vertices.flameGraph(
              jobId,
              vertexId,
              { type: flags.type as 'FULL', ...(subtask === undefined ? {} : { subtask }) },
              {
                signal: cli.interrupt,
                ...(cli.waitTimeoutMs ? { timeoutMs: cli.waitTimeoutMs } : {}),
              },
            ),
          );
          if (flags.folded === '-') {
            process.stdout.write(foldedStacks(graph.root));
            return EXIT.ok;
          }
          if (flags.folded) {
            await writeFile(flags.folded, foldedStacks(graph.root));
            cli.out.note(`folded stacks written to ${flags.folded}`);
          }
          cli.out.result(graph, () =>
            [
              `Flame graph (${graph.type}) of vertex ${vertexId}${graph.subtask === undefined ? '' : `, subtask ${graph.subtask}`}: ${graph.root.value} samples, until ${iso(graph.endTimestamp)}`,
              renderFlameGraph(graph, { minPercent, fullNames: Boolean(flags.fullNames), width: process.stdout.columns }),
            ].join('\n'),
          );
          return EXIT.ok;
        },
      ),
    );

  const profiler = program
    .command('profiler')
    .description('Profiling runs of the JobManager or a TaskManager (Flink 1.19+, rest.profiling.enabled).');
  profiler
    .command('start')
    .option('--taskmanager <id>', 'profile this TaskManager; default the JobManager')
    .option('--mode <mode>', 'itimer | cpu | alloc | lock | wall', 'itimer')
    .option('--duration <s>', 'seconds to profile', '10')
    .option('--wait', 'wait for the run to end')
    .option('-o, --output <file>', 'wait, then download the result (an HTML flame graph) to this file')
    .description('Start a profiling run.')
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest profiler start --duration 30\n  flink-rest profiler start --taskmanager TM --mode alloc -o alloc.html',
    )
    .action(
      act(
        'profiler start',
        async (cli, flags: { taskmanager?: string; mode: string; duration: string; wait?: boolean; output?: string }) => {
          const profiling = await cli.flink.profiler.start({
            mode: flags.mode as 'ITIMER',
            durationSeconds: positive(flags.duration, '--duration'),
            ...(flags.taskmanager ? { taskManagerId: flags.taskmanager } : {}),
          });
          let run = profiling.run;
          if (flags.wait || flags.output) {
            run = await cli.out.spin(
              `profiling ${flags.taskmanager ?? 'the JobManager'} for ${run.duration} s`,
              profiling.wait({ signal: cli.interrupt, ...(cli.waitTimeoutMs ? { timeoutMs: cli.waitTimeoutMs } : {}) }),
            );
          }
          if (flags.output && run.outputFile) await download(cli, run.outputFile, flags.taskmanager, flags.output);
          cli.out.result({ ...run, ...(flags.output ? { savedTo: flags.output } : {}) }, () =>
            [
              `Profiling ${run.status} (${run.mode}, ${run.duration} s)`,
              run.outputFile ? `result: ${run.outputFile}` : '',
              flags.output ? `saved to ${flags.output}` : '',
            ]
              .filter(Boolean)
              .join('; '),
          );
          return EXIT.ok;
        },
      ),
    );
  profiler
    .command('list')
    .option('--taskmanager <id>', "this TaskManager's runs; default the JobManager's")
    .description('Profiling runs Flink keeps, newest first.')
    .addHelpText('after', '\nExamples:\n  flink-rest profiler list\n  flink-rest profiler list --taskmanager TM --json')
    .action(
      act('profiler list', async (cli, flags: { taskmanager?: string }) => {
        const runs = await cli.flink.profiler.list(flags.taskmanager);
        cli.out.result(runs, () =>
          runs.length
            ? table(
                ['STARTED', 'STATUS', 'MODE', 'SECONDS', 'RESULT'],
                runs.map((r) => [iso(r.triggerTime), r.status, r.mode, String(r.duration), r.outputFile ?? r.message ?? '-']),
              )
            : 'No profiling runs.',
        );
        return EXIT.ok;
      }),
    );
  profiler
    .command('download')
    .argument('<file>', 'a result file from `profiler list`')
    .option('--taskmanager <id>', 'from this TaskManager; default the JobManager')
    .option('-o, --output <file>', 'where to save it ("-" for stdout); default the same name here')
    .description("Download a finished run's result (an HTML flame graph).")
    .addHelpText('after', '\nExamples:\n  flink-rest profiler download JobManager_ITIMER_2026-01-01_10_00_00.html')
    .action(
      act('profiler download', async (cli, file: string, flags: { taskmanager?: string; output?: string }) => {
        const target = flags.output ?? file;
        await download(cli, file, flags.taskmanager, target);
        if (target !== '-') cli.out.result({ file, savedTo: target }, () => `saved to ${target}`);
        return EXIT.ok;
      }),
    );
}

async function download(cli: Cli, file: string, taskManagerId: string | undefined, target: string): Promise<void> {
  const body = await cli.flink.profiler.download(file, taskManagerId);
  if (target === '-') await pipeline(Readable.fromWeb(body as never), process.stdout, { end: false });
  else await pipeline(Readable.fromWeb(body as never), createWriteStream(target));
}
