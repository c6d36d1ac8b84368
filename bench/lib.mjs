// Small timing helpers: interleaved rounds, medians, ratios. These machines are noisy, so every
// figure is a ratio against a yardstick measured in the same rounds.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import ky from 'ky';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs each case `iterations` times per round, rounds interleaved; returns median ms per op of each.
 * The order turns by one case every round, so that each case takes every place in turn: the case
 * that runs right after another pays for the switch (a few per cent after raw fetch, as measured).
 */
export async function interleaved(cases, { rounds = 7, iterations = 200, warmup = 50 } = {}) {
  for (const fn of Object.values(cases)) for (let i = 0; i < warmup; i++) await fn();
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const entries = Object.entries(cases);
  for (let r = 0; r < rounds; r++) {
    const turn = r % entries.length;
    for (const [name, fn] of [...entries.slice(turn), ...entries.slice(0, turn)]) {
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) await fn();
      samples[name].push((performance.now() - t0) / iterations);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/** Median wall time (ms) of whole processes, rounds interleaved between the commands. */
export function processes(commands, { rounds = 7 } = {}) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, [cmd, args, env]] of Object.entries(commands)) {
      const t0 = performance.now();
      const res = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: 'pipe' });
      const ms = performance.now() - t0;
      if (res.status !== 0) throw new Error(`${name} failed (${res.status}): ${res.stderr}`);
      samples[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

export const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** One job of a `/jobs/overview` answer. */
export const job = (i) => ({
  jid: i.toString(16).padStart(32, '0'),
  name: `job ${i}`,
  state: 'RUNNING',
  'start-time': 1,
  'end-time': -1,
  duration: 5,
  'last-modification': 2,
  tasks: { running: 2, total: 2 },
});

/** A loopback HTTP server with keep-alive, answering with `handler`. */
export async function stub(handler) {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    server,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/**
 * ky alone, set up as src/http/core.ts sets up its instance (retry with backoff, the call's deadline
 * as totalTimeout, two hooks, manual redirects, an accept header): the share of a call's cost that
 * is ky's, which issue 14 accepts, apart from the SDK's own layers over it. Over global fetch, as a
 * user of ky would have it, unless given another.
 */
export const kyAsTheSdk = (fetch) =>
  ky.create({
    ...(fetch ? { fetch } : {}),
    headers: { accept: 'application/json' },
    redirect: 'manual',
    timeout: false,
    totalTimeout: 30_000,
    retry: { limit: 2, methods: ['get'], statusCodes: [502, 503, 504], afterStatusCodes: [503], backoffLimit: 5_000, jitter: true },
    hooks: { beforeRetry: [() => undefined], beforeError: [({ error }) => error] },
  });
