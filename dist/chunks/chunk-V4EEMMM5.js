import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/cli/command.ts
import { parseArgs } from "node:util";
function helpText(cmd) {
  const options = Object.entries(cmd.options).map(([name, spec]) => {
    const [placeholder, meaning] = cmd.flags[name] ?? ["", ""];
    const forms = [...spec.short ? [`-${spec.short}`] : [], `--${name}`].join(", ");
    return [placeholder ? `${forms} ${placeholder}` : forms, meaning];
  });
  options.push(["-h, --help", "print this help"]);
  const operands = Object.entries(cmd.operands ?? {});
  const width = Math.max(...[...options, ...operands].map(([left]) => left.length));
  const rows = (list) => list.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`);
  return [
    `usage: ${cmd.usage}`,
    "",
    cmd.summary,
    ...operands.length ? ["", "arguments:", ...rows(operands)] : [],
    "",
    "options:",
    ...rows(options),
    ""
  ].join("\n");
}
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
  helpText,
  parseCommandArgs,
  listFlag
};
