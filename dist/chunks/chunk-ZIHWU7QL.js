import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/cli/commands/index.ts
var COMMANDS = {
  validate: async () => (await import("./validate-EVYWYNSG.js")).validateCommand,
  schema: async () => (await import("./schema-CBHN7TL3.js")).schemaCommand,
  lock: async () => (await import("./lock-S5SD7KTJ.js")).lockCommand,
  plan: async () => (await import("./plan-7CIJQXZM.js")).planCommand,
  build: async () => (await import("./build-BAKMJM2K.js")).buildCommand,
  test: async () => (await import("./test-626KBOXG.js")).testCommand,
  publish: async () => (await import("./publish-D5D5XJHI.js")).publishCommand,
  release: async () => (await import("./release-57LKJBPS.js")).releaseCommand,
  sync: async () => (await import("./sync-IJVXRIGP.js")).syncCommand,
  "verify-signature": async () => (await import("./verify-signature-CZXRX4WX.js")).verifySignatureCommand,
  "dev-cloud": async () => (await import("./dev-cloud-JWXLMCUU.js")).devCloudCommand
};
var READS_PROJECT = /* @__PURE__ */ new Set(["validate", "plan", "build", "release"]);

export {
  COMMANDS,
  READS_PROJECT
};
