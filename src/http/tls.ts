import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { describe, flag, options, parseOptions } from '../validate.js';

const credential = z.union([z.string(), z.instanceof(Buffer)], {
  error: (i) => `must be PEM text, a file path or a Buffer; got ${describe(i.input)}`,
});

/** The schema behind {@link TlsOptions}. */
export const tlsOptions = options({
  /** CA certificate(s) to trust, PEM text or a path to a PEM file. */
  ca: credential.optional(),
  /** Client certificate for mutual TLS, PEM text or a path. */
  cert: credential.optional(),
  /** Client private key for mutual TLS, PEM text or a path. */
  key: credential.optional(),
  /** Client credentials as PKCS#12 (a `.p12` path or its bytes), instead of cert + key. */
  pfx: credential.optional(),
  /** Passphrase of `key` or `pfx`. */
  passphrase: z.string().optional(),
  /** Accept any server certificate. For tests only: it disables the check that makes TLS safe. */
  insecure: flag().optional(),
  /** Expected server name when it differs from the URL's host. */
  servername: z.string().optional(),
});
/**
 * TLS settings for a Flink REST endpoint with `security.ssl.rest.enabled` (and, for mutual TLS,
 * `security.ssl.rest.authentication-enabled`). They apply to this client only: no process-wide
 * `NODE_TLS_REJECT_UNAUTHORIZED`. PEM values may be given as text or as a file path.
 *
 * @example
 * ```ts
 * const tls: TlsOptions = { ca: '/etc/flink/tls/ca.pem', cert: '/etc/flink/tls/client.pem', key: '/etc/flink/tls/client.key' };
 * const flink = new FlinkClient({ baseUrl: 'https://flink-jobmanager:8081', tls });
 * ```
 */
export type TlsOptions = z.input<typeof tlsOptions>;

/** undici `connect` options for the TLS settings, credentials read from their files now. */
export function tlsConnectOptions(options: TlsOptions): Record<string, unknown> {
  const tls = parseOptions(tlsOptions, options, 'tls');
  const connect = {
    ...(tls.ca !== undefined ? { ca: pem(tls.ca, 'ca') } : {}),
    ...(tls.cert !== undefined ? { cert: pem(tls.cert, 'cert') } : {}),
    ...(tls.key !== undefined ? { key: pem(tls.key, 'key') } : {}),
    ...(tls.pfx !== undefined ? { pfx: binary(tls.pfx, 'pfx') } : {}),
    ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}),
    ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
    rejectUnauthorized: tls.insecure !== true,
  };
  if ((connect.cert === undefined) !== (connect.key === undefined) && connect.pfx === undefined) {
    throw new InvalidInputError('tls: cert and key go together (or give pfx)');
  }
  return connect;
}

function pem(value: string | Buffer, name: string): string | Buffer {
  if (Buffer.isBuffer(value) || value.includes('-----BEGIN')) return value;
  return readCredential(value, name);
}

function binary(value: string | Buffer, name: string): Buffer {
  return Buffer.isBuffer(value) ? value : readCredential(value, name);
}

function readCredential(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    // The path is named, never the file's content.
    throw new InvalidInputError(`tls.${name}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
