import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CLAIM_MODES, type ClaimMode } from '../../enums.js';
import { AbortError, InvalidInputError } from '../../errors.js';
import type { RunOptions } from '../../resources/jars.js';
import { TERMINAL_JOB_STATES } from '../../schemas/common.js';
import { requireFeature } from '../../version.js';
import { EXECUTION_TARGET } from '../argv/bin-flink.js';
import { type Cli, hexId, parseDefines, positive, uploadJar } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { reportEnd } from './inspect.js';

type Action = (cli: Cli, ...args: never[]) => Promise<number | undefined>;
export type Register = (name: string, action: Action) => (...args: unknown[]) => Promise<void>;

interface RunFlags {
  detached?: boolean;
  class?: string;
  parallelism?: string;
  define?: string[];
  fromSavepoint?: string;
  allowNonRestoredState?: boolean;
  claimMode?: string;
  jobId?: string;
  keepJar?: boolean;
}

function runOptions(flags: RunFlags, args: string[]): RunOptions {
  if (flags.claimMode && !(CLAIM_MODES as readonly string[]).includes(flags.claimMode.toUpperCase())) {
    throw new InvalidInputError(`--claimMode takes ${CLAIM_MODES.map((m) => m.toLowerCase()).join(' | ')}; got "${flags.claimMode}"`);
  }
  // execution.target is flink-rest's own (remote: others were refused as the command line was read), not the job's.
  const { [EXECUTION_TARGET]: _target, ...config } = parseDefines(flags.define) ?? {};
  return {
    ...(flags.class ? { entryClass: flags.class } : {}),
    ...(flags.parallelism ? { parallelism: positive(flags.parallelism, '-p/--parallelism') } : {}),
    ...(Object.keys(config).length ? { config } : {}),
    ...(flags.fromSavepoint ? { savepointPath: flags.fromSavepoint } : {}),
    ...(flags.allowNonRestoredState ? { allowNonRestoredState: true } : {}),
    ...(flags.claimMode ? { claimMode: flags.claimMode.toUpperCase() as ClaimMode } : {}),
    ...(flags.jobId ? { jobId: hexId(flags.jobId, '--jobId') } : {}),
    ...(args.length ? { args } : {}),
  };
}

/** Run options; with `passThrough`, everything after the jar goes to the program verbatim, as bin/flink does. */
function addRunOptions(command: Command, passThrough = true): Command {
  command
    .option('-c, --class <class>', 'entry class (default: the jar manifest’s Main-Class)')
    .option('-p, --parallelism <n>', 'default parallelism of the job')
    .option('-s, --fromSavepoint <path>', 'restore from this savepoint or retained checkpoint')
    .option('-n, --allowNonRestoredState', 'skip savepoint state that maps to no operator')
    .option('--claimMode <mode>', 'claim | no_claim | legacy: who owns the restored snapshot (bin/flink: -cm; -rm/--restoreMode)')
    .option('--jobId <id>', 'the job id to use (32 hex); default a fresh one');
  return passThrough ? command.passThroughOptions() : command;
}

/**
 * Uploads the jar, runs `submit` with its id, and deletes the jar again (bin/flink leaves nothing behind
 * either): after a failed submission always, after a successful one unless `keep` says `'always'` or,
 * with `'on-success'`, when the submission still needs it. A jar that cannot be deleted is reported on
 * stderr, with the command to delete it, and does not change the outcome.
 */
async function withUploadedJar<T>(
  cli: Cli,
  jar: string,
  keep: 'never' | 'on-success' | 'always',
  submit: (jarId: string) => Promise<T>,
): Promise<T & { jarId: string }> {
  const uploaded = await uploadJar(cli, jar);
  let submitted = false;
  try {
    const result = { ...(await submit(uploaded.id)), jarId: uploaded.id };
    submitted = true;
    return result;
  } finally {
    if (keep === 'never' || (keep === 'on-success' && !submitted)) await deleteJar(cli, uploaded.id);
  }
}

async function deleteJar(cli: Cli, jarId: string): Promise<void> {
  const leftOver = `the uploaded jar stays on the JobManager; delete it with: ${cli.again} jars delete ${jarId}`;
  if (cli.interrupt.aborted) {
    process.stderr.write(`flink-rest: interrupted: ${leftOver}\n`);
    return;
  }
  try {
    await cli.flink.jars.delete(jarId);
  } catch (err) {
    process.stderr.write(`flink-rest: ${err instanceof Error ? err.message : String(err)}; ${leftOver}\n`);
  }
}

/** Follows a job until it ends (bin/flink's attached mode); exit 1 unless it FINISHED. Ctrl-C stops following, not the job. */
async function follow(cli: Cli, jobId: string): Promise<number> {
  let state: string;
  try {
    state = await cli.out.spin(
      `job ${jobId} submitted; waiting for it to end (Ctrl-C stops waiting, not the job)`,
      cli.flink.jobs.waitForState(jobId, [...TERMINAL_JOB_STATES], {
        timeoutMs: cli.waitTimeoutMs ?? 2 ** 31 - 1,
        signal: cli.interrupt,
        maxDelayMs: 2_000,
      }),
    );
  } catch (err) {
    if (!(err instanceof AbortError && cli.interrupt.aborted)) throw err;
    if (cli.out.json) cli.out.result({ jobId, interrupted: true }, () => '');
    else process.stderr.write(`Stopped following job ${jobId}; it goes on. Follow it with:\n  ${cli.again} watch ${jobId}\n`);
    return EXIT.interrupted;
  }
  await reportEnd(cli, jobId, state);
  return state === 'FINISHED' ? EXIT.ok : EXIT.failed;
}

export function registerRun(program: Command, act: Register): void {
  addRunOptions(
    program
      .command('run')
      .description('Upload a jar and run it. Without --detached, follow the job until it ends.')
      .argument('<jar>', 'path of the jar')
      .argument('[args...]', 'program arguments: everything after the jar, verbatim (options too)')
      .option('-d, --detached', 'return once the job is submitted (default: follow it until it ends)')
      .option('--keep-jar', 'leave the uploaded jar on the JobManager (default: delete it after the run request)'),
  )
    .addHelpText(
      'after',
      `
Options go before the jar, as with bin/flink. Attached (without -d), the exit code is 0 when the job
FINISHED and 1 when it ended FAILED or CANCELED; Ctrl-C stops following, not the job (exit 130).

Examples:
  flink-rest run -d -c org.example.Job -p 4 -D pipeline.max-parallelism=120 job.jar --input /data -p 7
  flink-rest run -d -s file:///savepoints/savepoint-1a2b -n -cm no_claim job.jar
  flink-rest run --detached ./examples/streaming/StateMachineExample.jar
  flink-rest run job.jar   # attached: waits until the job ends

The uploaded jar is deleted once the run request is answered (also when it failed); --keep-jar keeps
it. bin/flink's -j/--jarfile and -a/--arguments give the jar and the program arguments as options.`,
    )
    .action(
      act('run', async (cli, jar: string, args: string[], flags: RunFlags) => {
        const options = runOptions(flags, args); // bad flags are refused before the upload
        const { jobId, jarId } = await withUploadedJar(cli, jar, flags.keepJar ? 'always' : 'never', (id) =>
          cli.flink.jars.run(id, options),
        );
        if (flags.detached) {
          cli.out.result({ jobId, jarId }, () => `Job has been submitted with JobID ${jobId}`);
          return EXIT.ok;
        }
        // On stdout, as bin/flink prints it (JOB=$(flink-rest run … | head -1)); with --json the
        // one JSON document at the end has it.
        if (!cli.out.json) process.stdout.write(`Job has been submitted with JobID ${jobId}\n`);
        return follow(cli, jobId);
      }),
    );

  addRunOptions(
    program
      .command('run-application')
      .description('Upload a jar and run it as an application (Flink 2.3+).')
      .argument('<jar>', 'path of the jar')
      .argument('[args...]', 'program arguments: everything after the jar, verbatim')
      .option('-d, --detached', 'accepted for symmetry with run: applications always run detached')
      .option('--keep-jar', 'the jar stays anyway (the application reads it while it runs); this only drops the note saying so'),
  )
    .addHelpText(
      'after',
      '\nNeeds Flink 2.3 or newer; older servers are refused with exit code 6 before the upload. The jar stays on the\nJobManager (the application reads it while its main runs), unless the submission failed.\n\nExample:\n  flink-rest run-application -c org.example.Job -p 2 job.jar --input /data',
    )
    .action(
      act('run-application', async (cli, jar: string, args: string[], flags: RunFlags) => {
        // Bad flags and an old server are refused before the upload, not after it.
        const options = runOptions(flags, args);
        requireFeature(await cli.flink.cluster.version(), 'jars.runApplication');
        // An application runs its main after the request is answered and reads the jar then (Flink 2.3:
        // FileNotFoundException when it is gone), for as long as the main runs: the jar stays unless the
        // submission failed.
        const { applicationId, jarId } = await withUploadedJar(cli, jar, 'on-success', (id) => cli.flink.jars.runApplication(id, options));
        cli.out.result({ applicationId, jarId }, () => `Application has been submitted with ApplicationID ${applicationId}`);
        if (!flags.keepJar) {
          cli.out.note(
            `The application reads its jar while it runs: delete it once the application has ended with: ${cli.again} jars delete ${jarId}`,
          );
        }
        return EXIT.ok;
      }),
    );

  program
    .command('info')
    .description('Show the plan a jar would run, as bin/flink info does (upload, plan, delete the jar).')
    .argument('<jar>', 'path of the jar')
    .argument('[args...]', 'program arguments: everything after the jar, verbatim')
    .option('-c, --class <class>', 'entry class (default: the jar manifest’s Main-Class)')
    .option('-p, --parallelism <n>', 'default parallelism of the job')
    .passThroughOptions()
    .addHelpText(
      'after',
      `
Only -c, -p, -D and the program arguments shape the plan (bin/flink info takes the same); the jar is
deleted again once the plan is read. The details of a running job are "flink-rest job JOB".

Examples:
  flink-rest info -c org.example.Job -p 4 job.jar --input /data
  flink-rest info --json job.jar | jq '.nodes | length'`,
    )
    .action(
      act('info', async (cli, jar: string, args: string[], flags: RunFlags) => {
        if (/^[0-9a-fA-F]{32}$/.test(jar) && !existsSync(jar)) {
          throw new InvalidInputError(
            `info shows the plan of a jar, as bin/flink info does; for the details of job ${jar.toLowerCase()} use: ${cli.again} job ${jar.toLowerCase()}`,
          );
        }
        const options = runOptions(flags, args);
        const { plan } = await withUploadedJar(cli, jar, 'never', (id) => cli.flink.jars.plan(id, options));
        cli.out.result(plan, () =>
          [
            '----------------------- Execution Plan -----------------------',
            JSON.stringify(plan, null, 2),
            '--------------------------------------------------------------',
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  const jars = program.command('jars').description('Jars uploaded to the JobManager.');
  jars
    .command('list')
    .description('List uploaded jars, newest first.')
    .addHelpText('after', "\nExamples:\n  flink-rest jars list\n  flink-rest jars list --json | jq -r '.[0].id'")
    .action(
      act('jars list', async (cli) => {
        const files = await cli.flink.jars.list();
        cli.out.result(files, () =>
          files.length
            ? files.map((f) => `${f.id}  ${new Date(f.uploaded).toISOString()}  ${f.entry.map((e) => e.name).join(', ') || '-'}`).join('\n')
            : 'No jars uploaded.',
        );
        return EXIT.ok;
      }),
    );
  jars
    .command('upload')
    .argument('<jar>', 'path of the jar')
    .description('Upload a jar; prints its id.')
    .addHelpText('after', '\nExamples:\n  flink-rest jars upload target/job.jar')
    .action(
      act('jars upload', async (cli, jar: string) => {
        const uploaded = await uploadJar(cli, jar);
        cli.out.result(uploaded, () => uploaded.id);
        return EXIT.ok;
      }),
    );
  jars
    .command('delete')
    .argument('<jarId>', 'id from `jars list`')
    .description('Delete an uploaded jar.')
    .addHelpText('after', '\nExamples:\n  flink-rest jars delete 4f2e0f3c-1b2a-4c5d-8e9f-0a1b2c3d4e5f_job.jar')
    .action(
      act('jars delete', async (cli, jarId: string) => {
        await cli.flink.jars.delete(jarId);
        cli.out.result({ deleted: jarId }, () => `Deleted ${jarId}`);
        return EXIT.ok;
      }),
    );
  addRunOptions(
    jars
      .command('run')
      .argument('<jarId>', 'id from `jars list`')
      .argument('[args...]', 'program arguments; those starting with "-" go after "--"')
      .description('Run an uploaded jar detached; prints the job id.'),
    false,
  )
    .addHelpText(
      'after',
      '\nOptions may follow the jar id here; program arguments that look like options go after "--".\n\nExample:\n  flink-rest jars run 4f2e…_job.jar -c org.example.Job -p 2 -- --input /data',
    )
    .action(
      act('jars run', async (cli, jarId: string, args: string[], flags: RunFlags) => {
        const { jobId } = await cli.flink.jars.run(jarId, runOptions(flags, args));
        cli.out.result({ jobId }, () => `Job has been submitted with JobID ${jobId}`);
        return EXIT.ok;
      }),
    );
}
