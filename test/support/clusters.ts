import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/flink-cluster', import.meta.url));

/** What scripts/flink-cluster knows of a running cluster (its cluster.json). */
export interface ClusterInfo {
  name: string;
  version: string;
  url: string;
  dir: string;
  savepointDir: string;
  checkpointDir: string;
  jars: { TopSpeedWindowing: string; StateMachineExample: string; FailOnStop: string };
}

/**
 * `-D` flags of a cluster on the adaptive scheduler that rescales at once (no stabilisation waits,
 * no cool-down) and keeps a rescale history (2.3 keeps one only when asked to).
 */
export const ADAPTIVE_FLAGS = [
  'jobmanager.scheduler=adaptive',
  'jobmanager.adaptive-scheduler.scaling-interval.min=0s',
  'jobmanager.adaptive-scheduler.resource-stabilization-timeout=0s',
  'jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s',
  'jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout=0s',
  'jobmanager.adaptive-scheduler.rescale-trigger.max-delay=0s',
  'web.adaptive-scheduler.rescale-history.size=20',
].flatMap((d) => ['-D', d]);

/** The Flink lines every test run covers unless FLINK_VERSIONS says otherwise. */
export const SUPPORTED_LINES = ['1.20', '2.2', '2.3'] as const;

export function selectedLines(): string[] {
  const raw = process.env.FLINK_VERSIONS?.trim();
  const lines = raw ? raw.split(/[\s,]+/).filter(Boolean) : [...SUPPORTED_LINES];
  if (lines.length === 0) throw new Error('FLINK_VERSIONS names no Flink version');
  return lines;
}

export async function flinkCluster(args: string[], timeoutMs = 20 * 60_000): Promise<string> {
  try {
    const { stdout } = await run(script, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`scripts/flink-cluster ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export async function startCluster(line: string, name: string, extra: string[] = []): Promise<ClusterInfo> {
  const started = Date.now();
  await flinkCluster(['start', '--version', line, '--name', name, ...extra]);
  const info = JSON.parse(await flinkCluster(['info', '--name', name])) as ClusterInfo;
  console.log(`Flink ${info.version} (${name}) up at ${info.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return info;
}

export async function stopCluster(name: string): Promise<void> {
  await flinkCluster(['stop', '--name', name], 120_000);
}
