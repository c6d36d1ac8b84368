import type { Command } from 'commander';
import { AbortError, InvalidInputError, OperationFailedError, TimeoutError } from '../../errors.js';
import type { Operation, OperationKind, OperationResults } from '../../operations/operation.js';
import { type Cli, hexId, savepointFormat } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { Register } from './run.js';

/** The line a finished savepoint (or stop with savepoint) prints, whichever command waited for it. */
export const savepointDone = (location: string) => `Savepoint completed. Path: ${location}`;
/** Whether a `-type` flag (or its absence) asks for Flink's default, canonical savepoint format. */
export const isCanonical = (type: string | undefined): boolean => type === undefined || savepointFormat(type) === 'CANONICAL';
/**
 * The line a finished checkpoint prints, whichever command waited for it: bin/flink's, which names a
 * type other than the configured one right after the word (`Checkpoint(FULL) 5 for job … completed.`).
 */
const checkpointDone = (checkpointId: number, jobId: string | undefined, type = 'CONFIGURED') =>
  `Checkpoint${type === 'CONFIGURED' ? '' : `(${type})`} ${checkpointId} for job ${jobId} completed.`;

/** The line of a detached trigger: bin/flink's own for a savepoint and a stop (CliFrontend), which scripts read. */
function triggered(op: Operation<OperationKind>): string {
  if (op.kind === 'savepoint') return `Successfully trigger manual savepoint, triggerId: ${op.triggerId}`;
  if (op.kind === 'stop') return `Successfully trigger stop-with-savepoint in detached mode, triggerId: ${op.triggerId}`;
  return `Triggered ${op.kind} ${op.triggerId}.`;
}

/**
 * Waits for an operation, or with `detached` prints its handle at once. Ctrl-C stops the wait (not
 * the operation) and prints the command that resumes it; so does a wait that runs out of time.
 */
export async function followOperation<K extends OperationKind>(
  cli: Cli,
  op: Operation<K>,
  detached: boolean,
  human: (result: OperationResults[K]) => string,
  /** A savepoint (or stop with one) in Flink's default, canonical format: its failure may want `-type native`. */
  canonical = false,
): Promise<number> {
  const handle = JSON.stringify(op);
  const resume = `${cli.again} operation wait '${handle}'`;
  if (detached) {
    cli.out.result(op.toJSON(), () => `${triggered(op)}\nWait for it with:\n  ${resume}`);
    return EXIT.ok;
  }
  try {
    // What holds the wait up, on the spinner: a server that cannot be reached is retried until the
    // deadline (a JobManager may be restarting), and says so rather than spin in silence.
    let holdUp = '';
    const result = await cli.out.spin(
      () => `waiting for ${op.kind} ${op.triggerId}${holdUp}`,
      op.wait({
        signal: cli.interrupt,
        ...(cli.waitTimeoutMs ? { timeoutMs: cli.waitTimeoutMs } : {}),
        onProgress: ({ transientError, note }) => {
          holdUp = transientError ? `; the last poll failed, retrying: ${transientError.message}` : note ? `; ${note}` : '';
        },
      }),
    );
    cli.out.result({ ...op.toJSON(), result: result ?? null }, () => human(result));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof AbortError && cli.interrupt.aborted) {
      if (cli.out.json) cli.out.result({ ...op.toJSON(), interrupted: true }, () => '');
      else process.stderr.write(`Stopped waiting; the ${op.kind} goes on in Flink. Resume with:\n  ${resume}\n`);
      return EXIT.interrupted;
    }
    if (err instanceof TimeoutError)
      throw new TimeoutError(`${err.message}; it may still complete, resume with: ${resume}`, err.timeoutMs, { cause: err });
    // The job failed over under the savepoint; Flink 2.x state backends with asynchronous state
    // throw "Not supported yet" for a canonical one, and the savepoint reports only the failover.
    const failover = err instanceof OperationFailedError && /Checkpoint Coordinator is suspending|Not supported yet/.test(err.message);
    if (canonical && failover && !err.savepointLocation) {
      const { kind, triggerId, causeClass, stackTrace } = err;
      const hint = `the job may have failed over while taking it (its exceptions: ${cli.again} exceptions ${op.jobId}); if they say "Not supported yet", its state backend cannot write canonical savepoints (Flink 2.x jobs with asynchronous state, as StateMachineExample): try -type native`;
      throw new OperationFailedError(`${err.message}; ${hint}`, kind, triggerId, causeClass, stackTrace);
    }
    throw err;
  }
}

export function registerOperations(program: Command, act: Register): void {
  program
    .command('savepoint')
    .argument('[jobId]', 'the job')
    .argument('[targetDirectory]', 'where to write it (default: the cluster’s savepoint directory)')
    .option('-d, --dispose <path>', 'dispose the savepoint at this path instead')
    .option('--type <format>', 'canonical | native')
    .option('--detached', 'print the operation handle instead of waiting (bin/flink: -detached; -d is --dispose)')
    .description('Trigger a savepoint, or dispose one with --dispose.')
    .addHelpText(
      'after',
      `
As with bin/flink, a job id after --dispose <path> is accepted and not needed, and -j/--jarfile is not
needed either: the JobManager disposes the savepoint with the classes it has.

Examples:
  flink-rest savepoint $JOB_ID /tmp/flink-savepoints
  flink-rest savepoint $JOB_ID /tmp/flink-savepoints -detached
  flink-rest savepoint --dispose /tmp/flink-savepoints/savepoint-cca7bc-bb1e257f0dab $JOB_ID`,
    )
    .action(
      act(
        'savepoint',
        async (
          cli,
          jobArg: string | undefined,
          target: string | undefined,
          flags: { dispose?: string; type?: string; detached?: boolean },
        ) => {
          const jobId = jobArg === undefined ? undefined : hexId(jobArg, 'the job id');
          if (flags.dispose) {
            if (target !== undefined)
              throw new InvalidInputError(`savepoint --dispose takes the savepoint's path only; got "${target}" too`);
            if (flags.type) throw new InvalidInputError('savepoint --dispose: --type is for triggering a savepoint');
            const op = await cli.flink.savepoints.dispose(flags.dispose);
            return followOperation(cli, op, Boolean(flags.detached), () => `Savepoint '${flags.dispose}' disposed.`);
          }
          if (!jobId) throw new InvalidInputError('savepoint needs a job id (or --dispose <path>)');
          const canonical = isCanonical(flags.type); // checked before anything is sent
          const op = await cli.flink.savepoints.trigger(jobId, {
            ...(target ? { targetDirectory: target } : {}),
            ...(flags.type ? { formatType: savepointFormat(flags.type) } : {}),
          });
          return followOperation(cli, op, Boolean(flags.detached), (r) => savepointDone(r.location), canonical);
        },
      ),
    );

  program
    .command('checkpoint')
    .argument('<jobId>', 'the job')
    .option('--full', 'a full checkpoint')
    .option('--incremental', 'an incremental checkpoint')
    .option('--detached', 'print the operation handle instead of waiting')
    .description('Trigger a checkpoint and wait for it.')
    .addHelpText('after', '\nExamples:\n  flink-rest checkpoint $JOB_ID --full\n  flink-rest checkpoint JOB -full -detached --json')
    .action(
      act('checkpoint', async (cli, jobArg: string, flags: { full?: boolean; incremental?: boolean; detached?: boolean }) => {
        const jobId = hexId(jobArg, 'the job id');
        if (flags.full && flags.incremental) throw new InvalidInputError('checkpoint takes --full or --incremental, not both');
        const type = flags.full ? 'FULL' : flags.incremental ? 'INCREMENTAL' : 'CONFIGURED';
        const op = await cli.flink.checkpoints.trigger(jobId, { type });
        return followOperation(cli, op, Boolean(flags.detached), (r) => checkpointDone(r.checkpointId, jobId, type));
      }),
    );

  program
    .command('operation')
    .description('Operations started earlier.')
    .command('wait')
    .argument('[handle]', 'the JSON a detached command printed')
    .option('--kind <kind>', 'savepoint | stop | checkpoint | savepoint-disposal (instead of a handle)')
    .option('--trigger <id>', 'the trigger id (with --kind)')
    .option('--job <id>', 'the job id (with --kind, except savepoint-disposal)')
    .description('Wait for an operation triggered before, e.g. by a --detached command or another process.')
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest operation wait \'{"kind":"savepoint","triggerId":"…","jobId":"…"}\'\n  flink-rest operation wait --kind stop --trigger TRIGGER --job JOB\n  flink-rest operation wait --kind savepoint-disposal --trigger TRIGGER',
    )
    .action(
      act('operation wait', async (cli, handle: string | undefined, flags: { kind?: string; trigger?: string; job?: string }) => {
        const json =
          handle ??
          JSON.stringify({
            kind: flags.kind,
            triggerId: flags.trigger === undefined ? undefined : hexId(flags.trigger, '--trigger'),
            ...(flags.job ? { jobId: hexId(flags.job, '--job') } : {}),
          });
        const op = cli.flink.operations.resume(json);
        // The same lines as the command that started it would have printed.
        return followOperation(cli, op, false, (r) => {
          const result = r as { location?: string; checkpointId?: number } | undefined;
          if (result?.location !== undefined) return savepointDone(result.location);
          if (result?.checkpointId !== undefined) return checkpointDone(result.checkpointId, op.jobId);
          return `${op.kind} ${op.triggerId} completed.`;
        });
      }),
    );

  program
    .command('overview')
    .description('The cluster at a glance.')
    .addHelpText('after', '\nExamples:\n  flink-rest overview\n  flink-rest -m jm:8081 overview --json')
    .action(
      act('overview', async (cli) => {
        const o = await cli.flink.cluster.overview();
        cli.out.result(o, () =>
          [
            `Flink ${o['flink-version']} (${o['flink-commit']}) at ${cli.flink.baseUrl}`,
            `TaskManagers: ${o.taskmanagers}   slots: ${o['slots-available']} free of ${o['slots-total']}`,
            `Jobs: ${o['jobs-running']} running, ${o['jobs-finished']} finished, ${o['jobs-cancelled']} cancelled, ${o['jobs-failed']} failed`,
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
