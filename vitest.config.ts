import { defineConfig } from 'vitest/config';

// One run covers every package; suites that need real parts start them through test/harness.
export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'server/test/**/*.test.ts',
      'test/suites/**/*.test.ts',
      'test/cluster/**/*.test.ts',
      'test/ui/**/*.test.ts',
      'test/auth/**/*.test.ts',
      'ui/src/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
