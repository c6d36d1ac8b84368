import type { TestProject } from 'vitest/node';
import { type ClusterInfo, selectedLines, startCluster, stopCluster } from '../support/clusters.js';
import { type GatewayUnderTest, startSqlGateways, wantsSqlGateways } from '../support/sql-gateways.js';

declare module 'vitest' {
  export interface ProvidedContext {
    flinkClusters: ClusterInfo[];
    /** One SQL Gateway per line (empty when the run names no SQL test file). */
    sqlGateways: GatewayUnderTest[];
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
  const clusters = results.map((r) => (r as PromiseFulfilledResult<ClusterInfo>).value);
  project.provide('flinkClusters', clusters);
  // The SQL Gateways (one per line) only when the run includes SQL tests: they cost a JVM each.
  let sql: Awaited<ReturnType<typeof startSqlGateways>> | undefined;
  try {
    sql = wantsSqlGateways() ? await startSqlGateways(clusters) : undefined;
  } catch (err) {
    await teardown();
    throw err;
  }
  project.provide('sqlGateways', sql?.gateways ?? []);
  return async () => {
    await sql?.stop();
    await teardown();
  };
}
