// Every option bin/flink's parser knows, per action, in Flink 1.20 and 2.x (CliFrontendParser with the
// custom command lines merged in: DefaultCLI, GenericCLI, the YARN fallback), and what each becomes here.
// test/unit/cli-bin-flink.test.ts holds this table against what Flink's own parser reads
// (test/support/cli-bin-flink-*.jsonl, made by scripts/bin-flink-table from the distributions).
import type { Arity } from './commons-cli.js';

/** What a bin/flink option becomes in flink-rest. */
export type Use =
  /** The same meaning as this flink-rest option (a commander long flag, e.g. `--class`). */
  | { to: string }
  /** The jar (`-j`) or program arguments (`-a`) of run and info: they shape the positional arguments. */
  | { program: 'jarfile' | 'arguments' }
  /** `-t/-e`: `remote` is what flink-rest always does; any other target is refused. */
  | { target: true }
  /** Accepted and not needed here (bin/flink does not use it either); the note says so on stderr. */
  | { unused: string }
  /** Cannot apply over REST: refused by name, with why and what to do instead. */
  | { refuse: string };

export interface BinFlinkOption {
  short?: string;
  long?: string;
  arity: Arity;
  use: Use;
  /**
   * An optional value that is the job id when no argument follows, the savepoint then going to the
   * cluster's default directory: `stop -p JOB`, `cancel -s JOB` (CliFrontend.stop and cancel).
   */
  jobIdWhenAlone?: true;
}

export type Action = 'run' | 'run-application' | 'info' | 'list' | 'cancel' | 'stop' | 'savepoint' | 'checkpoint';

const PYTHON =
  'Python jobs are not submitted over REST: the JobManager runs jars only. Run it with bin/flink, or submit a jar whose main program runs it';
const YARN =
  'flink-rest talks to a running JobManager over REST, not to YARN: give the YARN session’s JobManager with -m host:port (its REST address is in the YARN application’s tracking URL)';
const ZOOKEEPER =
  'flink-rest connects to REST addresses, not through ZooKeeper: give the JobManagers with --url (comma-separated for failover)';
const CLASSPATH =
  'the REST API runs a jar without extra class-path URLs: put the classes in the job jar (a fat jar) or in the cluster’s lib/';

/** `-Dkey=value`, read as bin/flink reads it by every command (ours too). */
export const DEFINE: BinFlinkOption = { short: 'D', arity: 'property', use: { to: '--define' } };

/** Options of every action (help, the deprecated -v, and the custom command lines' general options). */
const GENERAL: BinFlinkOption[] = [
  { short: 'h', long: 'help', arity: 'none', use: { to: '--help' } },
  { short: 'v', long: 'verbose', arity: 'none', use: { to: '--verbose' } },
  { short: 'm', long: 'jobmanager', arity: 'one', use: { to: '--jobmanager' } },
  DEFINE,
  { short: 't', long: 'target', arity: 'one', use: { target: true } },
  { short: 'e', long: 'executor', arity: 'one', use: { target: true } },
  { short: 'z', long: 'zookeeperNamespace', arity: 'one', use: { refuse: ZOOKEEPER } },
  { short: 'yid', long: 'yarnapplicationId', arity: 'one', use: { refuse: YARN } },
];

const PY: BinFlinkOption[] = [
  ['py', 'python'],
  ['pyfs', 'pyFiles'],
  ['pym', 'pyModule'],
  ['pyreq', 'pyRequirements'],
  ['pyarch', 'pyArchives'],
  ['pyexec', 'pyExecutable'],
  ['pyclientexec', 'pyClientExecutable'],
  ['pypath', 'pyPythonPath'],
].map(([short, long]) => ({ short, long, arity: 'one' as const, use: { refuse: PYTHON } }));

/** The program options of run and info (CliFrontendParser's program-specific options). */
const PROGRAM: BinFlinkOption[] = [
  { short: 'j', long: 'jarfile', arity: 'one', use: { program: 'jarfile' } },
  { short: 'c', long: 'class', arity: 'one', use: { to: '--class' } },
  { short: 'C', long: 'classpath', arity: 'one', use: { refuse: CLASSPATH } },
  { short: 'p', long: 'parallelism', arity: 'one', use: { to: '--parallelism' } },
  { short: 'a', long: 'arguments', arity: 'many', use: { program: 'arguments' } },
  {
    short: 'sae',
    long: 'shutdownOnAttachedExit',
    arity: 'none',
    use: {
      refuse:
        'it shuts down a cluster bin/flink started for the job; flink-rest runs jobs on a cluster it does not own. Ctrl-C stops following the job; end the job with flink-rest cancel or stop',
    },
  },
  // Flink 1.20 only (the YARN fallback command line's run options).
  {
    short: 'yd',
    long: 'yarndetached',
    arity: 'none',
    use: { refuse: `${YARN}; for a detached run use -d` },
  },
  ...PY,
];

const RESTORE: BinFlinkOption[] = [
  { short: 's', long: 'fromSavepoint', arity: 'one', use: { to: '--fromSavepoint' } },
  { short: 'n', long: 'allowNonRestoredState', arity: 'none', use: { to: '--allowNonRestoredState' } },
  { short: 'cm', long: 'claimMode', arity: 'one', use: { to: '--claimMode' } },
  { short: 'rm', long: 'restoreMode', arity: 'one', use: { to: '--claimMode' } },
];

const DETACHED_RUN: BinFlinkOption = { short: 'd', long: 'detached', arity: 'none', use: { to: '--detached' } };

const FORMAT: BinFlinkOption = { short: 'type', long: 'type', arity: 'one', use: { to: '--type' } };
const DETACHED_TRIGGER: BinFlinkOption = { short: 'detached', arity: 'none', use: { to: '--detached' } };

/** bin/flink's options by action: Flink 1.20 and 2.x have the same sets (2.x lacks -yd and the run-application action). */
export const BIN_FLINK: Record<Action, BinFlinkOption[]> = {
  run: [...GENERAL, ...PROGRAM, DETACHED_RUN, ...RESTORE],
  'run-application': [...GENERAL, ...PROGRAM, DETACHED_RUN, ...RESTORE],
  info: [
    ...GENERAL,
    ...PROGRAM,
    { short: 'd', long: 'detached', arity: 'none', use: { refuse: 'info only shows the plan; -d/--detached is for run' } },
  ],
  list: [
    ...GENERAL,
    { short: 'a', long: 'all', arity: 'none', use: { to: '--all' } },
    { short: 'r', long: 'running', arity: 'none', use: { to: '--running' } },
    { short: 's', long: 'scheduled', arity: 'none', use: { to: '--scheduled' } },
  ],
  cancel: [
    ...GENERAL,
    { short: 's', long: 'withSavepoint', arity: 'optional', use: { to: '--withSavepoint' }, jobIdWhenAlone: true },
    FORMAT,
  ],
  stop: [
    ...GENERAL,
    { short: 'p', long: 'savepointPath', arity: 'optional', use: { to: '--savepointPath' }, jobIdWhenAlone: true },
    { short: 'd', long: 'drain', arity: 'none', use: { to: '--drain' } },
    FORMAT,
    DETACHED_TRIGGER,
  ],
  savepoint: [
    ...GENERAL,
    { short: 'd', long: 'dispose', arity: 'one', use: { to: '--dispose' } },
    {
      short: 'j',
      long: 'jarfile',
      arity: 'one',
      use: { unused: 'the JobManager disposes a savepoint with the classes it has, as with bin/flink: the jar is not needed' },
    },
    FORMAT,
    DETACHED_TRIGGER,
  ],
  checkpoint: [...GENERAL, { short: 'full', long: 'full', arity: 'none', use: { to: '--full' } }],
};

/** Actions whose options end at the first positional argument (the jar): the rest is the program's. */
export const PROGRAM_ACTIONS: ReadonlySet<string> = new Set(['run', 'run-application', 'info']);

/** Every name bin/flink gives an option in any action: a token naming one is never read as something else. */
export const ALL_NAMES: ReadonlySet<string> = new Set(
  Object.values(BIN_FLINK).flatMap((options) => options.flatMap((o) => [o.short, o.long].filter((n): n is string => n !== undefined))),
);

/** YARN's own options (`-yjm`, `--yarnqueue`, …), which bin/flink has only with Hadoop on its class path. */
export const YARN_OPTION = /^--?y(arn)?[A-Za-z]/;
export const YARN_REFUSAL = YARN;

/** bin/flink's -t/--target as a setting (`-D execution.target=…`): flink-rest's own, never a job's. */
export const EXECUTION_TARGET = 'execution.target';

/**
 * `-t/--target`, `-e/--executor` and `-D execution.target`: only `remote` (a running cluster, in any
 * case, as Flink's executor factories compare it) means something over REST.
 */
export function targetRefusal(flag: string, value: string): string | undefined {
  const target = value.toLowerCase();
  if (target === 'remote') return undefined;
  const over = "flink-rest submits to a running cluster over REST, which is bin/flink's -t remote";
  if (target.endsWith('-application'))
    return `${flag}: bin/flink deploys a new cluster for the application; ${over}. Deploy it with bin/flink, or start a session cluster and give its JobManager with -m host:port`;
  if (target === 'local') return `${flag}: bin/flink runs the job in its own JVM; ${over}: give a running JobManager with -m host:port`;
  return `${flag}: ${over}; start the ${value} cluster first and give its JobManager with -m host:port`;
}
