import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/config/types.ts
var ARCHES = ["amd64", "arm64"];
var BUILDERS = ["dib", "packer"];
var DIB_ARCH = { amd64: "amd64", arm64: "arm64" };
var GLANCE_ARCH = { amd64: "x86_64", arm64: "aarch64" };

export {
  ARCHES,
  BUILDERS,
  DIB_ARCH,
  GLANCE_ARCH
};
