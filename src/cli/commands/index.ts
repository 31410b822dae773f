// The command table, in the order `kiln --help` lists them. Each command is loaded only when it runs,
// so `kiln plan` does not parse the OpenStack, GitHub and cache clients.
import type { Command } from '../command.js';

export const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  lock: async () => (await import('./lock.js')).lockCommand,
  plan: async () => (await import('./plan.js')).planCommand,
  build: async () => (await import('./build.js')).buildCommand,
  test: async () => (await import('./test.js')).testCommand,
  publish: async () => (await import('./publish.js')).publishCommand,
  release: async () => (await import('./release.js')).releaseCommand,
  sync: async () => (await import('./sync.js')).syncCommand,
  'verify-signature': async () => (await import('./verify-signature.js')).verifySignatureCommand,
  'dev-cloud': async () => (await import('./dev-cloud.js')).devCloudCommand,
};

/** Commands that first read the project's config and elements (src/wiring.ts, loadProject). */
export const READS_PROJECT: ReadonlySet<string> = new Set(['validate', 'plan', 'build', 'release']);
