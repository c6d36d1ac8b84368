import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { FlinkClient } from '../client.js';
import { InvalidInputError } from '../errors.js';
import type { ClientOptions } from '../http/transport.js';
import type { UploadedJar } from '../resources/jars.js';
import { createOutput, type Output } from './output.js';

/** The global options every command gets. */
export interface GlobalOptions {
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
}

export function createCli(options: GlobalOptions, interrupt: AbortSignal): Cli {
  const out = createOutput({ json: Boolean(options.json), verbose: Boolean(options.verbose), color: options.color !== false });
  const clientOptions: ClientOptions = { baseUrl: baseUrl(options), signal: interrupt };
  if (options.timeout !== undefined) clientOptions.timeoutMs = positive(options.timeout, '--timeout');
  if (options.header?.length) clientOptions.headers = parseHeaders(options.header);
  if (options.passphraseEnv && !options.key && !options.pfx) throw new InvalidInputError('--passphrase-env goes with --key or --pfx');
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
  return { flink: new FlinkClient(clientOptions), out, interrupt, waitTimeoutMs, clientOptions };
}

/** `--url`, else `-m host:port` as bin/flink takes it, else FLINK_REST_URL, else the local default. */
export function baseUrl(options: GlobalOptions): string {
  if (options.url) return options.url;
  if (options.jobmanager) {
    const jm = options.jobmanager;
    if (/^https?:\/\//.test(jm)) return jm;
    if (!/^(\[[\da-fA-F:.]+\]|[\w.-]+):\d+$/.test(jm))
      throw new InvalidInputError(`-m/--jobmanager must be host:port (e.g. localhost:8081); got "${jm}"`);
    return `http://${jm}`;
  }
  return process.env.FLINK_REST_URL || 'http://127.0.0.1:8081';
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

export function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidInputError(`${flag} must be a positive whole number; got "${value}"`);
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
