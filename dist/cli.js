#!/usr/bin/env node
import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/errors.ts
var InputError = class extends Error {
  pos;
  hint;
  constructor(message, pos, hint) {
    super(message);
    this.name = "InputError";
    this.pos = pos;
    this.hint = hint;
  }
  /** `file:line:col: message (hint)`; without a position, just the message. */
  format() {
    const where = this.pos ? `${this.pos.file}:${this.pos.line}:${this.pos.col}: ` : "";
    return `${where}${this.message}${this.hint ? ` (${this.hint})` : ""}`;
  }
};
var InputErrors = class extends Error {
  errors;
  constructor(errors) {
    super(errors.map((e) => e.format()).join("\n"));
    this.name = "InputErrors";
    this.errors = errors;
  }
};
var WorldError = class extends Error {
  context;
  constructor(context, options) {
    super(
      [context.doing, context.target && `(${context.target})`, context.answer && `: ${context.answer}`].filter(Boolean).join(" ").replace(" :", ":"),
      options
    );
    this.name = "WorldError";
    this.context = context;
  }
};
var EXIT_OK = 0;
var EXIT_FAILURE = 1;
var EXIT_BAD_INPUT = 2;
function inputErrorsOf(err) {
  if (err instanceof InputErrors) return err.errors;
  if (err instanceof InputError) return [err];
  return void 0;
}
function exitCodeFor(err) {
  return inputErrorsOf(err) ? EXIT_BAD_INPUT : EXIT_FAILURE;
}
function describeError(err) {
  const inputs = inputErrorsOf(err);
  if (inputs) return inputs.map((e) => e.format()).join("\n");
  if (err instanceof Error) return err.message;
  return String(err);
}

// src/log.ts
var Masker = class {
  values = /* @__PURE__ */ new Set();
  add(value) {
    if (value && value.length >= 4) this.values.add(value);
  }
  mask(text) {
    let out = text;
    for (const v of this.values) out = out.split(v).join("***");
    return out;
  }
};
function streamLogger(options = {}) {
  const write = options.write ?? ((t) => void process.stderr.write(t));
  const masker = options.masker ?? new Masker();
  const where = (pos) => pos ? `${pos.file}:${pos.line}:${pos.col}: ` : "";
  const line = (text) => write(masker.mask(text) + "\n");
  return {
    info: (m) => line(m),
    warn: (m, pos) => line(`warning: ${where(pos)}${m}`),
    error: (m, pos) => line(`error: ${where(pos)}${m}`),
    debug: (m) => {
      if (options.debug) line(`debug: ${m}`);
    },
    async group(title, fn) {
      line(`== ${title}`);
      return fn();
    },
    secret: (v) => masker.add(v)
  };
}

// src/cli/command.ts
import { parseArgs } from "node:util";
function parseCommandArgs(cmd, argv) {
  try {
    return parseArgs({ args: argv, options: cmd.options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new InputError(`kiln ${cmd.name}: ${err.message}`, void 0, `usage: ${cmd.usage}`);
  }
}

// src/cli/commands/validate.ts
var validateCommand = {
  name: "validate",
  summary: "(not implemented yet)",
  usage: "kiln validate",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln validate", answer: "not implemented yet" });
  }
};

// src/cli/commands/schema.ts
var schemaCommand = {
  name: "schema",
  summary: "(not implemented yet)",
  usage: "kiln schema",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln schema", answer: "not implemented yet" });
  }
};

// src/cli/commands/plan.ts
var planCommand = {
  name: "plan",
  summary: "(not implemented yet)",
  usage: "kiln plan",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln plan", answer: "not implemented yet" });
  }
};

// src/cli/commands/build.ts
var buildCommand = {
  name: "build",
  summary: "(not implemented yet)",
  usage: "kiln build",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln build", answer: "not implemented yet" });
  }
};

// src/cli/commands/test.ts
var testCommand = {
  name: "test",
  summary: "(not implemented yet)",
  usage: "kiln test",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln test", answer: "not implemented yet" });
  }
};

// src/cli/commands/publish.ts
var publishCommand = {
  name: "publish",
  summary: "(not implemented yet)",
  usage: "kiln publish",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln publish", answer: "not implemented yet" });
  }
};

// src/cli/commands/release.ts
var releaseCommand = {
  name: "release",
  summary: "(not implemented yet)",
  usage: "kiln release",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln release", answer: "not implemented yet" });
  }
};

// src/cli/commands/sync.ts
var syncCommand = {
  name: "sync",
  summary: "(not implemented yet)",
  usage: "kiln sync",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln sync", answer: "not implemented yet" });
  }
};

// src/cli/commands/dev-cloud.ts
var devCloudCommand = {
  name: "dev-cloud",
  summary: "(not implemented yet)",
  usage: "kiln dev-cloud",
  options: {},
  async run() {
    throw new WorldError({ doing: "kiln dev-cloud", answer: "not implemented yet" });
  }
};

// src/cli/commands/index.ts
var COMMANDS = [
  validateCommand,
  schemaCommand,
  planCommand,
  buildCommand,
  testCommand,
  publishCommand,
  releaseCommand,
  syncCommand,
  devCloudCommand
];

// src/version.ts
var KILN_VERSION = "0.1.0";

// src/cli/main.ts
function help() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "kiln: build OpenStack cloud images and publish them to Glance safely",
    "",
    "usage: kiln <command> [options]",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
    (name ? stdout : stderr)(help());
    return name ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (name === "--version" || name === "-V") {
    stdout(`${KILN_VERSION}
`);
    return EXIT_OK;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    stderr(`kiln: unknown command '${name}'

${help()}`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    stdout(`usage: ${cmd.usage}
`);
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
