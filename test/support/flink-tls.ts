import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCerts } from './certs.js';

/**
 * Java stores for Flink's REST TLS from the test certificates: the server's key and certificate as a
 * PKCS#12 keystore (openssl), the CA as a PKCS#12 truststore (keytool, which marks it trusted).
 * Returns the -D options for scripts/flink-cluster start.
 */
export function flinkTlsOptions(certs: TestCerts, mutual: boolean): string[] {
  const password = 'flink-rest-test';
  const keystore = join(certs.dir, 'rest-keystore.p12');
  const truststore = join(certs.dir, 'rest-truststore.p12');
  if (!existsSync(keystore)) {
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      certs.serverKey,
      '-in',
      certs.serverCert,
      '-name',
      'rest',
      '-out',
      keystore,
      '-passout',
      `pass:${password}`,
    ]);
    execFileSync(
      'keytool',
      [
        '-importcert',
        '-noprompt',
        '-alias',
        'test-ca',
        '-file',
        certs.caPem,
        '-keystore',
        truststore,
        '-storetype',
        'PKCS12',
        '-storepass',
        password,
      ],
      { stdio: 'ignore' },
    );
  }
  const options = {
    'security.ssl.rest.enabled': 'true',
    'security.ssl.rest.keystore': keystore,
    'security.ssl.rest.keystore-password': password,
    'security.ssl.rest.key-password': password,
    'security.ssl.rest.truststore': truststore,
    'security.ssl.rest.truststore-password': password,
    'security.ssl.rest.authentication-enabled': String(mutual),
  };
  return Object.entries(options).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
}

/**
 * A client key and certificate signed by the test's other CA, which no truststore here holds: a
 * server with mutual TLS must refuse it. Returns the PEM paths.
 */
export function untrustedClientCert(certs: TestCerts): { cert: string; key: string } {
  const key = join(certs.dir, 'untrusted-client.key');
  const cert = join(certs.dir, 'untrusted-client.pem');
  if (!existsSync(cert)) {
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: certs.dir, stdio: 'pipe' });
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=untrusted-client', '-keyout', key, '-out', 'untrusted-client.csr']);
    run([
      'x509',
      '-req',
      '-in',
      'untrusted-client.csr',
      '-CA',
      'other-ca.pem',
      '-CAkey',
      'other-ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      cert,
    ]);
  }
  return { cert, key };
}
