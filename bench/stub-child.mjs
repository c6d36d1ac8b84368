// A loopback JobManager stand-in in a process of its own: answers every request with a 20-job
// overview, prints its URL on the first line of stdout and exits when its stdin closes.
//
// usage: node bench/stub-child.mjs
import { job, stub } from './lib.mjs';

const body = JSON.stringify({ jobs: Array.from({ length: 20 }, (_, i) => job(i)) });
const s = await stub((_q, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
process.stdout.write(`${s.url}\n`);
process.stdin.on('end', () => s.close().then(() => process.exit(0)));
process.stdin.resume();
