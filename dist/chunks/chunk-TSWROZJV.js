import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/cli/command.ts
import { parseArgs } from "node:util";
function parseCommandArgs(cmd, argv) {
  try {
    return parseArgs({ args: argv, options: cmd.options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new InputError(`kiln ${cmd.name}: ${err.message}`, void 0, `usage: ${cmd.usage}`);
  }
}
function listFlag(value) {
  const items = Array.isArray(value) ? value : value === void 0 ? [] : [value];
  return items.flatMap((v) => String(v).split(",")).map((s) => s.trim()).filter(Boolean);
}

export {
  parseCommandArgs,
  listFlag
};
