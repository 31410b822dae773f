import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  Masker
} from "./chunks/chunk-NI2LAZLN.js";
import {
  readInputs
} from "./chunks/chunk-BYGGE2JT.js";
import {
  renderSummary
} from "./chunks/chunk-CBDUIAZ3.js";
import "./chunks/chunk-XQKFXZ5F.js";
import "./chunks/chunk-MV7MNJMR.js";
import "./chunks/chunk-Y6THQUYM.js";
import "./chunks/chunk-JDJ7YIXR.js";
import "./chunks/chunk-YDNOFHPX.js";
import {
  run
} from "./chunks/chunk-SRPYJRT6.js";
import {
  maskKey
} from "./chunks/chunk-2RI5WXA3.js";
import {
  require_dist
} from "./chunks/chunk-VNYJLFTL.js";
import {
  InputError,
  describeError,
  exitCodeFor,
  inputErrorsOf
} from "./chunks/chunk-SXABORS3.js";
import {
  __toESM
} from "./chunks/chunk-NRF5ZCPO.js";

// src/action/main.ts
import { homedir, tmpdir } from "node:os";

// src/action/actions-logger.ts
import { isAbsolute, relative } from "node:path";

// src/action/workflow-commands.ts
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { EOL } from "node:os";
var escapeData = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
var escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
function getInput(name, env = process.env) {
  return env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "";
}
function issueCommand(command, message, properties = {}) {
  const props = Object.entries(properties).filter(([, v]) => v !== void 0 && v !== "").map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  process.stdout.write(`::${command}${props ? ` ${props}` : ""}::${escapeData(message)}${EOL}`);
}
function appendTo(variable, text) {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: not running in a GitHub Actions step`);
  if (!existsSync(file)) throw new Error(`${variable} points at a missing file: ${file}`);
  appendFileSync(file, text, "utf8");
}
function setOutput(name, value) {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendTo("GITHUB_OUTPUT", `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
}
function appendSummary(markdown) {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  appendTo("GITHUB_STEP_SUMMARY", markdown + EOL);
  return true;
}

// src/action/actions-logger.ts
function annotationFor(pos, workspace) {
  const rel = isAbsolute(pos.file) ? relative(workspace, pos.file) : pos.file;
  return { file: rel.startsWith("..") ? pos.file : rel.split("\\").join("/"), line: pos.line, col: pos.col };
}
function actionsLogger(workspace, masker = new Masker()) {
  const m = (text) => masker.mask(text);
  const at = (pos) => pos ? annotationFor(pos, workspace) : {};
  return {
    info: (message) => void process.stdout.write(m(message) + "\n"),
    warn: (message, pos) => issueCommand("warning", m(message), at(pos)),
    error: (message, pos) => issueCommand("error", m(message), at(pos)),
    // Shown when the workflow turns on step debug logging.
    debug: (message) => issueCommand("debug", m(message)),
    async group(title, fn) {
      issueCommand("group", m(title));
      try {
        return await fn();
      } finally {
        issueCommand("endgroup", "");
      }
    },
    secret(value) {
      masker.add(value);
      if (value) issueCommand("add-mask", value);
    }
  };
}

// src/action/clouds-secret.ts
var import_yaml = __toESM(require_dist(), 1);
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
var SECRET_KEY = /pass(word)?|secret|token|credential|private|key$/i;
function secretValues(node, underSecretKey = false) {
  if (typeof node === "string" || typeof node === "number") return underSecretKey ? [String(node)] : [];
  if (Array.isArray(node)) return node.flatMap((v) => secretValues(v, underSecretKey));
  if (node && typeof node === "object") {
    return Object.entries(node).flatMap(([k, v]) => secretValues(v, underSecretKey || SECRET_KEY.test(k)));
  }
  return [];
}
async function writeCloudsYaml(text, tmpRoot, logger) {
  const doc = (0, import_yaml.parseDocument)(text);
  if (doc.errors.length > 0) {
    const at = doc.errors[0].linePos?.[0];
    throw new InputError(
      `input '${"clouds-yaml" /* CloudsYaml */}' is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}`
    );
  }
  const data = doc.toJS();
  for (const v of secretValues(data)) logger.secret(v);
  if (!data || typeof data !== "object" || !("clouds" in data)) {
    throw new InputError(
      `input '${"clouds-yaml" /* CloudsYaml */}' has no 'clouds:' mapping`,
      void 0,
      "it must hold a clouds.yaml"
    );
  }
  const dir = await mkdtemp(join(tmpRoot, "kiln-clouds-"));
  const path = join(dir, "clouds.yaml");
  await writeFile(path, text, { mode: 384 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

// src/action/core-env.ts
var RUNNER_SECRETS = /^(INPUT_|ACTIONS_(RUNTIME_TOKEN|ID_TOKEN_REQUEST_TOKEN|ID_TOKEN_REQUEST_URL)$)/;
function coreEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !RUNNER_SECRETS.test(k)));
}

// src/action/main.ts
var COMMANDS = {
  plan: async () => (await import("./chunks/plan-2PVUWD24.js")).planAction,
  build: async () => (await import("./chunks/build-DQA4636A.js")).buildAction,
  test: async () => (await import("./chunks/test-3XPR4636.js")).testAction,
  publish: async () => (await import("./chunks/publish-6REASHZE.js")).publishAction,
  release: async () => (await import("./chunks/release-L7P3T43E.js")).releaseAction,
  sync: async () => (await import("./chunks/sync-MXWTRMJT.js")).syncAction
};
function writeSummary(summary, masker, logger) {
  if (!appendSummary(masker.mask(renderSummary(summary))))
    logger.debug("no GITHUB_STEP_SUMMARY: summary skipped");
}
function reportFailure(err, logger, masker) {
  const inputs = inputErrorsOf(err);
  if (inputs) {
    for (const e of inputs) logger.error(e.format(), e.pos);
    return inputs.map((e) => `- \u274C ${masker.mask(e.format())}`);
  }
  const message = describeError(err);
  logger.error(message);
  return [`\u274C ${masker.mask(message)}`];
}
async function run2() {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const tmp = process.env.RUNNER_TEMP ?? tmpdir();
  const masker = new Masker();
  const logger = actionsLogger(workspace, masker);
  const abort = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => abort.abort());
  const cleanups = [];
  let title = "kiln";
  try {
    const inputs = readInputs((name) => getInput(name), workspace, homedir());
    title = `kiln ${inputs.command}`;
    const env = coreEnv(process.env);
    if (inputs.githubToken) logger.secret(inputs.githubToken);
    if (inputs.signingKey) maskKey(inputs.signingKey, logger);
    if (inputs.cloudsYaml) {
      const clouds = await writeCloudsYaml(inputs.cloudsYaml, tmp, logger);
      cleanups.push(clouds.remove);
      env.OS_CLIENT_CONFIG_FILE = clouds.path;
    }
    const command = await COMMANDS[inputs.command]();
    const result = await command({
      inputs,
      logger,
      env,
      workspace,
      tmp,
      runner: run,
      signal: abort.signal
    });
    for (const [name, value] of Object.entries(result.outputs)) setOutput(name, value);
    writeSummary(result.summary, masker, logger);
    if (result.failure) {
      logger.error(result.failure);
      process.exitCode = 1;
    }
  } catch (err) {
    const notes = reportFailure(err, logger, masker);
    process.exitCode = exitCodeFor(err);
    try {
      writeSummary({ title: `${title}: failed`, rows: [], notes }, masker, logger);
    } catch {
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => logger.warn(`cleanup: ${e.message}`));
  }
}

// src/action/index.ts
await run2();
