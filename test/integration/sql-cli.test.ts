// `flink-rest sql` in-process against a real SQL Gateway per line: -e, -f, --json, --max-rows, -D, errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { FlinkClient } from '../../src/index.js';
import { runCli } from '../support/cli-in-process.js';
import { eventually } from '../support/poll.js';
import { gatewaysUnderTest } from '../support/sql-gateways.js';

describe.each(gatewaysUnderTest(inject('sqlGateways')))('flink-rest sql against the Flink $line line', (gw) => {
  const sql = (args: string[]) => runCli(gw.cluster.url, ['sql', '--gateway', gw.url, ...args]);
  afterEach(() => vi.unstubAllEnvs());

  it('-e … --json: one JSON object per row with its change kind; BIGINT and DECIMAL keep every digit', async () => {
    const run = await sql(['-e', "SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(1.50 AS DECIMAL(5, 2)) AS d, 'a' AS s", '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"kind":"INSERT","values":{"big":9007199254740993,"d":1.50,"s":"a"}}\n');
  });

  it('-f: a script split client-side (strings, comments, a statement set) runs in one session, printed as tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-rest-sql-'));
    const file = join(dir, 'etl.sql');
    writeFileSync(
      file,
      `-- a script as the SQL client takes it
SET 'execution.runtime-mode' = 'batch';
CREATE TEMPORARY TABLE src (id INT, note STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3', 'fields.note.length' = '4');
CREATE TEMPORARY TABLE a (id INT) WITH ('connector' = 'blackhole');
CREATE TEMPORARY TABLE b (id INT) WITH ('connector' = 'blackhole');
BEGIN STATEMENT SET;
INSERT INTO a SELECT id FROM src; /* one; job */
INSERT INTO b SELECT id FROM src;
END;
SELECT id, 'it''s;' AS quoted FROM src ORDER BY id;
`,
    );
    const run = await sql(['-f', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout.split('\n');
    expect(out.filter((l) => l === '[INFO] Execute statement succeeded.')).toHaveLength(4);
    expect(out.find((l) => l.startsWith('[INFO] Submitted to the cluster. Job ID: '))).toMatch(/[0-9a-f]{32}$/);
    expect(run.stdout).toContain('| op |          id | quoted |');
    expect(out.filter((l) => /^\| \+I \|\s+\d \|\s+it's; \|$/.test(l))).toHaveLength(3);
    expect(run.stdout).toContain('3 rows in set');
  });

  it('--max-rows ends an unbounded query; -D sets session properties', async () => {
    const run = await sql([
      '-D',
      'pipeline.name=cli-max-rows',
      '-e',
      "CREATE TEMPORARY TABLE ticks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '50'); SELECT id FROM ticks",
      '--max-rows',
      '5',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ kind: 'INSERT', values: { result: 'OK' } });
    expect(lines.slice(1)).toHaveLength(5);
    expect(lines.slice(1).every((l) => l.kind === 'INSERT' && typeof l.values.id === 'number')).toBe(true);
  });

  it('Ctrl-C closes the running query: its job ends CANCELED, exit 130', async () => {
    const flink = new FlinkClient({ baseUrl: gw.cluster.url });
    const before = new Set((await flink.jobs.list({ groups: ['running', 'scheduled'] })).map((j) => j.jid));
    const listening = new Set(process.listeners('SIGINT'));
    const run = sql([
      '-e',
      "CREATE TEMPORARY TABLE ticks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '20'); SELECT id FROM ticks",
      '--json',
    ]);
    const jobId = await eventually(
      async () => (await flink.jobs.list({ groups: ['running'] })).find((j) => !before.has(j.jid))?.jid,
      90_000,
    );
    // The CLI's own SIGINT handler, called as the signal would (a real signal would reach the test runner too).
    for (const listener of process.listeners('SIGINT')) if (!listening.has(listener)) (listener as () => void)();
    const { code, stderr } = await run;
    expect(code).toBe(130);
    expect(stderr).toMatch(/aborted/);
    await eventually(async () => ((await flink.jobs.state(jobId)) === 'CANCELED' ? true : undefined), 60_000);
    await flink.close();
  });

  it('a failing statement: one line naming its cause, exit 1, nothing after it runs', async () => {
    const run = await sql(['-e', 'SELECT * FROM nope; SELECT 1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "statement on line 1 failed: SELECT * FROM nope\nflink-rest: Object 'nope' not found (line 1, column 15) in: SELECT * FROM nope\n",
    );
  });
});
