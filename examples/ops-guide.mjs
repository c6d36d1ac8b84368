// The Flink ops guide's job lifecycle through flink-rest: upload a jar, run it, savepoint, stop with
// a savepoint, resume from it, checkpoint, cancel, dispose the savepoint.
// Usage: node examples/ops-guide.mjs <rest-url> <path/to/StateMachineExample.jar>
import { FlinkClient } from 'flink-rest';

const [baseUrl, jarPath] = process.argv.slice(2);
if (!baseUrl || !jarPath) {
  console.error('usage: node examples/ops-guide.mjs <rest-url> <jar>');
  process.exit(2);
}
const ENTRY = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
const flink = new FlinkClient({ baseUrl, timeoutMs: 60_000 });
const t0 = Date.now();
const say = (text) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}`);

const version = await flink.cluster.version();
const overview = await flink.cluster.overview();
say(
  `connected to Flink ${version.raw} at ${flink.baseUrl}: ${overview.taskmanagers} TaskManager, ${overview['slots-available']} free slots`,
);

const jar = await flink.jars.upload(jarPath);
say(`uploaded ${jar.name} as ${jar.id}`);

const { jobId } = await flink.jars.run(jar.id, {
  entryClass: ENTRY,
  parallelism: 2,
  config: { 'pipeline.max-parallelism': 120 },
});
let job = await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 120_000 });
say(`job ${jobId} "${job.name}" is ${job.state} (parallelism 2, max parallelism ${job.maxParallelism})`);

for (const j of await flink.jobs.list()) say(`  list: ${j.jid} ${j.state.padEnd(9)} ${j.name}`);

// Native format: Flink 2.x's StateMachineExample keeps async state, which canonical savepoints do not support yet.
const savepoint = await flink.savepoints.trigger(jobId, { formatType: 'native' });
say(`savepoint triggered (detached handle ${JSON.stringify(savepoint)})`);
const { location: first } = await savepoint.wait({ timeoutMs: 120_000 });
say(`savepoint written to ${first}`);

const stop = await flink.jobs.stop(jobId, { drain: false, formatType: 'native' });
const { location: stopped } = await stop.wait({ timeoutMs: 120_000 });
say(`stopped with savepoint ${stopped}; job is ${await flink.jobs.waitForState(jobId, ['FINISHED'])}`);

const resumed = await flink.jars.run(jar.id, {
  entryClass: ENTRY,
  savepointPath: stopped,
  allowNonRestoredState: true,
  claimMode: 'NO_CLAIM',
});
job = await flink.jobs.waitUntilRunning(resumed.jobId, { timeoutMs: 120_000 });
const restored = (await flink.checkpoints.stats(resumed.jobId)).latest.restored;
say(`resumed as job ${resumed.jobId} (${job.state}), restored from ${restored?.external_path}`);

const { checkpointId } = await (await flink.checkpoints.trigger(resumed.jobId, { type: 'full' })).wait();
say(`full checkpoint ${checkpointId} completed`);

await flink.jobs.cancel(resumed.jobId);
say(`cancel requested; job is ${await flink.jobs.waitForState(resumed.jobId, ['CANCELED'])}`);

await (await flink.savepoints.dispose(first)).wait();
say(`disposed savepoint ${first}`);
await flink.jars.delete(jar.id);
say('deleted the jar; done');
