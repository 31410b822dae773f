import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/version.ts
var KILN_VERSION = "0.1.0";

export {
  KILN_VERSION
};
