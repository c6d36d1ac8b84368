// The Flink configuration file, read as bin/flink reads it, for where the JobManager is and how to
// reach it over TLS. Facts (measured with GlobalConfiguration of the 1.20 and 2.3 distributions):
// - the directory is $FLINK_CONF_DIR, else $FLINK_HOME/conf;
// - Flink 2.x reads config.yaml only; 1.20 reads the legacy flink-conf.yaml when it exists, else config.yaml;
// - config.yaml is YAML 1.2 (nested keys join with "."; duplicate keys and bad YAML are errors);
//   flink-conf.yaml is one "key: value" a line, "#" starts a comment;
// - rest.address falls back to jobmanager.rpc.address, rest.port (default 8081) to web.port;
// - security.ssl.rest.* fall back to security.ssl.* for the stores and passwords; stores are PKCS12 unless
//   *-type says jks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../errors.js';

export interface FlinkConfFile {
  path: string;
  values: Record<string, string>;
}

/** The configuration directory bin/flink would read, if the environment names one. */
export function configDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FLINK_CONF_DIR) return env.FLINK_CONF_DIR;
  if (env.FLINK_HOME) return join(env.FLINK_HOME, 'conf');
  return undefined;
}

/** `rest: {port: 8081}` → `rest.port: "8081"`, as Flink flattens config.yaml. */
function flatten(value: unknown, prefix: string, into: Record<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix && value !== null && value !== undefined) {
    into[prefix] = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
  }
}

/** flink-conf.yaml: each line `key: value`, `#` to the end of the line a comment; other lines skipped (as Flink warns and skips). */
function legacy(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const content = line.split('#', 1)[0] as string;
    const at = content.indexOf(': ');
    if (at < 0) continue;
    const key = content.slice(0, at).trim();
    const value = content.slice(at + 2).trim();
    if (key && value) values[key] = value;
  }
  return values;
}

/** Flink 1.x of the distribution the directory belongs to (its lib/flink-dist-1.*.jar): it prefers flink-conf.yaml. */
function isFlink1(dir: string): boolean {
  try {
    return readdirSync(join(dirname(dir), 'lib')).some((f) => /^flink-dist[-_].*?1\.\d+/.test(f));
  } catch {
    return false;
  }
}

/** Reads the configuration file of `dir` as bin/flink would; undefined when it has none. */
export function readFlinkConf(dir: string): FlinkConfFile | undefined {
  const current = join(dir, 'config.yaml');
  const old = join(dir, 'flink-conf.yaml');
  const useOld = existsSync(old) && (!existsSync(current) || isFlink1(dir));
  const path = useOld ? old : current;
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read the Flink configuration file ${path}: ${(err as Error).message}`);
  }
  if (useOld) return { path, values: legacy(text) };
  // Loaded only when there is a config.yaml to read.
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  let document: unknown;
  try {
    document = parse(text, { uniqueKeys: true });
  } catch (err) {
    throw new InvalidInputError(
      `the Flink configuration file ${path} is not valid YAML (Flink refuses it too): ${(err as Error).message.split('\n')[0]}; give the JobManager with -m host:port or --url to skip it`,
    );
  }
  const values: Record<string, string> = {};
  flatten(document, '', values);
  return { path, values };
}

/** TLS material for the SDK, from the configuration's stores. */
export interface ConfTls {
  ca?: string;
  pfx?: string;
  passphrase?: string;
}

const JKS_MAGIC = 0xfeedfeed;

function isJks(path: string, type: string | undefined): boolean {
  if (type?.toLowerCase() === 'jks') return true;
  try {
    return readFileSync(path).readUInt32BE(0) === JKS_MAGIC;
  } catch {
    return false;
  }
}

const isPem = (path: string) => {
  try {
    return readFileSync(path, 'latin1').includes('-----BEGIN ');
  } catch {
    return false;
  }
};

/**
 * The TLS material `security.ssl.rest.*` names, in a form Node reads: a PEM truststore as the CA, a
 * PKCS12 keystore as the client certificate (mutual TLS). A JKS store, or a PKCS12 truststore (which
 * holds certificates only, and Node cannot load), is refused by name with what to give instead.
 */
export function tlsFromConf(values: Record<string, string>, source: string): ConfTls {
  const get = (key: string) => values[`security.ssl.rest.${key}`] ?? values[`security.ssl.${key}`];
  const tls: ConfTls = {};
  const truststore = get('truststore');
  if (truststore) {
    const key = values['security.ssl.rest.truststore'] ? 'security.ssl.rest.truststore' : 'security.ssl.truststore';
    if (isPem(truststore)) tls.ca = truststore;
    else {
      const kind = isJks(truststore, values['security.ssl.rest.truststore-type']) ? 'a JKS store' : 'a PKCS12 truststore';
      throw new InvalidInputError(
        `${key} (${source}) is ${kind}, which Node cannot read: give its CA certificate as PEM with --ca ` +
          `(keytool -exportcert -rfc -keystore ${truststore} -alias <alias> > ca.pem)`,
      );
    }
  }
  const keystore = get('keystore');
  if (keystore && values['security.ssl.rest.authentication-enabled'] === 'true') {
    const key = values['security.ssl.rest.keystore'] ? 'security.ssl.rest.keystore' : 'security.ssl.keystore';
    if (isJks(keystore, values['security.ssl.rest.keystore-type'])) {
      throw new InvalidInputError(
        `${key} (${source}) is a JKS store, which Node cannot read: convert it to PKCS12 and give it with --pfx ` +
          `(keytool -importkeystore -srckeystore ${keystore} -destkeystore client.p12 -deststoretype pkcs12), or give --cert and --key as PEM`,
      );
    }
    tls.pfx = keystore;
    const passphrase = get('keystore-password');
    if (passphrase !== undefined) tls.passphrase = passphrase;
  }
  return tls;
}
