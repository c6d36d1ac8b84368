// Before each integration test file: every shared cluster still has its TaskManager. A TaskManager
// that an earlier file lost (Flink's FLINK-39330 kills one when a collect job is cancelled before its
// sink opened) made every later test of its line wait out its whole timeout: one run took 76 minutes
// to fail. Now the file fails at once, saying which cluster and what its TaskManager's log last said.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, inject } from 'vitest';
import type { ClusterInfo } from '../support/clusters.js';

/** How long a TaskManager may take to register again (a JobManager restart, a heartbeat missed). */
const REGISTER_WITHIN_MS = 30_000;

beforeAll(async () => {
  const lost = (await Promise.all(inject('flinkClusters').map(taskManagerMissing))).filter((m) => m !== undefined);
  if (lost.length) throw new Error(lost.join('\n'));
}, REGISTER_WITHIN_MS + 10_000);

/** Undefined when the cluster has a TaskManager; else what is wrong, with the log's telling line. */
async function taskManagerMissing(cluster: ClusterInfo): Promise<string | undefined> {
  const deadline = Date.now() + REGISTER_WITHIN_MS;
  let seen = '';
  for (;;) {
    try {
      const answer = await fetch(`${cluster.url}/v1/taskmanagers`, { signal: AbortSignal.timeout(5_000) });
      const { taskmanagers } = (await answer.json()) as { taskmanagers?: unknown[] };
      if (answer.ok && taskmanagers?.length) return undefined;
      seen = `${answer.status}, ${taskmanagers?.length ?? 0} TaskManagers`;
    } catch (err) {
      seen = `no answer (${(err as Error).message})`;
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return `Flink ${cluster.version} (${cluster.name}, ${cluster.url}) has no TaskManager for ${REGISTER_WITHIN_MS / 1000} s (${seen}): an earlier test file lost it, and every test on this line would time out. ${await fatalLine(cluster.dir)}`;
}

/** The TaskManager log's last fatal or error line, where Flink says why the process ended. */
async function fatalLine(dir: string): Promise<string> {
  const logs = join(dir, 'log');
  const names = (await readdir(logs).catch(() => [])).filter((n) => n.includes('taskexecutor') && n.endsWith('.log'));
  for (const name of names) {
    const lines = (await readFile(join(logs, name), 'utf8').catch(() => '')).split('\n');
    const telling = lines.findLast((l) => /fatal|terminating|shutting down/i.test(l)) ?? lines.findLast((l) => / ERROR /.test(l));
    if (telling) return `${name}: ${telling.trim()}`;
  }
  return `(no telling line in ${logs})`;
}
