import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ApiError, FlinkError, OperationFailedError } from '../errors.js';
import { registerJobs } from './commands/jobs.js';
import { registerMonitor } from './commands/monitor.js';
import { registerOperations, setWaitTimeout } from './commands/operations.js';
import { type Register, registerRun } from './commands/run.js';
import { type Cli, createCli, type GlobalOptions, positive } from './context.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Builds the CLI; `main` runs it. Exported for tests. */
export function buildProgram(): Command {
  const interrupt = new AbortController();
  const program = withGlobalOptions(
    new Command('flink-rest')
      .description("Apache Flink's bin/flink over REST: run, stop, savepoint, checkpoint, list and watch jobs.")
      .version(version, '-V, --version'),
  )
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `\n${EXIT_CODES_HELP}\n\nExamples:\n  flink-rest -m localhost:8081 list --all\n  flink-rest run -d -c org.example.Job job.jar\n  flink-rest savepoint JOB --detached --json`,
    );

  const act: Register =
    (_name, action) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const globals = mergedOptions(command) as GlobalOptions & { waitTimeout?: string };
      const cli: Cli = createCli(globals, interrupt.signal);
      setWaitTimeout(globals.waitTimeout ? positive(globals.waitTimeout, '--wait-timeout') : undefined);
      const onSigint = () => interrupt.abort();
      process.once('SIGINT', onSigint);
      try {
        process.exitCode = (await action(cli, ...(args.slice(0, -1) as never[]))) ?? EXIT.ok;
      } finally {
        process.removeListener('SIGINT', onSigint);
        await cli.flink.close();
      }
    };
  registerRun(program, act);
  registerJobs(program, act);
  registerOperations(program, act);
  registerMonitor(program, act);
  // Global options work after the command too (`flink-rest list --json`), as users type them.
  const leaves = (command: Command): Command[] => (command.commands.length ? command.commands.flatMap(leaves) : [command]);
  for (const leaf of program.commands.flatMap(leaves)) withGlobalOptions(leaf);
  return program;
}

/** Options of the command and its parents; a value the user gave wins over a default anywhere. */
function mergedOptions(command: Command): Record<string, unknown> {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  const merged: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      const fromUser = c.getOptionValueSource(key) !== 'default';
      if (fromUser || !given.has(key)) merged[key] = value;
      if (fromUser) given.add(key);
    }
  }
  return merged;
}

function withGlobalOptions(command: Command): Command {
  return command
    .option('-m, --jobmanager <host:port>', 'the JobManager, as bin/flink takes it')
    .option('--url <url>', 'the REST address (default: $FLINK_REST_URL or http://127.0.0.1:8081)')
    .option('--timeout <ms>', 'deadline of each request, in ms')
    .option('--wait-timeout <ms>', 'deadline of waits for savepoints and checkpoints, in ms (default 600000)')
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .option('-H, --header <name: value>', 'extra request header, repeatable', (v: string, all: string[] = []) => [...all, v])
    .option('--ca <file>', 'trust this CA (PEM) for https')
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS')
    .option('--key <file>', 'client key (PEM) for mutual TLS')
    .option('--pfx <file>', 'client credentials as PKCS#12 for mutual TLS')
    .option('--passphrase-env <var>', 'read the key or PKCS#12 passphrase from this environment variable')
    .option('--insecure', 'accept any server certificate (tests only)')
    .option('--verbose', 'print Java stack traces and details of errors')
    .option('--no-color', 'no colors (also off with NO_COLOR or when not a terminal)');
}

/** One clear line per error; the Java stack trace only with --verbose. */
export function report(err: unknown, options: { json: boolean; verbose: boolean }): number {
  const code = exitCodeFor(err);
  if (options.json) {
    const body = err instanceof FlinkError ? err.toJSON() : { name: 'Error', message: String((err as Error)?.message ?? err) };
    process.stderr.write(`${JSON.stringify({ error: body, exitCode: code })}\n`);
  } else {
    process.stderr.write(`flink-rest: ${(err as Error)?.message ?? String(err)}\n`);
  }
  if (options.verbose) {
    const trace = err instanceof ApiError || err instanceof OperationFailedError ? err.stackTrace : (err as Error)?.stack;
    if (trace) process.stderr.write(`${trace}\n`);
  }
  return code;
}

export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram();
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = report(err, { json, verbose });
  }
}
