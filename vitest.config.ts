import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,client,server,e2e,bench}/**/*.test.ts'],
    globalSetup: ['scripts/testSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and relay processes are heavy on 2 cores.
    maxWorkers: 2,
    // expect.poll waits on browsers and relays; 1 s (the default) is too tight on a loaded 2-core machine.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
