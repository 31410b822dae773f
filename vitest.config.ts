import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    // Integration tests share one dev cloud and one DIB build; two workers match the 2-core machines.
    maxWorkers: 2,
    server: { deps: { inline: ['@actions/languageservice', '@actions/workflow-parser'] } },
  },
});
