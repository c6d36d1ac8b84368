// The whole CLI in-process (commander, options, SDK) against nock: argument parsing edge cases,
// where requests go, exit codes, and what --json errors look like.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CliRun, runCli } from '../support/cli-in-process.js';
import { OVERVIEW } from '../support/fixtures.js';
import { BASE, flink, JOB, JOB2, serverVersion } from '../support/nock.js';
import { bodies, HEX32, unmatchedRequests } from '../support/unit-helpers.js';
import { uploadFront } from '../support/upload-front.js';

const UPLOAD_ANSWER = { filename: '/tmp/flink-web-x/flink-web-upload/4f2e_job.jar', status: 'success' };
const JAR_ID = '4f2e_job.jar';
const ZIP_BYTES = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('padding-of-a-fake-jar\n'.repeat(4))]);

let dir: string;
let jar: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flink-rest-cli-'));
  jar = join(dir, 'job.jar');
  await writeFile(jar, ZIP_BYTES);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

type Run = CliRun;

/** Runs `flink-rest ...args` in this process; FLINK_REST_URL points at nock unless `env` says otherwise. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return runCli(BASE, args, env);
}

/** The one line an error prints: `flink-rest: …`, no Java stack trace. */
function oneLine(run: Run): string {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^flink-rest: /);
  return lines[0] as string;
}

describe('where the CLI connects', () => {
  it('-m host:port means http://host:port, as bin/flink', async () => {
    overviewAt('http://jm.example:8082');
    const run = await cli(['-m', 'jm.example:8082', 'overview'], { FLINK_REST_URL: undefined });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Flink 2.2.1 (abc) at http://jm.example:8082');
  });

  it('FLINK_REST_URL when there is no -m or --url; --url beats -m; global options also after the command', async () => {
    flink().get('/v1/overview').reply(200, OVERVIEW);
    expect(JSON.parse((await cli(['overview', '--json'])).stdout)).toEqual(OVERVIEW);
    overviewAt('http://url.example:8081');
    const run = await cli(['--url', 'http://url.example:8081', 'overview', '-m', 'jm.example:8082']);
    expect(run.stdout).toContain('at http://url.example:8081');
  });

  it('a bad -m is a usage error (exit 2) before anything is sent', async () => {
    const unmatched = unmatchedRequests();
    const run = await cli(['-m', 'just-a-host', 'list']);
    expect(run.code).toBe(2);
    expect(oneLine(run)).toContain('-m/--jobmanager must be host:port');
    expect(unmatched).toEqual([]);
  });

  it('connection refused is exit 5', async () => {
    const run = await cli(['--url', 'http://127.0.0.1:9', 'list']);
    expect(run.code).toBe(5);
    expect(oneLine(run)).toContain('cannot reach http://127.0.0.1:9');
  });

  it('a wrong address or -type names the flag the user typed, not the SDK option behind it; nothing is sent', async () => {
    const unmatched = unmatchedRequests();
    for (const [args, line] of [
      [
        ['--url', '127.0.0.1:8081', 'list'],
        'flink-rest: the address from --url must be an absolute http(s) URL such as http://127.0.0.1:8081; got "127.0.0.1:8081"',
      ],
      [
        ['-m', '127.0.0.1:99999', 'list'],
        'flink-rest: the address from -m: the port 99999 is out of range (0–65535); got "http://127.0.0.1:99999"',
      ],
      [['stop', JOB, '-type', 'natve'], 'flink-rest: -type/--type must be canonical or native; got "natve" (did you mean native?)'],
    ] as const) {
      const run = await cli([...args]);
      expect({ args, code: run.code, line: oneLine(run) }).toEqual({ args, code: 2, line });
    }
    expect(unmatched).toEqual([]);
  });

  it('a port that fetch refuses (6666, blocklisted by the Fetch standard) is named as such, not as a server that is down', async () => {
    const run = await cli(['--url', 'http://127.0.0.1:6666', 'list']);
    expect(run.code).toBe(5);
    expect(oneLine(run)).toContain('cannot reach http://127.0.0.1:6666: bad port: fetch refuses this port');
    expect(oneLine(run)).toContain('rest.port');
  });
});

describe('--header', () => {
  it('sends every "Name: value" (values may hold colons), before or after the command', async () => {
    flink().get('/v1/jobs/overview').matchHeader('authorization', 'Bearer a:b').matchHeader('x-trace', '1').reply(200, { jobs: [] });
    const run = await cli(['--header', 'Authorization: Bearer a:b', 'list', '-H', 'X-Trace:1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No running jobs.\nNo scheduled jobs.\n');
  });

  it('refuses a header without a name, and never echoes the value', async () => {
    const run = await cli(['--header', 'Bearer s3cret', 'list']);
    expect(run.code).toBe(2);
    expect(oneLine(run)).toContain('--header must be "Name: value"');
    expect(run.stderr).not.toContain('s3cret');
    const spaced = await cli(['--header', 'Bad Name: s3cret', 'list']);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).not.toContain('s3cret');
  });
});

describe('run', () => {
  it('-D keeps everything after the first "=", options before the jar, program arguments after it verbatim', async () => {
    const sent = bodies();
    const front = await uploadFront(UPLOAD_ANSWER);
    serverVersion('2.2.1'); // asked once per client: is jar submission on (features.web-submit), and is it a JobManager?
    flink()
      .post(`/v1/jars/${JAR_ID}/run`, sent.match)
      .reply(200, () => ({ jobid: sent.list.at(-1)?.jobId }));
    const deleted = flink().delete(`/v1/jars/${JAR_ID}`).reply(200, {});
    const run = await cli(
      [
        'run',
        '-d',
        '-c',
        'org.example.Job',
        '-p',
        '3',
        '-D',
        'a=b=c',
        '-D',
        'pipeline.max-parallelism=120',
        jar,
        '--input',
        'x',
        '-p',
        '7',
        '-D',
        'z',
        '--json',
      ],
      { FLINK_REST_URL: front.url },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(sent.list[0]).toMatchObject({
      entryClass: 'org.example.Job',
      parallelism: 3,
      flinkConfiguration: { a: 'b=c', 'pipeline.max-parallelism': '120' },
      programArgsList: ['--input', 'x', '-p', '7', '-D', 'z', '--json'],
    });
    // --json after the jar belongs to the program: human output
    expect(run.stdout).toMatch(/^Job has been submitted with JobID [0-9a-f]{32}\n$/);
    expect(deleted.isDone()).toBe(true); // the uploaded jar is deleted after the run request
  });

  it('-D without "=" is exit 2, before the jar is uploaded', async () => {
    const unmatched = unmatchedRequests();
    const run = await cli(['run', '-d', '-D', 'no-equals-sign', jar]);
    expect(run.code).toBe(2);
    expect(oneLine(run)).toBe('flink-rest: -D takes key=value; got "no-equals-sign"');
    expect(unmatched).toEqual([]);
  });

  it('--claimMode and --jobId are checked before the upload; -s, -n and --claimMode reach Flink', async () => {
    const unmatched = unmatchedRequests();
    expect((await cli(['run', '-d', '--claimMode', 'claimed', jar])).code).toBe(2);
    expect((await cli(['run', '-d', '--jobId', 'nope', jar])).code).toBe(2);
    expect(unmatched).toEqual([]);
    const sent = bodies();
    serverVersion('2.2.1');
    const front = await uploadFront(UPLOAD_ANSWER);
    flink().post(`/v1/jars/${JAR_ID}/run`, sent.match).reply(200, { jobid: JOB });
    // --keep-jar: no DELETE (nock would refuse one)
    const run = await cli(
      ['--json', 'run', '-d', '-s', 'file:///sp/savepoint-1', '-n', '--claimMode', 'no_claim', '--jobId', JOB, '--keep-jar', jar],
      { FLINK_REST_URL: front.url },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ jobId: JOB, jarId: JAR_ID });
    expect(sent.list[0]).toMatchObject({
      savepointPath: 'file:///sp/savepoint-1',
      allowNonRestoredState: true,
      claimMode: 'NO_CLAIM',
      jobId: JOB,
    });
  });

  it('a jar that does not exist is exit 2', async () => {
    const run = await cli(['run', '-d', join(dir, 'missing.jar')]);
    expect(run.code).toBe(2);
    expect(oneLine(run)).toContain('missing.jar');
  });

  it('jars run takes options after the id, and program arguments after "--"', async () => {
    const sent = bodies();
    serverVersion('2.2.1'); // a fresh client learns what it talks to before its first write
    flink().post(`/v1/jars/${JAR_ID}/run`, sent.match).reply(200, { jobid: JOB });
    const run = await cli(['jars', 'run', JAR_ID, '-c', 'org.example.Job', '-p', '2', 'plain', '--', '--input', 'x']);
    expect(run.code).toBe(0);
    expect(sent.list[0]).toMatchObject({ entryClass: 'org.example.Job', parallelism: 2, programArgsList: ['plain', '--input', 'x'] });
    const refused = await cli(['jars', 'run', JAR_ID, '--input', 'x']);
    expect(refused.code).toBe(2);
    expect(oneLine(refused)).toBe(`flink-rest: unknown option '--input'; program arguments go after "--" (see flink-rest jars run --help)`);
  });

  it('run-application on a server before 2.3 is exit 6, before the upload', async () => {
    const unmatched = unmatchedRequests();
    serverVersion('2.2.1');
    const run = await cli(['run-application', jar]);
    expect(run.code).toBe(6);
    expect(oneLine(run)).toBe('flink-rest: jars.runApplication needs Flink 2.3 or newer; the server runs Flink 2.2.1');
    expect(unmatched).toEqual([]);
  });
});

describe('exceptions', () => {
  it('shows the first line of each and its root cause (Flink wraps it: "Recovery is suppressed …"); --verbose the whole trace', async () => {
    const stacktrace = [
      'org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy',
      '\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)',
      'Caused by: org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could not acquire the minimum required resources.',
      '\t... 3 more',
    ].join('\n');
    const history = {
      exceptionHistory: {
        entries: [{ exceptionName: 'org.apache.flink.runtime.JobException', stacktrace, timestamp: 0, concurrentExceptions: [] }],
        truncated: false,
      },
    };
    flink().get(`/v1/jobs/${JOB}/exceptions`).query(true).reply(200, history);
    const run = await cli(['exceptions', JOB]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 3)).toEqual([
      '  org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy',
      '    caused by org.apache.flink.runtime.jobmanager.scheduler.NoResourceAvailableException: Could not acquire the minimum required resources.',
    ]);
  });
});

describe('errors', () => {
  const missing = {
    errors: ['Job could not be found.', 'org.apache.flink.runtime.rest.NotFoundException: Job 0 not found\n\tat Foo.bar(Foo.java:1)'],
  };

  it('one line with Flink’s message; --verbose adds the Java stack trace', async () => {
    flink().get(`/v1/jobs/${JOB}`).reply(404, missing);
    flink().get(`/v1/jobs/${JOB}/exceptions`).query(true).reply(404, missing);
    flink().get(`/v1/jobs/${JOB}/checkpoints`).reply(404, missing);
    const run = await cli(['job', JOB]); // formerly `info JOB`: `info` is bin/flink's plan of a jar now
    expect(run.code).toBe(3);
    expect(oneLine(run)).toContain('Job could not be found.');
    expect(run.stdout).toBe('');
    flink().patch(`/v1/jobs/${JOB}`).query(true).reply(404, missing);
    const verbose = await cli(['cancel', JOB, '--verbose']);
    expect(verbose.code).toBe(3);
    expect(verbose.stderr).toMatch(/\n\s*at Foo\.bar\(Foo\.java:1\)/);
  });

  it('with --json: nothing on stdout, one JSON document on stderr with the exit code', async () => {
    flink().patch(`/v1/jobs/${JOB}`).query(true).reply(404, missing);
    const run = await cli(['--json', 'cancel', JOB]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toMatchObject({ exitCode: 3, error: { name: 'NotFoundError', status: 404 } });
    flink()
      .patch(`/v1/jobs/${JOB}`)
      .query(true)
      .reply(409, { errors: ['Job is not running.'] });
    expect(JSON.parse((await cli(['cancel', JOB, '--json'])).stderr)).toMatchObject({ exitCode: 4, error: { name: 'ConflictError' } });
  });

  it('help COMMAND shows that command; help of no command is refused with the command it was likely meant to be', async () => {
    const savepoint = await cli(['help', 'savepoint']);
    expect(savepoint.code).toBe(0);
    expect(savepoint.stdout.split('\n')[0]).toBe('Usage: flink-rest savepoint [options] [jobId] [targetDirectory]');
    const nested = await cli(['help', 'jars', 'upload']);
    expect(nested.stdout.split('\n')[0]).toBe('Usage: flink-rest jars upload [options] <jar>');
    const typo = await cli(['help', 'lst']);
    expect({ code: typo.code, line: oneLine(typo), stdout: typo.stdout }).toEqual({
      code: 2,
      line: "flink-rest: unknown command 'lst' (did you mean list?) (see flink-rest --help)",
      stdout: '',
    });
  });

  it('usage errors are exit 2: one line, or JSON with --json', async () => {
    const unknown = await cli(['list', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(oneLine(unknown)).toBe(`flink-rest: unknown option '--bogus' (see flink-rest list --help)`);
    // A misspelt option is never read as a short option with a value (in savepoint: dispose the path
    // "etatched") nor taken apart into short flags; nothing is sent.
    const sent = unmatchedRequests();
    for (const [args, message] of [
      [['savepoint', JOB, '-detatched'], `unknown option '-detatched' (did you mean -detached?) (see flink-rest savepoint --help)`],
      [['savepoint', JOB, '-dry-run'], `unknown option '-dry-run' (see flink-rest savepoint --help)`],
      [['stop', JOB, '-detatched'], `unknown option '-detatched' (did you mean -detached?) (see flink-rest stop --help)`],
      [['stop', '--drian', JOB], `unknown option '--drian' (did you mean --drain?) (see flink-rest stop --help)`],
      [['run', '--paralelism', '2', 'x.jar'], `unknown option '--paralelism' (did you mean --parallelism?) (see flink-rest run --help)`],
    ] as const) {
      const typo = await cli([...args]);
      expect({ args, code: typo.code, line: oneLine(typo) }).toEqual({ args, code: 2, line: `flink-rest: ${message}` });
    }
    expect(sent).toEqual([]);
    const json = await cli(['--json', 'cancel']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { name: 'UsageError', message: "missing required argument 'jobId'", code: 'commander.missingArgument' },
      exitCode: 2,
    });
    for (const args of [
      ['checkpoint', JOB, '--full', '--incremental'],
      ['--timeout', 'soon', 'list'],
      ['watch', '--interval', '0'],
      ['savepoint'],
      ['savepoint', JOB, 'file:///sp/target', '--dispose', 'file:///sp/x'],
      ['--passphrase-env', 'FLINK_REST_NO_SUCH_VAR', '--pfx', join(dir, 'client.p12'), 'list'],
      ['--passphrase-env', 'FLINK_REST_NO_SUCH_VAR', 'list'],
    ]) {
      const run = await cli(args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      oneLine(run);
    }
  });
});

describe('rescale', () => {
  const SOURCE = 'cbc357ccb763df2852fee8c4fc7d55f2';
  const SINK = '90bea66de1c231edf33913ecd54406c1';
  const requirements = {
    [SOURCE]: { parallelism: { lowerBound: 1, upperBound: 1 } },
    [SINK]: { parallelism: { lowerBound: 1, upperBound: 1 } },
  };
  const vertex = (id: string, parallelism: number) => ({
    id,
    name: id.slice(0, 4),
    parallelism,
    maxParallelism: 128,
    status: 'RUNNING',
    'start-time': 1,
    'end-time': -1,
    duration: 1,
    tasks: {},
    metrics: {},
  });
  const details = (p: [number, number]) => ({
    jid: JOB,
    name: 'job',
    isStoppable: false,
    state: 'RUNNING',
    'start-time': 1,
    'end-time': -1,
    duration: 1,
    now: 2,
    timestamps: {},
    vertices: [vertex(SOURCE, p[0]), vertex(SINK, p[1])],
    'status-counts': {},
    plan: { jid: JOB, name: 'job', type: 'STREAMING', nodes: [] },
  });

  /** Flink answers the current requirements, then takes new ones; the bodies sent are recorded. */
  const acceptsRequirements = () => {
    const sent = bodies();
    flink()
      .get(`/v1/jobs/${JOB}/resource-requirements`)
      .reply(200, requirements)
      .put(`/v1/jobs/${JOB}/resource-requirements`, sent.match)
      .reply(200, {});
    return sent;
  };

  it('-p sets every vertex and waits; --json prints what was asked and what runs', async () => {
    const sent = acceptsRequirements();
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details([1, 1]))
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details([3, 3]));
    const run = await cli(['--json', 'rescale', JOB, '-p', '3']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(sent.list).toEqual([
      { [SOURCE]: { parallelism: { lowerBound: 3, upperBound: 3 } }, [SINK]: { parallelism: { lowerBound: 3, upperBound: 3 } } },
    ]);
    expect(JSON.parse(run.stdout)).toEqual({
      jobId: JOB,
      requirements: { [SOURCE]: { lowerBound: 3, upperBound: 3 }, [SINK]: { lowerBound: 3, upperBound: 3 } },
      vertices: [
        { id: SOURCE, name: 'cbc3', parallelism: 3 },
        { id: SINK, name: '90be', parallelism: 3 },
      ],
    });
  });

  it('--vertex id=min..max changes one vertex; --detached returns once Flink accepted', async () => {
    const sent = acceptsRequirements();
    const run = await cli(['rescale', JOB, '--vertex', `${SINK}=2..8`, '--detached']);
    expect(run.code).toBe(0);
    expect(sent.list[0]).toEqual({
      [SOURCE]: { parallelism: { lowerBound: 1, upperBound: 1 } },
      [SINK]: { parallelism: { lowerBound: 2, upperBound: 8 } },
    });
    expect(run.stdout).toContain(`Rescaling job ${JOB}`);
  });

  it.each([
    [['rescale', JOB], 'rescale: give either -p <n> or one or more --vertex <id=n>'],
    [['rescale', JOB, '-p', '2', '--vertex', `${SINK}=2`], 'rescale: give either -p <n> or one or more --vertex <id=n>'],
    [['rescale', JOB, '-p', 'two'], '--parallelism must be a whole number from 1 to 2147483647; got "two"'],
    [['rescale', JOB, '--vertex', SINK], `--vertex must be <vertex id>=<n> or <vertex id>=<min>..<max>; got "${SINK}"`],
    [['rescale', JOB, '--vertex', `${SINK}=4..2`], `vertex ${SINK}: lowerBound 4 is above upperBound 2`],
  ])('%j: a one-line usage error, nothing sent', async (args, message) => {
    const unmatched = unmatchedRequests();
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(unmatched).toEqual([]);
  });
});

describe('output', () => {
  it('list: bin/flink’s sections, oldest first; --all adds the terminated jobs, and nothing when there are none', async () => {
    const entry = (jid: string, state: string, start: number) => ({
      jid,
      name: `job ${jid.slice(0, 4)}`,
      state,
      'start-time': start,
      'end-time': -1,
      duration: 1,
      'last-modification': start,
      tasks: {},
    });
    const jobs = {
      jobs: [entry(JOB, 'RUNNING', Date.UTC(2026, 10, 25, 6, 40, 1)), entry(JOB2, 'CANCELED', Date.UTC(2026, 10, 25, 6, 0, 0))],
    };
    flink().get('/v1/jobs/overview').twice().reply(200, jobs);
    flink()
      .get('/v1/jobs/overview')
      .reply(200, { jobs: jobs.jobs.slice(0, 1) });
    vi.stubEnv('TZ', 'UTC');
    const running = await cli(['list']);
    expect(running.stdout).toBe(
      [
        '------------------ Running/Restarting Jobs -------------------',
        `25.11.2026 06:40:01 : ${JOB} : job a3f1 (RUNNING)`,
        '--------------------------------------------------------------',
        'No scheduled jobs.',
        '',
      ].join('\n'),
    );
    const all = await cli(['list', '-a']);
    expect(all.stdout).toContain(
      ['---------------------- Terminated Jobs -----------------------', `25.11.2026 06:00:00 : ${JOB2} : job b3f1 (CANCELED)`].join('\n'),
    );
    // As bin/flink: no terminated job, no line for them (running and scheduled say "No … jobs.").
    expect((await cli(['list', '-a'])).stdout).toBe(running.stdout);
  });

  it('savepoint --detached prints the handle that operation wait takes', async () => {
    const sent = bodies();
    serverVersion('2.2.1'); // a fresh client learns what it talks to before its first write
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    const run = await cli(['--json', 'savepoint', JOB, '--type', 'native', '--detached']);
    expect(run.code).toBe(0);
    const handle = JSON.parse(run.stdout);
    expect(handle).toEqual({ kind: 'savepoint', triggerId: expect.stringMatching(HEX32), jobId: JOB });
    expect(sent.list[0]).toMatchObject({ formatType: 'NATIVE', 'cancel-job': false });
    flink()
      .get(`/v1/jobs/${JOB}/savepoints/${handle.triggerId}`)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: 'file:///sp/savepoint-1' } });
    const waited = await cli(['operation', 'wait', run.stdout]);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toBe('Savepoint completed. Path: file:///sp/savepoint-1\n'); // as `savepoint` prints it
    expect(waited.stderr).toBe(''); // no spinner when stderr is not a terminal
  });

  it('Ctrl-C stops a wait, not the operation: the handle to resume with, exit 130', async () => {
    const trigger = '0123456789abcdef0123456789abcdef';
    const handle = `{"kind":"savepoint","triggerId":"${trigger}","jobId":"${JOB}"}`;
    const inProgress = () =>
      flink()
        .get(`/v1/jobs/${JOB}/savepoints/${trigger}`)
        .reply(() => {
          setImmediate(() => process.emit('SIGINT'));
          return [200, { status: { id: 'IN_PROGRESS' } }];
        });
    inProgress();
    const run = await cli(['operation', 'wait', handle]);
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`Stopped waiting; the savepoint goes on in Flink. Resume with:\n  flink-rest operation wait '${handle}'\n`);
    inProgress();
    const json = await cli(['--json', 'operation', 'wait', handle]);
    expect(json.code).toBe(130);
    expect(JSON.parse(json.stdout)).toEqual({ kind: 'savepoint', triggerId: trigger, jobId: JOB, interrupted: true });
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('--wait-timeout: a wait that runs out of time is exit 5 and says how to resume', async () => {
    const trigger = '0123456789abcdef0123456789abcdef';
    flink()
      .get(`/v1/jobs/${JOB}/checkpoints/${trigger}`)
      .times(100)
      .reply(200, { status: { id: 'IN_PROGRESS' } });
    const run = await cli(['operation', 'wait', '--kind', 'checkpoint', '--trigger', trigger, '--job', JOB, '--wait-timeout', '300']);
    expect(run.code).toBe(5);
    expect(oneLine(run)).toMatch(
      new RegExp(
        `within 300 ms .*; it may still complete, resume with: flink-rest operation wait '\\{"kind":"checkpoint","triggerId":"${trigger}","jobId":"${JOB}"\\}'$`,
      ),
    );
    nock.cleanAll();
  });

  it('a failed savepoint is exit 1 with Flink’s cause', async () => {
    const trigger = '0123456789abcdef0123456789abcdef';
    flink()
      .get(`/v1/jobs/${JOB}/savepoints/${trigger}`)
      .reply(200, {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': { class: 'java.lang.IllegalStateException', 'stack-trace': 'java.lang.IllegalStateException: no slots\n\tat X' },
        },
      });
    const run = await cli(['operation', 'wait', '--kind', 'savepoint', '--trigger', trigger, '--job', JOB]);
    expect(run.code).toBe(1);
    expect(oneLine(run)).toContain('no slots');
  });
});

describe('bin/flink spellings, end to end', () => {
  it('savepoint $JOB_ID DIR -detached triggers a detached savepoint (not a disposal of "etached")', async () => {
    const sent = bodies();
    serverVersion('2.2.1'); // a fresh client learns what it talks to before its first write
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    const run = await cli(['savepoint', JOB, '/tmp/flink-savepoints', '-detached']);
    expect(run.code).toBe(0);
    expect(sent.list[0]).toMatchObject({ 'target-directory': '/tmp/flink-savepoints', 'cancel-job': false });
    expect(run.stdout).toMatch(/^Successfully trigger manual savepoint, triggerId: [0-9a-f]{32}\nWait for it with:\n/);
  });

  it('the command a detached savepoint prints to go on reaches the same JobManager (-m, TLS files), headers named, not printed', async () => {
    const sent = bodies();
    serverVersion('2.2.1');
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    const run = await cli(['-m', 'flink.test:8081', '-H', 'Authorization: Bearer s3cret', 'savepoint', JOB, '-detached'], {
      FLINK_REST_URL: undefined,
    });
    expect(run.code).toBe(0);
    const again = run.stdout.split('\n')[2]?.trim();
    expect(again).toMatch(/^flink-rest --url http:\/\/flink\.test:8081 --header … operation wait '\{"kind":"savepoint",/);
    expect(run.stdout).not.toContain('s3cret');
    // From the environment, the address is found again without a flag.
    const fromEnv = await (async () => {
      serverVersion('2.2.1');
      flink()
        .post(`/v1/jobs/${JOB}/savepoints`, sent.match)
        .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
      return cli(['savepoint', JOB, '-detached']);
    })();
    expect(fromEnv.stdout.split('\n')[2]?.trim()).toMatch(/^flink-rest operation wait '/);
  });

  it('savepoint --dispose PATH $JOB_ID disposes PATH (the job id is not needed, as in bin/flink)', async () => {
    const sent = bodies();
    serverVersion('2.2.1'); // a fresh client learns what it talks to before its first write
    flink()
      .post('/v1/savepoint-disposal', sent.match)
      .reply(200, { 'request-id': 'a'.repeat(32) });
    flink()
      .get(`/v1/savepoint-disposal/${'a'.repeat(32)}`)
      .reply(200, { status: { id: 'COMPLETED' }, operation: {} });
    const run = await cli(['savepoint', '--dispose', '/tmp/flink-savepoints/savepoint-1', JOB]);
    expect(run).toMatchObject({ code: 0, stdout: "Savepoint '/tmp/flink-savepoints/savepoint-1' disposed.\n" });
    expect(sent.list).toEqual([{ 'savepoint-path': '/tmp/flink-savepoints/savepoint-1' }]);
  });

  it('-D with a key that is not the connection is refused outside run, naming the key; rest.address/rest.port choose the JobManager', async () => {
    const unmatched = unmatchedRequests();
    const refused = await cli(['list', '-Dpipeline.name=x']);
    expect(refused.code).toBe(2);
    expect(oneLine(refused)).toBe(
      'flink-rest: -D pipeline.name: only a job or a SQL session takes configuration (run, run-application, info, jars run, sql); for list, -D sets only the connection (rest.address, rest.port, rest.path, security.ssl.rest.*) and execution.target (remote)',
    );
    // bin/flink's client settings name the flag that does it here.
    expect(oneLine(await cli(['stop', '-Dclient.timeout=10min', JOB]))).toMatch(
      /; for client\.timeout, use --wait-timeout MS \(savepoints/,
    );
    expect(unmatched).toEqual([]);
    overviewAt('http://jm.example:9091');
    const run = await cli(['overview', '-Drest.address=jm.example', '-D', 'rest.port=9091']);
    expect(run.stdout).toContain('at http://jm.example:9091');
  });

  it('rest.path puts the REST API below a path (a reverse proxy), from -D or after -m host:port, as Flink’s REST client reads it', async () => {
    nock('http://jm.example:9091').get('/flink/v1/overview').reply(200, OVERVIEW);
    const byDefine = await cli(['overview', '-Drest.address=jm.example', '-Drest.port=9091', '-Drest.path=/flink/']);
    expect(byDefine.stdout).toContain('at http://jm.example:9091/flink');
    nock('http://jm.example:9092').get('/gw/v1/overview').reply(200, OVERVIEW);
    const byM = await cli(['overview', '-m', 'jm.example:9092/gw'], { FLINK_REST_URL: undefined });
    expect(byM.stdout).toContain('at http://jm.example:9092/gw');
  });

  it('-D execution.target is bin/flink’s -t: remote (any case) is what flink-rest does anyway and is not sent to the job; any other is refused', async () => {
    const unmatched = unmatchedRequests();
    flink().get('/v1/jobs/overview').reply(200, { jobs: [] });
    expect(await cli(['list', '-Dexecution.target=REMOTE'])).toMatchObject({ code: 0, stderr: '' });
    for (const [args, says] of [
      [
        ['list', '-Dexecution.target=yarn-application'],
        /^flink-rest: -D execution.target=yarn-application: bin\/flink deploys a new cluster/,
      ],
      [
        ['run', '-d', '-D', 'execution.target=local', jar],
        /^flink-rest: -D execution.target=local: bin\/flink runs the job in its own JVM/,
      ],
      [['run', '-d', '-t', 'kubernetes-application', jar], /^flink-rest: -t kubernetes-application: bin\/flink deploys a new cluster/],
    ] as const) {
      const run = await cli([...args]);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(oneLine(run)).toMatch(says);
    }
    // A usage error as -t's refusal is, in --json too.
    const asJson = await cli(['--json', 'list', '-Dexecution.target=yarn-application']);
    expect(JSON.parse(asJson.stderr)).toMatchObject({ error: { name: 'UsageError', code: 'flink-rest.unsupportedOption' }, exitCode: 2 });
    expect(unmatched).toEqual([]);
    const sent = bodies();
    const front = await uploadFront(UPLOAD_ANSWER);
    serverVersion('2.2.1');
    flink()
      .post(`/v1/jars/${JAR_ID}/run`, sent.match)
      .reply(200, () => ({ jobid: sent.list.at(-1)?.jobId }));
    flink().delete(`/v1/jars/${JAR_ID}`).reply(200, {});
    const run = await cli(['run', '-d', '-t', 'Remote', '-Dexecution.target=remote', '-Da=b', jar], { FLINK_REST_URL: front.url });
    expect(run.code).toBe(0);
    expect(sent.list[0]?.flinkConfiguration).toEqual({ a: 'b' });
  });

  it('stop -p JOB and cancel -s JOB: with nothing after it, the value is the job and the savepoint goes to the default directory', async () => {
    const sent = bodies();
    serverVersion('2.2.1');
    flink()
      .post(`/v1/jobs/${JOB}/stop`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    serverVersion('2.2.1');
    flink()
      .post(`/v1/jobs/${JOB2}/savepoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    flink()
      .get(new RegExp(`^/v1/jobs/${JOB2}/savepoints/[0-9a-f]{32}$`))
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: 'file:/sp/savepoint-b' } });
    const stop = await cli(['stop', '-p', JOB, '-detached']);
    const cancel = await cli(['cancel', '-s', JOB2, '--type', 'native']);
    expect({ stop: stop.code, cancel: cancel.code }).toEqual({ stop: 0, cancel: 0 });
    expect(cancel.stdout).toBe(`Cancelled job ${JOB2}. Savepoint stored in file:/sp/savepoint-b.\n`);
    // Nothing names a directory: Flink takes its default (execution.checkpointing.savepoint-dir).
    expect(sent.list[0]).toEqual({ drain: false, triggerId: expect.stringMatching(HEX32) });
    expect(sent.list[1]).toEqual({ 'cancel-job': true, formatType: 'NATIVE', triggerId: expect.stringMatching(HEX32) });
  });

  it('-v as the first word is bin/flink’s --version, whatever follows', async () => {
    for (const args of [['-v'], ['-v', 'list']]) {
      const run = await cli(args);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  it('-p takes what Java’s Integer.parseInt takes: decimal digits up to 2147483647', async () => {
    const unmatched = unmatchedRequests();
    for (const p of ['0x4', '4.0', '1e1', '0', '2147483648']) {
      const run = await cli(['run', '-d', '-p', p, jar]);
      expect({ p, code: run.code }).toEqual({ p, code: 2 });
      expect(oneLine(run)).toBe(`flink-rest: -p/--parallelism must be a whole number from 1 to 2147483647; got "${p}"`);
    }
    expect(unmatched).toEqual([]);
  });

  it('run --jobId in upper case is lower-cased before anything is sent; a bad one uploads nothing', async () => {
    const unmatched = unmatchedRequests();
    const bad = await cli(['run', '-d', '--jobId', 'XYZ', jar]);
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toBe('flink-rest: --jobId must be 32 hexadecimal digits (e.g. a3f1c0de00000000000000000000beef); got "XYZ"');
    expect(unmatched).toEqual([]);
    const sent = bodies();
    const front = await uploadFront(UPLOAD_ANSWER);
    serverVersion('2.2.1');
    flink().post(`/v1/jars/${JAR_ID}/run`, sent.match).reply(200, { jobid: JOB });
    flink().delete(`/v1/jars/${JAR_ID}`).reply(200, {});
    const run = await cli(['--json', 'run', '-d', '--jobId', JOB.toUpperCase(), jar], { FLINK_REST_URL: front.url });
    expect(run.code).toBe(0);
    expect(sent.list[0]).toMatchObject({ jobId: JOB });
  });

  it('a failed run deletes its jar too, and says so when the jar cannot be deleted', async () => {
    const front = await uploadFront(UPLOAD_ANSWER);
    flink()
      .post(`/v1/jars/${JAR_ID}/run`)
      .reply(500, { errors: ['org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: boom'] });
    flink()
      .delete(`/v1/jars/${JAR_ID}`)
      .reply(404, { errors: ['jar gone'] });
    const run = await cli(['run', '-d', jar], { FLINK_REST_URL: front.url });
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/jar gone.*; the uploaded jar stays on the JobManager; delete it with: flink-rest jars delete 4f2e_job\.jar$/);
    expect(lines[1]).toMatch(/^flink-rest: .*boom/);
  });

  it('the bin checks for the Node that package.json engines names', () => {
    const engines = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node;
    const bin = readFileSync(new URL('../../src/cli/bin.ts', import.meta.url), 'utf8');
    expect(engines).toBe(`>=${bin.match(/NODE_MAJOR_NEEDED = (\d+);/)?.[1]}`);
  });
});

/** An overview answer at another address than the default one. */
function overviewAt(url: string) {
  nock(url).get('/v1/overview').reply(200, OVERVIEW);
}
