import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/cli/commands/index.ts
var COMMANDS = {
  validate: async () => (await import("./validate-PRDS75JK.js")).validateCommand,
  schema: async () => (await import("./schema-CBHN7TL3.js")).schemaCommand,
  lock: async () => (await import("./lock-S5SD7KTJ.js")).lockCommand,
  plan: async () => (await import("./plan-7ZOCRMXU.js")).planCommand,
  build: async () => (await import("./build-BDPKCIDL.js")).buildCommand,
  test: async () => (await import("./test-W5XZ7TCN.js")).testCommand,
  publish: async () => (await import("./publish-5O64UZLF.js")).publishCommand,
  release: async () => (await import("./release-5CAXCRGY.js")).releaseCommand,
  sync: async () => (await import("./sync-QTTHMVTQ.js")).syncCommand,
  "verify-signature": async () => (await import("./verify-signature-YVJWE7UY.js")).verifySignatureCommand,
  "dev-cloud": async () => (await import("./dev-cloud-JWXLMCUU.js")).devCloudCommand
};
var READS_PROJECT = /* @__PURE__ */ new Set(["validate", "plan", "build", "release"]);

export {
  COMMANDS,
  READS_PROJECT
};
