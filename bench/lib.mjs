// Small timing helpers: interleaved rounds, medians, ratios. These machines are noisy, so every
// figure is a ratio against a yardstick measured in the same rounds.
import { spawnSync } from 'node:child_process';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs each case `iterations` times per round, rounds interleaved; returns median ms per op of each. */
export async function interleaved(cases, { rounds = 7, iterations = 200, warmup = 50 } = {}) {
  for (const fn of Object.values(cases)) for (let i = 0; i < warmup; i++) await fn();
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(cases)) {
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
