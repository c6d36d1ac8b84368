import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          root,
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          // Each file first checks that every shared cluster still has its TaskManager (fails fast if not).
          setupFiles: ['test/integration/cluster-guard.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          // One real cluster per Flink version; tests of a file share it, files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
