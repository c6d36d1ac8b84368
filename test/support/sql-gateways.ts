import { type ClusterInfo, flinkCluster, startCluster, stopCluster } from './clusters.js';

/** A real SQL Gateway the integration tests use, and the session cluster it submits jobs to. */
export interface GatewayUnderTest {
  /** The Flink line it stands for (1.20, 2.2, 2.3). */
  line: string;
  /** The gateway's URL. */
  url: string;
  /** The cluster it submits to (its JobManager's URL is `cluster.url`). */
  cluster: ClusterInfo;
  /** The scripts/flink-cluster name of that cluster (for stop-sql-gateway / start-sql-gateway). */
  name: string;
}

/**
 * Whether this run needs gateways: yes, unless it names test files or filters and none of them is
 * about SQL (a developer running `vitest run … test/integration/jobs` pays for no gateway). The SQL
 * tests fail, never skip, when they find no gateway for a line.
 */
export function wantsSqlGateways(argv = process.argv): boolean {
  const filters: string[] = [];
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_OPTIONS.has(a)) i++; // its value is no filter
      continue;
    }
    if (a !== 'run' && a !== 'watch') filters.push(a);
  }
  return filters.length === 0 || filters.some((f) => f.includes('sql'));
}

const VALUE_OPTIONS = new Set(['--config', '-c', '--project', '--reporter', '--root', '-r', '--dir', '-t', '--testNamePattern']);

/**
 * One gateway per Flink line, shared by every SQL test file: on the line's own test cluster when
 * Maven Central has the gateway jar of exactly its version (2.2.1, 2.3.0), else on a cluster of the
 * release that has one (`scripts/flink-cluster sql-gateway-version`: 1.20 → 1.20.3), cluster and
 * gateway of one release.
 */
export async function startSqlGateways(
  clusters: readonly ClusterInfo[],
): Promise<{ gateways: GatewayUnderTest[]; stop: () => Promise<void> }> {
  const own: string[] = [];
  const started = await Promise.allSettled(
    clusters.map(async (cluster): Promise<GatewayUnderTest> => {
      const line = cluster.version.split('.').slice(0, 2).join('.');
      const version = (await flinkCluster(['sql-gateway-version', '--version', line])).trim();
      if (version === cluster.version) {
        const name = `it-${line}`;
        const url = (await flinkCluster(['start-sql-gateway', '--name', name])).trim().split('\n').at(-1) as string;
        console.log(`SQL Gateway ${version} on ${name} at ${url}`);
        return { line, url, cluster, name };
      }
      const name = `it-sql-${line}`;
      own.push(name);
      await stopCluster(name);
      const info = await startCluster(version, name, ['--sql-gateway']);
      const url = (JSON.parse(await flinkCluster(['info', '--name', name])) as { sqlGateway: { url: string } }).sqlGateway.url;
      console.log(`SQL Gateway ${version} on ${name} (the ${line} line's gateway jar: ${version}) at ${url}`);
      return { line, url, cluster: info, name };
    }),
  );
  const stop = async () => {
    await Promise.allSettled(own.map((name) => stopCluster(name)));
  };
  const failed = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) {
    await stop();
    throw new Error(`could not start SQL Gateways:\n${failed.map((f) => String(f.reason?.message ?? f.reason)).join('\n')}`);
  }
  return { gateways: started.map((r) => (r as PromiseFulfilledResult<GatewayUnderTest>).value), stop };
}

/** The gateways global-setup started, one per selected line; never none (a SQL test file must not pass by running nothing). */
export function gatewaysUnderTest(provided: GatewayUnderTest[]): GatewayUnderTest[] {
  if (provided.length === 0)
    throw new Error('no SQL Gateway was started: global-setup starts them when the run includes a SQL test file (see wantsSqlGateways)');
  return provided;
}
