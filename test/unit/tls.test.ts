import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, FlinkClient, InvalidInputError } from '../../src/index.js';
import { makeCerts, read, type TestCerts } from '../support/certs.js';
import { OVERVIEW } from '../support/fixtures.js';

const overview = OVERVIEW;

let certs: TestCerts;
let mtls: Server;
let url: string;

// A loopback HTTPS server that, like Flink with security.ssl.rest.authentication-enabled, requires a
// client certificate signed by its CA.
beforeAll(async () => {
  certs = makeCerts();
  mtls = createServer(
    { key: read(certs.serverKey), cert: read(certs.serverCert), ca: read(certs.caPem), requestCert: true, rejectUnauthorized: true },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(overview));
    },
  );
  await new Promise<void>((resolve) => mtls.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(mtls.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  mtls.closeAllConnections();
  await new Promise((resolve) => mtls.close(resolve));
});

async function overviewWith(tls: ConstructorParameters<typeof FlinkClient>[0]['tls'], base = url) {
  const flink = new FlinkClient({ baseUrl: base, tls, maxRetries: 0, timeoutMs: 5_000 });
  try {
    return await flink.cluster.overview();
  } finally {
    await flink.close();
  }
}

describe('TLS per client', () => {
  it('talks mutual TLS with a custom CA and PEM client credentials (paths)', async () => {
    const answer = await overviewWith({ ca: certs.caPem, cert: certs.clientCert, key: certs.clientKey });
    expect(answer.taskmanagers).toBe(1);
  });

  it('takes PEM text as well as paths, and PKCS#12 client credentials', async () => {
    expect(
      (await overviewWith({ ca: read(certs.caPem).toString(), cert: read(certs.clientCert), key: read(certs.clientKey) })).taskmanagers,
    ).toBe(1);
    expect((await overviewWith({ ca: certs.caPem, pfx: certs.clientP12, passphrase: certs.clientPass })).taskmanagers).toBe(1);
  });

  it('fails clearly without a client certificate', async () => {
    const err = await overviewWith({ ca: certs.caPem }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/cannot reach https:\/\/127\.0\.0\.1:\d+/);
  });

  it('fails clearly with the wrong CA', async () => {
    const err = await overviewWith({ ca: certs.otherCaPem, cert: certs.clientCert, key: certs.clientKey }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/certificate|UNABLE_TO_VERIFY|self.signed/i);
  });

  it('fails clearly when plain HTTP is spoken to the TLS port', async () => {
    const err = await overviewWith(undefined, url.replace('https:', 'http:')).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
  });

  it('does not change how other clients verify certificates', async () => {
    const insecure = overviewWith({ insecure: true, cert: certs.clientCert, key: certs.clientKey });
    const strict = overviewWith({ cert: certs.clientCert, key: certs.clientKey }).catch((e) => e);
    expect((await insecure).taskmanagers).toBe(1);
    expect(await strict).toBeInstanceOf(ConnectionError);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });

  it('refuses bad TLS options without leaking secrets', async () => {
    await expect(overviewWith({ cert: certs.clientCert })).rejects.toBeInstanceOf(InvalidInputError);
    const err = await overviewWith({ ca: '/no/such/ca.pem', passphrase: 'hunter2-secret' }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain('/no/such/ca.pem');
    expect(`${err.message}${JSON.stringify(err)}`).not.toContain('hunter2-secret');
    // @ts-expect-error: misspelt on purpose
    expect(() => new FlinkClient({ baseUrl: url, tls: { certificate: 'x' } })).toThrow(/unknown option "certificate"/);
  });
});
