// `flink-rest sql`: statements against a SQL Gateway, one at a time as the gateway takes them; rows
// streamed as they arrive, as a table (Flink's own text for each value) or as JSON lines.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import { SqlGateway } from '../../sql/gateway.js';
import type { SqlQuery } from '../../sql/query.js';
import type { SqlSession } from '../../sql/session.js';
import { type ScriptStatement, splitStatements } from '../../sql/split.js';
import type { SqlColumn, SqlType } from '../../sql/types.js';
import type { SqlRow } from '../../sql/values.js';
import { type Cli, parseDefines, positive } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { Register } from './run.js';

interface SqlFlags {
  execute?: string;
  file?: string;
  gateway?: string;
  define?: string[];
  maxRows?: string;
}

const HELP = `
Statements go to the gateway one at a time, in order; the first that fails stops the run (exit 1).
Without -e or -f: an interactive prompt on a terminal, else the script on stdin.
A query's rows are printed as they arrive: a table with each row's change kind (+I, -U, +U, -D), or
with --json one JSON object per line: {"kind":"INSERT","values":{...}}. BIGINT and DECIMAL keep all
their digits in JSON. Ctrl-C closes the running query (its job is cancelled) and the session.

Examples:
  flink-rest sql --gateway localhost:8083 -e 'SHOW TABLES'
  flink-rest sql -f etl.sql -D execution.runtime-mode=batch
  flink-rest sql -e 'SELECT * FROM clicks' --max-rows 10 --json | jq .values
  FLINK_SQL_GATEWAY_URL=https://sql.example.com flink-rest sql --header "Authorization: Bearer $TOKEN"`;

export function registerSql(program: Command, act: Register): void {
  program
    .command('sql')
    .description("Run Flink SQL through a SQL Gateway (like Flink's sql-client.sh in gateway mode).")
    .option('-e, --execute <statement>', 'run this statement (or several, separated by ;)')
    .option('-f, --file <file>', 'run the statements of this SQL script')
    .option('--gateway <url>', 'the SQL Gateway (default: $FLINK_SQL_GATEWAY_URL or http://127.0.0.1:8083); host:port works too')
    .option('--max-rows <n>', 'stop each query after this many rows (its job is cancelled)')
    // -D key=value (the global option) is the session's configuration here, e.g. execution.runtime-mode=batch
    .addHelpText('after', HELP)
    .action(act('sql', (cli, flags: SqlFlags) => runSql(cli, flags)));
}

async function runSql(cli: Cli, flags: SqlFlags): Promise<number> {
  if (flags.execute !== undefined && flags.file !== undefined) throw new InvalidInputError('sql: give -e or -f, not both');
  const maxRows = flags.maxRows === undefined ? undefined : positive(flags.maxRows, '--max-rows');
  const properties = parseDefines(flags.define);
  let script: ScriptStatement[] | undefined;
  if (flags.execute !== undefined) script = splitStatements(flags.execute);
  else if (flags.file !== undefined) script = splitStatements(readScript(flags.file));
  else if (!process.stdin.isTTY) script = splitStatements(readFileSync(0, 'utf8'));
  if (script && script.length === 0) throw new InvalidInputError('sql: no statement to run');

  const { signal: _all, ...clientOptions } = cli.clientOptions;
  // No client-wide signal: Ctrl-C aborts the statement running, and the session must still be closed after it.
  const gateway = new SqlGateway({ ...clientOptions, baseUrl: gatewayUrl(flags.gateway) });
  try {
    const session = await gateway.openSession({ ...(properties ? { properties } : {}) }, { signal: cli.interrupt });
    if (script) {
      for (const statement of script) await runStatement(cli, session, statement, maxRows);
    } else {
      await prompt(cli, session, maxRows);
    }
    return EXIT.ok;
  } finally {
    await gateway.close();
  }
}

function readScript(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** `--gateway`, else FLINK_SQL_GATEWAY_URL, else the local default; `host:port` as bin/flink's -m takes it. */
export function gatewayUrl(given: string | undefined): string {
  const url = given ?? process.env.FLINK_SQL_GATEWAY_URL ?? 'http://127.0.0.1:8083';
  if (/^https?:\/\//.test(url)) return url;
  if (/^(\[[\da-fA-F:.]+\]|[\w.-]+):\d+$/.test(url)) return `http://${url}`;
  throw new InvalidInputError(`--gateway must be a URL or host:port (e.g. localhost:8083); got "${url}"`);
}

async function runStatement(
  cli: Cli,
  session: SqlSession,
  { sql, line }: ScriptStatement,
  maxRows: number | undefined,
  signal: AbortSignal = cli.interrupt,
): Promise<void> {
  const json = cli.out.json;
  let rows: SqlQuery;
  try {
    rows = await session.query(sql, {
      signal,
      ...(json
        ? { bigint: 'bigint' as const, decimal: 'string' as const, bytes: 'base64' as const }
        : { rowFormat: 'PLAIN_TEXT' as const }),
    });
  } catch (err) {
    cli.out.note(`statement on line ${line} failed: ${sql.replace(/\s+/g, ' ').slice(0, 100)}`);
    throw err;
  }
  const printer = json ? jsonPrinter(rows.columns) : tablePrinter(rows.columns, rows.isQuery);
  let n = 0;
  try {
    for await (const row of rows) {
      printer.row(row);
      if (maxRows !== undefined && ++n >= maxRows) break;
    }
    printer.end(rows.resultKind, rows.jobId, rows.isQuery);
  } finally {
    out.flush();
  }
}

/**
 * stdout in batches: a pipe's writes are synchronous on Linux, one system call per row would bound
 * the rows per second. Lines written while a page is read go out together once the page is done
 * (setImmediate runs when the reader waits for the next fetch), or at 64 KiB.
 */
const out = (() => {
  let pending: string[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    process.stdout.write(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write(text: string) {
      pending.push(text);
      size += text.length;
      if (size >= 65_536) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
})();

interface Printer {
  row(row: SqlRow): void;
  end(kind: string | undefined, jobId: string | undefined, isQuery: boolean): void;
}

// BIGINT and DECIMAL as JSON numbers with all their digits (JSON.rawJSON, Node 22+), bytes as base64.
const rawJSON = (JSON as unknown as { rawJSON?: (text: string) => unknown }).rawJSON;
function exact(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return rawJSON ? rawJSON(value.toString()) : value.toString();
  return value;
}

function jsonPrinter(columns: SqlColumn[]): Printer {
  const decimals = new Set(columns.filter((c) => c.type.root === 'DECIMAL').map((c) => c.name));
  return {
    row(row) {
      let values = row.values;
      if (decimals.size && rawJSON) {
        values = { ...values };
        for (const name of decimals) if (typeof values[name] === 'string') values[name] = rawJSON(values[name] as string);
      }
      out.write(`${JSON.stringify({ kind: row.kind, values }, exact)}\n`);
    },
    end() {},
  };
}

/**
 * A table as Flink's SQL client draws one in tableau mode; a query's rows are printed as they come,
 * in columns as wide as their types need (longer values are cut with …), other results at once.
 */
function tablePrinter(columns: SqlColumn[], isQuery: boolean): Printer {
  const names = [...(isQuery ? ['op'] : []), ...columns.map((c) => c.name)];
  const buffered: string[][] = [];
  let widths: number[] | undefined;
  let count = 0;
  const cells = (row: SqlRow) => [...(isQuery ? [row.op] : []), ...row.fields.map((v) => (v === null ? '<NULL>' : String(v)))];
  const rule = () => `+${(widths as number[]).map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (values: string[]) => `|${values.map((v, i) => ` ${padCell(v, (widths as number[])[i] as number)} `).join('|')}|`;
  const header = () => [rule(), line(names), rule()].join('\n');
  return {
    row(row) {
      count++;
      if (!isQuery) {
        buffered.push(cells(row));
        return;
      }
      if (!widths) {
        widths = names.map((n, i) => Math.max(n.length, i === 0 ? 2 : typeWidth((columns[i - 1] as SqlColumn).type)));
        out.write(`${header()}\n`);
      }
      out.write(`${line(cells(row))}\n`);
    },
    end(kind, jobId, _isQuery) {
      const only = buffered.length === 1 && buffered[0]?.length === 1 ? buffered[0][0] : undefined;
      if (!isQuery && kind === 'SUCCESS' && only === 'OK') {
        out.write('[INFO] Execute statement succeeded.\n');
        return;
      }
      if (!isQuery && jobId && columns.length === 1 && columns[0]?.name === 'job id') {
        out.write(`[INFO] Submitted to the cluster. Job ID: ${jobId}\n`);
        return;
      }
      if (!isQuery) {
        if (buffered.length === 0) {
          out.write('Empty set\n');
          return;
        }
        widths = names.map((n, i) => Math.min(80, Math.max(n.length, ...buffered.map((r) => (r[i] ?? '').length))));
        out.write(`${[header(), ...buffered.map(line), rule()].join('\n')}\n`);
      } else if (widths) {
        out.write(`${rule()}\n`);
      }
      out.write(count === 0 ? 'Empty set\n' : `${count} row${count === 1 ? '' : 's'} in set\n`);
    },
  };
}

/** How wide a column of this type is drawn: enough for its values as Flink prints them, at most 30. */
function typeWidth(t: SqlType): number {
  switch (t.root) {
    case 'BOOLEAN':
      return 6;
    case 'TINYINT':
      return 4;
    case 'SMALLINT':
      return 6;
    case 'INTEGER':
      return 11;
    case 'BIGINT':
      return 20;
    case 'FLOAT':
    case 'DOUBLE':
      return 20;
    case 'DECIMAL':
      return Math.min(30, (t.precision ?? 10) + 2);
    case 'DATE':
      return 10;
    case 'TIME_WITHOUT_TIME_ZONE':
      return 8 + ((t.precision ?? 0) > 0 ? (t.precision ?? 0) + 1 : 0);
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
      return 19 + ((t.precision ?? 0) > 0 ? (t.precision ?? 0) + 1 : 0);
    case 'CHAR':
    case 'VARCHAR':
      return Math.min(30, Math.max(6, t.length ?? 30));
    default:
      return 30;
  }
}

function padCell(value: string, width: number): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padStart(width);
}

/**
 * A small interactive prompt: statements end with `;`; `quit;`, Ctrl-D or Ctrl-C at the prompt leave.
 * Ctrl-C while a statement runs stops it (a query's operation is closed, its job cancelled).
 */
async function prompt(cli: Cli, session: SqlSession, maxRows: number | undefined): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true, prompt: 'Flink SQL> ' });
  let running: AbortController | undefined;
  // In raw mode Ctrl-C reaches readline, not the process.
  rl.on('SIGINT', () => (running ? running.abort() : rl.close()));
  let buffer = '';
  const ask = (more: boolean) => {
    rl.setPrompt(more ? '     > ' : 'Flink SQL> ');
    rl.prompt();
  };
  ask(false);
  try {
    // Lines typed (or pasted) while a statement runs wait in the iterator.
    for await (const text of rl) {
      buffer += `${text}\n`;
      let statements: ScriptStatement[] | undefined;
      try {
        statements = /;\s*$/.test(text) ? splitStatements(buffer) : undefined;
      } catch {
        statements = undefined; // an open string or comment: read on
      }
      if (!statements) {
        ask(buffer.trim() !== '');
        continue;
      }
      buffer = '';
      for (const statement of statements) {
        if (/^(quit|exit)$/i.test(statement.sql.trim())) return;
        running = new AbortController();
        try {
          await runStatement(cli, session, statement, maxRows, AbortSignal.any([cli.interrupt, running.signal]));
        } catch (err) {
          if (cli.interrupt.aborted) throw err;
          process.stderr.write(`[ERROR] ${(err as Error).message}\n`);
        } finally {
          running = undefined;
        }
      }
      ask(false);
    }
  } finally {
    rl.close();
  }
}
