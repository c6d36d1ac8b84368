// `flink-rest top`, `flink-rest check` and the monitoring examples, against a running job.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient } from '../../src/index.js';
import { eventually } from '../support/poll.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${root}dist/cli.js`;
const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
const NAME = 'State machine job';
const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';

function run(file: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 180_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(bin)) await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: root });
}, 120_000);

describe.each(inject('flinkClusters'))('Flink $version: top, check and the monitoring examples', (cluster) => {
  const flink = new FlinkClient({ baseUrl: cluster.url });
  const env = { FLINK_REST_URL: cluster.url };
  let jobId: string;

  beforeAll(async () => {
    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    jobId = (await flink.jars.run(jar.id, { entryClass: STATE_MACHINE })).jobId;
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    // A completed checkpoint first, so that the checks have an age to judge.
    for (
      const deadline = Date.now() + 60_000;
      !(await flink.checkpoints.health(jobId)).lastCompleted;
      await new Promise((r) => setTimeout(r, 250))
    ) {
      if (Date.now() > deadline) throw new Error('no checkpoint completed');
    }
    // And the job's metrics fetched once (every metrics.fetcher.update-interval, 10 s by default):
    // until then restarts are "no data yet", which top and check show as such, not as 0.
    await eventually(async () => (await flink.metrics.job(jobId, ['numRestarts']))[0]?.value, 60_000);
  });

  afterAll(async () => {
    for (const job of await flink.jobs.list({ groups: ['running'] })) await flink.jobs.cancel(job.jid).catch(() => undefined);
  });

  it('top --once --json reports the running job and the TaskManager', async () => {
    const top = await run(bin, ['top', '--once', '--json'], env);
    expect(top.code).toBe(0);
    const snap = JSON.parse(top.stdout);
    const row = snap.jobs.find((j: { jobId: string }) => j.jobId === jobId);
    expect(row).toMatchObject({ name: NAME, state: 'RUNNING', restarts: 0 });
    expect(row.uptimeMs).toBeGreaterThan(0);
    expect(row.lastCheckpointAgeMs).toBeLessThan(120_000);
    expect(snap.taskManagers[0]).toMatchObject({ slots: 4 });
    expect(snap.taskManagers[0].heapUsedBytes).toBeGreaterThan(0);
    const human = await run(bin, ['top', '--once'], env);
    expect(human.stdout).toContain(`flink-rest top — Flink ${cluster.version}`);
    expect(human.stdout).toMatch(new RegExp(`${jobId.slice(0, 8)}\\s+${NAME}\\s+RUNNING`));
  });

  it('check: OK, WARNING, CRITICAL and UNKNOWN with Nagios exit codes', async () => {
    const ok = await run(bin, ['check', '--job', NAME, '--max-restarts', '3', '--max-checkpoint-age', '5m'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK - 1 running job healthy/);
    const warning = await run(bin, ['check', '--job', jobId, '--max-checkpoint-age', '1ms,10m'], env);
    expect(warning.code).toBe(1);
    expect(warning.stdout).toMatch(/^WARNING - State machine job: checkpoint age ms \d+ \(WARNING\)/);
    const critical = await run(bin, ['--json', 'check', '--job', 'no such job'], env);
    expect(critical.code).toBe(2);
    expect(JSON.parse(critical.stdout)).toMatchObject({ status: 'CRITICAL' });
    // Said once: not found (not also "running jobs 0").
    expect((await run(bin, ['check', '--job', 'no such job'], env)).stdout).toBe('CRITICAL - no such job: exists not found (CRITICAL)\n');
    const backwards = await run(bin, ['check', '--max-backpressure', '0.9,0.5'], env);
    expect(backwards.code).toBe(3);
    expect(backwards.stdout).toMatch(/^UNKNOWN - check failed: --max-backpressure: the warning threshold must be at most the critical one/);
    const unknown = await run(bin, ['check', '--min-running', '1'], { FLINK_REST_URL: 'http://127.0.0.1:59999' });
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/^UNKNOWN - cannot check/);
  });

  it('check --max-checkpoint-age passes over a job that does not checkpoint: its uptime is no checkpoint age', async () => {
    const jar = await flink.jars.upload(cluster.jars.TopSpeedWindowing);
    const quiet = (await flink.jars.run(jar.id, { entryClass: TOP_SPEED })).jobId;
    try {
      await flink.jobs.waitUntilRunning(quiet, { timeoutMs: 90_000 });
      expect((await flink.checkpoints.health(quiet)).lastCompleted).toBeUndefined();
      const result = await run(bin, ['check', '--job', quiet, '--max-checkpoint-age', '1ms'], env);
      expect(result.stdout).toMatch(/^OK - 1 running job healthy/);
      expect(result.code).toBe(0);
    } finally {
      await flink.jobs.cancel(quiet);
      await flink.jars.delete(jar.id);
    }
  });

  it('top refreshes in place on a terminal (tmux)', async () => {
    const session = `flink-rest-top-${process.pid}-${cluster.version.replace(/\W/g, '')}`;
    const tmux = (...args: string[]) => promisify(execFile)('tmux', args, { encoding: 'utf8' });
    await tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '200',
      '-y',
      '40',
      `FLINK_REST_URL=${cluster.url} ${process.execPath} ${bin} top --interval 500 --no-backpressure`,
    );
    try {
      let pane = '';
      for (const deadline = Date.now() + 60_000; !pane.includes(jobId.slice(0, 8)); await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() > deadline) throw new Error(`top showed no job:\n${pane}`);
        pane = (await tmux('capture-pane', '-p', '-t', session)).stdout;
      }
      const first = pane.match(/— (\d{4}-\d\d-\d\dT[\d:.]+Z) —/)?.[1];
      let later = first;
      for (const deadline = Date.now() + 30_000; later === first; await new Promise((r) => setTimeout(r, 200))) {
        if (Date.now() > deadline) throw new Error('top did not refresh');
        later = (await tmux('capture-pane', '-p', '-t', session)).stdout.match(/— (\d{4}-\d\d-\d\dT[\d:.]+Z) —/)?.[1];
      }
      const screen = (await tmux('capture-pane', '-p', '-t', session)).stdout;
      console.log(`flink-rest top under tmux (Flink ${cluster.version}):\n${screen.trim()}`);
      expect(screen.match(/flink-rest top —/g)).toHaveLength(1); // redrawn in place, not appended
      expect(screen).toContain('TASKMANAGER');
    } finally {
      await tmux('kill-session', '-t', session).catch(() => undefined);
    }
  });

  it('examples/prometheus-exporter.mjs exports job health', async () => {
    const child = spawn(process.execPath, ['examples/prometheus-exporter.mjs', cluster.url, '0'], { cwd: root });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => resolve(String(d).trim()));
        child.on('exit', (c) => reject(new Error(`exporter exited ${c}`)));
      });
      const text = await (await fetch(url)).text();
      expect(text).toContain(`flink_job_up{job_id="${jobId}",job_name="${NAME}"} 1`);
      expect(text).toContain(`flink_job_restarts{job_id="${jobId}",job_name="${NAME}"} 0`);
      expect(text).toMatch(new RegExp(`flink_job_last_checkpoint_age_seconds\\{job_id="${jobId}",job_name="${NAME}"\\} \\d+\\.\\d`));
      expect(text).toContain('flink_taskmanagers 1');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('examples/savepoint-all.mjs savepoints every running job', async () => {
    const out = await run('examples/savepoint-all.mjs', [cluster.url, `file://${cluster.dir}/before-upgrade`, '--native']);
    expect(out.code).toBe(0);
    const locations = JSON.parse(out.stdout);
    expect(Object.keys(locations)).toContain(jobId);
    expect(existsSync(fileURLToPath((locations[jobId] as string).replace(/^file:\/*/, 'file:///')))).toBe(true);
  });
});
