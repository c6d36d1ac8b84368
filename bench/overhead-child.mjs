// One sample of the per-request overhead, in a fresh process: jobs.list() with validation on and off
// against fetch + JSON.parse of the same answer, from a loopback stub of its own (a 20-job overview)
// or from the JobManager at the URL given. Prints the medians, ms per call, as JSON.
//
// usage: node bench/overhead-child.mjs [url [iterations]]
//
// A process is a sample, not the figure: each keep-alive connection of a process settles at a speed
// of its own, so two clients running the same code in one process differ by up to 40% (a second
// instance of fetch's own dispatcher class measured 1.03–1.41x the global one over five processes);
// run.mjs takes the median of several processes. Warm-up is long: over the first thousand calls V8
// is still compiling, and a call of either kind takes two to three times as long.
import { FlinkClient } from '../dist/index.js';
import { interleaved, job, stub } from './lib.mjs';

const [url, iterations = '200'] = process.argv.slice(2);
const body = JSON.stringify({ jobs: Array.from({ length: 20 }, (_, i) => job(i)) });
const s = url
  ? undefined
  : await stub((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
const base = url ?? s.url;
const on = new FlinkClient({ baseUrl: base });
const off = new FlinkClient({ baseUrl: base, validateResponses: false });
const t = await interleaved(
  {
    raw: async () => JSON.parse(await (await fetch(`${base}/v1/jobs/overview`)).text()),
    on: () => on.jobs.list(),
    off: () => off.jobs.list(),
  },
  { warmup: 1000, rounds: 15, iterations: Number(iterations) },
);
await on.close();
await off.close();
await s?.close();
console.log(JSON.stringify(t));
