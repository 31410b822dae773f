import { defineConfig } from 'vitest/config';

// Two suites (docs/development.md): `unit` needs only node, npm and git, no services, no bundle;
// `integration` (files named *.integration.test.ts) runs real Keystone, Glance, Swift, DIB, Packer and
// qemu, and the bundled CLI and action that its global setup builds.
export default defineConfig({
  test: {
    // The workflow tools import JSON without an import attribute: vitest must transform them.
    server: { deps: { inline: ['@actions/languageservice', '@actions/workflow-parser'] } },
    // Integration tests share one dev cloud and one DIB build; two workers match the 2-core machines.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.integration.test.ts'],
          globalSetup: ['test/support/run-dir.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
