// A small Node service that exports the health of every Flink job as Prometheus text.
// Usage: node examples/prometheus-exporter.mjs <flink-rest-url> [port]   (then scrape /metrics)
import { createServer } from 'node:http';
import { FlinkClient, fanOut } from 'flink-rest';

const [baseUrl, port = '9249'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node examples/prometheus-exporter.mjs <flink-rest-url> [port]');
  process.exit(2);
}
const flink = new FlinkClient({ baseUrl, timeoutMs: 10_000 });
const label = (value) => String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', ' ');

async function scrape() {
  const lines = [];
  const metric = (name, help, samples) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([labels, v]) => `${name}${labels} ${v}`));
  };
  const [overview, jobs] = await Promise.all([flink.cluster.overview(), flink.jobs.list({ groups: ['running', 'scheduled'] })]);
  metric('flink_taskmanagers', 'Registered TaskManagers.', [['', overview.taskmanagers]]);
  metric('flink_slots_available', 'Free task slots.', [['', overview['slots-available']]]);
  // Bounded: a cluster with hundreds of jobs does not get hundreds of requests at once.
  const rows = await fanOut(jobs, async (job) => ({ job, health: await flink.jobs.health(job.jid) }));
  const id = (job) => `{job_id="${job.jid}",job_name="${label(job.name)}"}`;
  metric(
    'flink_job_up',
    '1 while the job is RUNNING.',
    rows.map(({ job }) => [id(job), job.state === 'RUNNING' ? 1 : 0]),
  );
  metric(
    'flink_job_restarts',
    'Restarts since the job started.',
    rows.filter((r) => r.health.restarts !== undefined).map(({ job, health }) => [id(job), health.restarts]),
  );
  metric(
    'flink_job_last_checkpoint_age_seconds',
    'Seconds since the last completed checkpoint.',
    rows
      .filter((r) => r.health.checkpoints?.lastCompleted)
      .map(({ job, health }) => [id(job), (health.checkpoints.lastCompleted.ageMs / 1000).toFixed(1)]),
  );
  return `${lines.join('\n')}\n`;
}

const server = createServer(async (req, res) => {
  if (req.url !== '/metrics') {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await scrape();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
  } catch (err) {
    res.writeHead(503, { 'content-type': 'text/plain' }).end(`# scrape failed: ${err.message}\n`);
  }
});
server.listen(Number(port), '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/metrics`));
process.on('SIGTERM', () => server.close(() => flink.close().then(() => process.exit(0))));
