import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails a test file that opened a socket (or looked up a name) outside loopback.
    setupFiles: ['test/setup/no-egress.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start real HTTP servers on free ports; run files in parallel, tests inside serially.
    pool: 'forks',
  },
});
