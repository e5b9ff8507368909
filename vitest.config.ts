import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The bin and its loader are CommonJS TypeScript (.cts), which Vite's esbuild step skips by default.
  esbuild: { include: /\.[cm]?tsx?$/ },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start Chromium and Java; they get generous time, never a timed assertion.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
