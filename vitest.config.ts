import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // One throwaway PostgreSQL cluster for the run; the bridge's store tests create databases in it.
    globalSetup: ['packages/bridge/test/support/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
