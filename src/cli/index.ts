import { Command, CommanderError } from 'commander';
import { ApiError, FlinkError, OperationFailedError } from '../errors.js';
import { type Normalised, normalise, UsageError } from './argv/normalise.js';
import { registerInspect } from './commands/inspect.js';
import { registerJobs } from './commands/jobs.js';
import { registerMonitor } from './commands/monitor.js';
import { registerOperations } from './commands/operations.js';
import { type Register, registerRun } from './commands/run.js';
import { registerSql } from './commands/sql.js';
import { type Cli, createCli, type GlobalOptions } from './context.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
import { VERSION } from './version.js';

const PROGRAM_HELP = `
${EXIT_CODES_HELP}

Errors are one line on stderr ("flink-rest: <message>"); with --json, one JSON document on stderr
instead ({"error": {"name", "message", ...}, "exitCode": N}) and nothing on stdout. --verbose adds
Flink's Java stack trace. Global options go before or after the command. Options are read as bin/flink
reads them (Apache Commons CLI): -detached, -type native, -cm no_claim, -p4, --parallelism=4 all work;
bin/flink options that cannot apply over REST (-sae, -py…, -y…, -z, -t other than remote) are refused
by name, before anything is sent.

Examples:
  flink-rest -m localhost:8081 list --all
  flink-rest run -d -c org.example.Job -p 4 -D pipeline.max-parallelism=120 job.jar --input /data
  flink-rest savepoint JOB --type native --detached --json
  flink-rest operation wait '{"kind":"savepoint","triggerId":"…","jobId":"…"}'
  FLINK_REST_URL=https://flink.example:8081 flink-rest --ca ca.pem --header "Authorization: Bearer $TOKEN" overview`;

/** A usage error of commander, with the command it belongs to (for the "see … --help" hint). */
type CommanderUsageError = CommanderError & { command?: string };

/** Builds the CLI; `main` runs it. Exported for tests. */
export function buildProgram(): Command {
  const interrupt = new AbortController();
  const program = withGlobalOptions(
    new Command('flink-rest')
      .description("Apache Flink's bin/flink over REST: run, stop, savepoint, checkpoint, list and watch jobs.")
      .version(VERSION, '-V, --version'),
  )
    .enablePositionalOptions()
    // Usage errors are reported by `main`: one line, or JSON with --json.
    .configureOutput({ outputError: () => {} })
    .addHelpText('after', PROGRAM_HELP);

  const act: Register =
    (name, action) =>
    async (...args: unknown[]) => {
      const globals = mergedOptions(args.at(-1) as Command) as GlobalOptions;
      // Ctrl-C aborts every request and wait (waits then say how to resume); a second one quits at once.
      const onSigint = () => {
        if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
        interrupt.abort();
      };
      process.on('SIGINT', onSigint);
      let cli: Cli | undefined;
      try {
        cli = createCli(globals, interrupt.signal, name);
        process.exitCode = (await action(cli, ...(args.slice(0, -1) as never[]))) ?? EXIT.ok;
      } catch (err) {
        process.exitCode = report(err, { json: Boolean(globals.json), verbose: Boolean(globals.verbose) });
      } finally {
        process.removeListener('SIGINT', onSigint);
        await cli?.flink.close();
      }
    };
  registerRun(program, act);
  registerJobs(program, act);
  registerOperations(program, act);
  registerMonitor(program, act);
  registerSql(program, act);
  registerInspect(program, act);
  const visit = (command: Command, path: string) => {
    // Global options work after the command too (`flink-rest list --json`), as users type them.
    if (!command.commands.length) withGlobalOptions(command);
    command.exitOverride((err: CommanderUsageError) => {
      err.command = path;
      throw err;
    });
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`);
  };
  visit(program, 'flink-rest');
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
      // Repeatable options (--header) add up: `-H a:1 list -H b:2` sends both.
      if (fromUser && Array.isArray(value) && Array.isArray(merged[key])) merged[key] = [...(merged[key] as unknown[]), ...value];
      else if (fromUser || !given.has(key)) merged[key] = value;
      if (fromUser) given.add(key);
    }
  }
  return merged;
}

function withGlobalOptions(command: Command): Command {
  return command
    .option('-m, --jobmanager <host:port>', 'the JobManager, as bin/flink takes it: host:port, or host:port/path behind a proxy')
    .option('--url <url>', 'the REST address (default: $FLINK_REST_URL, then the Flink configuration file, then http://127.0.0.1:8081)')
    .option(
      '-D, --define <key=value>',
      "Flink configuration, repeatable: a job's (run, run-application, info); rest.address, rest.port and security.ssl.rest.* also set the connection",
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('--timeout <ms>', 'deadline of each request, in ms (default 30000)')
    .option('--wait-timeout <ms>', 'deadline of waits for savepoints, checkpoints, cancels, in ms (default 600000)')
    .option('--json', 'machine-readable output: one JSON document on stdout (errors: on stderr)')
    .option('-H, --header <name: value>', 'extra request header, repeatable', (v: string, all: string[] = []) => [...all, v])
    .option('--ca <file>', 'trust this CA (PEM) for https')
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS')
    .option('--key <file>', 'client key (PEM) for mutual TLS')
    .option('--pfx <file>', 'client credentials as PKCS#12 for mutual TLS')
    .option('--passphrase-env <var>', 'read the --key or --pfx passphrase from this environment variable')
    .option('--insecure', 'accept any server certificate (tests only)')
    .option('--verbose', 'print Java stack traces and details of errors')
    .option('--no-color', 'no colors (also off with NO_COLOR or when not a terminal)');
}

/** One clear line per error (or one JSON document with --json), on stderr; the Java stack trace only with --verbose. */
export function report(err: unknown, options: { json: boolean; verbose: boolean }): number {
  const code = exitCodeFor(err);
  const message = err instanceof Error ? err.message : String(err);
  const trace = err instanceof ApiError || err instanceof OperationFailedError ? err.stackTrace : (err as Error | undefined)?.stack;
  if (options.json) {
    const body = err instanceof FlinkError ? err.toJSON() : { name: 'Error', message };
    process.stderr.write(
      `${JSON.stringify({ error: { ...body, ...(options.verbose && trace ? { stackTrace: trace } : {}) }, exitCode: code })}\n`,
    );
  } else {
    process.stderr.write(`flink-rest: ${message}\n`);
    if (options.verbose && trace) process.stderr.write(`${trace}\n`);
  }
  return code;
}

function reportUsage(err: CommanderUsageError, json: boolean): number {
  // One line, as every error: commander puts its "(Did you mean …?)" on a line of its own.
  let message = err.message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*\(Did you mean/g, ' (did you mean')
    .replace(/\s*\n\s*/g, ' ');
  if (err.code === 'commander.unknownOption' && err.command === 'flink-rest jars run') message += '; program arguments go after "--"';
  if (json) process.stderr.write(`${JSON.stringify({ error: { name: 'UsageError', message, code: err.code }, exitCode: EXIT.usage })}\n`);
  // Commander's own errors point to the help; ours say what to do already.
  else if (err.code.startsWith('flink-rest.')) process.stderr.write(`flink-rest: ${message}\n`);
  else process.stderr.write(`flink-rest: ${message} (see ${err.command ?? 'flink-rest'} --help)\n`);
  return EXIT.usage;
}

/**
 * `help COMMAND …` as `COMMAND … --help`; `help WORD` for no command as the unknown command it is,
 * refused with "did you mean" (commander's own help command printed the whole program's help).
 */
function helpAsOption(program: Command, args: readonly string[]): readonly string[] {
  if (args[0] !== 'help' || args.length < 2) return args;
  const known = program.commands.some((c) => c.name() === args[1] || c.aliases().includes(args[1] as string));
  // An unknown command alone is refused as such, with the command it was likely meant to be.
  return known ? [...args.slice(1), '--help'] : args.slice(1);
}

export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram();
  let line: Normalised;
  try {
    // The whole command line is read (and refused if wrong) before any command runs.
    line = normalise(program, helpAsOption(program, argv.slice(2)));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.exitCode = reportUsage(err, err.json);
    return;
  }
  if (!line.json) for (const note of line.notes) process.stderr.write(`${note}\n`);
  try {
    await program.parseAsync([...argv.slice(0, 2), ...line.args]);
  } catch (err) {
    if (!(err instanceof CommanderError)) {
      process.exitCode = report(err, { json: line.json, verbose: line.verbose });
    } else if (err.exitCode === 0) {
      process.exitCode = EXIT.ok; // --help, --version
    } else if (err.code === 'commander.help') {
      process.exitCode = EXIT.usage; // no command given: the help went to stderr
    } else {
      process.exitCode = reportUsage(err, line.json);
    }
  }
}
