// The built CLI as a subprocess against real Flink: every command, exit codes, --json and human
// output (not a TTY here, so no colors or spinners).
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = `${root}dist/cli.js`;
// The built CLI is copied out of dist/ before use: a build elsewhere in this checkout empties dist/
// for a moment (tsup's clean). The copy stays under the repository so that node_modules resolve.
const copy = `${root}.cache/cli-test-${process.pid}`;
const bin = `${copy}/cli.js`;
const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(url: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, FLINK_REST_URL: url, NO_COLOR: '', ...env }, timeout: 180_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const json = (run: Run) => JSON.parse(run.stdout);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The job id an attached `run` prints on stdout (as bin/flink does), polled with a deadline. */
async function printedJobId(stdout: () => string): Promise<string> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    const m = stdout().match(/^Job has been submitted with JobID ([0-9a-f]{32})$/m);
    if (m) return m[1] as string;
  }
  throw new Error(`no job id printed: ${stdout()}`);
}
const noAnsi = (text: string) => expect(text.includes('\u001b[')).toBe(false);

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(`${e.parentPath}/${e.name}`).mtimeMs),
  );
}

// scripts/test builds before the tests; a run on its own builds when dist/cli.js is missing or older than src/.
beforeAll(async () => {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!existsSync(built) || statSync(built).mtimeMs < newest(`${root}src`)) {
        await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: root });
      }
      mkdirSync(copy, { recursive: true });
      for (const file of readdirSync(`${root}dist`)) if (file.endsWith('.js')) copyFileSync(`${root}dist/${file}`, `${copy}/${file}`);
      await promisify(execFile)(process.execPath, [bin, 'list', '--help']); // loads every chunk
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}, 300_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe.each(inject('flinkClusters'))('Flink $version: the flink-rest CLI', (cluster) => {
  const flink = new FlinkClient({ baseUrl: cluster.url });
  const jar = cluster.jars.StateMachineExample;
  const [major = 0, minor = 0] = cluster.version.split('.').map(Number);
  const hasApplications = major > 2 || (major === 2 && minor >= 3);
  const state: { jobId?: string; savepoint?: string; resumed?: string } = {};

  it('overview, --version, help', async () => {
    const overview = await cli(cluster.url, ['overview']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain(`Flink ${cluster.version}`);
    noAnsi(overview.stdout);
    expect(json(await cli(cluster.url, ['--json', 'overview'])).taskmanagers).toBe(1);
    const m = await cli('', ['-m', cluster.url.replace('http://', ''), 'overview']);
    expect(m.stdout).toContain(`at ${cluster.url}`);
    expect((await cli(cluster.url, ['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await cli(cluster.url, ['savepoint', '--help']);
    expect(help.stdout).toContain('Examples:');
  });

  it('run -d with -c, -p and -D: the job runs with that configuration', async () => {
    const run = await cli(cluster.url, ['--json', 'run', '-d', '-c', STATE_MACHINE, '-p', '2', '-D', 'pipeline.max-parallelism=120', jar]);
    expect(run.code).toBe(0);
    state.jobId = json(run).jobId;
    const job = await flink.jobs.waitUntilRunning(state.jobId as string, { timeoutMs: 90_000 });
    expect(job.maxParallelism).toBe(120);
    expect(Math.max(...job.vertices.map((v) => v.parallelism))).toBe(2);
  });

  it('list shows bin/flink’s sections; --json gives the jobs', async () => {
    const list = await cli(cluster.url, ['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('------------------ Running/Restarting Jobs -------------------');
    expect(list.stdout).toMatch(
      new RegExp(`\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d : ${state.jobId} : State machine job \\(RUNNING\\)`),
    );
    expect(list.stdout).toContain('No scheduled jobs.');
    noAnsi(list.stdout);
    expect(list.stderr).toBe('');
    expect(json(await cli(cluster.url, ['--json', 'list', '-r'])).map((j: { jid: string }) => j.jid)).toContain(state.jobId);
    // `job` was `info JOB`, renamed on purpose: `info` is bin/flink's, the plan of a jar
    const info = await cli(cluster.url, ['job', state.jobId as string]);
    expect(info.stdout).toContain(`Job ${state.jobId} "State machine job": RUNNING`);
    expect(info.stdout).toMatch(/Checkpoints: \d+ completed, \d+ failed/);
    noAnsi(info.stdout);
    expect(json(await cli(cluster.url, ['--json', 'job', state.jobId as string])).job.jid).toBe(state.jobId);
  });

  it('savepoint waited, savepoint --detached then operation wait, checkpoint --full', async () => {
    const waited = await cli(cluster.url, ['savepoint', state.jobId as string, '--type', 'native']);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/^Savepoint completed\. Path: file:\/.*savepoint-[^\n]*\n$/);
    expect(waited.stderr).toBe(''); // not a terminal: no spinner
    const detached = await cli(cluster.url, ['--json', 'savepoint', state.jobId as string, '--type', 'native', '--detached']);
    const handle = json(detached);
    expect(handle).toMatchObject({ kind: 'savepoint', jobId: state.jobId });
    const resumed = await cli(cluster.url, ['--json', 'operation', 'wait', JSON.stringify(handle)]);
    expect(resumed.code).toBe(0);
    state.savepoint = json(resumed).result.location;
    expect(state.savepoint).toMatch(/savepoint-/);
    const byFlags = await cli(cluster.url, [
      'operation',
      'wait',
      '--kind',
      'savepoint',
      '--trigger',
      handle.triggerId,
      '--job',
      handle.jobId,
    ]);
    expect(byFlags.stdout).toBe(`Savepoint completed. Path: ${state.savepoint}\n`); // as `savepoint` prints it
    const checkpoint = await cli(cluster.url, ['checkpoint', state.jobId as string, '--full']);
    expect(checkpoint.code).toBe(0);
    expect(checkpoint.stdout).toMatch(new RegExp(`^Checkpoint\\(FULL\\) \\d+ for job ${state.jobId} completed\\.\n$`)); // bin/flink's line
  });

  it('stop with a savepoint, run again from it, watch it, cancel it', async () => {
    // bin/flink's `stop -p JOB`: with no argument after it, -p's value is the job and the savepoint goes
    // to the cluster's default directory (execution.checkpointing.savepoint-dir, the cluster's savepointDir).
    const stop = await cli(cluster.url, ['stop', '--type', 'native', '-p', state.jobId as string]);
    expect(stop.code).toBe(0);
    expect(stop.stderr).toBe('');
    const location = stop.stdout.match(/^Savepoint completed\. Path: (\S+)\n$/)?.[1] as string;
    expect(location.replace(/^file:\/*/, '/')).toContain(cluster.savepointDir.replace(/^file:\/*/, '/'));
    await flink.jobs.waitForState(state.jobId as string, ['FINISHED'], { timeoutMs: 60_000 });
    const run = await cli(cluster.url, ['--json', 'run', '-d', '-s', location, '-n', '--claimMode', 'no_claim', jar]);
    expect(run.code).toBe(0);
    state.resumed = json(run).jobId;
    await flink.jobs.waitUntilRunning(state.resumed as string, { timeoutMs: 90_000 });
    expect((await flink.checkpoints.stats(state.resumed as string)).latest.restored?.external_path).toBe(location);
    // watch follows the job until it ends; once it has reported RUNNING, cancel it from another process
    const watch = spawn(process.execPath, [bin, 'watch', state.resumed as string, '--interval', '200'], {
      env: { ...process.env, FLINK_REST_URL: cluster.url, NO_COLOR: '' },
    });
    let watched = '';
    watch.stdout?.on('data', (chunk) => {
      watched += String(chunk);
    });
    const ended = new Promise<number | null>((resolve) => watch.on('close', resolve));
    for (const deadline = Date.now() + 60_000; !watched.includes('-> RUNNING') && Date.now() < deadline; await sleep(100));
    expect(watched).toMatch(/-> RUNNING\n/);
    // bin/flink's `cancel -s JOB` likewise: the job, with a savepoint into the default directory.
    const cancel = await cli(cluster.url, ['cancel', '--type', 'native', '-s', state.resumed as string]);
    expect(cancel.code).toBe(0);
    const stored = cancel.stdout.match(new RegExp(`^Cancelled job ${state.resumed}\\. Savepoint stored in (\\S+)\\.\\n$`))?.[1] as string;
    expect(stored.replace(/^file:\/*/, '/')).toContain(cluster.savepointDir.replace(/^file:\/*/, '/'));
    expect(await ended).toBe(0);
    expect(watched).toMatch(/-> CANCELED\n$/);
    noAnsi(watched);
    const all = await cli(cluster.url, ['list', '--all']);
    expect(all.stdout).toContain('---------------------- Terminated Jobs -----------------------');
    expect(all.stdout).toContain(`${state.resumed} : State machine job (CANCELED)`);
  });

  it('savepoint --dispose removes the savepoint', async () => {
    const dispose = await cli(cluster.url, ['savepoint', '--dispose', state.savepoint as string]);
    expect(dispose.code).toBe(0);
    expect(dispose.stdout).toContain('disposed');
    expect(existsSync(fileURLToPath((state.savepoint as string).replace(/^file:\/*/, 'file:///')))).toBe(false);
  });

  it('jars list, upload, run, delete', async () => {
    const upload = await cli(cluster.url, ['--json', 'jars', 'upload', cluster.jars.TopSpeedWindowing]);
    expect(upload.code).toBe(0);
    const { id } = json(upload);
    expect((await cli(cluster.url, ['jars', 'list'])).stdout).toContain(id);
    const run = await cli(cluster.url, [
      '--json',
      'jars',
      'run',
      id,
      '-c',
      'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing',
      '-p',
      '1',
    ]);
    expect(run.code).toBe(0);
    const { jobId } = json(run);
    const job = await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    expect(job.name).toMatch(/TopSpeed/);
    expect(Math.max(...job.vertices.map((v) => v.parallelism))).toBe(1);
    expect((await cli(cluster.url, ['cancel', jobId])).code).toBe(0);
    expect((await cli(cluster.url, ['jars', 'delete', id])).code).toBe(0);
    expect((await cli(cluster.url, ['--json', 'jars', 'list'])).stdout).not.toContain(id);
  });

  it('run attached follows the job and exits non-zero when it does not finish', async () => {
    const child: ChildProcess = spawn(process.execPath, [bin, 'run', '-c', STATE_MACHINE, jar], {
      env: { ...process.env, FLINK_REST_URL: cluster.url },
    });
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    const jobId = await printedJobId(() => stdout);
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    await flink.jobs.cancel(jobId);
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    expect(code).toBe(1);
    expect(stdout).toContain(`Job ${jobId} ended CANCELED`);
    expect(stderr).not.toContain('JobID'); // on stdout, as bin/flink prints it
  });

  it('Ctrl-C stops following, not the job (130); watch of every job until Ctrl-C; stop --detached and operation wait', async () => {
    const child = spawn(process.execPath, [bin, 'run', '-c', STATE_MACHINE, jar], { env: { ...process.env, FLINK_REST_URL: cluster.url } });
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    const jobId = await printedJobId(() => stdout);
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const exited = new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain(`Follow it with:\n  flink-rest watch ${jobId}\n`);
    expect(await flink.jobs.state(jobId)).toBe('RUNNING');

    // watch without a job follows every job until Ctrl-C
    const watch = spawn(process.execPath, [bin, 'watch', '--interval', '200'], { env: { ...process.env, FLINK_REST_URL: cluster.url } });
    let watched = '';
    watch.stdout.on('data', (d) => {
      watched += d;
    });
    const watchExited = new Promise<number>((resolve) => watch.on('exit', (c) => resolve(c ?? -1)));
    for (const deadline = Date.now() + 30_000; !watched.includes(`${jobId} State machine job: — -> RUNNING\n`); await sleep(100)) {
      if (Date.now() > deadline) throw new Error(`watch printed no RUNNING job: ${watched}`);
    }
    watch.kill('SIGINT');
    expect(await watchExited).toBe(130);
    expect(watched).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [0-9a-f]{32} /);

    // stop --detached, then wait for it by its trigger id
    const stop = await cli(cluster.url, ['--json', 'stop', '--detached', '--type', 'native', jobId]);
    expect(stop.code).toBe(0);
    const handle = json(stop);
    expect(handle).toEqual({ kind: 'stop', triggerId: expect.stringMatching(/^[0-9a-f]{32}$/), jobId });
    const waited = await cli(cluster.url, ['operation', 'wait', '--kind', 'stop', '--trigger', handle.triggerId, '--job', jobId]);
    expect(waited.code).toBe(0);
    // The line `stop` itself prints when it waits.
    expect(waited.stdout).toMatch(/^Savepoint completed\. Path: file:\S*savepoint-\S*\n$/);
    await flink.jobs.waitForState(jobId, ['FINISHED'], { timeoutMs: 60_000 });
  });

  it('errors: one line, documented exit codes, JSON with --json', async () => {
    const unknown = await cli(cluster.url, ['cancel', '0123456789abcdef0123456789abcdef']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^flink-rest: .*404/);
    expect(unknown.stderr).not.toContain('\tat ');
    const unknownJson = await cli(cluster.url, ['--json', 'job', '0123456789abcdef0123456789abcdef']);
    expect(unknownJson.code).toBe(3);
    expect(JSON.parse(unknownJson.stderr)).toMatchObject({ exitCode: 3, error: { name: 'NotFoundError', status: 404 } });
    const badJar = await cli(cluster.url, ['run', '-d', '/no/such/job.jar']);
    expect(badJar.code).toBe(2);
    const badDefine = await cli(cluster.url, ['run', '-d', '-D', 'no-equals-sign', jar]);
    expect(badDefine.code).toBe(2);
    expect(badDefine.stderr).toContain('-D takes key=value');
    const usage = await cli(cluster.url, ['list', '--bogus']);
    expect(usage.code).toBe(2);
    for (const url of ['http://127.0.0.1:9', 'http://127.0.0.1:59999']) {
      const down = await cli(cluster.url, ['--url', url, 'list']);
      expect(down.code).toBe(5);
      expect(down.stderr).toMatch(new RegExp(`^flink-rest: GET /jobs/overview: cannot reach ${url}.*\n$`));
    }
    const usageJson = await cli(cluster.url, ['--json', 'savepoint']);
    expect(usageJson.code).toBe(2);
    expect(JSON.parse(usageJson.stderr)).toMatchObject({ exitCode: 2, error: { name: 'InvalidInputError' } });
    const badClass = await cli(cluster.url, ['run', '-d', '-c', 'com.example.NoSuchJob', jar]);
    expect(badClass.code).toBe(1); // the program failed: ProgramInvocationError
    expect(badClass.stderr).toContain('com.example.NoSuchJob');
    expect(badClass.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('on a terminal (tmux): upload progress bar, a spinner with elapsed time while waiting, colors unless NO_COLOR or --no-color', async () => {
    const session = `flink-rest-${process.pid}-${cluster.version.replace(/\W/g, '')}`;
    const tmux = (...args: string[]) => promisify(execFile)('tmux', args, { encoding: 'utf8' });
    const capture = async (...flags: string[]) => (await tmux('capture-pane', '-p', ...flags, '-t', session)).stdout;
    const jobId = (await flink.jars.run((await flink.jars.upload(jar)).id, { entryClass: STATE_MACHINE })).jobId;
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const node = `${process.execPath} ${bin}`;
    const command = [
      `export FLINK_REST_URL=${cluster.url};`,
      `${node} jars upload ${jar} &&`,
      `${node} savepoint ${jobId} --type native;`,
      `${node} list; NO_COLOR=1 ${node} list; ${node} list --no-color;`,
      `${node} run -c ${STATE_MACHINE} ${jar}; echo "__DONE__ $?"; read`,
    ].join(' ');
    await tmux('new-session', '-d', '-s', session, '-x', '220', '-y', '50', command);
    try {
      // The attached run's spinner turns, and its elapsed time grows, until the job is cancelled.
      const spinner =
        /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] job ([0-9a-f]{32}) submitted; waiting for it to end \(Ctrl-C stops waiting, not the job\) \((\d+\.\d) s\)/;
      let pane = '';
      const seen = new Set<string>();
      for (const deadline = Date.now() + 120_000; seen.size < 2; await sleep(150)) {
        if (Date.now() > deadline) throw new Error(`no turning spinner in tmux:\n${pane}`);
        pane = await capture();
        const m = pane.match(spinner);
        if (m) seen.add(m[2] as string);
      }
      const attached = pane.match(spinner)?.[1] as string;
      await flink.jobs.cancel(attached);
      for (const deadline = Date.now() + 120_000; !pane.includes('__DONE__'); await sleep(200)) {
        if (Date.now() > deadline) throw new Error(`the CLI did not finish in tmux:\n${pane}`);
        pane = await capture();
      }
      console.log(`tmux pane (Flink ${cluster.version}):\n${pane.trim()}`);
      expect(pane).toMatch(/uploading StateMachineExample\.jar \[#{30}\] 100% \(\d+\.\d MiB\)/);
      expect(pane).toMatch(/waiting for savepoint [0-9a-f]{32} \(\d+\.\d s\)\nSavepoint completed\. Path: file:/);
      expect(pane).toContain(`Job ${attached} ended CANCELED`);
      expect(pane).toContain('__DONE__ 1');
      // Colors: the first list only (NO_COLOR=1 and --no-color turn them off), and the attached run's end.
      const colored = await capture('-e');
      expect(colored.split(`${jobId} : State machine job (\u001b[32mRUNNING\u001b[39m)`)).toHaveLength(2);
      expect(colored.split(`${jobId} : State machine job (RUNNING)`)).toHaveLength(3);
      expect(colored).toContain(`Job ${attached} ended \u001b[33mCANCELED`);
    } finally {
      await tmux('kill-session', '-t', session).catch(() => undefined);
      for (const job of await flink.jobs.list({ groups: ['running'] })) await flink.jobs.cancel(job.jid).catch(() => undefined);
    }
  });

  it("a savepoint in Flink's default format: on 2.x StateMachineExample cannot write one, and the failure says to try -type native", async () => {
    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE });
    try {
      await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
      const run = await cli(cluster.url, ['savepoint', jobId]);
      if (major >= 2) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/failed: .*the job may have failed over while taking it .*: try -type native/);
      } else {
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Savepoint completed\. Path: \S+$/m);
      }
    } finally {
      await flink.jobs.cancel(jobId).catch(() => undefined);
      await flink.jars.delete(jar.id);
    }
  });

  it('the ops guide (Command-Line Interface, Job Lifecycle Management), every command verbatim with flink → flink-rest', async () => {
    // The guide's example values: its jar is the distribution's StateMachineExample.jar, its
    // /tmp/flink-savepoints this cluster's own directory; $JOB_ID and the savepoint path are what the
    // commands before printed. Everything else is the guide's text, word for word.
    const jar = cluster.jars.StateMachineExample;
    const dir = `${cluster.savepointDir.replace(/^file:\/*/, '/')}/ops-guide`;
    // Flink 2.x's StateMachineExample keeps async state, which canonical savepoints do not support yet
    // (the job fails: "Not supported yet."): there the savepoints take the guide's optional binary
    // format, `-type native`. On 1.20 the commands are the guide's to the letter.
    const format = major >= 2 ? ['-type', 'native'] : [];
    const jarsBefore = (await flink.jars.list()).length;
    const ok = async (args: string[]) => {
      const run = await cli(cluster.url, args);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: expect.any(String) });
      return run;
    };
    const submitted = (run: Run) => run.stdout.match(/^Job has been submitted with JobID ([0-9a-f]{32})$/m)?.[1] as string;

    // $ ./bin/flink run --detached ./examples/streaming/StateMachineExample.jar
    const JOB_ID = submitted(await ok(['run', '--detached', jar]));
    await flink.jobs.waitUntilRunning(JOB_ID, { timeoutMs: 90_000 });
    // $ ./bin/flink list
    expect((await ok(['list'])).stdout).toContain(`: ${JOB_ID} : State machine job (RUNNING)`);
    // $ ./bin/flink savepoint $JOB_ID /tmp/flink-savepoints
    const SAVEPOINT = (await ok(['savepoint', JOB_ID, dir, ...format])).stdout.match(/^Savepoint completed\. Path: (\S+)$/m)?.[1] as string;
    expect(SAVEPOINT).toContain(`${dir}/savepoint-`);
    // $ ./bin/flink savepoint $JOB_ID /tmp/flink-savepoints -detached
    const detached = await ok(['savepoint', JOB_ID, dir, '-detached', ...format]);
    // bin/flink's own line for it
    const trigger = detached.stdout.match(/^Successfully trigger manual savepoint, triggerId: ([0-9a-f]{32})$/m)?.[1] as string;
    expect(trigger).toBeDefined();
    const waited = await ok(['--json', 'operation', 'wait', '--kind', 'savepoint', '--trigger', trigger, '--job', JOB_ID]);
    const DETACHED_SAVEPOINT = json(waited).result.location as string;
    // $ ./bin/flink savepoint --dispose /tmp/flink-savepoints/savepoint-cca7bc-bb1e257f0dab $JOB_ID
    expect((await ok(['savepoint', '--dispose', DETACHED_SAVEPOINT, JOB_ID])).stdout).toBe(`Savepoint '${DETACHED_SAVEPOINT}' disposed.\n`);
    expect(existsSync(fileURLToPath(DETACHED_SAVEPOINT.replace(/^file:\/*/, 'file:///')))).toBe(false);
    // $ ./bin/flink checkpoint $JOB_ID   and   $ ./bin/flink checkpoint $JOB_ID --full
    expect((await ok(['checkpoint', JOB_ID])).stdout).toMatch(new RegExp(`^Checkpoint \\d+ for job ${JOB_ID} completed\\.`));
    expect((await ok(['checkpoint', JOB_ID, '--full'])).stdout).toMatch(
      new RegExp(`^Checkpoint\\(FULL\\) \\d+ for job ${JOB_ID} completed\\.`),
    );
    // $ ./bin/flink stop --savepointPath /tmp/flink-savepoints $JOB_ID
    const STOP_SAVEPOINT = (await ok(['stop', '--savepointPath', dir, ...format, JOB_ID])).stdout.match(
      /^Savepoint completed\. Path: (\S+)$/m,
    )?.[1];
    expect(STOP_SAVEPOINT).toContain(`${dir}/savepoint-`);
    await flink.jobs.waitForState(JOB_ID, ['FINISHED'], { timeoutMs: 60_000 });
    // $ ./bin/flink run --detached --fromSavepoint /tmp/flink-savepoints/savepoint-cca7bc-bb1e257f0dab ./examples/streaming/StateMachineExample.jar
    const RESUMED = submitted(await ok(['run', '--detached', '--fromSavepoint', SAVEPOINT, jar]));
    await flink.jobs.waitUntilRunning(RESUMED, { timeoutMs: 90_000 });
    expect((await flink.checkpoints.stats(RESUMED)).latest.restored?.external_path).toBe(SAVEPOINT);
    // $ ./bin/flink cancel $JOB_ID
    expect((await ok(['cancel', RESUMED])).stdout).toBe(`Cancelled job ${RESUMED}.\n`);
    // $ ./bin/flink run --fromSavepoint <savepointPath> --allowNonRestoredState ... (with the claim mode it mentions)
    const AGAIN = submitted(await ok(['run', '--fromSavepoint', SAVEPOINT, '--allowNonRestoredState', '-cm', 'no_claim', '-d', jar]));
    await flink.jobs.waitUntilRunning(AGAIN, { timeoutMs: 90_000 });
    // `-D pipeline.max-parallelism=120` and `--target remote` as the guide writes them
    const WITH_D = submitted(await ok(['run', '--target', 'remote', '-Dpipeline.max-parallelism=120', '--detached', jar]));
    expect((await flink.jobs.waitUntilRunning(WITH_D, { timeoutMs: 90_000 })).maxParallelism).toBe(120);
    // "add option -detached" to stop; cancel's deprecated --withSavepoint
    const stopDetached = await ok(['stop', '--savepointPath', dir, ...format, AGAIN, '-detached']);
    expect(stopDetached.stdout).toMatch(
      /^Successfully trigger stop-with-savepoint in detached mode, triggerId: [0-9a-f]{32}\nWait for it with:\n/,
    );
    const cancelled = await ok(['cancel', '--withSavepoint', dir, ...format, WITH_D]);
    expect(cancelled.stdout).toMatch(new RegExp(`^Cancelled job ${WITH_D}\\. Savepoint stored in \\S*${dir}/savepoint-\\S+\\.\\n$`));
    await flink.jobs.waitForState(WITH_D, ['CANCELED'], { timeoutMs: 60_000 });
    await flink.jobs.waitForState(AGAIN, ['FINISHED'], { timeoutMs: 60_000 });
    // $ ./bin/flink savepoint --dispose <savepointPath> --jarfile <jarFile>
    const withJar = await ok(['savepoint', '--dispose', SAVEPOINT, '--jarfile', jar]);
    expect(withJar.stdout).toBe(`Savepoint '${SAVEPOINT}' disposed.\n`);
    expect(withJar.stderr).toContain('--jarfile is not used: the JobManager disposes a savepoint with the classes it has');
    // Every run deleted its jar again.
    expect((await flink.jars.list()).length).toBe(jarsBefore);
  });

  it('what cannot apply over REST is refused by name before anything is uploaded: -sae, --python, -t yarn-application, -yid', async () => {
    const jarsBefore = (await flink.jars.list()).map((j) => j.id);
    const jobsBefore = (await flink.jobs.list()).length;
    for (const [args, says] of [
      [['run', '-sae', cluster.jars.StateMachineExample], '-sae (-sae/--shutdownOnAttachedExit of bin/flink) cannot apply here'],
      [['run', '--python', 'examples/python/table/word_count.py'], '--python (-py/--python of bin/flink) cannot apply here: Python jobs'],
      [
        ['run', '-t', 'yarn-application', '-Djobmanager.memory.process.size=1024m', '-pym', 'word_count'],
        '-t yarn-application: bin/flink deploys a new cluster for the application; flink-rest submits to a running cluster',
      ],
      // -D execution.target is -t by another name (it used to reach the job's configuration unchecked).
      [
        ['run', '-D', 'execution.target=kubernetes-application', cluster.jars.StateMachineExample],
        '-D execution.target=kubernetes-application: bin/flink deploys a new cluster for the application',
      ],
      [['list', '-yid', 'application_1'], '-yid (-yid/--yarnapplicationId of bin/flink) cannot apply here'],
      [['run', '-C', 'file:///opt/x.jar', cluster.jars.StateMachineExample], '-C (-C/--classpath of bin/flink) cannot apply here'],
      [['run', '--jobId', 'NOT-HEX', cluster.jars.StateMachineExample], '--jobId must be 32 hexadecimal digits'],
      [['info', '-cm', 'no_claim', cluster.jars.StateMachineExample], '-cm is not an option of info'],
    ] as const) {
      const run = await cli(cluster.url, [...args]);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 2, stderr: expect.stringContaining(says) });
    }
    expect((await flink.jars.list()).map((j) => j.id)).toEqual(jarsBefore);
    expect((await flink.jobs.list()).length).toBe(jobsBefore);
  });

  it('info JAR shows the plan as bin/flink info does and deletes the jar; info <job id> points to `job`', async () => {
    const jarsBefore = (await flink.jars.list()).length;
    const plan = await cli(cluster.url, ['info', '-c', STATE_MACHINE, '-p', '3', cluster.jars.StateMachineExample]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^----------------------- Execution Plan -----------------------\n\{\n/);
    const nodes = json(await cli(cluster.url, ['--json', 'info', '-c', STATE_MACHINE, '-p', '3', cluster.jars.StateMachineExample]))
      .nodes as {
      parallelism: number;
    }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(Math.max(...nodes.map((n) => n.parallelism))).toBe(3);
    expect((await flink.jars.list()).length).toBe(jarsBefore);
    const old = await cli(cluster.url, ['info', 'A3F1C0DE00000000000000000000BEEF']);
    expect(old.code).toBe(2);
    expect(old.stderr).toBe(
      'flink-rest: info shows the plan of a jar, as bin/flink info does; for the details of job a3f1c0de00000000000000000000beef use: flink-rest job a3f1c0de00000000000000000000beef\n',
    );
  });

  it('run deletes its jar after the run request, failed runs too; --keep-jar keeps it; ids in upper case work', async () => {
    const ids = async () => (await flink.jars.list()).map((j) => j.id);
    const before = await ids();
    const failed = await cli(cluster.url, ['run', '-d', '-c', 'com.example.NoSuchJob', cluster.jars.StateMachineExample]);
    expect(failed.code).toBe(1);
    expect(await ids()).toEqual(before);
    // An id of its own: other files use 0123…cdef as a job that does not exist on this cluster.
    const UPPER = 'C11CA5ED0123456789ABCDEF01234567';
    const kept = await cli(cluster.url, ['--json', 'run', '-d', '--keep-jar', '--jobId', UPPER, cluster.jars.StateMachineExample]);
    expect(kept.code).toBe(0);
    const { jobId, jarId } = json(kept);
    expect(jobId).toBe(UPPER.toLowerCase());
    expect(await ids()).toEqual([jarId, ...before]);
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    expect(json(await cli(cluster.url, ['--json', 'job', UPPER])).job.jid).toBe(jobId);
    expect((await cli(cluster.url, ['cancel', UPPER])).stdout).toBe(`Cancelled job ${jobId}.\n`);
    expect((await cli(cluster.url, ['jars', 'delete', jarId])).code).toBe(0);
  });

  it('with no address given, the JobManager comes from the Flink configuration file, as bin/flink finds it', async () => {
    const port = new URL(cluster.url).port;
    const home = mkdtempSync(`${tmpdir()}/flink-rest-home-`);
    try {
      // The cluster's own configuration directory (flat keys), as FLINK_CONF_DIR names it.
      const own = await cli('', ['list', '--verbose'], { FLINK_CONF_DIR: `${cluster.dir}/conf` });
      expect(own.code).toBe(0);
      expect(own.stderr).toBe(`flink-rest: JobManager ${cluster.url} (from ${cluster.dir}/conf/config.yaml (rest.address, rest.port))\n`);
      // $FLINK_HOME/conf with nested keys; then a legacy flink-conf.yaml only.
      mkdirSync(`${home}/conf`);
      writeFileSync(`${home}/conf/config.yaml`, `rest:\n  address: 127.0.0.1\n  port: ${port}\n`);
      expect((await cli('', ['overview'], { FLINK_HOME: home })).stdout).toContain(`at ${cluster.url}`);
      rmSync(`${home}/conf/config.yaml`);
      writeFileSync(`${home}/conf/flink-conf.yaml`, `rest.address: 127.0.0.1\nrest.port: ${port} # the REST port\n`);
      expect((await cli('', ['overview'], { FLINK_HOME: home })).stdout).toContain(`at ${cluster.url}`);
      // The environment beats the file; -m beats both.
      const env = await cli('http://127.0.0.1:1', ['list'], { FLINK_HOME: home });
      expect(env.code).toBe(5);
      expect((await cli('http://127.0.0.1:1', ['-m', `127.0.0.1:${port}`, 'list'], { FLINK_HOME: home })).code).toBe(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('run-application: works on 2.3+, refused with exit 6 before', async () => {
    const app = await cli(cluster.url, [
      '--json',
      'run-application',
      '-c',
      'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing',
      cluster.jars.TopSpeedWindowing,
    ]);
    if (hasApplications) {
      expect(app.code).toBe(0);
      const { applicationId, jarId } = json(app);
      expect(applicationId).toMatch(/^[0-9a-f]{32}$/);
      // The application's main reads the jar after the request (Flink 2.3 fails it with a
      // FileNotFoundException when the jar is gone): the jar stays, and the application's job runs.
      expect((await flink.jars.list()).map((j) => j.id)).toContain(jarId);
      for (const deadline = Date.now() + 90_000; ; await sleep(250)) {
        const { jobs } = await flink.applications.get(applicationId);
        if (jobs.some((j) => j.state === 'RUNNING')) break;
        if (Date.now() > deadline) throw new Error(`the application's job never ran: ${JSON.stringify(jobs)}`);
      }
      await flink.applications.cancel(applicationId);
      const human = await cli(cluster.url, [
        'run-application',
        '-c',
        'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing',
        cluster.jars.TopSpeedWindowing,
      ]);
      expect(human.stderr).toMatch(
        /^The application reads its jar while it runs: delete it once the application has ended with: flink-rest jars delete \S+_TopSpeedWindowing\.jar\n$/,
      );
      await flink.applications.cancel(human.stdout.match(/ApplicationID ([0-9a-f]{32})/)?.[1] as string);
      // A failed submission leaves no jar.
      const before = (await flink.jars.list()).length;
      expect((await cli(cluster.url, ['run-application', '-c', 'com.example.NoSuchJob', cluster.jars.TopSpeedWindowing])).code).not.toBe(0);
      expect((await flink.jars.list()).length).toBe(before);
    } else {
      expect(app.code).toBe(6);
      expect(JSON.parse(app.stderr).error.message).toBe(
        `jars.runApplication needs Flink 2.3 or newer; the server runs Flink ${cluster.version}`,
      );
    }
  });
});

describe('the built CLI, before any cluster', () => {
  it('on a Node older than 22 it says which Node it needs, and exits 1 (no stack trace)', async () => {
    // The machines ship Node 20 (scripts/lib/node.sh brings 24 for the project): run the bin with it.
    const candidates = ['/usr/bin/node', '/usr/local/bin/node', ...(process.env.PATH ?? '').split(':').map((d) => `${d}/node`)];
    const old = candidates.find((node) => {
      try {
        return existsSync(node) && Number(execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })) < 22;
      } catch {
        return false;
      }
    });
    if (!old) throw new Error(`no Node older than 22 on this machine to run the CLI with (looked at ${candidates.join(', ')})`);
    const version = execFileSync(old, ['--version'], { encoding: 'utf8' }).trim().slice(1);
    const run = await new Promise<Run>((resolve) =>
      execFile(old, [bin, 'list'], (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })),
    );
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `flink-rest: needs Node.js 22 or newer; this is Node.js ${version} (${old}). Install a current Node.js (https://nodejs.org/) and run flink-rest with it.\n`,
    });
  });

  it('the build prints no "Generated an empty chunk" (./scripts/demo builds first: its first screen is the demo)', async () => {
    const out = mkdtempSync(`${root}.cache/build-`);
    try {
      const { stderr } = await promisify(execFile)('npx', ['tsup', '--out-dir', out], { cwd: root });
      expect(stderr).not.toContain('empty chunk');
      expect(existsSync(`${out}/cli.js`)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
