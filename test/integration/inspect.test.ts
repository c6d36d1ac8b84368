// What operators open when a job misbehaves, against a running, checkpointing job on the shared
// cluster (flame graphs and the profiler enabled there): vertices and subtasks, checkpoint details,
// flame graphs, thread dumps, the profiler, execution results, and the CLI verbs that show them.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { FlinkClient, foldedStacks, InvalidInputError } from '../../src/index.js';
import { runCli as cli } from '../support/cli-in-process.js';
import { eventually } from '../support/poll.js';

const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';
const HEX32 = /^[0-9a-f]{32}$/;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(inject('flinkClusters'))('Flink $version: inspecting a running job', (cluster) => {
  const flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 60_000 });
  let jobId: string;
  let source: string;
  let sink: string;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flink-rest-inspect-'));
    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    jobId = (await flink.jars.run(jar.id, { entryClass: STATE_MACHINE, parallelism: 2 })).jobId;
    const job = await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    [source, sink] = job.vertices.map((v) => v.id) as [string, string];
    await eventually(async () => ((await flink.checkpoints.stats(jobId)).counts.completed > 0 ? true : undefined), 60_000);
  });

  afterAll(async () => {
    if (jobId) await flink.jobs.cancel(jobId).catch(() => undefined);
    await flink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a vertex, its subtasks, their attempts, times, TaskManagers and accumulators', async () => {
    const vertex = await flink.vertices.get(jobId, source);
    expect(vertex).toMatchObject({ id: source, parallelism: 2 });
    expect(vertex.subtasks.map((s) => s.subtask)).toEqual([0, 1]);
    expect(vertex.subtasks.every((s) => s.status === 'RUNNING')).toBe(true);
    const [tm] = await flink.taskManagers.list();
    const current = await flink.vertices.subtask(jobId, source, 1);
    expect(current).toMatchObject({ subtask: 1, attempt: 0, status: 'RUNNING', 'taskmanager-id': tm?.id });
    expect(current.duration).toBeGreaterThan(0);
    expect((await flink.vertices.attempt(jobId, source, 1, 0)).status).toBe('RUNNING');
    const times = await flink.vertices.subtaskTimes(jobId, source);
    expect(times.subtasks).toHaveLength(2);
    expect(times.subtasks[0]?.timestamps.RUNNING).toBeGreaterThan(times.subtasks[0]?.timestamps.CREATED ?? Number.POSITIVE_INFINITY);
    const { taskmanagers } = await flink.vertices.taskManagers(jobId, sink);
    expect(taskmanagers.map((t) => t['taskmanager-id'])).toEqual([tm?.id]);
    expect(taskmanagers[0]?.['status-counts'].RUNNING).toBe(2);
    expect(await flink.vertices.accumulators(jobId, source)).toEqual({ id: source, 'user-accumulators': [] });
    expect((await flink.vertices.subtasksAccumulators(jobId, source)).subtasks.map((s) => s.subtask)).toEqual([0, 1]);
    expect((await flink.vertices.attemptAccumulators(jobId, source, 0, 0))['user-accumulators']).toEqual([]);
    // Unknown subtask: Flink's 404, nothing invented.
    await expect(flink.vertices.subtask(jobId, source, 7)).rejects.toMatchObject({ status: 404 });
  });

  it("reads the source's split enumerator from the JobManager's operator metrics", async () => {
    const names = (await flink.vertices.operatorMetrics(jobId, source)).map((m) => m.id);
    const unassigned = names.find((n) => n.endsWith('coordinator.enumerator.unassignedSplits'));
    expect(unassigned).toBeDefined();
    const [metric] = await flink.vertices.operatorMetrics(jobId, source, [unassigned as string]);
    expect(metric?.id).toBe(unassigned);
    expect(Number.isInteger(metric?.value) && (metric?.value as number) >= 0).toBe(true);
    expect(metric?.raw).toBe(String(metric?.value));
    // As every metrics list: a name Flink does not report keeps its place; an unknown vertex is a 404.
    const [found, missing] = await flink.vertices.operatorMetrics(jobId, source, [unassigned as string, 'noSuchMetric']);
    expect([found?.id, missing]).toEqual([unassigned, { id: 'noSuchMetric', value: undefined, raw: undefined }]);
    await expect(flink.vertices.operatorMetrics(jobId, 'ab'.repeat(16), ['x'])).rejects.toMatchObject({ status: 404 });
  });

  it("reads one checkpoint's details, a vertex's subtasks in it, and the latest path", async () => {
    const { latest } = await flink.checkpoints.stats(jobId);
    const id = latest.completed?.id as number;
    const details = await flink.checkpoints.details(jobId, id);
    expect(details).toMatchObject({ id, status: 'COMPLETED', is_savepoint: false });
    expect(Object.keys(details.tasks).sort()).toEqual([source, sink].sort());
    expect(details.tasks[sink]).toMatchObject({ num_subtasks: 2, num_acknowledged_subtasks: 2 });
    const part = await flink.checkpoints.subtasks(jobId, id, sink);
    expect(part.subtasks.map((s) => [s.index, s.status])).toEqual([
      [0, 'completed'],
      [1, 'completed'],
    ]);
    expect(part.subtasks[0]?.checkpoint?.sync).toBeGreaterThanOrEqual(0);
    const path = await flink.checkpoints.latestPath(jobId);
    expect(path).toMatch(new RegExp(`${jobId}/chk-\\d+$`));
    await expect(flink.checkpoints.details(jobId, 987_654)).rejects.toMatchObject({ status: 404 });
  });

  it('waits for a flame graph and exports it as folded stacks', async () => {
    // FULL samples every thread state: never empty while the tasks run (ON_CPU may find none on CPU).
    const graph = await flink.vertices.flameGraph(jobId, sink, { type: 'full' }, { timeoutMs: 90_000 });
    expect(graph.type).toBe('FULL');
    expect(graph.endTimestamp).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(graph.root.value).toBeGreaterThan(0);
    const folded = foldedStacks(graph.root).trimEnd().split('\n');
    // Every sample is in exactly one line: the counts add up to the root's.
    expect(folded.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0)).toBe(graph.root.value);
    expect(folded.every((l) => /^\S+(;\S+)* \d+$/.test(l))).toBe(true);
    expect(folded.some((l) => l.startsWith('java.lang.Thread.run'))).toBe(true);
    const one = await flink.vertices.flameGraph(jobId, source, { type: 'ON_CPU', subtask: 1 }, { timeoutMs: 90_000 });
    expect(one).toMatchObject({ type: 'ON_CPU', subtask: 1 });
    expect(one.endTimestamp).toBeGreaterThan(Date.now() - 5 * 60_000);
    await expect(flink.vertices.flameGraph(jobId, sink, { type: 'hot' } as never)).rejects.toThrow(InvalidInputError);
  });

  it('dumps the threads of the JobManager and a TaskManager, and reads the environment', async () => {
    const jm = await flink.jobManager.threadDump();
    expect(jm.threadInfos.map((t) => t.threadName)).toContain('main');
    const [tm] = await flink.taskManagers.list();
    const tmDump = await flink.taskManagers.threadDump(tm?.id as string);
    // The job's tasks run in threads named after them, e.g. "Source: … (1/2)#0".
    expect(tmDump.threadInfos.some((t) => t.threadName.includes('(2/2)'))).toBe(true);
    const env = await flink.jobManager.environment();
    expect(env.jvm.version).toMatch(/17/);
    expect(env.classpath.some((entry) => entry.includes('flink-dist'))).toBe(true);
    expect((await flink.jobs.jobManagerEnvironment(jobId)).jvm.version).toBe(env.jvm.version);
    const config = await flink.jobs.jobManagerConfig(jobId);
    expect(config.find((e) => e.key === 'rest.flamegraph.enabled')?.value).toBe('true');
  });

  it('lists jobs by id, keeps an attached client alive, gives log URLs, lists and deletes data sets', async () => {
    expect(await flink.jobs.ids()).toContainEqual({ id: jobId, status: 'RUNNING' });
    await flink.jobs.heartbeat(jobId, Date.now() + 60_000);
    const [tm] = await flink.taskManagers.list();
    const jmUrl = await flink.jobs.jobManagerLogUrl(jobId);
    const tmUrl = await flink.jobs.taskManagerLogUrl(jobId, tm?.id as string);
    // A JobManager links its web UI's log pages; the url-pattern options are the HistoryServer's.
    expect(jmUrl).toBe(`${cluster.url}/#/job-manager/logs`);
    expect(tmUrl).toBe(`${cluster.url}/#/task-manager/${tm?.id}/logs`);
    expect(await flink.dataSets.list()).toEqual([]);
    const op = await flink.dataSets.delete('0123456789abcdef0123456789abcdef');
    expect(op.toJSON()).toEqual({ kind: 'dataset-deletion', triggerId: expect.stringMatching(HEX32) });
    await expect(op.wait({ timeoutMs: 30_000 })).resolves.toBeUndefined();
    await expect(flink.operations.resume(JSON.stringify(op), 'dataset-deletion').status()).resolves.toEqual({
      state: 'COMPLETED',
      result: undefined,
    });
  });

  it('profiles the JobManager and a TaskManager and downloads the results', async () => {
    const run = await (await flink.profiler.start({ mode: 'itimer', durationSeconds: 1 })).wait();
    expect(run).toMatchObject({ status: 'FINISHED', mode: 'ITIMER', duration: 1, message: 'Profiling Successful' });
    expect(run.outputFile).toMatch(/^JobManager_ITIMER_.*\.html$/);
    expect((await flink.profiler.list())[0]?.triggerTime).toBe(run.triggerTime);
    const html = await new Response(await flink.profiler.download(run.outputFile as string)).text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const [tm] = await flink.taskManagers.list();
    const out = join(dir, 'tm.html');
    const started = await cli(cluster.url, [
      '--json',
      'profiler',
      'start',
      '--taskmanager',
      tm?.id as string,
      '--duration',
      '1',
      '-o',
      out,
    ]);
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ status: 'FINISHED', savedTo: out });
    expect((await readFile(out, 'utf8')).startsWith('<!DOCTYPE html>')).toBe(true);
    const listed = await cli(cluster.url, ['profiler', 'list', '--taskmanager', tm?.id as string]);
    expect(listed.stdout).toMatch(/FINISHED\s+ITIMER\s+1\s+\S+\.html/);
    await expect(flink.profiler.download('../etc/passwd')).rejects.toThrow(InvalidInputError);
    await expect(flink.profiler.download('no-such-run.html')).rejects.toMatchObject({ status: 404 });
  });

  it('shows exceptions, checkpoints, thread dumps and a flame graph on the command line', async () => {
    const exceptions = await cli(cluster.url, ['exceptions', jobId]);
    expect(exceptions).toMatchObject({ code: 0, stdout: `No exceptions recorded for job ${jobId}.\n` });
    const checkpoints = await cli(cluster.url, ['checkpoints', jobId]);
    expect(checkpoints.code).toBe(0);
    expect(checkpoints.stdout).toMatch(/^Checkpoints of job [0-9a-f]{32}: \d+ completed/);
    expect(checkpoints.stdout).toMatch(/\n\d+\s+COMPLETED\s+checkpoint\s+\S+Z\s+\d+ ms/);
    const id = (await flink.checkpoints.stats(jobId)).latest.completed?.id as number;
    const one = await cli(cluster.url, ['checkpoints', jobId, String(id), '--vertex', sink]);
    expect(one.stdout).toContain(`Checkpoint ${id}, vertex ${sink}: COMPLETED, 2/2 subtasks acknowledged`);
    const dump = await cli(cluster.url, ['thread-dump']);
    expect(dump.stdout).toMatch(/^"main" Id=1 /m);
    const vertices = await cli(cluster.url, ['flamegraph', jobId]);
    expect(vertices.code).toBe(2);
    expect(vertices.stdout).toContain(sink);
    const tree = await cli(cluster.url, ['flamegraph', jobId, sink, '--type', 'off_cpu']);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toMatch(/^Flame graph \(OFF_CPU\) of vertex [0-9a-f]{32}: \d+ samples/);
    expect(tree.stdout).toMatch(/^ {0,2}\d+\.\d% +\d+ {2}Thread\.run:\d+/m);
    const file = join(dir, 'sink.folded');
    await cli(cluster.url, ['flamegraph', jobId, sink, '--folded', file]);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toMatch(/^java\.lang\.Thread\.run:\d+;\S+ \d+$/);
  });

  it('gives the execution result once the job ended, and an attached run ends like bin/flink', async () => {
    expect(await flink.jobs.executionResult(jobId)).toBeUndefined();
    await flink.jobs.cancel(jobId);
    await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 });
    const result = await flink.jobs.executionResult(jobId);
    expect(result).toMatchObject({ id: jobId, 'application-status': 'CANCELED', 'accumulator-results': {} });
    expect(result?.['net-runtime']).toBeGreaterThan(1_000);
    expect(await flink.jobs.accumulators(jobId)).toMatchObject({ 'user-task-accumulators': [] });

    const cars = join(dir, 'cars.txt');
    await writeFile(cars, '(0,55,15.7,1000)\n(1,45,10.2,1000)\n(0,60,25.7,2000)\n(1,50,20.2,2000)\n(0,65,40.7,3000)\n');
    const run = await cli(cluster.url, ['run', '-c', TOP_SPEED, cluster.jars.TopSpeedWindowing, '--input', cars]);
    expect(run.code).toBe(0);
    // bin/flink's lines: the job id when submitted, then the end.
    expect(run.stdout).toMatch(
      /^Job has been submitted with JobID ([0-9a-f]{32})\nProgram execution finished\nJob with JobID \1 has finished\.\nJob Runtime: \d+ ms\n$/,
    );
    const finished = run.stdout.match(/JobID ([0-9a-f]{32})/)?.[1] as string;
    const runtime = Number(run.stdout.match(/Job Runtime: (\d+) ms/)?.[1]);
    expect((await flink.jobs.executionResult(finished))?.['net-runtime']).toBe(runtime);
    expect((await flink.jobs.executionResult(finished))?.['application-status']).toBe('SUCCEEDED');
  });
});
