import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  helpText,
  parseCommandArgs
} from "./chunk-V4EEMMM5.js";
import {
  KILN_VERSION
} from "./chunk-PZVZ7HAU.js";
import {
  Masker,
  streamLogger
} from "./chunk-NI2LAZLN.js";
import {
  COMMANDS
} from "./chunk-HFNVR56B.js";
import {
  EXIT_BAD_INPUT,
  EXIT_OK,
  describeError,
  exitCodeFor
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/main.ts
async function overview() {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "kiln: build OpenStack cloud images and publish them to Glance safely",
    "",
    "usage: kiln <command> [options]",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run 'kiln <command> --help' for a command's options. Exit codes: 0 ok, 1 build/publish failure, 2 bad input.",
    ""
  ].join("\n");
}
async function main(argv, options = {}) {
  const stdout = options.stdout ?? ((t) => void process.stdout.write(t));
  const stderr = options.stderr ?? ((t) => void process.stderr.write(t));
  const env = options.env ?? process.env;
  const masker = new Masker();
  const logger = streamLogger({ write: stderr, masker, debug: env.KILN_DEBUG === "1" });
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? stdout : stderr)(await overview());
    return name ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (name === "--version" || name === "-V") {
    stdout(`${KILN_VERSION}
`);
    return EXIT_OK;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : void 0;
  if (!load) {
    stderr(`kiln: unknown command '${name}'

${await overview()}`);
    return EXIT_BAD_INPUT;
  }
  const cmd = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    stdout(helpText(cmd));
    return EXIT_OK;
  }
  const ctx = {
    logger,
    cwd: options.cwd ?? process.cwd(),
    env,
    stdout,
    signal: options.signal ?? new AbortController().signal
  };
  try {
    const { values, positionals } = parseCommandArgs(cmd, rest);
    return await cmd.run(values, positionals, ctx);
  } catch (err) {
    stderr(masker.mask(describeError(err)) + "\n");
    if (env.KILN_DEBUG === "1" && err instanceof Error && err.stack) stderr(masker.mask(err.stack) + "\n");
    return exitCodeFor(err);
  }
}
export {
  main,
  overview
};
