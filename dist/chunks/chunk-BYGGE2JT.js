import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  MAKE_LATEST_CHOICES
} from "./chunk-XQKFXZ5F.js";
import {
  COMMAND_NAMES,
  DEFAULT_PACKER_URL
} from "./chunk-JDJ7YIXR.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/action/inputs.ts
import { isAbsolute, resolve } from "node:path";
function makeLatestInput(value) {
  const choice = value || "auto";
  if (!MAKE_LATEST_CHOICES.includes(choice)) {
    throw new InputError(
      `input '${"make-latest" /* MakeLatest */}': '${value}' is not one of ${MAKE_LATEST_CHOICES.join(", ")}`
    );
  }
  return choice;
}
function listInput(value) {
  return value.split(/[\s,]+/).filter(Boolean);
}
function jobArches(requested, images) {
  return ARCHES.filter(
    (a) => requested.length > 0 ? requested.includes(a) : images.some((i) => i.architectures.includes(a))
  );
}
function runnerLabelsInput(value) {
  if (!value) return {};
  let data;
  try {
    data = JSON.parse(value);
  } catch {
    data = void 0;
  }
  const ok = data && typeof data === "object" && !Array.isArray(data) && Object.entries(data).every(
    ([arch, v]) => ARCHES.includes(arch) && Array.isArray(v) && v.every((l) => typeof l === "string")
  );
  if (!ok) {
    throw new InputError(
      `input '${"runners" /* RunnerLabels */}' must be a JSON object of architecture (${ARCHES.join(", ")}) -> list of runner labels`,
      void 0,
      'e.g. {"amd64": ["self-hosted", "linux", "x64"]}'
    );
  }
  return data;
}
function bool(name, value, fallback) {
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`input '${name}' must be true or false, got '${value}'`);
}
function readInputs(get, workspace, home) {
  const str = (name) => get(name).trim();
  const opt = (name) => str(name) || void 0;
  const path = (name, fallback, base = workspace) => {
    const v = str(name) || fallback;
    return isAbsolute(v) ? v : resolve(base, v);
  };
  const command = str("command" /* Command */);
  if (!command)
    throw new InputError(`input '${"command" /* Command */}' is required`, void 0, COMMAND_NAMES.join(" | "));
  if (!COMMAND_NAMES.includes(command)) {
    throw new InputError(
      `input '${"command" /* Command */}': unknown command '${command}'`,
      void 0,
      COMMAND_NAMES.join(" | ")
    );
  }
  let threads;
  if (str("threads" /* Threads */)) {
    threads = Number(str("threads" /* Threads */));
    if (!Number.isInteger(threads) || threads < 1) {
      throw new InputError(
        `input '${"threads" /* Threads */}' must be a positive integer, got '${str("threads" /* Threads */)}'`
      );
    }
  }
  const root = path("working-directory" /* WorkingDirectory */, ".");
  return {
    command,
    root,
    configDir: str("config-dir" /* ConfigDir */) ? path("config-dir" /* ConfigDir */, "", root) : void 0,
    images: listInput(str("images" /* Images */)),
    architectures: listInput(str("architectures" /* Architectures */)),
    since: opt("since" /* Since */),
    runnerLabels: runnerLabelsInput(str("runners" /* RunnerLabels */)),
    threads,
    force: bool("force" /* Force */, str("force" /* Force */), false),
    promoteFrom: listInput(str("promote-from" /* PromoteFrom */)),
    resultsDir: path("results-dir" /* ResultsDir */, "kiln-results"),
    sites: listInput(str("sites" /* Sites */)),
    dryRun: bool("dry-run" /* DryRun */, str("dry-run" /* DryRun */), false),
    // Not trimmed: a YAML secret keeps its exact text.
    cloudsYaml: get("clouds-yaml" /* CloudsYaml */) || void 0,
    signingKey: get("signing-key" /* SigningKey */).trim() || void 0,
    tag: opt("tag" /* Tag */),
    baseUrl: opt("base-url" /* BaseUrl */),
    objectStore: opt("object-store" /* ObjectStore */),
    uploadOnly: bool("upload-only" /* UploadOnly */, str("upload-only" /* UploadOnly */), false),
    makeLatest: makeLatestInput(str("make-latest" /* MakeLatest */)),
    repository: opt("repository" /* Repository */),
    githubToken: opt("github-token" /* GithubToken */),
    manifest: opt("manifest" /* Manifest */),
    cloud: opt("cloud" /* Cloud */),
    diskFormat: opt("disk-format" /* DiskFormat */),
    visibility: opt("visibility" /* Visibility */),
    cache: bool("cache" /* Cache */, str("cache" /* Cache */), true),
    // Outside the workspace by default: actions/checkout cleans the workspace, and on a persistent
    // self-hosted runner the build index must survive from one job to the next.
    cacheDir: path("cache-dir" /* CacheDir */, resolve(home, ".cache/kiln")),
    setupTools: bool("setup-tools" /* SetupTools */, str("setup-tools" /* SetupTools */), true),
    packerVersion: opt("packer-version" /* PackerVersion */),
    packerUrl: str("packer-url" /* PackerUrl */) || DEFAULT_PACKER_URL
  };
}

export {
  jobArches,
  readInputs
};
