// Where the CLI connects when no address is given: the Flink configuration file, read as bin/flink
// reads it (facts measured with GlobalConfiguration of Flink 1.20.5 and 2.3.0), below flags and the
// environment.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/cli/context.js';
import { readFlinkConf } from '../../src/cli/flink-config.js';
import { InvalidInputError } from '../../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'flink-rest-conf-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A Flink home with these files in conf/ (and lib/flink-dist-<version>.jar when a version is given). */
function home(files: Record<string, string>, version?: string): string {
  const dir = join(root, `home-${n++}`);
  mkdirSync(join(dir, 'conf'), { recursive: true });
  if (version) {
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', `flink-dist-${version}.jar`), '');
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'conf', name), text);
  return dir;
}
const conf = (dir: string) => readFlinkConf(join(dir, 'conf'))?.values;

describe('the Flink configuration file', () => {
  it('config.yaml, nested or flat keys (YAML 1.2: quotes, hex, comments)', () => {
    expect(conf(home({ 'config.yaml': 'rest:\n  address: jm.example\n  port: 8082\n' }))).toEqual({
      'rest.address': 'jm.example',
      'rest.port': '8082',
    });
    expect(conf(home({ 'config.yaml': 'rest.address: "quoted" # comment\nrest.port: 0x1F91\nsecurity.ssl.rest.enabled: true\n' }))).toEqual(
      {
        'rest.address': 'quoted',
        'rest.port': '8081',
        'security.ssl.rest.enabled': 'true',
      },
    );
  });

  it('bad YAML and duplicate keys are refused naming the file, as Flink refuses them', () => {
    for (const text of ['rest.address: a\nrest.address: b\n', 'rest.address: flat\n  rest.port: 1\nfoo:bar\n']) {
      const dir = home({ 'config.yaml': text });
      expect(() => conf(dir)).toThrow(InvalidInputError);
      expect(() => conf(dir)).toThrow(join(dir, 'conf', 'config.yaml'));
    }
  });

  it('legacy flink-conf.yaml: "key: value" lines; Flink 1.x prefers it, 2.x reads config.yaml only', () => {
    const legacy = 'rest.address: from-legacy # comment\nrest.port: 1111\nnot a pair\n';
    const current = 'rest:\n  address: from-yaml\n  port: 2222\n';
    expect(conf(home({ 'flink-conf.yaml': legacy }))).toEqual({ 'rest.address': 'from-legacy', 'rest.port': '1111' });
    expect(conf(home({ 'flink-conf.yaml': legacy, 'config.yaml': current }, '1.20.5'))?.['rest.address']).toBe('from-legacy');
    expect(conf(home({ 'flink-conf.yaml': legacy, 'config.yaml': current }, '2.3.0'))?.['rest.address']).toBe('from-yaml');
    expect(readFlinkConf(join(home({}), 'conf'))).toBeUndefined();
  });
});

describe('rest.path, as bin/flink reads it (DefaultCLI: -m sets it, -D after that)', () => {
  const dir = home({ 'config.yaml': 'rest.address: conf.example\nrest.port: 9091\nrest.path: /from-file\n' });
  const env = { FLINK_HOME: dir };

  it('from the file below its address, -D over the file, -m its own path (or none) unless -D says one', () => {
    expect(resolveConnection({}, env).url).toBe('http://conf.example:9091/from-file');
    expect(resolveConnection({ define: ['rest.path= gw/ '] }, env).url).toBe('http://conf.example:9091/gw');
    expect(resolveConnection({ jobmanager: 'jm:1234' }, env).url).toBe('http://jm:1234');
    expect(resolveConnection({ jobmanager: 'jm:1234/ingress/flink/' }, env).url).toBe('http://jm:1234/ingress/flink');
    expect(resolveConnection({ jobmanager: 'jm:1234/a', define: ['rest.path=/b'] }, env).url).toBe('http://jm:1234/b');
    expect(resolveConnection({ url: 'http://u:1/x', define: ['rest.path=/b'] }, env).url).toBe('http://u:1/x');
  });

  it('a query or fragment is refused, not sent before /v1', () => {
    expect(() => resolveConnection({ jobmanager: 'jm:1234/p?x=1' }, env)).toThrow(/host:port or host:port\/path/);
    expect(() => resolveConnection({ define: ['rest.path=/p#f'] }, env)).toThrow(/rest.path must be a path/);
  });
});

describe('precedence: flags > environment > configuration file > default', () => {
  const dir = home({ 'config.yaml': 'rest.address: conf.example\nrest.port: 9091\n' });
  const env = { FLINK_HOME: dir };

  it('each source in turn, and what said so', () => {
    expect(resolveConnection({}, {})).toEqual({ url: 'http://127.0.0.1:8081', from: 'the default' });
    expect(resolveConnection({}, env)).toEqual({
      url: 'http://conf.example:9091',
      from: `${join(dir, 'conf', 'config.yaml')} (rest.address, rest.port)`,
    });
    expect(resolveConnection({}, { ...env, FLINK_CONF_DIR: join(home({ 'config.yaml': 'rest.port: 7000\n' }), 'conf') }).url).toBe(
      'http://127.0.0.1:7000',
    );
    expect(resolveConnection({}, { ...env, FLINK_REST_URL: 'http://env:1' })).toMatchObject({
      url: 'http://env:1',
      from: 'FLINK_REST_URL',
    });
    expect(resolveConnection({ define: ['rest.port=7777'] }, { ...env, FLINK_REST_URL: 'http://env:1' })).toMatchObject({
      url: 'http://conf.example:7777',
    });
    expect(resolveConnection({ jobmanager: 'jm:1' }, { ...env, FLINK_REST_URL: 'http://env:1' })).toMatchObject({
      url: 'http://jm:1',
      from: '-m',
    });
    expect(resolveConnection({ url: 'http://u:2', jobmanager: 'jm:1' }, env)).toMatchObject({ url: 'http://u:2', from: '--url' });
  });

  it('rest.address falls back to jobmanager.rpc.address; a broken file does not matter when flags say where', () => {
    const rpc = home({ 'config.yaml': 'jobmanager:\n  rpc:\n    address: rpc.example\n' });
    expect(resolveConnection({}, { FLINK_HOME: rpc }).url).toBe('http://rpc.example:8081');
    const broken = home({ 'config.yaml': 'a: 1\na: 2\n' });
    expect(resolveConnection({ jobmanager: 'jm:1' }, { FLINK_HOME: broken }).url).toBe('http://jm:1');
    expect(() => resolveConnection({}, { FLINK_HOME: broken })).toThrow(/not valid YAML/);
  });
});

describe('TLS from security.ssl.rest.*', () => {
  const keytool = (...args: string[]) => execFileSync('keytool', args, { stdio: 'ignore' });
  const stores = join(root, 'stores');
  mkdirSync(stores);
  keytool(
    '-genkeypair',
    '-alias',
    'ca',
    '-keyalg',
    'RSA',
    '-dname',
    'CN=ca',
    '-keystore',
    join(stores, 'client.p12'),
    '-storetype',
    'pkcs12',
    '-storepass',
    'secret',
    '-validity',
    '2',
  );
  const pem = execFileSync(
    'keytool',
    ['-exportcert', '-rfc', '-alias', 'ca', '-keystore', join(stores, 'client.p12'), '-storepass', 'secret'],
    { encoding: 'utf8' },
  );
  writeFileSync(join(stores, 'ca.pem'), pem);
  for (const type of ['jks', 'pkcs12']) {
    keytool(
      '-importcert',
      '-noprompt',
      '-alias',
      'ca',
      '-file',
      join(stores, 'ca.pem'),
      '-keystore',
      join(stores, `trust.${type}`),
      '-storetype',
      type,
      '-storepass',
      'secret',
    );
  }
  const ssl = (lines: string) => ({
    FLINK_HOME: home({ 'config.yaml': `rest.address: jm.example\nsecurity.ssl.rest.enabled: true\n${lines}` }),
  });

  it('https when enabled; a PEM truststore is the CA, a PKCS12 keystore the client certificate (mutual TLS)', () => {
    const env = ssl(
      `security.ssl.rest.truststore: ${join(stores, 'ca.pem')}\nsecurity.ssl.rest.authentication-enabled: true\nsecurity.ssl.rest.keystore: ${join(stores, 'client.p12')}\nsecurity.ssl.rest.keystore-password: secret\n`,
    );
    expect(resolveConnection({}, env)).toMatchObject({
      url: 'https://jm.example:8081',
      tls: { ca: join(stores, 'ca.pem'), pfx: join(stores, 'client.p12'), passphrase: 'secret' },
    });
    // TLS flags win over the file's stores; -m host:port is https too when the file enables TLS.
    expect(resolveConnection({ jobmanager: 'other:8443', ca: 'mine.pem' }, env)).toEqual({ url: 'https://other:8443', from: '-m' });
  });

  it('a JKS store, or a PKCS12 truststore, is refused by name with what to give instead', () => {
    for (const [store, kind] of [
      ['trust.jks', 'a JKS store'],
      ['trust.pkcs12', 'a PKCS12 truststore'],
    ]) {
      const env = ssl(`security.ssl.truststore: ${join(stores, store as string)}\n`);
      expect(() => resolveConnection({}, env)).toThrow(
        new RegExp(
          `security\\.ssl\\.truststore \\(from .*config\\.yaml\\) is ${kind}, which Node cannot read: give its CA certificate as PEM with --ca`,
        ),
      );
    }
    const jksKeystore = ssl(`security.ssl.rest.authentication-enabled: true\nsecurity.ssl.rest.keystore: ${join(stores, 'trust.jks')}\n`);
    expect(() => resolveConnection({}, jksKeystore)).toThrow(/security\.ssl\.rest\.keystore .* is a JKS store.*--pfx/);
  });
});
