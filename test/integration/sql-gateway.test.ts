// Flink SQL from Node against a real SQL Gateway per Flink line (started by global-setup with
// scripts/flink-cluster … --sql-gateway): sessions, statements, streamed typed rows, jobs, errors.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  FlinkClient,
  SqlExecutionError,
  SqlGateway,
  SqlOperationNotFoundError,
  SqlSessionNotFoundError,
  SqlValueError,
  UnsupportedByServerError,
} from '../../src/index.js';
import { flinkCluster } from '../support/clusters.js';
import { eventually } from '../support/poll.js';
import { gatewaysUnderTest } from '../support/sql-gateways.js';

const sequence = (table: string, rows: number, extra = '') =>
  `CREATE TEMPORARY TABLE ${table} (id BIGINT${extra ? `, ${extra}` : ''}) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', ` +
  `'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${rows}')`;

describe.each(gatewaysUnderTest(inject('sqlGateways')))('SQL Gateway of the Flink $line line', (gw) => {
  const flink = new FlinkClient({ baseUrl: gw.cluster.url, timeoutMs: 60_000 });
  const gateway = new SqlGateway({ baseUrl: gw.url, flink, timeoutMs: 60_000 });
  const newest = gw.line.startsWith('1.') ? 'v3' : 'v4';

  afterAll(async () => {
    await gateway.close();
    await flink.close();
  });

  it('learns the gateway’s Flink version and API versions, and speaks the newest', async () => {
    const info = await gateway.info();
    expect(info.productName).toBe('Apache Flink');
    expect(info.version).toBe(gw.cluster.version);
    expect(info.apiVersions).toEqual(newest === 'v4' ? ['v1', 'v2', 'v3', 'v4'] : ['v1', 'v2', 'v3']);
    expect(info.apiVersion).toBe(newest);
  });

  it('refuses, before sending, what the API version in use lacks', async () => {
    const sent: string[] = [];
    const counting: typeof fetch = (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${String(input instanceof Request ? input.url : input)}`);
      return fetch(input, init);
    };
    const v1 = new SqlGateway({ baseUrl: gw.url, apiVersion: 'v1', fetch: counting });
    try {
      const session = await v1.openSession({ heartbeatMs: false });
      const err = await session.configure(`SET 'parallelism.default' = '2'`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedByServerError);
      expect((err as Error).message).toMatch(/configure-session needs SQL Gateway REST API V2 or newer; .*serves V1, V2, V3/);
      expect(sent.filter((s) => s.includes('configure-session'))).toEqual([]);
      // set() falls back to a SET statement on V1
      await session.set({ 'parallelism.default': '2' });
      expect((await session.config())['parallelism.default']).toBe('2');
    } finally {
      await v1.close();
    }
    if (newest === 'v3') {
      const v4 = new SqlGateway({ baseUrl: gw.url, apiVersion: 'v4' });
      const err = await v4.openSession().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedByServerError);
      expect((err as Error).message).toContain(`serves API V1, V2, V3, not the pinned V4`);
      await v4.close();
    }
  });

  it('opens sessions with properties, reads and changes their configuration, runs DDL, closes them', async () => {
    const session = await gateway.openSession({
      name: 'it-config',
      properties: { 'table.local-time-zone': 'Asia/Tokyo', 'pipeline.name': 'it-config' },
    });
    const config = await session.config();
    expect(config['table.local-time-zone']).toBe('Asia/Tokyo');
    expect(config['pipeline.name']).toBe('it-config');
    expect(config['parallelism.default']).toBe('1'); // the cluster's, inherited

    await session.set({ 'parallelism.default': 3, 'execution.runtime-mode': 'batch' });
    expect((await session.config())['parallelism.default']).toBe('3');
    await session.reset('parallelism.default');
    expect((await session.config())['parallelism.default']).toBe('1');

    const ddl = await session.execute(
      `CREATE TEMPORARY TABLE orders (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen', 'number-of-rows' = '10')`,
    );
    expect(ddl.kind).toBe('SUCCESS');
    expect(ddl.rows.map((r) => r.fields)).toEqual([['OK']]);
    await session.configure('CREATE TEMPORARY VIEW big_orders AS SELECT * FROM orders WHERE amount > 1000');
    const tables = await session.execute('SHOW TABLES');
    expect(tables.kind).toBe('SUCCESS_WITH_CONTENT');
    expect(tables.rows.map((r) => r.values['table name']).sort()).toEqual(['big_orders', 'orders']);
    const described = await session.execute('DESCRIBE orders');
    expect(described.rows.map((r) => [r.values.name, r.values.type])).toEqual([
      ['id', 'BIGINT'],
      ['amount', 'DECIMAL(10, 2)'],
    ]);

    await session.close();
    await session.close(); // again: nothing to do
    await expect(session.config()).rejects.toBeInstanceOf(SqlSessionNotFoundError);
  });

  it('reads a bounded SELECT of 12,000 rows to the end (more than the gateway buffers at once)', async () => {
    await using session = await gateway.openSession();
    await session.execute(sequence('seq', 12_000));
    const rows = await session.query<{ id: number }>('SELECT id FROM seq');
    expect(rows.isQuery).toBe(true);
    expect(rows.columns.map((c) => `${c.name} ${c.type.sql}`)).toEqual(['id BIGINT']);
    let count = 0;
    let sum = 0;
    for await (const row of rows) {
      expect(row.kind).toBe('INSERT');
      count++;
      sum += row.values.id;
    }
    expect(count).toBe(12_000);
    expect(sum).toBe((12_000 * 12_001) / 2);
    await eventually(async () => ((await flink.jobs.state(rows.jobId as string)) === 'FINISHED' ? true : undefined), 30_000);
  });

  it('streams an unbounded SELECT for as long as it is read; leaving the loop cancels its job', async () => {
    await using session = await gateway.openSession();
    await session.execute(`CREATE TEMPORARY TABLE ticks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '200')`);
    const rows = await session.query<{ id: number }>('SELECT id FROM ticks');
    const jobId = rows.jobId as string;
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    let read = 0;
    for await (const _row of rows) {
      if (++read === 500) break;
    }
    expect(read).toBe(500);
    const state = await eventually(async () => {
      const s = await flink.jobs.state(jobId);
      return s === 'CANCELED' ? s : undefined;
    }, 60_000);
    expect(state).toBe('CANCELED');
    await expect(rows.status()).rejects.toBeInstanceOf(SqlOperationNotFoundError); // closed
  });

  it('queries closed right after they start leave the TaskManager running (FLINK-39330: a collect sink cancelled before it opened is fatal)', async () => {
    await using session = await gateway.openSession();
    for (let i = 0; i < 6; i++) {
      const rows = await session.query('SELECT n FROM (VALUES (1), (2), (3)) AS t(n)');
      await rows.close(); // the job was just submitted: its tasks are still deploying
      expect(rows.jobId).toMatch(/^[0-9a-f]{32}$/);
    }
    const { processes } = JSON.parse(await flinkCluster(['info', '--name', gw.name])) as { processes: { tm: number | null } };
    expect(processes.tm).not.toBeNull();
    expect((await session.execute('SELECT 42 AS answer')).rows[0]?.values).toEqual({ answer: 42 }); // and it still runs jobs
  });

  it('an abort signal ends the loop with AbortError and cancels the job too', async () => {
    await using session = await gateway.openSession();
    await session.execute(`CREATE TEMPORARY TABLE ticks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')`);
    const controller = new AbortController();
    const rows = await session.query('SELECT id FROM ticks', { signal: controller.signal });
    let read = 0;
    const err = await (async () => {
      for await (const _row of rows) if (++read === 3) controller.abort();
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    await eventually(async () => ((await flink.jobs.state(rows.jobId as string)) === 'CANCELED' ? true : undefined), 60_000);
  });

  it('a GROUP BY in streaming mode yields UPDATE_BEFORE and UPDATE_AFTER rows that add up', async () => {
    await using session = await gateway.openSession({ properties: { 'execution.runtime-mode': 'streaming' } });
    await session.execute(sequence('clicks', 300));
    const rows = await session.query<{ k: number; c: number }>('SELECT MOD(id, 3) AS k, COUNT(*) AS c FROM clicks GROUP BY MOD(id, 3)');
    const kinds = new Set<string>();
    const table = new Map<number, number>();
    for await (const row of rows) {
      kinds.add(row.kind);
      if (row.kind === 'INSERT' || row.kind === 'UPDATE_AFTER') table.set(row.values.k, row.values.c);
      else {
        expect(table.get(row.values.k)).toBe(row.values.c); // retracts exactly what was there
        table.delete(row.values.k);
      }
    }
    expect([...kinds].sort()).toEqual(['INSERT', 'UPDATE_AFTER', 'UPDATE_BEFORE']);
    expect(Object.fromEntries(table)).toEqual({ 0: 100, 1: 100, 2: 100 });
  });

  it('INSERT into a filesystem sink returns the job, which FlinkClient sees FINISHED', async () => {
    await using session = await gateway.openSession({ properties: { 'execution.runtime-mode': 'batch' } });
    const dir = join(fileURLToPath(new URL(gw.cluster.savepointDir)), '..', `sql-out-${randomUUID()}`);
    await session.execute(sequence('src', 100));
    await session.execute(
      `CREATE TEMPORARY TABLE out_csv (id BIGINT) WITH ('connector' = 'filesystem', 'path' = 'file://${dir}', 'format' = 'csv')`,
    );
    const job = await session.submit('INSERT INTO out_csv SELECT id FROM src', { executionConfig: { 'pipeline.name': 'it-insert' } });
    expect(job.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(await job.wait({ timeoutMs: 120_000 })).toBe('FINISHED');
    expect((await flink.jobs.get(job.jobId)).name).toBe('it-insert');
    const lines = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.startsWith('.'))
      .flatMap((f) => readFileSync(join(f.parentPath, f.name), 'utf8').split('\n').filter(Boolean));
    expect(lines.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('a statement set submits one job for all its INSERTs; submit() refuses a query', async () => {
    await using session = await gateway.openSession({ properties: { 'execution.runtime-mode': 'batch' } });
    await session.execute(sequence('src', 50));
    await session.execute(`CREATE TEMPORARY TABLE a (id BIGINT) WITH ('connector' = 'blackhole')`);
    await session.execute(`CREATE TEMPORARY TABLE b (id BIGINT) WITH ('connector' = 'blackhole')`);
    const job = await session.submit(
      'EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT id FROM src;\nINSERT INTO b SELECT id FROM src;\nEND',
    );
    expect(await job.wait({ timeoutMs: 120_000 })).toBe('FINISHED');
    expect((await flink.jobs.get(job.jobId)).name).toMatch(/^insert-into_.*\.a,.*\.b$/); // one job, both sinks
    await expect(session.submit('SELECT 1')).rejects.toThrow(/is a query/);
  });

  it('delivers every type without silent loss: JSON exact on request, PLAIN_TEXT as Flink prints', async () => {
    await using session = await gateway.openSession({ properties: { 'table.local-time-zone': 'Asia/Tokyo' } });
    const select = `SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(-42 AS BIGINT) AS small,
      CAST(12345678901234567.12 AS DECIMAL(20, 2)) AS wide, CAST(100 AS DECIMAL(10, 2)) AS hundred,
      TO_TIMESTAMP_LTZ(1700000000123, 3) AS ltz, TIMESTAMP '2024-01-31 12:34:56.789' AS ts, DATE '2024-02-29' AS d,
      ARRAY[1, 2, 3] AS arr, MAP['a', 1, 'b', 2] AS m, ROW(7, 'x') AS r, CAST(x'0102ff' AS BYTES) AS b,
      CAST(NULL AS INT) AS n, CAST(0.5 AS DOUBLE) AS dbl`;
    const exact = await session.execute(select, { bigint: 'bigint', decimal: 'string' });
    expect(exact.rows).toHaveLength(1);
    const v = exact.rows[0]?.values as Record<string, unknown>;
    expect(v.big).toBe(9007199254740993n);
    expect(v.small).toBe(-42n);
    expect(v.wide).toBe('12345678901234567.12');
    expect(v.hundred).toBe('100.00'); // sent as 1E+2
    expect(v.ltz).toBe('2023-11-14T22:13:20.123Z'); // sent as 2023-11-15T07:13:20.123Z, Tokyo's wall clock
    expect(v.ts).toBe('2024-01-31T12:34:56.789');
    expect(v.d).toBe('2024-02-29');
    expect(v.arr).toEqual([1, 2, 3]);
    expect(v.m).toEqual({ a: 1, b: 2 });
    expect(v.r).toEqual({ EXPR$0: 7, EXPR$1: 'x' });
    expect(v.b).toEqual(new Uint8Array([1, 2, 255]));
    expect(v.n).toBeNull();
    expect(v.dbl).toBe(0.5);
    expect(Object.fromEntries(exact.columns.map((c) => [c.name, c.type.sql]))).toMatchObject({
      big: 'BIGINT NOT NULL',
      wide: 'DECIMAL(20, 2) NOT NULL',
      ltz: 'TIMESTAMP_LTZ(3)',
      m: 'MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL',
      b: 'BYTES NOT NULL',
    });

    const strings = await session.execute('SELECT CAST(9007199254740993 AS BIGINT) AS big', { bigint: 'string' });
    expect(strings.rows[0]?.values.big).toBe('9007199254740993');
    // As a number the BIGINT would round: refused, not rounded.
    const lossy = await session.execute('SELECT CAST(9007199254740993 AS BIGINT) AS big').catch((e: unknown) => e);
    expect(lossy).toBeInstanceOf(SqlValueError);
    expect((lossy as SqlValueError).text).toBe('9007199254740993');

    const text = await session.execute(select, { rowFormat: 'PLAIN_TEXT' });
    expect(text.rows[0]?.values).toMatchObject({
      big: '9007199254740993',
      wide: '12345678901234567.12',
      hundred: '100.00',
      ltz: '2023-11-15 07:13:20.123',
      b: "x'0102ff'",
      n: null,
    });

    // A MAP keyed by INT has no JSON form: the gateway fails every JSON page; the client reads it as text.
    const intKeys = await session.execute(`SELECT MAP[1, 'one'] AS m, 5 AS five`);
    expect(intKeys.rows[0]?.values).toEqual({ m: '{1=one}', five: '5' });
    await expect(session.execute(`SELECT MAP[1, 'one'] AS m`, { rowFormat: 'JSON' })).rejects.toThrow(/Could not map response to JSON/);
  });

  it('errors: the statement’s own cause, never a wall of Java; gone sessions and operations are their own errors', async () => {
    await using session = await gateway.openSession();
    const unknown = (await session.execute('SELECT * FROM nope').catch((e: unknown) => e)) as SqlExecutionError;
    expect(unknown).toBeInstanceOf(SqlExecutionError);
    expect(unknown.message).toBe("Object 'nope' not found (line 1, column 15) in: SELECT * FROM nope");
    expect(unknown.causeClass).toBe('org.apache.calcite.sql.validate.SqlValidatorException');
    expect(unknown.stackTrace).toContain('\tat ');
    expect(unknown.message).not.toContain('\tat ');

    const parse = (await session.execute('SELEC 1').catch((e: unknown) => e)) as SqlExecutionError;
    expect(parse).toBeInstanceOf(SqlExecutionError);
    expect(parse.message).toMatch(/^Non-query expression encountered in illegal context/);
    expect(parse.message.split('\n')).toHaveLength(1);

    const two = (await session.execute('SELECT 1; SELECT 2').catch((e: unknown) => e)) as SqlExecutionError;
    expect(two.rootCause).toContain('only single statement supported');

    const rows = await session.query('SELECT 1 AS x');
    await rows.close();
    await expect(rows.status()).rejects.toBeInstanceOf(SqlOperationNotFoundError);
    await expect(rows.toArray({ maxRows: 1 })).rejects.toThrow(/closed/);

    const stranger = gateway.session(randomUUID(), { heartbeatMs: false });
    const gone = (await stranger.config().catch((e: unknown) => e)) as SqlSessionNotFoundError;
    expect(gone).toBeInstanceOf(SqlSessionNotFoundError);
    expect(gone.sessionHandle).toBe(stranger.handle);
    await expect(stranger.execute('SELECT 1')).rejects.toBeInstanceOf(SqlSessionNotFoundError);
  });
});
