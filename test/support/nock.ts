import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';
import { FlinkClient } from '../../src/index.js';

export const BASE = 'http://flink.test:8081';
export const JOB = 'a3f1c0de00000000000000000000beef';
export const JOB2 = 'b3f1c0de00000000000000000000beef';

beforeAll(() => {
  // Only loopback stub servers may be reached for real; everything else must be mocked.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length) throw new Error(`expected requests were not made: ${pending.join(', ')}`);
});

/** A nock scope for the Flink REST API under /v1. */
export function flink() {
  return nock(BASE);
}

export function client(options: Partial<ConstructorParameters<typeof FlinkClient>[0]> = {}) {
  // A JobManager, said so: a fresh client would otherwise learn it with GET /v1/config before its first write.
  return new FlinkClient({ baseUrl: BASE, timeoutMs: 2_000, server: 'jobmanager', ...options });
}

/** Answers `/config` as a server of the given version. */
export function serverVersion(version: string) {
  return flink().get('/v1/config').reply(200, { 'refresh-interval': 3000, 'flink-version': version, 'flink-revision': 'abc' });
}
