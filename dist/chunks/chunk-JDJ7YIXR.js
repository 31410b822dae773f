import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/action/constants.ts
var COMMAND_NAMES = ["plan", "build", "test", "publish", "release", "sync"];
var DEFAULT_PACKER_URL = "https://releases.hashicorp.com/packer/{version}/packer_{version}_linux_{arch}.zip";

export {
  COMMAND_NAMES,
  DEFAULT_PACKER_URL
};
