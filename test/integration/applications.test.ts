// Application mode over REST: run-application where the server has it (2.3+), a clear
// UnsupportedByServerError, before anything is sent, where it does not.
import { describe, expect, inject, it } from 'vitest';
import { FlinkClient, UnsupportedByServerError } from '../../src/index.js';

const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';

describe.each(inject('flinkClusters'))('Flink $version: application mode', (cluster) => {
  const flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 60_000 });
  const [major = 0, minor = 0] = cluster.version.split('.').map(Number);
  const hasApplications = major > 2 || (major === 2 && minor >= 3);

  // One test per version, never skipped: where the server has application mode it must work, where
  // it does not the SDK must refuse before sending.
  const title = hasApplications
    ? 'runs a jar as an application, sees its job run, cancels it'
    : 'refuses run-application with the server version named';
  it(title, async () => (hasApplications ? runsApplication() : refuses()));

  async function runsApplication() {
    const jar = await flink.jars.upload(cluster.jars.TopSpeedWindowing);
    const { applicationId } = await flink.jars.runApplication(jar.id, { entryClass: TOP_SPEED });
    let jobId: string | undefined;
    for (const deadline = Date.now() + 90_000; !jobId; ) {
      const app = await flink.applications.get(applicationId);
      jobId = app.jobs.find((j) => j.state === 'RUNNING')?.jid;
      if (Date.now() > deadline) throw new Error(`no running job in application ${applicationId}: ${JSON.stringify(app)}`);
      if (!jobId) await new Promise((r) => setTimeout(r, 250));
    }
    expect((await flink.applications.list()).map((a) => a.id)).toContain(applicationId);
    await flink.applications.cancel(applicationId);
    expect(await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
    await flink.jars.delete(jar.id);
  }

  async function refuses() {
    const err = await flink.jars.runApplication('0_unused.jar', { entryClass: TOP_SPEED }).catch((e) => e);
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toBe(`jars.runApplication needs Flink 2.3 or newer; the server runs Flink ${cluster.version}`);
    await expect(flink.applications.list()).rejects.toBeInstanceOf(UnsupportedByServerError);
  }
});
