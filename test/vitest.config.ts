import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'service/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is one file at a time on a 2-core machine, while many files
    // mostly wait on child processes (Chromium, PostgreSQL, the CLI): two at a time halve the wait.
    maxWorkers: 2,
  },
});
