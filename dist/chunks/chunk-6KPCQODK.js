import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/cli/commands/index.ts
var COMMANDS = {
  validate: async () => (await import("./validate-EOJHGL3Z.js")).validateCommand,
  schema: async () => (await import("./schema-CBHN7TL3.js")).schemaCommand,
  lock: async () => (await import("./lock-S5SD7KTJ.js")).lockCommand,
  plan: async () => (await import("./plan-SC4PMNOT.js")).planCommand,
  build: async () => (await import("./build-EZBSASGO.js")).buildCommand,
  test: async () => (await import("./test-DQMG3F2F.js")).testCommand,
  publish: async () => (await import("./publish-YOJHFZ53.js")).publishCommand,
  release: async () => (await import("./release-2QELYPMN.js")).releaseCommand,
  sync: async () => (await import("./sync-FMRI5O7T.js")).syncCommand,
  "verify-signature": async () => (await import("./verify-signature-4N726SQL.js")).verifySignatureCommand,
  "dev-cloud": async () => (await import("./dev-cloud-JWXLMCUU.js")).devCloudCommand
};
var READS_PROJECT = /* @__PURE__ */ new Set(["validate", "plan", "build", "release"]);

export {
  COMMANDS,
  READS_PROJECT
};
