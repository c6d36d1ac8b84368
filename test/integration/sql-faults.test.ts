// Fetches of a 20,000-row query through a proxy that drops answers after the gateway sent them (the
// connection cut with no answer, or half a body): the client asks again for the same token, which the
// gateway serves twice, so every row arrives exactly once.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SqlGateway } from '../../src/index.js';
import { type Fault, type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { gatewaysUnderTest } from '../support/sql-gateways.js';

const ROWS = 20_000;

describe.each(gatewaysUnderTest(inject('sqlGateways')))('SQL Gateway of the Flink $line line behind a lossy proxy', (gw) => {
  let proxy: FaultProxy;
  let gateway: SqlGateway;

  beforeAll(async () => {
    let fetches = 0;
    // First attempts only: every 3rd fetch answer is dropped after the gateway served it, every 5th cut in half.
    proxy = await startFaultProxy(gw.url, ({ method, path, attempt }): Fault => {
      if (method !== 'GET' || !path.includes('/result/') || attempt > 1) return 'pass';
      fetches++;
      return fetches % 3 === 0 ? 'drop-after' : fetches % 5 === 0 ? 'truncate' : 'pass';
    });
    gateway = new SqlGateway({ baseUrl: proxy.url, timeoutMs: 30_000, maxRetries: 3 });
  });

  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
  });

  it(`${ROWS} rows, each exactly once, while answers are lost`, async () => {
    await using session = await gateway.openSession();
    await session.execute(
      `CREATE TEMPORARY TABLE seq (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '${ROWS}', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}')`,
    );
    const seen = new Uint8Array(ROWS + 1);
    let count = 0;
    const started = Date.now();
    for await (const row of await session.query<{ id: number }>('SELECT id FROM seq')) {
      seen[row.values.id] = (seen[row.values.id] ?? 0) + 1;
      count++;
    }
    console.log(
      `Flink ${gw.cluster.version}: ${count} rows through the lossy proxy in ${((Date.now() - started) / 1000).toFixed(1)} s; injected ${JSON.stringify(proxy.injected)}`,
    );
    expect(count).toBe(ROWS);
    expect(seen.subarray(1).every((n) => n === 1)).toBe(true);
    expect(proxy.injected['drop-after']).toBeGreaterThan(0);
    expect(proxy.injected.truncate).toBeGreaterThan(0);
  });
});
