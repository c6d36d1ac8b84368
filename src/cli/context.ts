import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { FlinkClient } from '../client.js';
import { SAVEPOINT_FORMATS, type SavepointFormat } from '../enums.js';
import { InvalidInputError } from '../errors.js';
import type { ClientOptions } from '../http/options.js';
import type { UploadedJar } from '../resources/jars.js';
import { nearest } from '../validate.js';
import { EXECUTION_TARGET } from './argv/bin-flink.js';
import { type ConfTls, configDirectory, type FlinkConfFile, readFlinkConf, tlsFromConf } from './flink-config.js';
import { createOutput, type Output } from './output.js';

/** Commands whose -D is a job's configuration (elsewhere -D may only set the connection). */
// Commands whose -D is configuration of their own: a job's, or (sql) the SQL session's.
const JOB_COMMANDS = new Set(['run', 'run-application', 'info', 'jars run', 'sql']);

/** The global options every command gets. */
export interface GlobalOptions {
  define?: string[];
  jobmanager?: string;
  url?: string;
  timeout?: string;
  json?: boolean;
  header?: string[];
  ca?: string;
  cert?: string;
  key?: string;
  pfx?: string;
  passphraseEnv?: string;
  insecure?: boolean;
  verbose?: boolean;
  color?: boolean;
  waitTimeout?: string;
}

export interface Cli {
  flink: FlinkClient;
  out: Output;
  /** Aborted on Ctrl-C: every request and wait of `flink` stops; waits say how to resume. */
  interrupt: AbortSignal;
  /** `--wait-timeout`, when given. */
  waitTimeoutMs: number | undefined;
  /** The options `flink` was made with (headers, TLS, timeout, the Ctrl-C signal), for other clients (the SQL Gateway's). */
  clientOptions: ClientOptions;
  /**
   * `flink-rest` with the flags that reach the same JobManager (the address given on the command
   * line, TLS files): the start of the commands this one prints to go on later. Header values are
   * left out (often credentials); `--header` is then named as to be repeated.
   */
  again: string;
}

export function createCli(options: GlobalOptions, interrupt: AbortSignal, command: string): Cli {
  const out = createOutput({ json: Boolean(options.json), verbose: Boolean(options.verbose), color: options.color !== false });
  if (!JOB_COMMANDS.has(command)) {
    // (-D execution.target other than remote was refused with -t's reason as the command line was read.)
    const key = Object.keys(parseDefines(options.define) ?? {}).find((k) => !isClientKey(k));
    if (key !== undefined) {
      throw new InvalidInputError(
        `-D ${key}: only a job or a SQL session takes configuration (run, run-application, info, jars run, sql); for ${command}, -D sets only the connection (rest.address, rest.port, rest.path, security.ssl.rest.*) and execution.target (remote)${CLIENT_SETTING_FLAGS[key] ? `; for ${key}, use ${CLIENT_SETTING_FLAGS[key]}` : ''}`,
      );
    }
  }
  const connection = resolveConnection(options);
  if (options.verbose && !options.json) process.stderr.write(`flink-rest: JobManager ${connection.url} (from ${connection.from})\n`);
  const clientOptions: ClientOptions = { baseUrl: connection.url, signal: interrupt };
  if (options.timeout !== undefined) clientOptions.timeoutMs = positive(options.timeout, '--timeout');
  if (options.header?.length) clientOptions.headers = parseHeaders(options.header);
  if (options.passphraseEnv && !options.key && !options.pfx) throw new InvalidInputError('--passphrase-env goes with --key or --pfx');
  if (connection.tls) clientOptions.tls = { ...connection.tls };
  if (options.ca || options.cert || options.key || options.pfx || options.insecure) {
    clientOptions.tls = {
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
      ...(options.pfx ? { pfx: options.pfx } : {}),
      ...(options.insecure ? { insecure: true } : {}),
    };
    if (options.passphraseEnv) {
      const passphrase = process.env[options.passphraseEnv];
      if (passphrase === undefined) throw new InvalidInputError(`--passphrase-env ${options.passphraseEnv}: that variable is not set`);
      clientOptions.tls.passphrase = passphrase;
    }
  }
  const waitTimeoutMs = options.waitTimeout === undefined ? undefined : positive(options.waitTimeout, '--wait-timeout');
  let flink: FlinkClient;
  try {
    flink = new FlinkClient(clientOptions);
  } catch (err) {
    // The SDK names its option; the user typed a flag (or set a variable, or a configuration file).
    if (!(err instanceof InvalidInputError && err.message.startsWith('baseUrl'))) throw err;
    throw new InvalidInputError(err.message.replace(/^baseUrl/, `the address from ${connection.from}`), { cause: err });
  }
  return { flink, out, interrupt, waitTimeoutMs, clientOptions, again: again(options, connection) };
}

/** See {@link Cli.again}: an address from the environment or the configuration file is found again. */
function again(options: GlobalOptions, connection: Connection): string {
  const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);
  const flags = ['flink-rest'];
  if (connection.from === '--url' || connection.from === '-m' || connection.from.startsWith('-D'))
    flags.push('--url', quote(connection.url));
  for (const [flag, value] of [
    ['--ca', options.ca],
    ['--cert', options.cert],
    ['--key', options.key],
    ['--pfx', options.pfx],
    ['--passphrase-env', options.passphraseEnv],
  ] as const) {
    if (value) flags.push(flag, quote(value));
  }
  if (options.insecure) flags.push('--insecure');
  if (options.header?.length) flags.push('--header …');
  return flags.join(' ');
}

/** Where the JobManager is, how to reach it, and what said so (for --verbose). */
export interface Connection {
  url: string;
  /** TLS material from the Flink configuration (-D or the file), used when no TLS flag is given. */
  tls?: ConfTls;
  from: string;
}

/** -D keys that configure the connection (as in bin/flink's configuration). */
const CONNECTION_KEY = /^(rest\.address|rest\.port|rest\.path|jobmanager\.rpc\.address|security\.ssl\.)/;
/** bin/flink's client settings that flink-rest takes as flags instead. */
const CLIENT_SETTING_FLAGS: Record<string, string> = {
  'client.timeout': '--wait-timeout MS (savepoints, stops, checkpoints) or --timeout MS (each request)',
  'rest.await.leader-timeout': '--timeout MS (each request)',
  'rest.connection-timeout': '--timeout MS (each request)',
  'rest.idleness-timeout': '--timeout MS (each request)',
  'rest.retry.max-attempts': '--timeout MS (requests that fail are repeated within it)',
  'rest.retry.delay': '--timeout MS (requests that fail are repeated within it)',
};
/** -D keys flink-rest itself reads; any other -D is a job's. */
const isClientKey = (key: string) => CONNECTION_KEY.test(key) || key === EXECUTION_TARGET;

/**
 * The JobManager's address, first found of: `--url`; `-m host:port[/path]` (bin/flink's); `-D
 * rest.address` / `rest.port`; `FLINK_REST_URL`; the Flink configuration file (`$FLINK_CONF_DIR`, else
 * `$FLINK_HOME/conf`: rest.address, rest.port); 127.0.0.1:8081. A host:port is https when
 * security.ssl.rest.enabled is true (-D, else the file), whose stores then give the TLS material, and
 * has rest.path (-D, else the file; with -m, its own path) below it. URLs (`--url`, `FLINK_REST_URL`)
 * are taken as they are.
 */
export function resolveConnection(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Connection {
  const defines = Object.fromEntries(Object.entries(parseDefines(options.define) ?? {}).filter(([key]) => CONNECTION_KEY.test(key)));
  const tlsFlags = Boolean(options.ca || options.cert || options.key || options.pfx || options.insecure);
  let file: FlinkConfFile | undefined;
  let failure: unknown;
  let fileRead = false;
  // The file is read when something is taken from it; a broken one matters only where it would say the address.
  const conf = (needed = false) => {
    if (!fileRead) {
      fileRead = true;
      const dir = configDirectory(env);
      try {
        file = dir === undefined ? undefined : readFlinkConf(dir);
      } catch (err) {
        failure = err;
      }
    }
    if (needed && failure) throw failure;
    return file;
  };
  const setting = (key: string) => defines[key] ?? conf()?.values[key];
  const https = () => setting('security.ssl.rest.enabled')?.toLowerCase() === 'true';
  const tlsOf = (url: string): ConfTls | undefined => {
    if (tlsFlags || !url.startsWith('https:')) return undefined;
    const values = { ...(conf()?.values ?? {}), ...defines };
    const tls = tlsFromConf(values, file ? `from ${file.path}` : 'from -D');
    return Object.keys(tls).length ? tls : undefined;
  };
  // rest.path: the REST API below a path (a reverse proxy's), as Flink's RestClusterClient reads it.
  const hostPort = (address: string, port: string | undefined, from: string, path = setting('rest.path')): Connection => {
    const prefix = path?.trim().replace(/^\/*/, '/').replace(/\/+$/, '') ?? '';
    if (/[?#\s]/.test(prefix)) throw new InvalidInputError(`rest.path must be a path, without a query or fragment; got "${path}"`);
    const url = `${https() ? 'https' : 'http'}://${address.includes(':') && !address.startsWith('[') ? `[${address}]` : address}:${port ?? '8081'}${prefix}`;
    const tls = tlsOf(url);
    return { url, from, ...(tls ? { tls } : {}) };
  };

  if (options.url) return { url: options.url, from: '--url', ...withTls(tlsOf(options.url)) };
  if (options.jobmanager) {
    const jm = options.jobmanager;
    if (/^https?:\/\//.test(jm)) return { url: jm, from: '-m', ...withTls(tlsOf(jm)) };
    // host:port[/path], as bin/flink's DefaultCLI reads -m: the path (none when not given) is rest.path,
    // unless -D rest.path says otherwise (-D comes last there); the configuration file's is not used.
    const m = jm.match(/^(\[[\da-fA-F:.]+\]|[\w.-]+):(\d+)(\/[^?#\s]*)?$/);
    if (!m) throw new InvalidInputError(`-m/--jobmanager must be host:port or host:port/path (e.g. localhost:8081); got "${jm}"`);
    return hostPort(m[1] as string, m[2], '-m', defines['rest.path'] ?? m[3] ?? '');
  }
  if (defines['rest.address'] || defines['rest.port']) {
    const address = defines['rest.address'] ?? conf()?.values['rest.address'] ?? conf()?.values['jobmanager.rpc.address'] ?? '127.0.0.1';
    return hostPort(address, defines['rest.port'] ?? conf()?.values['rest.port'], '-D rest.address/rest.port');
  }
  if (env.FLINK_REST_URL) return { url: env.FLINK_REST_URL, from: 'FLINK_REST_URL', ...withTls(tlsOf(env.FLINK_REST_URL)) };
  const values = conf(true)?.values;
  if (file && values) {
    const address = values['rest.address'] ?? values['jobmanager.rpc.address'];
    const port = values['rest.port'] ?? values['web.port'];
    const keys = [
      values['rest.address'] ? 'rest.address' : values['jobmanager.rpc.address'] ? 'jobmanager.rpc.address' : undefined,
      values['rest.port'] ? 'rest.port' : values['web.port'] ? 'web.port' : undefined,
    ].filter(Boolean);
    if (address || port) return hostPort(address ?? '127.0.0.1', port, `${file.path} (${keys.join(', ')})`);
  }
  return hostPort('127.0.0.1', undefined, 'the default');
}

const withTls = (tls: ConfTls | undefined) => (tls ? { tls } : {});

/** The JobManager's REST address (see {@link resolveConnection}). */
export function baseUrl(options: GlobalOptions): string {
  return resolveConnection(options).url;
}

export function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    // Only the name is echoed: the value is often a credential.
    if (!/^[!#$%&'*+.^_`|~\w-]+$/.test(name)) {
      throw new InvalidInputError(`--header must be "Name: value"${at > 0 ? `; "${name}" is no header name` : ''}`);
    }
    headers[name] = line.slice(at + 1).trim();
  }
  return headers;
}

/** `-D key=value` pairs; the value may contain '='. */
export function parseDefines(defines: string[] | undefined): Record<string, string> | undefined {
  if (!defines?.length) return undefined;
  const config: Record<string, string> = {};
  for (const define of defines) {
    const at = define.indexOf('=');
    if (at <= 0) throw new InvalidInputError(`-D takes key=value; got "${define}"`);
    config[define.slice(0, at)] = define.slice(at + 1);
  }
  return config;
}

/**
 * A job (or trigger) id as Flink takes it: 32 hexadecimal digits in either case, normalised to lower
 * case as Flink's JobID.fromHexString does. Checked before anything is uploaded or sent.
 */
export function hexId(value: string, what: string): string {
  const id = value.trim();
  if (!/^[0-9a-fA-F]{32}$/.test(id))
    throw new InvalidInputError(`${what} must be 32 hexadecimal digits (e.g. a3f1c0de00000000000000000000beef); got "${value}"`);
  return id.toLowerCase();
}

/** `-type/--type` of savepoint, stop and cancel, as bin/flink takes it: canonical or native, any case. */
export function savepointFormat(value: string | undefined): SavepointFormat | undefined {
  if (value === undefined) return undefined;
  const format = value.toUpperCase();
  if ((SAVEPOINT_FORMATS as readonly string[]).includes(format)) return format as SavepointFormat;
  const near = nearest(format, SAVEPOINT_FORMATS);
  throw new InvalidInputError(
    `-type/--type must be canonical or native; got "${value}"${near ? ` (did you mean ${near.toLowerCase()}?)` : ''}`,
  );
}

/** Java's Integer.MAX_VALUE: the most Flink's parallelism takes, and (as ms) the most a Node timer waits. */
const MAX_INT = 2 ** 31 - 1;

export function positive(value: string, flag: string): number {
  // Decimal digits only, as Java's Integer.parseInt reads them: no 0x4, 4.0 or 1e1.
  const n = /^\+?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= MAX_INT)) throw new InvalidInputError(`${flag} must be a whole number from 1 to ${MAX_INT}; got "${value}"`);
  return n;
}

/** Uploads a jar from disk, with a progress bar on a TTY. */
export async function uploadJar(cli: Cli, path: string): Promise<UploadedJar> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InvalidInputError(`cannot read ${path}: no such file`);
  }
  const show = cli.out.progress(`uploading ${basename(path)}`, size);
  if (!process.stderr.isTTY || cli.out.json) return cli.flink.jars.upload(path);
  let sent = 0;
  const counted = createReadStream(path).map((chunk: Buffer) => {
    sent += chunk.length;
    show(sent);
    return chunk;
  });
  return cli.flink.jars.upload(counted as AsyncIterable<Uint8Array>, { filename: basename(path) });
}
