import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'service/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is one file at a time on a 2-core machine, while many files
    // mostly wait on child processes (Chromium, PostgreSQL, the CLI): three at a time keep both
    // cores busy through those waits (one at a time took 1,142 s, two 808 s, three: see README).
    maxWorkers: 3,
  },
});
