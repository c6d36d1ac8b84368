import type { TestProject } from 'vitest/node';
import { type ClusterInfo, selectedLines, startCluster, stopCluster } from '../support/clusters.js';

declare module 'vitest' {
  export interface ProvidedContext {
    flinkClusters: ClusterInfo[];
  }
}

// Harmless on every test's cluster and needed by some: flame graphs and the profiler answer only when enabled.
const SHARED_OPTIONS = ['rest.flamegraph.enabled=true', 'rest.profiling.enabled=true'].flatMap((option) => ['-D', option]);

// One real cluster per selected Flink line, started before any test and stopped after all of them,
// failed or not. A cluster that cannot start fails the run: integration tests never skip.
export default async function setup(project: TestProject) {
  const lines = selectedLines();
  const names = lines.map((line) => `it-${line}`);
  // A cluster left over by an interrupted run would block the name: stop it first.
  await Promise.allSettled(names.map((name) => stopCluster(name)));
  const results = await Promise.allSettled(lines.map((line, i) => startCluster(line, names[i] as string, SHARED_OPTIONS)));
  const teardown = async () => {
    await Promise.allSettled(names.map((name) => stopCluster(name)));
  };
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length) {
    await teardown();
    throw new Error(`could not start Flink ${lines.join(', ')}:\n${failures.map((f) => String(f.reason?.message ?? f.reason)).join('\n')}`);
  }
  project.provide(
    'flinkClusters',
    results.map((r) => (r as PromiseFulfilledResult<ClusterInfo>).value),
  );
  return teardown;
}
