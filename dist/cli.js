#!/usr/bin/env node
import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  helpText,
  parseCommandArgs
} from "./chunks/chunk-V4EEMMM5.js";
import {
  KILN_VERSION
} from "./chunks/chunk-PZVZ7HAU.js";
import {
  Masker,
  streamLogger
} from "./chunks/chunk-NI2LAZLN.js";
import {
  EXIT_BAD_INPUT,
  EXIT_OK,
  describeError,
  exitCodeFor
} from "./chunks/chunk-SXABORS3.js";
import "./chunks/chunk-NRF5ZCPO.js";

// src/cli/commands/index.ts
var COMMANDS = {
  validate: async () => (await import("./chunks/validate-4BX3YRRX.js")).validateCommand,
  schema: async () => (await import("./chunks/schema-CBHN7TL3.js")).schemaCommand,
  lock: async () => (await import("./chunks/lock-UNMYMYXC.js")).lockCommand,
  plan: async () => (await import("./chunks/plan-QTFKAGN6.js")).planCommand,
  build: async () => (await import("./chunks/build-HCRUF27E.js")).buildCommand,
  test: async () => (await import("./chunks/test-XG3JIKUX.js")).testCommand,
  publish: async () => (await import("./chunks/publish-VEDQQZQD.js")).publishCommand,
  release: async () => (await import("./chunks/release-HJZMCHV7.js")).releaseCommand,
  sync: async () => (await import("./chunks/sync-I5QZCEGS.js")).syncCommand,
  "verify-signature": async () => (await import("./chunks/verify-signature-PF5C5PMO.js")).verifySignatureCommand,
  "dev-cloud": async () => (await import("./chunks/dev-cloud-JWXLMCUU.js")).devCloudCommand
};

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

// src/cli/index.ts
var controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
