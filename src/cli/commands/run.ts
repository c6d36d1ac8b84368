import type { Command } from 'commander';
import type { RunOptions } from '../../resources/jars.js';
import { TERMINAL_JOB_STATES } from '../../schemas/common.js';
import { requireFeature } from '../../version.js';
import { type Cli, parseDefines, positive, uploadJar } from '../context.js';
import { EXIT } from '../exit-codes.js';

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
}

function runOptions(flags: RunFlags, args: string[]): RunOptions {
  return {
    ...(flags.class ? { entryClass: flags.class } : {}),
    ...(flags.parallelism ? { parallelism: positive(flags.parallelism, '-p/--parallelism') } : {}),
    ...(flags.define?.length ? { config: parseDefines(flags.define) } : {}),
    ...(flags.fromSavepoint ? { savepointPath: flags.fromSavepoint } : {}),
    ...(flags.allowNonRestoredState ? { allowNonRestoredState: true } : {}),
    ...(flags.claimMode ? { claimMode: flags.claimMode as RunOptions['claimMode'] } : {}),
    ...(flags.jobId ? { jobId: flags.jobId } : {}),
    ...(args.length ? { args } : {}),
  };
}

function addRunOptions(command: Command): Command {
  return command
    .option('-c, --class <class>', 'entry class (default: the jar manifest’s Main-Class)')
    .option('-p, --parallelism <n>', 'default parallelism of the job')
    .option('-D, --define <key=value>', 'Flink configuration for the job, repeatable', (v: string, all: string[] = []) => [...all, v])
    .option('-s, --fromSavepoint <path>', 'restore from this savepoint or retained checkpoint')
    .option('-n, --allowNonRestoredState', 'skip savepoint state that maps to no operator')
    .option('--claimMode <mode>', 'claim | no_claim | legacy: who owns the restored snapshot')
    .option('--jobId <id>', 'the job id to use (32 hex); default a fresh one')
    .passThroughOptions();
}

/** Follows a job until it ends (bin/flink's attached mode); exit 1 unless it FINISHED. */
async function follow(cli: Cli, jobId: string): Promise<number> {
  const state = await cli.out.spin(
    `job ${jobId} running; waiting for it to end (Ctrl-C stops waiting, not the job)`,
    cli.flink.jobs.waitForState(jobId, [...TERMINAL_JOB_STATES], { timeoutMs: 2 ** 31 - 1, signal: cli.interrupt, maxDelayMs: 2_000 }),
  );
  cli.out.result({ jobId, state }, () => `Job ${jobId} ended ${state}`);
  return state === 'FINISHED' ? EXIT.ok : EXIT.failed;
}

export function registerRun(program: Command, act: Register): void {
  addRunOptions(
    program
      .command('run')
      .description('Upload a jar and run it. Without --detached, follow the job until it ends.')
      .argument('<jar>', 'path of the jar')
      .argument('[args...]', 'program arguments, passed as they are')
      .option('-d, --detached', 'return once the job is submitted'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  flink-rest run -d -c org.example.Job -p 4 -D pipeline.max-parallelism=120 job.jar --input /data\n  flink-rest run -d -s file:///savepoints/savepoint-1a2b -n --claimMode no_claim job.jar',
    )
    .action(
      act('run', async (cli, jar: string, args: string[], flags: RunFlags) => {
        const uploaded = await uploadJar(cli, jar);
        const { jobId } = await cli.flink.jars.run(uploaded.id, runOptions(flags, args));
        if (flags.detached) {
          cli.out.result({ jobId, jarId: uploaded.id }, () => `Job has been submitted with JobID ${jobId}`);
          return EXIT.ok;
        }
        cli.out.note(`Job has been submitted with JobID ${jobId}`);
        return follow(cli, jobId);
      }),
    );

  addRunOptions(
    program
      .command('run-application')
      .description('Upload a jar and run it as an application (Flink 2.3+).')
      .argument('<jar>', 'path of the jar')
      .argument('[args...]', 'program arguments')
      .option('-d, --detached', 'accepted for symmetry with run: applications always run detached'),
  ).action(
    act('run-application', async (cli, jar: string, args: string[], flags: RunFlags) => {
      // An old server is refused before the upload, not after it.
      requireFeature(await cli.flink.cluster.version(), 'jars.runApplication');
      const uploaded = await uploadJar(cli, jar);
      const { applicationId } = await cli.flink.jars.runApplication(uploaded.id, runOptions(flags, args));
      cli.out.result({ applicationId, jarId: uploaded.id }, () => `Application has been submitted with ApplicationID ${applicationId}`);
      return EXIT.ok;
    }),
  );

  const jars = program.command('jars').description('Jars uploaded to the JobManager.');
  jars
    .command('list')
    .description('List uploaded jars, newest first.')
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
      .argument('[args...]', 'program arguments')
      .description('Run an uploaded jar detached; prints the job id.'),
  ).action(
    act('jars run', async (cli, jarId: string, args: string[], flags: RunFlags) => {
      const { jobId } = await cli.flink.jars.run(jarId, runOptions(flags, args));
      cli.out.result({ jobId }, () => `Job has been submitted with JobID ${jobId}`);
      return EXIT.ok;
    }),
  );
}
