// TLS and mutual TLS against real Flink (security.ssl.rest.enabled, .authentication-enabled), with
// certificates made here by openssl and keytool. Newest selected version; its own two clusters.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConnectionError, FlinkClient, type TlsOptions } from '../../src/index.js';
import { makeCerts, type TestCerts } from '../support/certs.js';
import { type ClusterInfo, startCluster, stopCluster } from '../support/clusters.js';
import { flinkTlsOptions } from '../support/flink-tls.js';

const shared = inject('flinkClusters').at(-1) as ClusterInfo;
const line = shared.version.split('.').slice(0, 2).join('.');
const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';

describe(`Flink ${shared.version} over TLS`, () => {
  let certs: TestCerts;
  let tls: ClusterInfo;
  let mtls: ClusterInfo;

  beforeAll(async () => {
    certs = makeCerts();
    await Promise.all([stopCluster('tls'), stopCluster('mtls')]);
    const probe = ['--probe-ca', certs.caPem];
    [tls, mtls] = await Promise.all([
      startCluster(line, 'tls', [...probe, ...flinkTlsOptions(certs, false)]),
      startCluster(line, 'mtls', [
        ...probe,
        '--probe-cert',
        certs.clientCert,
        '--probe-key',
        certs.clientKey,
        ...flinkTlsOptions(certs, true),
      ]),
    ]);
  });

  afterAll(async () => {
    await Promise.all([stopCluster('tls'), stopCluster('mtls')]);
  });

  const overview = async (url: string, tlsOptions?: TlsOptions) => {
    const flink = new FlinkClient({ baseUrl: url, maxRetries: 0, timeoutMs: 10_000, ...(tlsOptions ? { tls: tlsOptions } : {}) });
    try {
      return await flink.cluster.overview();
    } finally {
      await flink.close();
    }
  };

  it('speaks https with a custom CA: a job runs and is cancelled', async () => {
    expect(tls.url).toMatch(/^https:/);
    const flink = new FlinkClient({ baseUrl: tls.url, tls: { ca: certs.caPem }, timeoutMs: 60_000 });
    try {
      expect((await flink.cluster.version()).raw).toBe(shared.version);
      const jar = await flink.jars.upload(tls.jars.TopSpeedWindowing);
      const { jobId } = await flink.jars.run(jar.id, { entryClass: TOP_SPEED });
      await flink.jobs.waitForState(jobId, ['RUNNING'], { timeoutMs: 90_000 });
      await flink.jobs.cancel(jobId);
      expect(await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
    } finally {
      await flink.close();
    }
  });

  it('mutual TLS with PEM and with PKCS#12 client credentials', async () => {
    expect((await overview(mtls.url, { ca: certs.caPem, cert: certs.clientCert, key: certs.clientKey })).taskmanagers).toBe(1);
    expect((await overview(mtls.url, { ca: certs.caPem, pfx: certs.clientP12, passphrase: certs.clientPass })).taskmanagers).toBe(1);
  });

  it('clear errors: no client certificate, a wrong CA, plain http to the TLS port', async () => {
    const noCert = await overview(mtls.url, { ca: certs.caPem }).catch((e) => e);
    expect(noCert).toBeInstanceOf(ConnectionError);
    const wrongCa = await overview(tls.url, { ca: certs.otherCaPem }).catch((e) => e);
    expect(wrongCa).toBeInstanceOf(ConnectionError);
    expect(wrongCa.message).toMatch(/certificate|UNABLE_TO_VERIFY|self.signed/i);
    const plain = await overview(tls.url.replace('https:', 'http:')).catch((e) => e);
    console.log(`plain http to Flink's TLS port: ${plain?.name}: ${plain?.message}`);
    expect(plain).toBeInstanceOf(ConnectionError);
  });
});
