// flink-rest's command line against bin/flink's own parser, option by option and spelling by spelling.
// test/support/cli-bin-flink-<line>.jsonl holds, for Flink 1.20 and 2.3, every option of every action
// and what Flink's CliFrontendParser and *Options classes make of each spelling (for cancel and stop,
// compared as CliFrontend resolves them into a job and a target directory) (scripts/bin-flink-table
// ran them with the distributions' jars). Every line must read here as it reads there, mean the same,
// or be refused by name where it cannot apply over REST.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Action, ALL_NAMES, BIN_FLINK } from '../../src/cli/argv/bin-flink.js';
import { normalise, readCommandLine, UsageError } from '../../src/cli/argv/normalise.js';
import { buildProgram } from '../../src/cli/index.js';

interface FlinkOption {
  short: string | null;
  long: string | null;
  args: number;
  optionalArg: boolean;
}
interface FlinkCase {
  action: string;
  argv: string[];
  error?: string;
  options?: { name: string; values: string[] }[];
  args?: string[];
  meaning?: Record<string, unknown> | string;
}
interface Table {
  flink: string;
  options: Record<string, FlinkOption[]>;
  cases: FlinkCase[];
}

const LINES = ['1.20', '2.3'] as const;
function table(line: string): Table {
  const [head, ...cases] = readFileSync(new URL(`../support/cli-bin-flink-${line}.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return { ...head, cases };
}
const arity = (o: FlinkOption) =>
  o.args === -1 ? 'none' : o.args === -2 ? 'many' : o.args === 2 ? 'property' : o.optionalArg ? 'optional' : 'one';
const program = buildProgram();

/** Our reading of a command line: the options by bin/flink's name, the positionals; or the usage error. */
function ours(action: string, argv: string[]) {
  try {
    const line = readCommandLine(program, [action, ...argv]);
    if (!line) throw new Error('no command read');
    return {
      options: line.parsed.map((o) => ({ name: o.spec.flink ?? o.spec.long ?? o.spec.short, values: o.values })),
      args: line.positionals,
    };
  } catch (err) {
    if (err instanceof UsageError) return { error: err.message };
    throw err;
  }
}

/** The flags and positionals commander is given. */
function translated(action: string, argv: string[]) {
  const { args, notes } = normalise(program, [action, ...argv]);
  const dashes = args.indexOf('--');
  const flags = new Map<string, string | true>();
  const defines: string[] = [];
  for (const token of args.slice(1, dashes < 0 ? undefined : dashes)) {
    const at = token.indexOf('=');
    flags.set(at < 0 ? token : token.slice(0, at), at < 0 ? true : token.slice(at + 1));
    if (token.startsWith('--define=')) defines.push(token.slice('--define='.length));
  }
  return { flags, defines, positionals: dashes < 0 ? [] : args.slice(dashes + 1), notes };
}

const str = (v: string | true | undefined) => (typeof v === 'string' ? v : null);
const format = (v: string | true | undefined) => (typeof v === 'string' ? v.toUpperCase() : 'CANONICAL');

/** What Flink's *Options classes read, as flink-rest's flags say it. */
function meaningOf(action: string, t: ReturnType<typeof translated>): Record<string, unknown> {
  const f = t.flags;
  const p = t.positionals;
  switch (action) {
    case 'run':
    case 'run-application':
    case 'info':
      return {
        getJarFilePath: p[0] ?? null,
        getProgramArgs: p.slice(1),
        getEntryPointClassName: str(f.get('--class')),
        getParallelism: f.has('--parallelism') ? Number(f.get('--parallelism')) : -1,
        getDetachedMode: f.has('--detached'),
        getClasspaths: [],
        isShutdownOnAttachedExit: false,
        // Flink's default claim mode, which the REST server applies too when none is sent.
        getSavepointRestoreSettings: f.has('--fromSavepoint')
          ? `forPath:${f.get('--fromSavepoint')}:${f.has('--allowNonRestoredState')}:${String(f.get('--claimMode') ?? 'no_claim').toUpperCase()}`
          : 'none',
      };
    case 'list':
      return { showAll: f.has('--all'), showRunning: f.has('--running'), showScheduled: f.has('--scheduled') };
    case 'cancel':
      return {
        jobId: p[0] ?? null,
        isWithSavepoint: f.has('--withSavepoint'),
        targetDirectory: str(f.get('--withSavepoint')),
        getFormatType: format(f.get('--type')),
      };
    case 'stop':
      return {
        jobId: p[0] ?? null,
        hasSavepointFlag: f.has('--savepointPath'),
        targetDirectory: str(f.get('--savepointPath')),
        shouldAdvanceToEndOfEventTime: f.has('--drain'),
        isDetached: f.has('--detached'),
        getFormatType: format(f.get('--type')),
      };
    case 'savepoint':
      return {
        getArgs: p,
        isDispose: f.has('--dispose'),
        getSavepointPath: str(f.get('--dispose')),
        isDetached: f.has('--detached'),
        getFormatType: format(f.get('--type')),
      };
    case 'checkpoint':
      return { getArgs: p, getCheckpointType: f.has('--full') ? 'FULL' : 'CONFIGURED' };
    default:
      throw new Error(action);
  }
}

/** Flink's meaning in the same terms (its SavepointRestoreSettings as `forPath:path:allowNonRestored:claimMode`). */
function flinkMeaning(action: string, meaning: Record<string, unknown>, ourKeys: string[]): Record<string, unknown> {
  const picked = Object.fromEntries(ourKeys.map((k) => [k, meaning[k]]));
  const restore = meaning.getSavepointRestoreSettings as string | undefined;
  if (restore !== undefined) {
    const m = restore.match(/restorePath='([^']*)', allowNonRestoredState=(\w+), (?:recoveryClaimMode|restoreMode)=(\w+)/);
    picked.getSavepointRestoreSettings = m ? `forPath:${m[1]}:${m[2]}:${m[3]}` : 'none';
  }
  if (action === 'savepoint' || action === 'cancel' || action === 'stop') picked.getFormatType = String(meaning.getFormatType);
  if (action === 'cancel' || action === 'stop') {
    // CliFrontend.cancel and stop: with no argument, the optional value of -s/-p is the job id and the
    // savepoint goes to the default directory.
    const args = meaning.getArgs as string[];
    const value = (action === 'cancel' ? meaning.getSavepointTargetDirectory : meaning.getTargetDirectory) as string | null;
    picked.jobId = args[0] ?? value;
    picked.targetDirectory = args.length ? value : null;
  }
  return picked;
}

describe.each(LINES)('bin/flink %s: every option of its parser', (line) => {
  const { flink, options, cases } = table(line);

  it(`the option table is Flink ${flink}'s, action by action`, () => {
    for (const [action, flinkOptions] of Object.entries(options)) {
      const mine = BIN_FLINK[action as Action].map((o) => `${o.short ?? ''}/${o.long ?? ''}:${o.arity}`).sort();
      const theirs = flinkOptions.map((o) => `${o.short ?? ''}/${o.long ?? ''}:${arity(o)}`).sort();
      // -yd (the YARN fallback's detached run) is gone in 2.x; the table keeps it for 1.20.
      expect({ action, mine: mine.filter((o) => theirs.includes(o) || !o.startsWith('yd/')) }).toEqual({ action, mine: theirs });
    }
  });

  it(`${cases.length} command lines read as Flink ${flink} reads them, mean the same, or are refused by name`, () => {
    const tally = { same: 0, refused: 0, strictly: 0 };
    const problems: unknown[] = [];
    // Every mismatch is collected, so that one run shows them all.
    const check = (actual: unknown, expected: unknown) => {
      try {
        expect(actual).toEqual(expected);
      } catch {
        problems.push({ actual, expected });
      }
    };
    for (const c of cases) {
      const got = ours(c.action, c.argv);
      const label = `${c.action} ${c.argv.join(' ')}`;
      if (c.error) {
        check({ label, got }, { label, got: { error: expect.any(String) } });
        tally.strictly++;
        continue;
      }
      // Where Commons CLI would take an unknown option for the jar, or `-cm` for `-c m`, we refuse.
      const unknownAsJar =
        (c.args?.[0] ?? '').length > 1 && c.args?.[0]?.startsWith('-') && c.options?.length === c.argv.indexOf(c.args?.[0] as string);
      const takenApart = c.argv.some(
        (a) =>
          /^-[^-]/.test(a) &&
          a.length > 2 &&
          ALL_NAMES.has(a.slice(1)) &&
          !options[c.action]?.some((o) => o.short === a.slice(1) || o.long === a.slice(1)),
      );
      if (unknownAsJar || takenApart) {
        check({ label, got }, { label, got: { error: expect.stringMatching(/unknown option|is not an option|a YARN option/) } });
        tally.strictly++;
        continue;
      }
      // An option refused here either way (the YARN ones of 1.20 and 2.x, merged) may read as ambiguous.
      const refused = c.options?.some((o) =>
        BIN_FLINK[c.action as Action].some((b) => (b.long ?? b.short) === o.name && 'refuse' in b.use),
      );
      if ('error' in got && refused) {
        tally.refused++;
        continue;
      }
      if ('error' in got || JSON.stringify(got) !== JSON.stringify({ options: c.options, args: c.args })) {
        check({ label, got }, { label, got: { options: c.options, args: c.args } });
        continue;
      }
      let t: ReturnType<typeof translated>;
      try {
        t = translated(c.action, c.argv);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        const message = err.message;
        // Refused: by the name it was given, with why — or -a and trailing arguments both (bin/flink drops some).
        check(
          { label, message },
          { label, message: expect.stringMatching(/cannot apply here: .{20,}|-a\/--arguments, not both|takes key=value|given twice/) },
        );
        tally.refused++;
        continue;
      }
      tally.same++;
      if (t.flags.has('--help') || typeof c.meaning !== 'object') continue;
      const mine = meaningOf(c.action, t);
      check({ label, meaning: mine }, { label, meaning: flinkMeaning(c.action, c.meaning, Object.keys(mine)) });
      const jobmanager = c.options?.find((o) => o.name === 'jobmanager');
      if (jobmanager) check({ label, m: t.flags.get('--jobmanager') }, { label, m: jobmanager.values[0] });
      // -D: bin/flink's key and value (a lone key means key=true), in order.
      const defines =
        c.options?.filter((o) => o.name === 'D').map((o) => (o.values.length === 1 ? `${o.values[0]}=true` : o.values.join('='))) ?? [];
      check({ label, defines: t.defines }, { label, defines });
    }
    expect(problems).toEqual([]);
    console.log(
      `Flink ${flink}: ${cases.length} command lines: ${tally.same} read and mean the same, ${tally.refused} refused by name, ${tally.strictly} refused where bin/flink errs or guesses`,
    );
  });
});
