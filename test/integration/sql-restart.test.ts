// What a session survives and what it does not: a reader that pauses longer than the gateway's idle
// timeout (the session's heartbeats keep it), idle expiry without heartbeats, and a gateway restart
// (sessions live in its memory only). Restarts the line's gateway; it ends on its default settings.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SqlGateway, SqlSessionNotFoundError } from '../../src/index.js';
import { flinkCluster } from '../support/clusters.js';
import { eventually } from '../support/poll.js';
import { gatewaysUnderTest } from '../support/sql-gateways.js';

describe.each(gatewaysUnderTest(inject('sqlGateways')))('SQL Gateway of the Flink $line line: expiry and restarts', (gw) => {
  // Sessions expire after 3 s idle here (checked every second); restarted to these settings once.
  const SHORT_IDLE = ['sql-gateway.session.idle-timeout=3s', 'sql-gateway.session.check-interval=1s'];
  let shortIdle = false;
  const restart = async (defines: string[]) => {
    await flinkCluster(['stop-sql-gateway', '--name', gw.name], 120_000);
    const url = (await flinkCluster(['start-sql-gateway', '--name', gw.name, ...defines.flatMap((d) => ['-D', d])], 180_000)).trim();
    expect(url).toBe(gw.url); // the same port again
    shortIdle = defines === SHORT_IDLE;
  };

  afterAll(async () => {
    if (shortIdle) await restart([]); // the default settings for the files after this one
  });

  it('a gateway restarted mid-session: the old session is a SqlSessionNotFoundError, a new one works', async () => {
    const gateway = new SqlGateway({ baseUrl: gw.url, timeoutMs: 30_000 });
    try {
      const session = await gateway.openSession();
      await session.execute(`CREATE TEMPORARY TABLE t (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3')`);
      await restart(SHORT_IDLE);
      const err = await session.execute('SHOW TABLES').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SqlSessionNotFoundError);
      expect((err as SqlSessionNotFoundError).sessionHandle).toBe(session.handle);
      await expect(session.heartbeat()).rejects.toBeInstanceOf(SqlSessionNotFoundError);
      await session.close(); // gone already: quiet
      await using fresh = await gateway.openSession();
      expect((await fresh.execute('SHOW TABLES')).rows).toEqual([]);
    } finally {
      await gateway.close();
    }
  });

  it('heartbeats keep a session whose reader pauses past the idle timeout; without them it expires', async () => {
    if (!shortIdle) await restart(SHORT_IDLE);
    let beats = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/heartbeat')) beats++;
      return fetch(input, init);
    };
    const gateway = new SqlGateway({ baseUrl: gw.url, timeoutMs: 30_000, fetch: counting });
    try {
      const held = await gateway.openSession({ heartbeatMs: 500 });
      const idle = await gateway.openSession({ heartbeatMs: false });
      await held.execute(`CREATE TEMPORARY TABLE ticks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '20')`);
      const rows = await held.query<{ id: number }>('SELECT id FROM ticks');
      const iterator = rows[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      // The reader pauses: no fetch on either session while 14 heartbeats (≥ 7 s, twice the idle timeout and more) go out.
      const from = beats;
      await eventually(async () => (beats - from >= 14 ? true : undefined), 30_000, 100);
      let more = 0;
      for (let next = await iterator.next(); !next.done && more < 20; next = await iterator.next()) more++;
      expect(more).toBe(20); // the held session and its query lived on
      await iterator.return?.();
      await expect(idle.config()).rejects.toBeInstanceOf(SqlSessionNotFoundError);
      await held.close();
    } finally {
      await gateway.close();
    }
  });
});
