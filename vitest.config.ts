import { defineConfig } from 'vitest/config';

// One run covers every package; suites that need real parts start them through test/harness.
const HEAVY = ['test/suites/log-read-memory.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: [
            'shared/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'server/test/**/*.test.ts',
            'test/suites/**/*.test.ts',
            'test/cluster/**/*.test.ts',
            'test/ui/**/*.test.ts',
            'test/auth/**/*.test.ts',
            'test/quartz-oracle/**/*.test.ts',
            'ui/src/**/*.test.ts',
          ],
          exclude: HEAVY,
          // Swarm mode for the whole run, entered once: suites that run services share one swarm. Afterwards,
          // the containers the suites' server processes left.
          globalSetup: ['test/harness/swarm-global-setup.ts', 'test/harness/test-containers-global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Streams a gigabyte through a server and measures its memory: alone, after the rest, so it neither
        // starves the browser and cluster suites nor has its figure disturbed by them.
        extends: true,
        test: { name: 'alone', include: HEAVY, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
