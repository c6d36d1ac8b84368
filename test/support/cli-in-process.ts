import { vi } from 'vitest';
import { main } from '../../src/cli/index.js';

/** What one CLI run ended with. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `flink-rest ...args` in this process against `url` (FLINK_REST_URL), with colors as the
 * environment says unless `env` sets NO_COLOR; captures stdout and stderr and the exit code. The
 * environment stays stubbed: call `vi.unstubAllEnvs()` after each test.
 */
export async function runCli(url: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  vi.stubEnv('FLINK_REST_URL', url);
  vi.stubEnv('NO_COLOR', undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await main(['node', 'flink-rest', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
