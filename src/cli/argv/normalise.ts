// The command line as bin/flink reads it, handed to commander in one spelling. Every token is read
// here with Commons CLI's rules (commons-cli.ts) against the command's own options plus bin/flink's
// spellings of them (bin-flink.ts); what comes out is `<command> --long=value … -- <positionals>`,
// which commander only dispatches. Options bin/flink has that cannot apply over REST are refused by
// name here, before any command runs, so nothing is uploaded or sent for a command line that is wrong.
import { type Command, CommanderError, type Option } from 'commander';
import {
  type Action,
  ALL_NAMES,
  BIN_FLINK,
  type BinFlinkOption,
  DEFINE,
  EXECUTION_TARGET,
  PROGRAM_ACTIONS,
  targetRefusal,
  type Use,
  YARN_OPTION,
  YARN_REFUSAL,
} from './bin-flink.js';
import { CommandLineError, type OptionSpec, type ParsedOption, parseCommandLine } from './commons-cli.js';

export interface Spec extends OptionSpec {
  use: Use;
  /** See {@link BinFlinkOption.jobIdWhenAlone}. */
  jobIdWhenAlone?: true;
  /** bin/flink's name for it (its long name, else its short one), when bin/flink has it. */
  flink?: string;
  /** The commander option it lands on (none for --help and the bin/flink-only ones). */
  option?: Option;
}

export interface Normalised {
  /** For commander: the user's arguments in one spelling (without node and the script). */
  args: string[];
  /** `--json` was given: errors are JSON too. */
  json: boolean;
  /** `--verbose` (or bin/flink's `-v`) was given. */
  verbose: boolean;
  /** Lines to print on stderr before running (options accepted that do nothing here). */
  notes: string[];
}

/** A usage error found while reading the command line: exit 2, with the command it belongs to. */
export class UsageError extends CommanderError {
  constructor(
    message: string,
    code: string,
    readonly command: string,
    readonly json: boolean,
  ) {
    super(2, code, message);
  }
}

const CODES: Record<CommandLineError['code'], string> = {
  unknownOption: 'commander.unknownOption',
  missingArgument: 'commander.optionMissingArgument',
  ambiguousOption: 'flink-rest.ambiguousOption',
};

const names = (o: { short?: string; long?: string }) =>
  [o.short !== undefined ? `-${o.short}` : undefined, o.long !== undefined ? `--${o.long}` : undefined].filter(Boolean).join('/');

/** The options a command reads: commander's, then bin/flink's spellings of them and bin/flink's own. */
function specsOf(command: Command, binFlink: readonly BinFlinkOption[]): Spec[] {
  const specs: Spec[] = command.options.map((option) => ({
    ...(option.short ? { short: option.short.slice(1) } : {}),
    ...(option.long ? { long: option.long.slice(2) } : {}),
    arity: option.variadic ? 'many' : option.required ? 'one' : option.optional ? 'optional' : 'none',
    abbreviable: false,
    use: { to: option.long ?? (option.short as string) },
    option,
  }));
  if (!binFlink.some((o) => o.long === 'help'))
    specs.push({ short: 'h', long: 'help', arity: 'none', abbreviable: false, use: { to: '--help' } });
  for (const b of binFlink) {
    const same = specs.find((s) => (b.long !== undefined ? s.long === b.long : b.short !== undefined && s.short === b.short));
    if (same) {
      // bin/flink's spelling of an option we have: its short name and arity, abbreviable as in bin/flink.
      if (b.short !== undefined) same.short = b.short;
      same.arity = b.arity;
      same.abbreviable = b.long !== undefined && same.long === b.long;
      same.flink = b.long ?? b.short;
      if (b.jobIdWhenAlone) same.jobIdWhenAlone = true;
      if (!('to' in b.use)) same.use = b.use;
    } else {
      const to = 'to' in b.use ? command.options.find((o) => o.long === (b.use as { to: string }).to) : undefined;
      specs.push({ ...b, abbreviable: b.long !== undefined, flink: (b.long ?? b.short) as string, ...(to ? { option: to } : {}) });
    }
  }
  return specs;
}

function leafOf(program: Command, path: string[]): Command | undefined {
  let command: Command = program;
  for (const name of path) {
    const next = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) return undefined;
    command = next;
  }
  return command;
}

/** The command line read, before anything it says is checked or translated. */
export interface ReadLine {
  /** The command: `['run']`, `['jars', 'run']`. */
  path: string[];
  /** Every option, global ones first, with the spec it was read as. */
  parsed: ParsedOption<Spec>[];
  positionals: string[];
}

/**
 * Reads `args` (what follows `flink-rest`) with Commons CLI's rules against the command's options and
 * bin/flink's spellings of them. Undefined when there is no command to read for (commander says why).
 * Throws {@link UsageError} for an unknown, ambiguous or incomplete option.
 */
export function readCommandLine(program: Command, args: readonly string[]): ReadLine | undefined {
  const programSpecs = specsOf(program, [DEFINE]);
  const json = args.includes('--json');
  const fail = (message: string, code: string, path: string): never => {
    throw new UsageError(message, code, path, json);
  };

  // Options before the command are the global ones; the first positional names the command.
  let head: ReturnType<typeof parseCommandLine<Spec>>;
  try {
    head = parseCommandLine(args, programSpecs, true);
  } catch (err) {
    if (err instanceof CommandLineError) return fail(err.message, CODES[err.code], 'flink-rest');
    throw err;
  }
  const path: string[] = [];
  let rest = head.args;
  let command: Command = program;
  while (rest.length) {
    const next = leafOf(command, [rest[0] as string]);
    if (!next) break;
    path.push(rest[0] as string);
    rest = rest.slice(1);
    command = next;
    if (!next.commands.length) break;
  }
  // No command, a group without its subcommand, or an unknown one: commander says what is wrong.
  if (command === program || command.commands.length) return undefined;

  const where = `flink-rest ${path.join(' ')}`;
  const action = path.join(' ') as Action;
  const binFlink = path.length === 1 && action in BIN_FLINK ? BIN_FLINK[action] : [DEFINE];
  const specs = specsOf(command, binFlink);
  const stopAtNonOption =
    PROGRAM_ACTIONS.has(action) || Boolean((command as unknown as { _passThroughOptions?: boolean })._passThroughOptions);
  let leaf: ReturnType<typeof parseCommandLine<Spec>>;
  try {
    leaf = parseCommandLine(rest, specs, stopAtNonOption, ALL_NAMES);
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    const name = err.token.replace(/^--?/, '').split('=')[0] as string;
    if (YARN_OPTION.test(err.token) && !ALL_NAMES.has(name)) {
      return fail(
        `${err.token.split('=')[0]} (a YARN option of bin/flink) cannot apply here: ${YARN_REFUSAL}`,
        'flink-rest.unsupportedOption',
        where,
      );
    }
    if (err.code === 'unknownOption' && ALL_NAMES.has(name)) {
      return fail(`${err.token.split('=')[0]} is not an option of ${path.join(' ')}`, CODES.unknownOption, where);
    }
    return fail(err.message, CODES[err.code], where);
  }

  return { path, parsed: [...head.options.map((o) => reread(o, specs)), ...leaf.options], positionals: leaf.args };
}

/**
 * Reads `args` (what follows `flink-rest`) as bin/flink would and returns them in the one spelling
 * commander is given. Throws {@link UsageError} for an unknown, ambiguous, incomplete or refused option.
 */
export function normalise(program: Command, args: readonly string[]): Normalised {
  // bin/flink reads its first word as the action, and `-v` there as --version, whatever follows
  // (`-v` after an action is --verbose).
  if (args[0] === '-v') return { args: ['--version'], json: false, verbose: false, notes: [] };
  const line = readCommandLine(program, args);
  if (!line) return { args: [...args], json: args.includes('--json'), verbose: args.includes('--verbose'), notes: [] };
  const { path, parsed } = line;
  const action = path.join(' ');
  const where = `flink-rest ${action}`;
  const json = parsed.some((o) => o.spec.option?.long === '--json');
  const fail = (message: string, code: string): never => {
    throw new UsageError(message, code, where, json);
  };
  const out: string[] = [];
  const notes: string[] = [];
  const seen = new Map<string, string>();
  let jarfile: string | undefined;
  let programArgs: string[] | undefined;
  let jobIdAlone: { at: number; flag: string; value: string } | undefined;
  for (const { spec, values, given, token } of parsed) {
    const use = spec.use;
    if ('refuse' in use)
      return fail(`${token} (${names(spec)} of bin/flink) cannot apply here: ${use.refuse}`, 'flink-rest.unsupportedOption');
    if ('target' in use) {
      const refusal = targetRefusal(`${token} ${values[0]}`, values[0] as string);
      if (refusal) return fail(refusal, 'flink-rest.unsupportedOption');
      continue;
    }
    if ('unused' in use) {
      notes.push(`flink-rest: ${token} is not used: ${use.unused}`);
      continue;
    }
    if ('program' in use) {
      if (use.program === 'jarfile') jarfile ??= values[0];
      else programArgs = [...(programArgs ?? []), ...values];
      continue;
    }
    if (use.to === '--help') return { args: [...path, '--help'], json, verbose: false, notes: [] };
    const option = spec.option;
    if (!option) return fail(`${token} is not an option of ${action}`, CODES.unknownOption);
    const flag = option.long ?? (option.short as string);
    const repeatable = option.parseArg !== undefined;
    if (spec.arity === 'many') {
      // A variadic option of ours (commander adds up repeated uses).
      out.push(...values.map((v) => `${flag}=${v}`));
      continue;
    }
    let value = values[0];
    if (spec.arity === 'property') {
      // `-Dkey=value`, `-D key=value`; bin/flink reads `-Dflag` as flag=true, and `-D key value` as well,
      // which here is refused: a lone key mostly means a forgotten "=" (and would swallow the jar).
      if (given.length > 1) {
        return fail(`-D takes key=value; got "${given[0]}"`, 'flink-rest.invalidDefine');
      }
      value = values.length === 1 ? `${values[0]}=true` : values.join('=');
      // -D execution.target is -t by another name; for sql it is the SQL Gateway session's to take.
      const [key, target] = [values[0], values.slice(1).join('=')];
      const refusal = key === EXECUTION_TARGET && action !== 'sql' ? targetRefusal(`-D ${value}`, target) : undefined;
      if (refusal) return fail(refusal, 'flink-rest.unsupportedOption');
    }
    if (value === undefined) {
      out.push(flag);
      continue;
    }
    if (!repeatable) {
      const before = seen.get(flag);
      if (before !== undefined && before !== value)
        return fail(`${names(spec)} given twice ("${before}" and "${value}")`, 'flink-rest.repeatedOption');
      if (before !== undefined) continue;
      seen.set(flag, value);
    }
    if (spec.jobIdWhenAlone) jobIdAlone = { at: out.length, flag, value };
    out.push(`${flag}=${value}`);
  }

  let positionals = line.positionals;
  if (jobIdAlone && positionals.length === 0) {
    // bin/flink's `stop -p JOB`, `cancel -s JOB`: the value is the job, the savepoint goes to the default directory.
    out[jobIdAlone.at] = jobIdAlone.flag;
    positionals = [jobIdAlone.value];
  }
  if (PROGRAM_ACTIONS.has(action)) {
    // bin/flink's ProgramOptions: the jar is -j, else the first of -a's values, else the first positional.
    if (programArgs !== undefined && positionals.length) {
      return fail(
        `program arguments go after the jar or in -a/--arguments, not both (bin/flink would drop ${positionals.map((a) => `"${a}"`).join(' ')})`,
        'flink-rest.conflictingArguments',
      );
    }
    const all = programArgs ?? positionals;
    positionals = jarfile !== undefined ? [jarfile, ...all] : all;
  }
  return { args: [...path, ...out, '--', ...positionals], json, verbose: out.includes('--verbose'), notes };
}

/** A global option given before the command, read again as the command's own spec (the same commander flag). */
function reread(option: ParsedOption<Spec>, specs: Spec[]): ParsedOption<Spec> {
  const flag = option.spec.option?.long ?? option.spec.option?.short;
  const spec = specs.find((s) => s.option !== undefined && (s.option.long ?? s.option.short) === flag) ?? option.spec;
  return { ...option, spec };
}
