// Before an upgrade: a savepoint of every running job, at most 4 at a time; prints { jobId: location }.
// Usage: node examples/savepoint-all.mjs <flink-rest-url> [targetDirectory] [--native]
import { FlinkClient, fanOut } from 'flink-rest';

const args = process.argv.slice(2);
const native = args.includes('--native');
const [baseUrl, targetDirectory] = args.filter((a) => a !== '--native');
if (!baseUrl) {
  console.error('usage: node examples/savepoint-all.mjs <flink-rest-url> [targetDirectory] [--native]');
  process.exit(2);
}
const flink = new FlinkClient({ baseUrl });
const jobs = await flink.jobs.list({ groups: ['running'] });
const results = await fanOut(
  jobs,
  async (job) => {
    const op = await flink.savepoints.trigger(job.jid, {
      ...(targetDirectory ? { targetDirectory } : {}),
      ...(native ? { formatType: 'native' } : {}),
    });
    try {
      return [job.jid, (await op.wait({ timeoutMs: 10 * 60_000 })).location];
    } catch (err) {
      return [job.jid, { error: err.message }];
    }
  },
  { limit: 4 },
);
console.log(JSON.stringify(Object.fromEntries(results), null, 2));
await flink.close();
process.exit(results.some(([, r]) => typeof r !== 'string') ? 1 : 0);
