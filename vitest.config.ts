import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,client,server,e2e}/**/*.test.ts'],
    globalSetup: ['scripts/testSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and relay processes are heavy on 2 cores.
    maxWorkers: 2,
  },
});
