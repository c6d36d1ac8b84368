// One 1 GiB upload through the SDK in a fresh process; prints its time, RSS growth and CPU seconds as JSON.
import { FlinkClient } from '../dist/index.js';

const [url, jar] = process.argv.slice(2);
const flink = new FlinkClient({ baseUrl: url, timeoutMs: 600_000 });
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { id } = await flink.jars.upload(jar);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await flink.jars.delete(id);
await flink.close();
console.log(JSON.stringify({ ms, rssGrowthBytes: peak - before, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
