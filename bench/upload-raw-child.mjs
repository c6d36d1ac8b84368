// The yardstick of the upload's memory row: the same multipart upload written by hand on node:http
// (file read in 1 MiB chunks, piped with back pressure), in a fresh process; prints time and RSS growth.
import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { basename } from 'node:path';

const [url, jar] = process.argv.slice(2);
const boundary = `raw-${Date.now()}`;
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const t0 = performance.now();
const answer = await new Promise((resolve, reject) => {
  const req = request(
    `${url}/v1/jars/upload`,
    { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve(JSON.parse(text)));
    },
  );
  req.on('error', reject);
  req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="${basename(jar)}"\r\nContent-Type: application/java-archive\r\n\r\n`,
  );
  const file = createReadStream(jar, { highWaterMark: 1 << 20 });
  file.pipe(req, { end: false });
  file.on('error', reject);
  file.on('end', () => req.end(`\r\n--${boundary}--\r\n`));
});
const ms = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
console.log(JSON.stringify({ ms, rssGrowthBytes: peak - before, jarId: String(answer.filename).split('/').pop() }));
