// One sample of the per-request overhead, in a fresh process: jobs.list() with validation on and off
// against fetch + JSON.parse of the same answer, and against ky alone set up as the SDK sets it up
// (the cost issue 14 accepts, over the global fetch a user of ky would have), from a loopback stub in a process of its own (a
// 20-job overview, see stub-child.mjs) or from the JobManager at the URL given. Prints the medians,
// ms per call, as JSON.
//
// usage: node bench/overhead-child.mjs [url [iterations]]
//
// The stub runs apart, as a JobManager does: served from this process, client and server share one
// event loop and the order in which their callbacks meet made the same code measure 0.92x to 1.20x
// of raw fetch from one process to the next. A process is still a sample, not the figure: run.mjs
// takes the median of several. Warm-up is long: over the first thousand calls V8 is still
// compiling, and a call of either kind takes two to three times as long.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { FlinkClient } from '../dist/index.js';
import { interleaved, kyAsTheSdk } from './lib.mjs';

const [url, iterations = '200'] = process.argv.slice(2);
const server = url
  ? undefined
  : spawn(process.execPath, [new URL('stub-child.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
const base = url ?? (await createInterface({ input: server.stdout })[Symbol.asyncIterator]().next()).value;
if (!base) throw new Error('the stub process printed no URL');
const on = new FlinkClient({ baseUrl: base });
const off = new FlinkClient({ baseUrl: base, validateResponses: false });
const kyAlone = kyAsTheSdk();
const t = await interleaved(
  {
    raw: async () => JSON.parse(await (await fetch(`${base}/v1/jobs/overview`)).text()),
    ky: async () => JSON.parse(await (await kyAlone(`${base}/v1/jobs/overview`)).text()),
    on: () => on.jobs.list(),
    off: () => off.jobs.list(),
  },
  { warmup: 1000, rounds: 15, iterations: Number(iterations) },
);
await on.close();
await off.close();
if (server) {
  const gone = new Promise((r) => server.once('exit', r));
  server.stdin.end();
  await gone;
}
console.log(JSON.stringify(t));
