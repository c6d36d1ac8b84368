// The SQL Gateway client against a scripted gateway (nock): what goes over the wire, in what order,
// and what comes back. The real gateways' behaviour is proven in test/integration/sql-*.test.ts.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  InvalidInputError,
  SqlExecutionError,
  SqlGateway,
  SqlOperationNotFoundError,
  SqlSessionNotFoundError,
  UnsupportedByServerError,
} from '../../src/index.js';
import '../support/nock.js';
import { eventually } from '../support/poll.js';
import { caught } from '../support/unit-helpers.js';

const GW = 'http://sql.test:8083';
const S = '11111111-2222-3333-4444-555555555555';
const O = '99999999-8888-7777-6666-555555555555';
const JOB = 'a3f1c0de00000000000000000000beef';
const RESULT = `/v4/sessions/${S}/operations/${O}/result`;

const gateway = (options: Partial<ConstructorParameters<typeof SqlGateway>[0]> = {}) =>
  new SqlGateway({ baseUrl: GW, timeoutMs: 2_000, ...options });

function versions(list = ['V1', 'V2', 'V3', 'V4'], version = '2.3.0', base = GW, prefix = '') {
  return nock(base)
    .get(`${prefix}/v1/api_versions`)
    .reply(200, { versions: list })
    .get(`${prefix}/v1/info`)
    .reply(200, { productName: 'Apache Flink', version });
}

const INT = { name: 'n', logicalType: { type: 'INTEGER', nullable: false }, comment: null };
const next = (token: number) => `/v4/sessions/${S}/operations/${O}/result/${token}?rowFormat=JSON`;
const payload = (token: number, rows: unknown[][], extra: Record<string, unknown> = {}) => ({
  resultType: 'PAYLOAD',
  isQueryResult: true,
  jobID: JOB,
  resultKind: 'SUCCESS_WITH_CONTENT',
  results: { columns: [INT], rowFormat: 'JSON', data: rows.map((fields) => ({ kind: 'INSERT', fields })) },
  nextResultUri: next(token + 1),
  ...extra,
});
const eos = {
  resultType: 'EOS',
  isQueryResult: true,
  jobID: JOB,
  resultKind: 'SUCCESS_WITH_CONTENT',
  results: { columns: [INT], data: [] },
};
const FAST = { minMs: 1, maxMs: 2 };

/** A session opened on a V4 gateway, without heartbeats. */
async function openSession(g = gateway()) {
  versions();
  nock(GW).post('/v4/sessions').reply(200, { sessionHandle: S });
  return g.openSession({ heartbeatMs: false });
}

function submitted(statement: string) {
  return nock(GW)
    .post(`/v4/sessions/${S}/statements`, (body) => body.statement === statement)
    .reply(200, { operationHandle: O });
}

/** A query's first page with one row, then empty pages for as long as it is read. */
function oneRowThenEmptyPages() {
  nock(GW)
    .get(`${RESULT}/0`)
    .query(true)
    .reply(200, payload(0, [[1]]))
    .get(/result\/\d+/)
    .query(true)
    .times(1000)
    .optionally()
    .reply(200, (uri: string) => payload(Number(/result\/(\d+)/.exec(uri)?.[1]), []));
}

const closeOperation = () => nock(GW).delete(`/v4/sessions/${S}/operations/${O}/close`).reply(200, { status: 'CLOSED' });

const serverError = (trace: string) => ({
  errors: ['Internal server error.', `<Exception on server side:\n${trace}\nEnd of exception on server side>`],
});

describe('SqlGateway: API versions', () => {
  it('asks the gateway once and speaks the newest version both know', async () => {
    const g = gateway();
    versions(['V1', 'V2', 'V3', 'V5']);
    nock(GW).post('/v3/sessions').times(2).reply(200, { sessionHandle: S });
    await g.openSession({ heartbeatMs: false });
    await g.openSession({ heartbeatMs: false });
    expect(await g.info()).toEqual({
      productName: 'Apache Flink',
      version: '2.3.0',
      apiVersions: ['v1', 'v2', 'v3', 'v5'],
      apiVersion: 'v3',
    });
  });

  it('a pinned version the gateway lacks is refused before anything else is sent', async () => {
    versions(['V1', 'V2', 'V3'], '1.20.3');
    const err = await caught(() => gateway({ apiVersion: 'v4' }).openSession());
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toBe(
      `the SQL Gateway at ${GW} (Flink 1.20.3) serves API V1, V2, V3, not the pinned V4; drop apiVersion to let the client choose`,
    );
  });

  it('configure-session on a V1 gateway is refused before sending, naming the versions', async () => {
    versions(['V1']);
    nock(GW).post('/v1/sessions').reply(200, { sessionHandle: S });
    const session = await gateway().openSession({ heartbeatMs: false });
    const err = await caught(() => session.configure("SET 'a' = 'b'"));
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toContain(
      'configure-session needs SQL Gateway REST API V2 or newer; the gateway at http://sql.test:8083 (Flink 2.3.0) serves V1',
    );
  });

  it('keeps the base URL’s path prefix and never follows the server-relative nextResultUri', async () => {
    const base = 'http://proxy.test/flink-sql';
    const g = gateway({ baseUrl: base });
    versions(['V4'], '2.3.0', 'http://proxy.test', '/flink-sql');
    nock('http://proxy.test')
      .post('/flink-sql/v4/sessions')
      .reply(200, { sessionHandle: S })
      .post(`/flink-sql/v4/sessions/${S}/statements`)
      .reply(200, { operationHandle: O })
      .get(`/flink-sql${RESULT}/0`)
      .query({ rowFormat: 'JSON' })
      .reply(200, payload(0, [[1]]))
      .get(`/flink-sql${RESULT}/1`)
      .query({ rowFormat: 'JSON' })
      .reply(200, eos)
      .delete(`/flink-sql/v4/sessions/${S}/operations/${O}/close`)
      .reply(200, { status: 'CLOSED' });
    const session = await g.openSession({ heartbeatMs: false });
    const rows = await (await session.query('SELECT 1', { poll: FAST })).toArray({ maxRows: 10 });
    expect(rows.map((r) => r.values)).toEqual([{ n: 1 }]);
  });
});

describe('SqlQuery: reading results', () => {
  it('polls NOT_READY, reads pages by token until EOS, skips empty pages with back-off, closes the operation once', async () => {
    const session = await openSession();
    submitted('SELECT n FROM t');
    nock(GW)
      .get(`${RESULT}/0`)
      .query({ rowFormat: 'JSON' })
      .times(2)
      .reply(200, { resultType: 'NOT_READY', nextResultUri: next(0) })
      .get(`${RESULT}/0`)
      .query({ rowFormat: 'JSON' })
      .reply(200, payload(0, []))
      .get(`${RESULT}/1`)
      .query({ rowFormat: 'JSON' })
      .reply(200, payload(1, [[1], [2]]))
      .get(`${RESULT}/2`)
      .query({ rowFormat: 'JSON' })
      .reply(200, payload(2, []))
      .get(`${RESULT}/3`)
      .query({ rowFormat: 'JSON' })
      .reply(200, payload(3, [[3]]))
      .get(`${RESULT}/4`)
      .query({ rowFormat: 'JSON' })
      .reply(200, eos);
    closeOperation();
    const rows = await session.query<{ n: number }>('SELECT n FROM t', { poll: FAST });
    expect(rows.columns).toEqual([{ name: 'n', type: { root: 'INTEGER', nullable: false, sql: 'INT NOT NULL' } }]);
    expect(rows.jobId).toBe(JOB);
    expect(rows.isQuery).toBe(true);
    const seen: number[] = [];
    for await (const row of rows) seen.push(row.values.n);
    expect(seen).toEqual([1, 2, 3]);
    await rows.close(); // already closed: nothing sent
  });

  it('an answer lost on the way (connection reset, garbled body) is asked for again with the same token: no row lost or repeated', async () => {
    const session = await openSession();
    submitted('SELECT n FROM t');
    nock(GW)
      .get(`${RESULT}/0`)
      .query(true)
      .reply(200, payload(0, [[1]]))
      .get(`${RESULT}/1`)
      .query(true)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get(`${RESULT}/1`)
      .query(true)
      .reply(200, '{"resultType":"PAYLOAD","results":{"dat', { 'content-type': 'application/json' })
      .get(`${RESULT}/1`)
      .query(true)
      .reply(200, payload(1, [[2], [3]]))
      .get(`${RESULT}/2`)
      .query(true)
      .reply(200, eos);
    closeOperation();
    const rows = await (await session.query<{ n: number }>('SELECT n FROM t', { poll: FAST })).toArray({ maxRows: 100 });
    expect(rows.map((r) => r.values.n)).toEqual([1, 2, 3]);
  });

  it('types JSON cannot carry: the same token again as PLAIN_TEXT, and the rest of the result as text', async () => {
    const session = await openSession();
    submitted("SELECT MAP[1, 'a'] AS m");
    const m = {
      name: 'm',
      logicalType: { type: 'MAP', nullable: false, keyType: { type: 'INTEGER' }, valueType: { type: 'CHAR', length: 1 } },
    };
    nock(GW)
      .get(`${RESULT}/0`)
      .query({ rowFormat: 'JSON' })
      .reply(500, { errors: ['Internal server error. Could not map response to JSON.'] })
      .get(`${RESULT}/0`)
      .query({ rowFormat: 'PLAIN_TEXT' })
      .reply(200, {
        ...payload(0, [['{1=a}']]),
        results: { columns: [m], rowFormat: 'PLAIN_TEXT', data: [{ kind: 'INSERT', fields: ['{1=a}'] }] },
      })
      .get(`${RESULT}/1`)
      .query({ rowFormat: 'PLAIN_TEXT' })
      .reply(200, eos);
    closeOperation();
    const rows = await session.query("SELECT MAP[1, 'a'] AS m", { poll: FAST });
    expect(rows.rowFormat).toBe('PLAIN_TEXT');
    expect((await rows.toArray({ maxRows: 5 })).map((r) => r.values)).toEqual([{ m: '{1=a}' }]);
  });

  it('leaving the loop closes the operation (its job is cancelled by the gateway)', async () => {
    const session = await openSession();
    submitted('SELECT n FROM ticks');
    nock(GW)
      .get(`${RESULT}/0`)
      .query(true)
      .reply(200, payload(0, [[1], [2], [3]]));
    const close = closeOperation();
    for await (const row of await session.query<{ n: number }>('SELECT n FROM ticks', { poll: FAST })) {
      if (row.values.n === 2) break;
    }
    expect(close.isDone()).toBe(true);
  });

  it('an abort signal ends the loop with AbortError and still closes the operation', async () => {
    const session = await openSession();
    submitted('SELECT n FROM ticks');
    oneRowThenEmptyPages();
    const close = closeOperation();
    const controller = new AbortController();
    const err = await caught(async () => {
      for await (const _row of await session.query('SELECT n FROM ticks', { signal: controller.signal, poll: { minMs: 5, maxMs: 10 } })) {
        setTimeout(() => controller.abort(), 30);
      }
    });
    expect(err).toBeInstanceOf(AbortError);
    expect(close.isDone()).toBe(true);
  });

  it('a query closed before any row waits (at most 10 s) for its first row: a collect job cancelled before its sink opened kills the TaskManager (FLINK-39330)', async () => {
    const session = await openSession();
    submitted('SELECT n FROM t');
    const order: string[] = [];
    nock(GW)
      .get(`${RESULT}/0`)
      .query({ rowFormat: 'JSON' })
      .reply(200, payload(0, []))
      .get(`${RESULT}/1`)
      .query({ rowFormat: 'PLAIN_TEXT' })
      .reply(200, () => {
        order.push('fetch 1 (empty)');
        return payload(1, []);
      })
      .get(`${RESULT}/2`)
      .query({ rowFormat: 'PLAIN_TEXT' })
      .reply(200, () => {
        order.push('fetch 2 (a row)');
        return payload(2, [['7']]);
      })
      .delete(`/v4/sessions/${S}/operations/${O}/close`)
      .reply(200, () => {
        order.push('close');
        return { status: 'CLOSED' };
      });
    const rows = await session.query('SELECT n FROM t', { poll: FAST });
    await rows.close();
    expect(order).toEqual(['fetch 1 (empty)', 'fetch 2 (a row)', 'close']);
  });

  it('close() from elsewhere ends a loop that waits for rows, quietly', async () => {
    const session = await openSession();
    submitted('SELECT n FROM ticks');
    oneRowThenEmptyPages();
    const close = closeOperation();
    const rows = await session.query<{ n: number }>('SELECT n FROM ticks', { poll: { minMs: 5, maxMs: 10 } });
    setTimeout(() => void rows.close(), 50);
    const seen: number[] = [];
    for await (const row of rows) seen.push(row.values.n);
    expect(seen).toEqual([1]);
    expect(close.isDone()).toBe(true);
  });

  it('toArray stops at maxRows, or at its deadline on a query with nothing more, and closes', async () => {
    const session = await openSession();
    submitted('SELECT n FROM ticks');
    nock(GW)
      .get(`${RESULT}/0`)
      .query(true)
      .reply(200, payload(0, [[1], [2]]))
      .get(/result\/\d+/)
      .query(true)
      .times(1000)
      .optionally()
      .reply(200, (uri: string) => payload(Number(/result\/(\d+)/.exec(uri)?.[1]), []));
    closeOperation();
    const started = Date.now();
    const rows = await (await session.query('SELECT n FROM ticks', { poll: { minMs: 5, maxMs: 20 } })).toArray({
      maxRows: 10,
      timeoutMs: 200,
    });
    expect(rows.map((r) => r.fields)).toEqual([[1], [2]]);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('every query option at once reaches no request of its own: the session-config lookup of a TIMESTAMP_LTZ result takes only the request options', async () => {
    const session = await openSession();
    const statement = 'SELECT CURRENT_TIMESTAMP AS t';
    submitted(statement);
    const ltz = { name: 't', logicalType: { type: 'TIMESTAMP_WITH_LOCAL_TIME_ZONE', nullable: false, precision: 3 } };
    const page = {
      ...payload(0, []),
      results: { columns: [ltz], rowFormat: 'PLAIN_TEXT', data: [{ kind: 'INSERT', fields: ['2024-01-01 09:00:00.000'] }] },
    };
    const config = nock(GW)
      .get(`/v4/sessions/${S}`)
      .reply(200, { properties: { 'table.local-time-zone': 'Asia/Tokyo' } });
    nock(GW)
      .get(`${RESULT}/0`)
      .query({ rowFormat: 'PLAIN_TEXT' })
      .reply(200, page)
      .get(`${RESULT}/1`)
      .query({ rowFormat: 'PLAIN_TEXT' })
      .reply(200, { ...eos, results: { columns: [ltz], data: [] } });
    closeOperation();
    const result = await session.execute(statement, {
      rowFormat: 'PLAIN_TEXT',
      bigint: 'string',
      decimal: 'string',
      maxRows: 5,
      poll: FAST,
      executionConfig: { 'parallelism.default': '1' },
      timeoutMs: 1_500,
      headers: { 'x-trace': '1' },
    });
    expect(result.rows.map((r) => r.values)).toEqual([{ t: '2024-01-01 09:00:00.000' }]);
    expect(config.isDone()).toBe(true);
  });

  it('a query is read once; refused options and limits are InvalidInputErrors before anything is sent', async () => {
    const session = await openSession();
    for (const [run, message] of [
      [() => session.query('SELECT 1', { rowFormat: 'XML' as never }), /rowFormat must be one of JSON, PLAIN_TEXT, auto/],
      [() => session.query('SELECT 1', { bigInt: 'string' } as never), /query: unknown option "bigInt" \(did you mean "bigint"\?\)/],
      [() => session.query('SELECT 1', { poll: { minMs: 0 } }), /poll.minMs must be a positive whole number/],
      [() => session.query('  '), /non-empty string/],
      [
        () => session.query('SELECT 1', { executionConfig: { 'parallelism.default': 2 as never } }),
        /executionConfig\["parallelism.default"\] must be a string/,
      ],
      [() => session.execute('SELECT 1', { maxRows: 0 }), /maxRows must be a positive whole number/],
    ] as const) {
      const err = await caught(run);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.message).toMatch(message);
    }
    expect(() => new SqlGateway({ baseUrl: GW, apiversion: 'v4' } as never)).toThrow(/unknown option "apiversion"/);
    expect(() => gateway().session('not-a-handle')).toThrow(/session handle must be a UUID/);

    submitted('SELECT n FROM t');
    nock(GW).get(`${RESULT}/0`).query(true).reply(200, eos);
    closeOperation();
    const rows = await session.query('SELECT n FROM t', { poll: FAST });
    await expect(rows.toArray({} as never)).rejects.toThrow(/maxRows must be a positive whole number \(an unbounded query never ends\)/);
    expect(await rows.toArray({ maxRows: 1 })).toEqual([]);
    await expect(rows.toArray({ maxRows: 1 })).rejects.toThrow(/a query is read once/);
  });
});

describe('errors', () => {
  it('a failed statement is a SqlExecutionError with its own root cause and position, the trace kept apart', async () => {
    const session = await openSession();
    submitted('SELECT * FROM nope');
    const trace = [
      'org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.',
      '\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)',
      "Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found",
      '\tat org.apache.flink.table.planner.calcite.FlinkPlannerImpl.validate(FlinkPlannerImpl.scala:205)',
      "Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'nope' not found",
      '\tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)',
      '\t... 42 more',
    ].join('\n');
    nock(GW).get(`${RESULT}/0`).query(true).reply(500, serverError(trace));
    closeOperation();
    const err = await caught(() => session.execute('SELECT * FROM nope'));
    expect(err).toBeInstanceOf(SqlExecutionError);
    expect(err.message).toBe("Object 'nope' not found (line 1, column 15) in: SELECT * FROM nope");
    expect(err).toMatchObject({
      status: 500,
      rootCause: "Object 'nope' not found",
      causeClass: 'org.apache.calcite.sql.validate.SqlValidatorException',
      line: 1,
      column: 15,
    });
    expect(err.stackTrace).toContain('NativeConstructorAccessorImpl');
    expect(JSON.stringify(err)).not.toContain('\\tat ');
  });

  it('a gone session and a gone operation are their own errors, whichever of the two error shapes the gateway used', async () => {
    const session = await openSession();
    nock(GW)
      .get(`/v4/sessions/${S}`)
      .reply(500, {
        errors: [
          `org.apache.flink.runtime.rest.handler.RestHandlerException: Failed to getSessionConfig.\n\tat x.y(Z.java:1)\nCaused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session '${S}' does not exist.\n\tat a.b(C.java:2)`,
        ],
      });
    const gone = await caught(() => session.config());
    expect(gone).toBeInstanceOf(SqlSessionNotFoundError);
    expect(gone.sessionHandle).toBe(S);
    expect(gone.message).toMatch(
      /session .* does not exist: closed, expired \(sql-gateway.session.idle-timeout\) or lost in a gateway restart/,
    );

    submitted('SELECT 1');
    nock(GW)
      .get(`${RESULT}/0`)
      .query(true)
      .reply(200, payload(0, []))
      .get(`/v4/sessions/${S}/operations/${O}/status`)
      .reply(
        500,
        serverError(
          `org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed\nCaused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Can not find the submitted operation in the OperationManager with the ${O}.\n\tat a.b(C.java:1)`,
        ),
      );
    const rows = await session.query('SELECT 1', { poll: FAST });
    const opGone = await caught(() => rows.status());
    expect(opGone).toBeInstanceOf(SqlOperationNotFoundError);
    expect(opGone.operationHandle).toBe(O);
    nock(GW)
      .delete(`/v4/sessions/${S}/operations/${O}/close`)
      .reply(500, serverError(`Caused by: x.SqlGatewayException: Session '${S}' does not exist.`));
    await rows.close(); // a gone session closed its operations: no error
  });
});

describe('SqlSession', () => {
  it('sends heartbeats while open, stops when closed; closing twice or after the gateway lost it is quiet', async () => {
    versions();
    nock(GW)
      .post('/v4/sessions', { sessionName: 'hb', properties: { 'table.local-time-zone': 'UTC' } })
      .reply(200, { sessionHandle: S });
    const g = gateway();
    const session = await g.openSession({ name: 'hb', properties: { 'table.local-time-zone': 'UTC' }, heartbeatMs: 100 });
    const beats = nock(GW).post(`/v4/sessions/${S}/heartbeat`).times(2).reply(200, {});
    await eventually(async () => (beats.isDone() ? true : undefined), 3_000, 20);
    nock(GW).delete(`/v4/sessions/${S}`).reply(200, { status: 'CLOSED' });
    await session.close();
    await session.close();
    await new Promise((resolve) => setTimeout(resolve, 250)); // no heartbeat after close: nock would report it unmatched
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('set() and reset() are SET/RESET statements through configure-session, values quoted', async () => {
    const session = await openSession();
    const sent: string[] = [];
    nock(GW)
      .post(`/v4/sessions/${S}/configure-session`, (body) => sent.push(body.statement) > 0)
      .times(3)
      .reply(200, {});
    await session.set({ 'pipeline.name': "it's mine", 'parallelism.default': 2 });
    await session.reset('pipeline.name');
    expect(sent).toEqual(["SET 'pipeline.name' = 'it''s mine'", "SET 'parallelism.default' = '2'", "RESET 'pipeline.name'"]);
  });

  it('submit() returns the INSERT’s job; waiting on it needs the FlinkClient', async () => {
    const session = await openSession();
    submitted('INSERT INTO sink SELECT 1');
    nock(GW)
      .get(`${RESULT}/0`)
      .query(true)
      .reply(200, {
        resultType: 'PAYLOAD',
        isQueryResult: false,
        jobID: JOB,
        resultKind: 'SUCCESS_WITH_CONTENT',
        results: {
          columns: [{ name: 'job id', logicalType: { type: 'VARCHAR', length: 2147483647 } }],
          data: [{ kind: 'INSERT', fields: [JOB] }],
        },
        nextResultUri: next(1),
      })
      .get(`${RESULT}/1`)
      .query(true)
      .reply(200, { ...eos, isQueryResult: false });
    closeOperation();
    const job = await session.submit('INSERT INTO sink SELECT 1', { poll: FAST });
    expect(job.toJSON()).toEqual({ jobId: JOB, statement: 'INSERT INTO sink SELECT 1' });
    await expect(job.wait()).rejects.toThrow(/goes to the JobManager: give the SqlGateway a FlinkClient/);
  });

  it('gateway.close() closes the sessions it holds', async () => {
    const g = gateway();
    await openSession(g);
    const closed = nock(GW).delete(`/v4/sessions/${S}`).reply(200, { status: 'CLOSED' });
    await g.close();
    expect(closed.isDone()).toBe(true);
  });
});
