import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start Chromium and Java; they get generous time, never a timed assertion.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
