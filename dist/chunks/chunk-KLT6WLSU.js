import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  tryLock
} from "./chunk-IBFGSWZT.js";
import {
  findRootFilesystem,
  rawView
} from "./chunk-YU4BCPTU.js";
import {
  SBOM_FILE,
  diffPackages,
  imageSbom,
  packageChangeLines,
  sbomPackages
} from "./chunk-BUEB6AJG.js";
import {
  writeVerified
} from "./chunk-674CPF5Y.js";
import {
  gitHead,
  makeRecord,
  virtualSize
} from "./chunk-URRJLXEV.js";
import {
  RECORD_FILE,
  recordDir,
  writeRecord
} from "./chunk-MEIOC2ET.js";
import {
  builderFailure,
  logTail,
  withoutCredentials
} from "./chunk-ME62NV6M.js";
import {
  promotionSources
} from "./chunk-QCR5QIMH.js";
import {
  PROP,
  isStaging,
  prop
} from "./chunk-6DYCFFVP.js";
import {
  humanSize
} from "./chunk-MV7MNJMR.js";
import {
  imageGraph,
  planBuilds
} from "./chunk-ER67HBBX.js";
import {
  evaluate,
  glanceName,
  loadTemplate,
  loadVarFile,
  templateBlocks,
  variableValues
} from "./chunk-PUPMCPPH.js";
import {
  DIB_ARCH
} from "./chunk-YDNOFHPX.js";
import {
  runChecked
} from "./chunk-SRPYJRT6.js";
import {
  within
} from "./chunk-UW7J5A5E.js";
import {
  cacheDir,
  thirdPartyCheckoutDir,
  workTree
} from "./chunk-YDMM63TT.js";
import {
  InputError,
  WorldError,
  describeError
} from "./chunk-SXABORS3.js";

// src/image-build/packer-driver.ts
import { mkdir as mkdir2, readFile as readFile4, rmdir, stat as stat2 } from "node:fs/promises";
import { dirname, isAbsolute, join as join3, relative, resolve } from "node:path";

// src/image-build/build-index.ts
import { constants } from "node:fs";
import { copyFile, mkdir, readFile as readFile3, rename, rm, stat, writeFile as writeFile2 } from "node:fs/promises";
import { basename, join as join2 } from "node:path";

// src/image-build/scratch-owner.ts
import { readFile as readFile2, readlink as readlink2, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

// src/image-build/processes.ts
import { readdir, readFile, readlink } from "node:fs/promises";
async function procStat(pid, proc = "/proc") {
  const text = await readFile(`${proc}/${pid}/stat`, "utf8").catch(() => "");
  if (!text) return void 0;
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: f[0], pgrp: Number(f[2]), start: Number(f[19]) };
}
var exited = (s) => !s || s.state === "Z" || s.state === "X";
async function listProcesses(proc = "/proc") {
  const out = [];
  for (const name of await readdir(proc).catch(() => [])) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat6 = await procStat(pid, proc);
    if (!stat6) continue;
    const cmdline = await readFile(`${proc}/${name}/cmdline`, "utf8").catch(() => "");
    out.push({ pid, ...stat6, args: cmdline.replace(/\0$/, "").split("\0") });
  }
  return out;
}
async function heldPaths(pid, proc = "/proc") {
  const link = (p) => readlink(p).catch(() => void 0);
  const fds = await readdir(`${proc}/${pid}/fd`).catch(() => []);
  const paths = await Promise.all([
    link(`${proc}/${pid}/cwd`),
    link(`${proc}/${pid}/root`),
    ...fds.map((fd) => link(`${proc}/${pid}/fd/${fd}`))
  ]);
  return paths.filter((p) => p !== void 0).map((p) => p.replace(/ \(deleted\)$/, ""));
}
async function processesInside(chroot, proc = "/proc") {
  const pids = (await listProcesses(proc)).map((p) => p.pid);
  const roots = await Promise.all(pids.map((pid) => readlink(`${proc}/${pid}/root`).catch(() => void 0)));
  return pids.filter((_pid, i) => roots[i] !== void 0 && within(roots[i], chroot));
}
var mentions = (args, dir) => args.some((a) => within(a, dir) || within(a.slice(a.indexOf("=") + 1), dir));

// src/image-build/scratch-owner.ts
var OWNER_FILE = ".kiln-owner.json";
async function here(proc) {
  return {
    host: hostname(),
    boot: (await readFile2(`${proc}/sys/kernel/random/boot_id`, "utf8").catch(() => "")).trim(),
    pidns: await readlink2(`${proc}/self/ns/pid`).catch(() => "")
  };
}
async function stampOf(pid, proc = "/proc") {
  const stat6 = await procStat(pid, proc);
  return stat6 && { ...await here(proc), pid, start: stat6.start };
}
async function writeOwner(dir) {
  const stamp = await stampOf(process.pid);
  if (stamp) await writeFile(join(dir, OWNER_FILE), JSON.stringify(stamp));
}
async function readOwner(dir) {
  return readFile2(join(dir, OWNER_FILE), "utf8").then(
    (t) => JSON.parse(t),
    () => void 0
  );
}
async function ownerState(stamp, pid, proc = "/proc") {
  if (!stamp) return exited(await procStat(pid, proc)) ? "dead" : "alive";
  const self = await here(proc);
  if (stamp.host !== self.host) return "elsewhere";
  if (stamp.boot && self.boot && stamp.boot !== self.boot) return "dead";
  if (stamp.pidns !== self.pidns) return "elsewhere";
  const stat6 = await procStat(stamp.pid, proc);
  return exited(stat6) || stat6.start !== stamp.start ? "dead" : "alive";
}

// src/image-build/build-index.ts
var HISTORY = "durations.json";
var WORK_PREFIX = ".work-";
function workDirPid(name) {
  const m = /-(\d+)$/.exec(name);
  return name.startsWith(WORK_PREFIX) && m ? Number(m[1]) : void 0;
}
var BuildIndex = class {
  root;
  /** The last update of durations.json in this kiln: the next waits for it. */
  history = Promise.resolve();
  constructor(cache) {
    this.root = join2(cache, "builds");
  }
  entryDir(key) {
    return join2(this.root, key);
  }
  /** The complete entry for this key and image, or undefined. */
  async lookup(key, name, arch) {
    const dir = this.entryDir(key);
    const record = await readFile3(join2(dir, RECORD_FILE), "utf8").then(
      (t) => JSON.parse(t),
      () => void 0
    );
    if (!record || record.key !== key || record.name !== name || record.arch !== arch) return void 0;
    const st = await stat(join2(dir, record.file)).catch(() => void 0);
    if (!st?.isFile() || st.size !== record.size) return void 0;
    if (record.sbom && !await stat(join2(dir, record.sbom)).catch(() => void 0)) return void 0;
    return { dir, record };
  }
  /**
   * Moves a finished image (its record, and the SBOM the record names, which sits in `work`) into
   * the index, replacing an earlier entry of the key.
   * The entry is put together, and the one it replaces set aside, inside `work` (the build's scratch
   * folder): a kiln killed half-way leaves them in a folder the next `kiln build` sweeps.
   * `timed`: the record's duration is a build's, worth remembering as the next estimate (a promotion's
   * download time is not).
   */
  async store(work, imagePath, record, timed = true) {
    const dir = this.entryDir(record.key);
    const staging = join2(work, "index-entry");
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await moveFile(imagePath, join2(staging, record.file));
    if (record.sbom) await moveFile(join2(work, record.sbom), join2(staging, record.sbom));
    await writeRecord(staging, record);
    const replaced = join2(work, "replaced-entry");
    await rm(replaced, { recursive: true, force: true });
    await rename(dir, replaced).catch(() => void 0);
    await rename(staging, dir);
    await rm(replaced, { recursive: true, force: true });
    if (timed) await this.rememberDuration(record);
    return { dir, record };
  }
  /**
   * A scratch folder for one build, on the same filesystem as the index, marked as this process's so
   * that a later kiln can tell whether it is stale (stale-scratch.ts).
   */
  async workDir(key) {
    const dir = join2(this.root, `${WORK_PREFIX}${key.slice(0, 16)}-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeOwner(dir);
    return dir;
  }
  /** Seconds the last build of each `name/arch` took. */
  async durations() {
    return readFile3(join2(this.root, HISTORY), "utf8").then(
      (t) => JSON.parse(t),
      () => ({})
    );
  }
  /**
   * Builds that finish together in one kiln (`--threads`) update the file one after another: they
   * shared one temporary file name, and the second rename failed its build. Between two kilns a lost
   * update does no harm: it is only an estimate for ordering builds.
   */
  rememberDuration(record) {
    const update = this.history.then(async () => {
      const all = await this.durations();
      all[`${record.name}/${record.arch}`] = record.duration_s;
      const tmp = join2(this.root, `${HISTORY}.${process.pid}`);
      await writeFile2(tmp, JSON.stringify(all, null, 1));
      await rename(tmp, join2(this.root, HISTORY));
    });
    this.history = update.catch(() => {
    });
    return update;
  }
};
async function moveFile(from, to) {
  try {
    await rename(from, to);
  } catch (err) {
    if (err.code !== "EXDEV") throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
async function exportBuild(entry, output) {
  const dir = recordDir(output, entry.record.name, entry.record.arch);
  await mkdir(dir, { recursive: true });
  const imagePath = join2(dir, basename(entry.record.file));
  const tmp = `${imagePath}.${process.pid}.part`;
  await copyFile(join2(entry.dir, entry.record.file), tmp, constants.COPYFILE_FICLONE);
  await rename(tmp, imagePath);
  if (entry.record.sbom) await copyFile(join2(entry.dir, entry.record.sbom), join2(dir, entry.record.sbom));
  const recordPath = await writeRecord(dir, entry.record);
  return { record: entry.record, recordPath, imagePath };
}

// src/image-build/packer-output.ts
function parseMachineLine(line) {
  const parts = line.replace(/\r$/, "").split(",");
  if (parts.length < 3 || !/^\d+$/.test(parts[0])) return void 0;
  const data = parts.slice(3).map((d) => d.replaceAll("%!(PACKER_COMMA)", ",").replaceAll("\\n", "\n"));
  return { target: parts[1], type: parts[2], data };
}
function packerStep(line) {
  const parsed = parseMachineLine(line);
  const text = parsed ? parsed.type === "ui" ? parsed.data[1] ?? "" : "" : line;
  const m = /^==> [\w.-]+: (.+)$/.exec(text.trim());
  return m ? m[1].slice(0, 80) : void 0;
}
var ArtifactFiles = class {
  /** Build name -> artifact number -> its first file. */
  files = /* @__PURE__ */ new Map();
  add(line) {
    const parsed = parseMachineLine(line);
    if (parsed?.type !== "artifact" || parsed.data[1] !== "file" || parsed.data[2] !== "0") return;
    const n = Number(parsed.data[0]);
    let byNumber = this.files.get(parsed.target);
    if (!byNumber) this.files.set(parsed.target, byNumber = /* @__PURE__ */ new Map());
    byNumber.set(n, parsed.data.slice(3).join(","));
  }
  /** Builds that produced files. */
  builds() {
    return [...this.files.keys()];
  }
  /**
   * The image: the first file of the build's last artifact (post-processors such as a conversion
   * add artifacts after the builder's own; `manifest` repeats its input).
   */
  image(build) {
    const byNumber = this.files.get(build);
    if (!byNumber) return void 0;
    return byNumber.get(Math.max(...byNumber.keys()));
  }
};

// src/image-build/packer-driver.ts
var PACKER_PROGRAM = "packer";
function kilnVariables(input) {
  return {
    kiln_output_dir: input.outputDir,
    kiln_image_name: input.image.name,
    kiln_arch: input.arch,
    kiln_build_key: input.key,
    kiln_git_sha: input.gitSha,
    kiln_parent_image: input.parentImage
  };
}
function packerArgs(input, template) {
  const vars = Object.entries(kilnVariables(input)).filter(
    ([k, v]) => v !== void 0 && template.variables.has(k)
  );
  return [
    "build",
    "-machine-readable",
    "-color=false",
    "-force",
    ...input.varFiles.flatMap((f) => ["-var-file", resolve(input.root, f)]),
    ...vars.flatMap(([k, v]) => ["-var", `${k}=${v}`]),
    resolve(input.root, template.path)
  ];
}
function hasPlugins(version) {
  const [major, minor] = version.split(".").map(Number);
  return major > 1 || major === 1 && minor >= 7;
}
var needsInit = (version, template) => template.requiredPlugins && hasPlugins(version);
async function runPacker(input, run, runner) {
  const { image } = input;
  if (!image.template) throw new InputError(`packer image ${image.name} has no template`, image.pos);
  const tree = workTree(input.root);
  const template = await loadTemplate(tree, image.template, image.pos);
  const env = {
    ...withoutCredentials(run.env),
    PACKER_NO_COLOR: "1",
    CHECKPOINT_DISABLE: "1",
    PACKER_PLUGIN_PATH: input.pluginDir
  };
  const target = `${image.name} (${input.arch})`;
  const options = {
    cwd: input.root,
    env,
    logFile: run.logFile,
    signal: run.signal,
    processGroup: true,
    killGraceSeconds: run.killGraceSeconds
  };
  if (needsInit(image.builder_version, template)) {
    await mkdir2(input.pluginDir, { recursive: true });
    const init = await runner(PACKER_PROGRAM, ["init", resolve(input.root, template.path)], options);
    if (init.code !== 0) throw builderFailure("packer init", image.name, input.arch, init, run);
  }
  const artifacts = new ArtifactFiles();
  const res = await runner(PACKER_PROGRAM, packerArgs(input, template), {
    ...options,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      artifacts.add(line);
      const step = packerStep(line);
      if (step) run.onPhase(step);
    }
  });
  if (res.code !== 0) throw builderFailure("packer", image.name, input.arch, res, run);
  const builds = artifacts.builds();
  if (builds.length > 1) {
    throw new WorldError({
      doing: "finding the image packer built",
      target,
      answer: `builds ${builds.join(", ")} each made files; kiln takes one image per template (give each build its own template)`
    });
  }
  const found = builds.length === 1 ? artifacts.image(builds[0]) : await manifestImage(input, template);
  if (!found) {
    throw new WorldError({
      doing: "finding the image packer built",
      target,
      answer: "packer listed no artifact file, and no manifest post-processor names one in custom_data.kiln_image"
    });
  }
  return intoOutput(resolve(input.root, found), input, target);
}
async function manifestImage(input, template) {
  const tree = workTree(input.root);
  const varFiles = await Promise.all(input.varFiles.map(async (f) => (await loadVarFile(tree, f)).values));
  const scope = { template, vars: variableValues(template, varFiles, kilnVariables(input)) };
  for (const block of templateBlocks(template)) {
    if (block.kind !== "post-processor" || block.type !== "manifest") continue;
    const output = evaluate(block.body.output ?? "packer-manifest.json", scope);
    if (typeof output !== "string") continue;
    const text = await readFile4(resolve(input.root, output), "utf8").catch(() => void 0);
    if (text === void 0) continue;
    const manifest = JSON.parse(text);
    const runs = (manifest.builds ?? []).filter((b) => b.packer_run_uuid === manifest.last_run_uuid);
    const name = runs[runs.length - 1]?.custom_data?.kiln_image;
    if (name) return name;
  }
  return void 0;
}
async function intoOutput(file, input, target) {
  const st = await stat2(file).catch(() => void 0);
  if (!st?.isFile()) {
    throw new WorldError({
      doing: "finding the image packer built",
      target,
      answer: `${file} is not a file`
    });
  }
  const inside = relative(input.outputDir, file);
  if (!inside.startsWith("..") && !isAbsolute(inside)) return file;
  const to = join3(input.outputDir, file.slice(dirname(file).length + 1));
  await moveFile(file, to);
  const left = relative(input.root, dirname(file));
  if (left && !left.startsWith("..") && !isAbsolute(left)) await rmdir(dirname(file)).catch(() => void 0);
  return to;
}

// src/image-build/build-images.ts
import { join as join13 } from "node:path";
import { mkdir as mkdir6, rm as rm8 } from "node:fs/promises";

// src/image-build/builder-dispatch.ts
import { mkdir as mkdir5 } from "node:fs/promises";
import { join as join8 } from "node:path";

// src/image-build/artifacts.ts
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir as mkdir3, rename as rename2, rm as rm2, stat as stat3 } from "node:fs/promises";
import { join as join4 } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
function artifactPath(cache, sha256) {
  return join4(cache, "artifacts", "sha256", sha256.toLowerCase());
}
function artifactSource(artifact) {
  return artifact.url ?? `${artifact.site}:${artifact.container}/${artifact.object}`;
}
async function fetchArtifact(artifact, options) {
  const want = artifact.sha256.toLowerCase();
  const dest = artifactPath(options.cache, want);
  if (await stat3(dest).then(
    (s) => s.isFile(),
    () => false
  ))
    return dest;
  await mkdir3(join4(options.cache, "artifacts", "sha256"), { recursive: true });
  const tmp = `${dest}.${process.pid}.${Date.now()}.part`;
  const hash = createHash("sha256");
  const target = `${options.label} from ${artifactSource(artifact)}`;
  try {
    const source = artifact.url !== void 0 ? await openSource(artifact.url, target, options.signal) : await openObjectArtifact(artifact, target, options);
    const hashing = async function* (chunks) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    };
    await pipeline(source, hashing, createWriteStream(tmp), { signal: options.signal });
  } catch (err) {
    await rm2(tmp, { force: true });
    if (err instanceof WorldError) throw err;
    throw new WorldError(
      { doing: "downloading artifact", target, answer: err.message },
      { cause: err }
    );
  }
  const got = hash.digest("hex");
  if (got !== want) {
    await rm2(tmp, { force: true });
    throw new WorldError({
      doing: "checking the sha256 of artifact",
      target,
      answer: `expected ${want} (from the config) but the download has ${got}`
    });
  }
  await rename2(tmp, dest);
  return dest;
}
function openObjectArtifact(artifact, target, o) {
  if (!o.openObject) throw new Error("object-store artifacts need a connection to the site");
  const { object, container, site } = artifact;
  return o.openObject({ object, container, site }, { target, signal: o.signal });
}
async function openSource(url, target, signal) {
  if (url.startsWith("file:")) return createReadStream(fileURLToPath(url));
  const res = await fetch(url, { signal, redirect: "follow" });
  if (!res.ok || !res.body) {
    throw new WorldError({
      doing: "downloading artifact",
      target,
      answer: `HTTP ${res.status} ${res.statusText}`
    });
  }
  return Readable.fromWeb(res.body);
}

// src/image-build/ci-run.ts
function ciRunUrl(env) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  if (!server || !repo || !run) return void 0;
  return `${server.replace(/\/+$/, "")}/${repo}/actions/runs/${run}`;
}

// src/image-build/debian-mirror.ts
import { readdir as readdir2, readFile as readFile5 } from "node:fs/promises";
import { join as join5 } from "node:path";
function parseDeb822(text) {
  const out = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = /* @__PURE__ */ new Map();
    for (const line of stanza.split("\n")) {
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m) fields.set(m[1].toLowerCase(), m[2].trim());
    }
    if (!(fields.get("types") ?? "").split(/\s+/).includes("deb")) continue;
    if ((fields.get("enabled") ?? "yes").toLowerCase() === "no") continue;
    out.push({
      uris: (fields.get("uris") ?? "").split(/\s+/).filter(Boolean),
      suites: (fields.get("suites") ?? "").split(/\s+/).filter(Boolean)
    });
  }
  return out;
}
function parseSourcesList(text) {
  const out = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m) out.push({ uris: [m[1]], suites: [m[2]] });
  }
  return out;
}
function pickMirrors(sources, release) {
  const strip = (u) => u.replace(/\/+$/, "");
  const serving = (suite) => sources.find((s) => s.suites.includes(suite))?.uris[0];
  const mirror = serving(release);
  if (!mirror) return void 0;
  const security = serving(`${release}-security`);
  return { mirror: strip(mirror), security: security && strip(security) };
}
async function hostDebianMirrors(release, aptDir = "/etc/apt") {
  const sources = [];
  const read = async (path) => readFile5(path, "utf8").catch(() => "");
  sources.push(...parseSourcesList(await read(join5(aptDir, "sources.list"))));
  const dir = join5(aptDir, "sources.list.d");
  const names = (await readdir2(dir).catch(() => [])).sort();
  for (const name of names) {
    if (name.endsWith(".sources")) sources.push(...parseDeb822(await read(join5(dir, name))));
    else if (name.endsWith(".list")) sources.push(...parseSourcesList(await read(join5(dir, name))));
  }
  return pickMirrors(sources, release);
}
async function hostMirrorEnv(imageEnv, aptDir) {
  if (imageEnv.DIB_DISTRIBUTION_MIRROR) return {};
  const release = imageEnv.DIB_RELEASE ?? "bookworm";
  const found = await hostDebianMirrors(release, aptDir);
  if (!found) return {};
  const env = { DIB_DISTRIBUTION_MIRROR: found.mirror };
  if (found.security && !imageEnv.DIB_DEBIAN_SECURITY_MIRROR) {
    env.DIB_DEBIAN_SECURITY_MIRROR = found.security;
    env.DIB_DEBIAN_SECURITY_SUBPATH = imageEnv.DIB_DEBIAN_SECURITY_SUBPATH ?? "-security";
  }
  return env;
}

// src/image-build/dib-driver.ts
import { appendFile, readFile as readFile8, stat as stat4 } from "node:fs/promises";

// src/image-build/dib-leftovers.ts
import { readFile as readFile7, rm as rm3 } from "node:fs/promises";
import { dirname as dirname2, join as join6 } from "node:path";

// src/image-build/mount-table.ts
import { readFile as readFile6 } from "node:fs/promises";
async function mountPoints(proc = "/proc") {
  const text = await readFile6(`${proc}/self/mountinfo`, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map(
    (l) => l.split(" ")[4].replace(/\\([0-7]{3})/g, (_m, o) => String.fromCharCode(parseInt(o, 8)))
  );
}

// src/image-build/dib-leftovers.ts
var dibBuildDir = (line) => /Building in (\/\S+)/.exec(line)?.[1];
var dibChroot = (buildDir) => join6(buildDir, "mnt");
async function attachedImages(buildDir) {
  const text = await readFile7(join6(buildDir, "states/block-device/state.json"), "utf8").catch(() => "");
  try {
    const state = JSON.parse(text);
    return Object.values(state.blockdev ?? {}).map((d) => d.image).filter((i) => typeof i === "string" && i.startsWith("/"));
  } catch {
    return [];
  }
}
async function loopDevices(runner, env) {
  const res = await runner("losetup", ["--list", "--noheadings", "--raw", "--output", "NAME,BACK-FILE"], {
    env
  });
  return res.stdout.split("\n").map((l) => l.trim().split(" ")).filter(([device, file]) => device && file).map(([device, file]) => ({ device, file: file.replace(/\\x20/g, " ") }));
}
async function releaseDibLeftovers(buildDir, runner, env, proc = "/proc") {
  const out = { released: [], failed: [] };
  const asRoot = (cmd, args) => process.getuid?.() === 0 ? runner(cmd, args, { env }) : runner("sudo", ["-n", cmd, ...args], { env });
  const attempt = async (what, cmd, args, fallback) => {
    let res = await asRoot(cmd, args);
    if (res.code !== 0 && fallback) res = await asRoot(cmd, fallback);
    if (res.code === 0) out.released.push(what);
    else out.failed.push(`${what}: ${(res.stderr || res.stdout).trim() || `${cmd} exited with ${res.code}`}`);
  };
  for (const pid of await processesInside(dibChroot(buildDir), proc)) {
    try {
      process.kill(pid, "SIGKILL");
      out.released.push(`killed pid ${pid}, left running inside ${dibChroot(buildDir)}`);
    } catch {
    }
  }
  const images = await attachedImages(buildDir);
  const imageDirs = images.map((i) => dirname2(i));
  const unmountWithin = async (dirs) => {
    const mounts = (await mountPoints(proc)).filter((m) => dirs.some((d) => within(m, d))).reverse();
    for (const m of mounts) await attempt(`unmounted ${m}`, "umount", [m], ["--lazy", m]);
  };
  await unmountWithin([buildDir]);
  const loops = (await loopDevices(runner, env)).filter((l) => imageDirs.some((d) => within(l.file, d)));
  for (const { device } of loops.filter((l) => images.includes(l.file)))
    await attempt(`removed the partition mappings of ${device}`, "kpartx", ["-d", device]);
  const stillAttached = new Set((await loopDevices(runner, env)).map((l) => l.device));
  for (const { device, file } of loops.filter((l) => stillAttached.has(l.device)))
    await attempt(`detached ${device} (${file})`, "losetup", ["--detach", device]);
  await unmountWithin(imageDirs);
  if ((await mountPoints(proc)).some((m) => [buildDir, ...imageDirs].some((d) => within(m, d)))) return out;
  for (const dir of [buildDir, ...imageDirs]) await rm3(dir, { recursive: true, force: true }).catch(() => {
  });
  return out;
}

// src/image-build/dib-stop.ts
async function groupLeadersWith(marker, proc = "/proc") {
  return (await listProcesses(proc)).filter((p) => p.pgrp === p.pid && p.args.includes(marker)).map((p) => p.pid);
}
async function membersToStop(leaders, proc = "/proc") {
  return (await listProcesses(proc)).filter((p) => leaders.includes(p.pgrp) && !p.args.some((a) => a.endsWith("outfilter.py"))).map((p) => p.pid);
}
var CHROOT_POLL_MS = 500;
function stopGroupGently(marker, graceSeconds, chroot = () => void 0) {
  let timer;
  let finished = false;
  const signal = (pid, sig) => {
    try {
      process.kill(pid, sig);
    } catch {
    }
  };
  const warned = /* @__PURE__ */ new Set();
  const reapChroot = async () => {
    const dir = chroot();
    for (const pid of dir && !finished ? await processesInside(dir) : []) {
      signal(pid, warned.has(pid) ? "SIGKILL" : "SIGTERM");
      warned.add(pid);
    }
    if (!finished) setTimeout(() => void reapChroot(), CHROOT_POLL_MS).unref();
  };
  void (async () => {
    const leaders = await groupLeadersWith(marker);
    const members = await membersToStop(leaders);
    if (finished) return;
    for (const pid of members.filter((p) => !leaders.includes(p))) signal(pid, "SIGTERM");
    for (const pid of leaders) signal(pid, "SIGTERM");
    timer = setTimeout(() => leaders.forEach((pid) => signal(-pid, "SIGKILL")), graceSeconds * 1e3);
    timer.unref();
    setTimeout(() => void reapChroot(), CHROOT_POLL_MS).unref();
  })();
  return {
    done() {
      finished = true;
      if (timer) clearTimeout(timer);
    }
  };
}

// src/image-build/dib-driver.ts
var DIB_PROGRAM = "disk-image-create";
var DIB_CLEANUP_GRACE_S = 120;
var DROPPED_ENV = ["TMPDIR"];
function dibArgs(input) {
  return [
    "-a",
    DIB_ARCH[input.arch],
    "-t",
    input.image.disk_format,
    "-o",
    input.outputBase,
    "--image-cache",
    input.imageCache,
    ...input.image.elements
  ];
}
function dibEnv(input, base) {
  const env = withoutCredentials(base);
  for (const k of DROPPED_ENV) delete env[k];
  Object.assign(env, input.extraEnv ?? {}, input.image.env, input.artifacts, {
    ELEMENTS_PATH: input.elementsPath.join(":"),
    KILN_IMAGE_NAME: input.image.name,
    KILN_BUILD_KEY: input.key,
    KILN_GIT_SHA: input.gitSha,
    KILN_BUILD_DATE: input.buildDate.toISOString(),
    KILN_BUILD_URL: input.buildUrl ?? ""
  });
  return env;
}
function dibPhase(line) {
  const script = /dib-run-parts Running \S*\/([\w-]+\.d)\/([\w.-]+)/.exec(line);
  if (script) return `${script[1]} ${script[2]}`;
  const hooks = /Running hooks from \S*\/hooks\/([\w.-]+)/.exec(line);
  if (hooks) return hooks[1];
  if (/Converting image using qemu-img convert/.test(line)) return "converting image";
  if (/diskimage_builder\.block_device.*Creating partition/.test(line)) return "partitioning";
  return void 0;
}
async function kpartxTrap(logFile) {
  const misc = await readFile8("/proc/misc", "utf8").catch(() => "");
  if (/\bdevice-mapper\b/.test(misc)) return false;
  return /kernel device-mapper driver|mapper\/control: open failed/.test(await logTail(logFile, 80));
}
function withDeviceMapperHint(err) {
  return new WorldError({
    ...err.context,
    answer: `${err.context.answer}; this kernel has no device-mapper, so kpartx cannot map partitions: put kiln's scripts/host-shims first on PATH (docs/cli/build.md, "Hosts")`
  });
}
async function releaseLeftovers(buildDir, logFile, runner, env) {
  const { released, failed } = await releaseDibLeftovers(buildDir, runner, env);
  const lines = [
    ...released.map((r) => `kiln: disk-image-create left this behind: ${r}`),
    ...failed.map((f) => `kiln: could not release what disk-image-create left: ${f}`)
  ];
  if (lines.length > 0) await appendFile(logFile, lines.map((l) => `${l}
`).join(""));
  return failed;
}
async function runDib(input, run, runner) {
  if (run.signal?.aborted)
    throw new WorldError({ doing: `building ${input.image.name} (${input.arch})`, answer: "interrupted" });
  let stopping;
  let buildDir;
  const onAbort = () => {
    stopping = stopGroupGently(
      input.outputBase,
      run.killGraceSeconds ?? DIB_CLEANUP_GRACE_S,
      () => buildDir ? dibChroot(buildDir) : void 0
    );
  };
  run.signal?.addEventListener("abort", onAbort, { once: true });
  const env = dibEnv(input, run.env);
  const res = await runner(DIB_PROGRAM, dibArgs(input), {
    env,
    logFile: run.logFile,
    processGroup: true,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      buildDir ??= dibBuildDir(line);
      const phase = dibPhase(line);
      if (phase) run.onPhase(phase);
    }
  }).finally(() => {
    run.signal?.removeEventListener("abort", onAbort);
    stopping?.done();
  });
  if (res.code !== 0) {
    const failure = builderFailure("disk-image-create", input.image.name, input.arch, res, run);
    const unreleased = buildDir ? await releaseLeftovers(buildDir, run.logFile, runner, env) : [];
    if (unreleased.length > 0)
      throw new WorldError({
        ...failure.context,
        answer: `${failure.context.answer}; still attached after it (release by hand): ${unreleased.join("; ")}`
      });
    throw await kpartxTrap(run.logFile) ? withDeviceMapperHint(failure) : failure;
  }
  const file = `${input.outputBase}.${input.image.disk_format}`;
  if (!await stat4(file).then(
    (s) => s.isFile(),
    () => false
  )) {
    throw new WorldError({
      doing: "looking for the image disk-image-create wrote",
      target: `${input.image.name} (${input.arch})`,
      answer: `${file} does not exist; see ${run.logFile}`
    });
  }
  return file;
}

// src/image-build/third-party.ts
import { mkdir as mkdir4, rename as rename3, rm as rm4, stat as stat5 } from "node:fs/promises";
import { dirname as dirname3, join as join7 } from "node:path";
async function ensureThirdPartyCheckout(repo, options) {
  const dir = thirdPartyCheckoutDir(options.cache, repo);
  const elements = join7(dir, repo.elements_dir);
  if (await headOf(dir, options.runner) === repo.ref) return elements;
  if (await exists(dir)) await rm4(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm4(tmp, { recursive: true, force: true });
  await mkdir4(dirname3(dir), { recursive: true });
  const git = (args, doing) => runChecked(options.runner, "git", args, {
    cwd: tmp,
    signal: options.signal,
    doing,
    target: `${repo.name} (${repo.repo})`
  });
  try {
    await mkdir4(tmp);
    await git(["init", "--quiet"], "creating a checkout of third-party elements");
    const one = await options.runner("git", ["fetch", "--quiet", "--depth", "1", repo.repo, repo.ref], {
      cwd: tmp,
      signal: options.signal
    });
    if (one.code !== 0) {
      await git(
        ["fetch", "--quiet", "--tags", repo.repo, "+refs/heads/*:refs/remotes/origin/*"],
        "fetching third-party elements"
      );
    }
    await git(
      ["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", repo.ref],
      `checking out commit ${repo.ref} of`
    );
    const head = await headOf(tmp, options.runner);
    if (head !== repo.ref) {
      throw new WorldError({
        doing: "verifying the checkout of third-party elements",
        target: repo.name,
        answer: `HEAD is ${head ?? "missing"}, expected the pinned commit ${repo.ref}`
      });
    }
    if (!await exists(join7(tmp, repo.elements_dir))) {
      throw new WorldError({
        doing: "looking for third-party elements",
        target: `${repo.name} at ${repo.ref}`,
        answer: `the repo has no folder '${repo.elements_dir}' (elements_dir in third-party.yaml)`
      });
    }
    await rename3(tmp, dir);
  } finally {
    await rm4(tmp, { recursive: true, force: true });
  }
  return elements;
}
async function headOf(dir, runner) {
  if (!await exists(join7(dir, ".git"))) return void 0;
  const res = await runner("git", ["rev-parse", "--verify", "HEAD"], { cwd: dir }).catch(() => void 0);
  return res && res.code === 0 ? res.stdout.trim() : void 0;
}
var exists = (p) => stat5(p).then(
  () => true,
  () => false
);

// src/image-build/builder-dispatch.ts
var DEBIAN_ELEMENTS = /* @__PURE__ */ new Set(["debian", "debian-minimal"]);
var Builders = class {
  constructor(setup) {
    this.setup = setup;
  }
  setup;
  /** ELEMENTS_PATH dirs, made by the first DIB build (third-party checkouts). */
  elementsPath;
  /** Builds `planned` into `work`; returns the image file. `parentImage`: the parent's, for Packer. */
  async run(image, planned, work, driverRun, parentImage) {
    const { setup } = this;
    const id3 = `${planned.name}/${planned.arch}`;
    const artifacts = {};
    for (const [name, artifact] of Object.entries(image.artifacts)) {
      artifacts[name] = await fetchArtifact(artifact, {
        cache: setup.cache,
        label: `${id3}: ${name}`,
        signal: setup.signal,
        openObject: setup.openObject
      });
    }
    if (image.builder === "packer") {
      return runPacker(
        {
          image,
          arch: planned.arch,
          key: planned.key,
          root: setup.config.root,
          varFiles: image.var_files,
          outputDir: work,
          gitSha: setup.gitSha,
          parentImage,
          pluginDir: join8(setup.cache, "packer-plugins")
        },
        { ...driverRun, env: { ...driverRun.env, ...artifacts } },
        setup.runner
      );
    }
    this.elementsPath ??= this.elementsPathDirs();
    const usesDebian = image.elements.some((e) => DEBIAN_ELEMENTS.has(e));
    const imageCache = join8(setup.cache, "dib-image-cache", planned.arch);
    await setup.orphanedBuilders(imageCache, setup.signal);
    const locks = join8(setup.cache, "locks");
    await mkdir5(locks, { recursive: true });
    const aptCache = await tryLock(join8(locks, `dib-apt-archives-${planned.arch}.lock`));
    if (!aptCache)
      driverRun.onNote(
        `DIB's apt cache for ${planned.arch} is in use by another build: this build downloads its packages itself`
      );
    try {
      return await runDib(
        {
          image,
          arch: planned.arch,
          key: planned.key,
          elementsPath: await this.elementsPath,
          outputBase: join8(work, image.name),
          imageCache,
          artifacts,
          gitSha: setup.gitSha,
          buildUrl: ciRunUrl(setup.env),
          buildDate: setup.now(),
          extraEnv: {
            ...setup.env.KILN_HOST_MIRRORS === "1" && usesDebian ? await hostMirrorEnv(image.env) : {},
            ...aptCache ? {} : { DIB_APT_LOCAL_CACHE: "0" }
          }
        },
        driverRun,
        setup.runner
      );
    } finally {
      await aptCache?.();
    }
  }
  /** The project's elements/, then every third-party repo's elements dir at its pinned commit. */
  async elementsPathDirs() {
    const { config, cache, runner, signal } = this.setup;
    const dirs = [join8(config.root, "elements")];
    for (const repo of config.thirdParty.values()) {
      dirs.push(await ensureThirdPartyCheckout(repo, { cache, runner, signal }));
    }
    return dirs;
  }
};

// src/image-build/image-sbom.ts
import { mkdtemp, rm as rm5, writeFile as writeFile3 } from "node:fs/promises";
import { join as join9 } from "node:path";

// src/sbom/package-lists.ts
var byName = (a, b) => a.name.localeCompare(b.name) || a.arch.localeCompare(b.arch);
function parseDibDpkgManifest(text) {
  const data = JSON.parse(text);
  if (!Array.isArray(data.packages)) throw new Error('no "packages" list');
  const out = [];
  for (const p of data.packages) {
    const { package: pkg, version, arch, status } = p;
    if (typeof pkg !== "string" || typeof version !== "string" || typeof arch !== "string") continue;
    if (typeof status === "string" && !status.startsWith("ii")) continue;
    out.push({ name: pkg.replace(/:[^:]+$/, ""), version, arch });
  }
  return out.sort(byName);
}
function parseDpkgStatus(text) {
  const out = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name2) => new RegExp(`^${name2}:[ \\t]*(.*)$`, "m").exec(stanza)?.[1]?.trim();
    const name = field("Package");
    const version = field("Version");
    if (!name || !version || !/^\S+ ok installed$/.test(field("Status") ?? "")) continue;
    out.push({ name, version, arch: field("Architecture") ?? "all" });
  }
  return out.sort(byName);
}
function parseOsRelease(text) {
  const values = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) values.set(m[1], m[2].replace(/^(["'])(.*)\1$/, "$2"));
  }
  const id3 = values.get("ID");
  return id3 ? { id: id3, versionId: values.get("VERSION_ID") } : void 0;
}

// src/sbom/image-packages.ts
var DIB_MANIFESTS = "/etc/dib-manifests";
var DPKG_STATUS = "/var/lib/dpkg/status";
async function readImagePackages(runner, rawPath) {
  const root = await findRootFilesystem(runner, rawPath);
  if ("problem" in root) return root;
  const { fs } = root;
  const osRelease = await fs.readText("/etc/os-release");
  const distro = osRelease === void 0 ? void 0 : parseOsRelease(osRelease);
  if (!distro) return { problem: "no /etc/os-release with an ID: cannot name the distribution" };
  const manifests = (await fs.listDirs([DIB_MANIFESTS])).get(DIB_MANIFESTS) ?? [];
  const dib = manifests.find((e) => e.type === "file" && e.name.startsWith("dib-manifest-dpkg-"));
  const candidates = [[DPKG_STATUS, parseDpkgStatus]];
  if (dib) candidates.unshift([`${DIB_MANIFESTS}/${dib.name}`, parseDibDpkgManifest]);
  const problems = [];
  for (const [path, parse] of candidates) {
    const text = await fs.readText(path);
    if (text === void 0) continue;
    try {
      const packages = parse(text);
      if (packages.length) return { packages, distro, source: path };
      problems.push(`${path} lists no installed package`);
    } catch (err) {
      problems.push(`${path}: ${err.message}`);
    }
  }
  return {
    problem: problems.length ? problems.join("; ") : `no package database kiln reads (${DIB_MANIFESTS}/dib-manifest-dpkg-*, ${DPKG_STATUS}) in the image`
  };
}

// src/image-build/image-sbom.ts
async function addSbom(record, imagePath, dir, deps) {
  const label = `${record.name}/${record.arch}`;
  const scratch = await mkdtemp(join9(dir, "sbom-"));
  try {
    const raw = await rawView(deps.runner, { path: imagePath, format: record.format }, scratch, deps.signal);
    const found = await readImagePackages(deps.runner, raw);
    if ("problem" in found) {
      deps.logger.warn(`${label}: no SBOM: ${found.problem}`);
      return record;
    }
    const bom = imageSbom(record, found.packages, found.distro, found.source);
    await writeFile3(join9(dir, SBOM_FILE), JSON.stringify(bom, null, 2) + "\n");
    deps.logger.info(`${label}: SBOM lists ${found.packages.length} packages (from ${found.source})`);
    return { ...record, sbom: SBOM_FILE };
  } catch (err) {
    if (deps.signal?.aborted) throw err;
    deps.logger.warn(`${label}: no SBOM: ${err.message}`);
    return record;
  } finally {
    await rm5(scratch, { recursive: true, force: true });
  }
}

// src/image-build/package-changes.ts
import { readdir as readdir3, readFile as readFile9 } from "node:fs/promises";
import { join as join10 } from "node:path";
async function readJson(path) {
  return readFile9(path, "utf8").then(
    (t) => JSON.parse(t),
    () => void 0
  );
}
async function packagesOf(dir, record) {
  if (!record.sbom) return void 0;
  const bom = await readJson(join10(dir, record.sbom));
  return bom && sbomPackages(bom);
}
async function replacedPackages(indexRoot, name, arch) {
  const entries = await readdir3(indexRoot, { withFileTypes: true }).catch(() => []);
  let best;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const dir = join10(indexRoot, e.name);
    const record = await readJson(join10(dir, RECORD_FILE));
    if (record?.name !== name || record.arch !== arch || !record.sbom) continue;
    if (!best || record.built_at > best.record.built_at) best = { dir, record };
  }
  const packages = best && await packagesOf(best.dir, best.record);
  return best && packages ? { key: best.record.key, packages } : void 0;
}
function changeLines(before, after) {
  if (!before || !after) return void 0;
  return [
    `packages since build ${before.key.slice(0, 12)}:`,
    ...packageChangeLines(diffPackages(before.packages, after))
  ];
}

// src/image-build/promotion-policy.ts
import { rm as rm6 } from "node:fs/promises";

// src/image-build/promote.ts
import { join as join11 } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
var DOWNLOAD_ATTEMPTS = 3;
function pickCandidate(images, key, format, name) {
  const keyed = images.filter(
    (i) => i.status === "active" && !isStaging(i) && prop(i, PROP.buildKey) === key
  );
  if (keyed.length === 0) return { reason: "no image with this build key" };
  const usable = keyed.filter(
    (i) => i.disk_format === format && i.os_hash_algo === "sha512" && !!i.os_hash_value && i.os_hash_value === prop(i, PROP.sourceSha512) && /^[0-9a-f]{64}$/.test(prop(i, PROP.sourceSha256) ?? "") && typeof i.size === "number"
  );
  if (usable.length === 0) {
    const formats = [...new Set(keyed.map((i) => i.disk_format ?? "?"))].join(", ");
    return {
      reason: `only copies converted from the build (${formats}) carry this key, not the ${format} file`
    };
  }
  const rank = (i) => i.name === name ? 1 : 0;
  usable.sort((a, b) => rank(b) - rank(a) || b.created_at.localeCompare(a.created_at));
  return { image: usable[0] };
}
async function findCandidate(sources, planned, image, logger, unreachable) {
  const id3 = `${planned.name}/${planned.arch}`;
  for (const source of sources) {
    if (unreachable.has(source.site)) continue;
    let images;
    try {
      images = await source.imagesWithKey(planned.key);
    } catch (err) {
      unreachable.add(source.site);
      logger.warn(
        `cannot look for builds to promote on ${source.label}, so images will be built instead: ${describeError(err)}`
      );
      continue;
    }
    const pick = pickCandidate(images, planned.key, image.disk_format, glanceName(image, planned.arch));
    if ("image" in pick) return { source, image: pick.image };
    logger.info(`${id3}: nothing to promote from ${source.label}: ${pick.reason}`);
  }
  return void 0;
}
async function promoteImage(p) {
  const { planned, candidate } = p;
  const { image: g, source } = candidate;
  const started = p.now();
  const file = join11(p.dir, `${planned.name}.${p.image.disk_format}`);
  const what = `image ${g.name ?? ""} (${g.id}) on ${source.label}`;
  p.logger.info(
    `${planned.name}/${planned.arch}: promoting ${what}: the same build key ${planned.key.slice(0, 12)}`
  );
  let digest;
  for (let attempt = 1; !digest; attempt++) {
    try {
      digest = await writeVerified(
        await source.openData(g.id, p.signal),
        file,
        { size: g.size, sha512: g.os_hash_value, sha256: prop(g, PROP.sourceSha256) },
        {
          logger: p.logger,
          label: `${planned.name}/${planned.arch}`,
          source: what,
          promisedBy: "Glance",
          consequence: "the file was not kept"
        }
      );
    } catch (err) {
      if (!(err instanceof WorldError && err.transient) || attempt >= DOWNLOAD_ATTEMPTS || p.signal?.aborted)
        throw err;
      const delay = 1e3 * attempt;
      p.logger.warn(
        `${planned.name}/${planned.arch}: ${describeError(err)}; trying again in ${delay / 1e3} s (${attempt + 1} of ${DOWNLOAD_ATTEMPTS})`
      );
      await sleep(delay, void 0, { signal: p.signal });
    }
  }
  const record = {
    name: planned.name,
    arch: planned.arch,
    key: planned.key,
    builder: p.image.builder,
    builder_version: p.image.builder_version,
    format: p.image.disk_format,
    file: `${planned.name}.${p.image.disk_format}`,
    size: digest.size,
    virtual_size: await virtualSize(p.runner, file),
    sha256: digest.sha256,
    sha512: digest.sha512,
    // The bytes are those of the original build: its commit and date, not this run's.
    git_sha: prop(g, PROP.gitSha) ?? p.gitSha,
    built_at: prop(g, PROP.buildDate) ?? started.toISOString(),
    duration_s: Math.round((p.now().getTime() - started.getTime()) / 100) / 10,
    promoted_from: { site: source.site, image_id: g.id, image_name: g.name ?? "" }
  };
  return { file, record };
}

// src/image-build/promotion-policy.ts
var id = (p) => `${p.name}/${p.arch}`;
async function promoteAll(setup, planned, sources) {
  const { config, index, logger, signal } = setup;
  const rank = new Map(imageGraph(config.images).order.map((name, i) => [name, i]));
  const children = /* @__PURE__ */ new Map();
  for (const p of planned) {
    if (!p.parent) continue;
    const parentId = id({ name: p.parent, arch: p.arch });
    children.set(parentId, [...children.get(parentId) ?? [], id(p)]);
  }
  const promoted = /* @__PURE__ */ new Map();
  const unneeded = /* @__PURE__ */ new Set();
  const unreachable = /* @__PURE__ */ new Set();
  for (const p of [...planned].sort((a, b) => rank.get(b.name) - rank.get(a.name))) {
    const itemId = id(p);
    const kids = children.get(itemId) ?? [];
    if (p.reason === "parent" && kids.every((k) => promoted.has(k) || unneeded.has(k))) {
      unneeded.add(itemId);
      logger.info(`${itemId}: not needed: every image that needs it was promoted`);
      continue;
    }
    if (await index.lookup(p.key, p.name, p.arch)) continue;
    const image = config.images.get(p.name);
    const candidate = await findCandidate(sources, p, image, logger, unreachable);
    if (!candidate) {
      logger.info(`${itemId}: no build of key ${p.key.slice(0, 12)} to promote: building it`);
      continue;
    }
    await rm6(recordDir(setup.output, p.name, p.arch), { recursive: true, force: true });
    const work = await index.workDir(p.key);
    try {
      const { file, record } = await promoteImage({
        planned: p,
        image,
        candidate,
        dir: work,
        gitSha: setup.gitSha,
        now: setup.now,
        runner: setup.runner,
        logger,
        signal
      });
      const withSbom = await addSbom(record, file, work, { runner: setup.runner, logger, signal });
      promoted.set(itemId, await exportBuild(await index.store(work, file, withSbom, false), setup.output));
    } catch (err) {
      if (signal?.aborted) throw err;
      logger.warn(`${itemId}: not promoted, building it instead: ${describeError(err)}`);
    } finally {
      await rm6(work, { recursive: true, force: true });
    }
  }
  return { promoted, unneeded };
}

// src/image-build/scheduler.ts
function remainingChain(items) {
  const children = childrenOf(items);
  const memo = /* @__PURE__ */ new Map();
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const root of items) {
    const stack = [{ id: root.id, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (memo.has(top.id)) {
        stack.pop();
        continue;
      }
      const kids = children.get(top.id) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        for (const k of kids) if (!memo.has(k)) stack.push({ id: k, expanded: false });
        continue;
      }
      stack.pop();
      const below = kids.reduce((m, k) => Math.max(m, memo.get(k) ?? 0), 0);
      memo.set(top.id, estimateOf(byId.get(top.id)) + below);
    }
  }
  return memo;
}
function estimateOf(item) {
  return item.estimate !== void 0 && item.estimate > 0 ? item.estimate : 1;
}
function childrenOf(items) {
  const ids = new Set(items.map((i) => i.id));
  const children = /* @__PURE__ */ new Map();
  for (const i of items) {
    if (i.parent && ids.has(i.parent)) {
      const list = children.get(i.parent) ?? [];
      list.push(i.id);
      children.set(i.parent, list);
    }
  }
  return children;
}
async function runSchedule(items, build, options) {
  const slots = Math.max(1, Math.floor(options.slots));
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) throw new Error("scheduler: duplicate build ids");
  const children = childrenOf(items);
  const priority = options.order === "fifo" ? void 0 : remainingChain(items);
  const position = new Map(items.map((i, n) => [i.id, n]));
  const results = /* @__PURE__ */ new Map();
  const ready = items.filter((i) => !i.parent || !ids.has(i.parent)).map((i) => i.id);
  let running = 0;
  const takeNext = () => {
    if (ready.length === 0) return void 0;
    let best = 0;
    if (priority) {
      for (let n = 1; n < ready.length; n++) {
        const a = priority.get(ready[n]);
        const b = priority.get(ready[best]);
        if (a > b || a === b && position.get(ready[n]) < position.get(ready[best])) best = n;
      }
    }
    return ready.splice(best, 1)[0];
  };
  const failDescendants = (id3, failedParent) => {
    const stack = [...children.get(id3) ?? []];
    while (stack.length > 0) {
      const d = stack.pop();
      results.set(d, { id: d, status: "parent-failed", failedParent });
      stack.push(...children.get(d) ?? []);
    }
  };
  await new Promise((resolve2) => {
    const pump = () => {
      while (running < slots && !options.signal?.aborted) {
        const id3 = takeNext();
        if (id3 === void 0) break;
        running++;
        options.onEvent?.({ id: id3, phase: "start" });
        let outcome;
        try {
          outcome = build(id3);
        } catch (err) {
          outcome = Promise.reject(err);
        }
        outcome.then(
          (status) => {
            results.set(id3, { id: id3, status });
            ready.push(...children.get(id3) ?? []);
          },
          (error) => {
            results.set(id3, { id: id3, status: "failed", error });
            failDescendants(id3, id3);
          }
        ).finally(() => {
          running--;
          options.onEvent?.({ id: id3, phase: "end", status: results.get(id3).status });
          pump();
        });
      }
      if (running === 0) resolve2();
    };
    pump();
  });
  for (const i of items) if (!results.has(i.id)) results.set(i.id, { id: i.id, status: "cancelled" });
  return items.map((i) => results.get(i.id));
}

// src/image-build/stale-scratch.ts
import { lstat, readdir as readdir4, rm as rm7 } from "node:fs/promises";
import { setTimeout as sleep2 } from "node:timers/promises";
import { join as join12 } from "node:path";
var describeProcess = (p) => `pid ${p.pid} (${p.args.join(" ").slice(0, 200)})`;
async function diskUsage(path) {
  const st = await lstat(path).catch(() => void 0);
  if (!st) return 0;
  let bytes = st.blocks * 512;
  if (st.isDirectory()) {
    for (const name of await readdir4(path).catch(() => []))
      bytes += await diskUsage(join12(path, name));
  }
  return bytes;
}
async function sweepScratch(root, deps) {
  const { logger } = deps;
  const proc = deps.proc ?? "/proc";
  const dead = [];
  for (const name of await readdir4(root).catch(() => [])) {
    const pid = workDirPid(name);
    if (pid === void 0) continue;
    const dir = join12(root, name);
    const owner = await readOwner(dir);
    const state = await ownerState(owner, pid, proc);
    if (state === "dead") dead.push({ dir, pid });
    else if (state === "elsewhere")
      logger.info(
        `kept scratch folder ${dir}: made by kiln pid ${pid} on ${owner.host} (${owner.pidns}), whose processes are not visible from here; remove it by hand once no kiln there runs`
      );
  }
  if (dead.length === 0) return [];
  if (exited(await procStat(process.pid, proc))) {
    logger.warn(`cannot read the process table (${proc}): stale scratch folders under ${root} are kept`);
    return [];
  }
  const mounts = await mountPoints(proc);
  const processes = await listProcesses(proc);
  const held = new Map(
    await Promise.all(processes.map(async (p) => [p, await heldPaths(p.pid, proc)]))
  );
  const orphaned = [];
  for (const { dir, pid } of dead) {
    const mount = mounts.find((m) => within(m, dir));
    if (mount) {
      logger.warn(
        `kept scratch folder ${dir} of a dead kiln (pid ${pid}): ${mount} is mounted inside it; unmount it, then remove the folder`
      );
      continue;
    }
    const users = processes.filter((p) => mentions(p.args, dir) || held.get(p).some((h) => within(h, dir)));
    if (users.length > 0) {
      logger.info(
        `kept scratch folder ${dir} of a dead kiln (pid ${pid}): still used by ${users.map(describeProcess).join(", ")}`
      );
      orphaned.push({ dir, users });
      continue;
    }
    const bytes = await diskUsage(dir);
    try {
      await rm7(dir, { recursive: true, force: true });
      logger.info(`removed stale scratch folder ${dir} (${humanSize(bytes)}) of a dead kiln (pid ${pid})`);
    } catch (err) {
      logger.warn(`could not remove stale scratch folder ${dir}: ${describeError(err)}`);
    }
  }
  return orphaned;
}
var POLL_MS = 1e3;
var REPORT_EVERY = 60;
function orphanWait(orphans, root, deps) {
  const waits = /* @__PURE__ */ new Map();
  return (imageCache, signal) => {
    const users = orphans.flatMap((o) => o.users).filter((p) => mentions(p.args, imageCache));
    if (users.length === 0) return Promise.resolve();
    let wait = waits.get(imageCache);
    if (!wait) {
      wait = waitUntilGone(users, imageCache, deps, signal).then(async () => {
        if (!signal?.aborted) await sweepScratch(root, deps);
      });
      waits.set(imageCache, wait);
    }
    return wait;
  };
}
async function waitUntilGone(users, imageCache, deps, signal) {
  const proc = deps.proc ?? "/proc";
  const running = async () => {
    const left2 = [];
    for (const p of users) {
      const st = await procStat(p.pid, proc);
      if (!exited(st) && st.start === p.start) left2.push(p);
    }
    return left2;
  };
  let left = await running();
  if (left.length === 0) return;
  deps.logger.warn(
    `an orphaned builder of a killed kiln still uses the DIB image cache ${imageCache}: ${left.map(describeProcess).join(", ")}; waiting for it to end before building with that cache (it ends on its own; \`kill -TERM ${left.map((p) => p.pid).join(" ")}\` stops it and lets it clean up)`
  );
  for (let polls = 1; left.length > 0; polls++) {
    const slept = await sleep2(POLL_MS, true, { signal }).catch(() => false);
    if (!slept) return;
    left = await running();
    if (left.length > 0 && polls % REPORT_EVERY === 0)
      deps.logger.info(`still waiting for orphaned builder ${left.map((p) => `pid ${p.pid}`).join(", ")}`);
  }
  deps.logger.info(`orphaned builder gone: DIB image cache ${imageCache} is free`);
}

// src/image-build/summary.ts
var LABEL = {
  built: "built",
  promoted: "promoted",
  unchanged: "unchanged",
  failed: "FAILED",
  "parent-failed": "not built",
  cancelled: "cancelled"
};
function summarize(items) {
  const count = (s) => items.filter((i) => i.status === s).length;
  const parts = [
    `${count("built")} built`,
    `${count("unchanged")} unchanged (reused from the build index)`,
    ...count("promoted") > 0 ? [`${count("promoted")} promoted`] : [],
    `${count("failed")} failed`,
    `${count("parent-failed")} not built because a parent failed`
  ];
  if (count("cancelled") > 0) parts.push(`${count("cancelled")} cancelled`);
  const width = Math.max(0, ...items.map((i) => `${i.name}/${i.arch}`.length));
  const lines = items.map((i) => {
    const what = `${LABEL[i.status].padEnd(9)}  ${`${i.name}/${i.arch}`.padEnd(width)}`;
    switch (i.status) {
      case "built":
        return [
          `  ${what}  ${i.build?.recordPath ?? ""}`,
          ...(i.packageChanges ?? []).map((l) => `      ${l}`)
        ].join("\n");
      case "unchanged":
      case "promoted":
        return `  ${what}  ${i.build?.recordPath ?? ""}`;
      case "failed":
        return `  ${what}  ${(i.error ?? "").split("\n")[0]}`;
      case "parent-failed":
        return `  ${what}  parent ${i.failedParent} failed`;
      default:
        return `  ${what}  interrupted before it started`;
    }
  });
  return [`build summary: ${parts.join(", ")}`, ...lines].join("\n");
}

// src/image-build/build-images.ts
var hasBuild = (r) => r.status === "built" || r.status === "unchanged" || r.status === "promoted";
var DEFAULT_ESTIMATE_S = 600;
async function buildImages(req, deps) {
  if (req.images.length === 0)
    throw new InputError("kiln build: name at least one image", void 0, "usage: kiln build IMAGE...");
  const { config, logger, runner, progress } = deps;
  const plan = await planBuilds({ images: req.images, arches: req.arches }, deps);
  const sources = promotionSources(req.promoteFrom ?? [], config.sites, deps.promotionSource);
  if (req.force && sources.length > 0)
    logger.warn("--force rebuilds every image: nothing is promoted from --promote-from sites");
  const cache = cacheDir(deps.env, config.root);
  const index = new BuildIndex(cache);
  const orphans = await sweepScratch(index.root, { logger });
  const durations = await index.durations();
  const gitSha = await gitHead(runner, config.root);
  const ctx = {
    req,
    deps,
    config,
    index,
    gitSha,
    exported: /* @__PURE__ */ new Map(),
    packageChanges: /* @__PURE__ */ new Map(),
    builders: new Builders({
      config,
      cache,
      env: deps.env,
      runner,
      now: deps.now,
      gitSha,
      signal: deps.signal,
      openObject: deps.openObject,
      orphanedBuilders: orphanWait(orphans, index.root, { logger })
    })
  };
  const byId = new Map(plan.images.map((p) => [id2(p), p]));
  const { promoted, unneeded } = sources.length > 0 && !req.force ? await promoteAll(
    { config, index, output: req.output, gitSha, now: deps.now, runner, logger, signal: deps.signal },
    plan.images,
    sources
  ) : { promoted: /* @__PURE__ */ new Map(), unneeded: /* @__PURE__ */ new Set() };
  for (const [itemId, build] of promoted) ctx.exported.set(itemId, build);
  const toBuild = plan.images.filter((p) => !promoted.has(id2(p)) && !unneeded.has(id2(p)));
  const scheduled = await runSchedule(
    toBuild.map((p) => ({
      id: id2(p),
      parent: p.parent ? `${p.parent}/${p.arch}` : void 0,
      estimate: durations[id2(p)] ?? DEFAULT_ESTIMATE_S
    })),
    (itemId) => buildOne(ctx, byId.get(itemId), itemId),
    { slots: req.slots ?? 1, signal: deps.signal }
  );
  progress.close();
  const statusOf = new Map(scheduled.map((r) => [r.id, r]));
  for (const itemId of promoted.keys()) statusOf.set(itemId, { id: itemId, status: "promoted" });
  const results = plan.images.map((p) => statusOf.get(id2(p))).filter((r) => r !== void 0);
  const images = results.map((r) => {
    const p = byId.get(r.id);
    return {
      name: p.name,
      arch: p.arch,
      key: p.key,
      status: r.status,
      build: ctx.exported.get(r.id),
      error: r.error === void 0 ? void 0 : describeError(r.error),
      failedParent: r.failedParent,
      packageChanges: ctx.packageChanges.get(r.id)
    };
  });
  const summary = summarize(images);
  return {
    results: images,
    exitCode: images.every(hasBuild) ? 0 : 1,
    summary
  };
}
var id2 = (p) => `${p.name}/${p.arch}`;
async function buildOne(ctx, planned, id3) {
  const { req, deps, index } = ctx;
  if (!req.force) {
    const hit = await index.lookup(planned.key, planned.name, planned.arch);
    if (hit) {
      ctx.exported.set(id3, await exportBuild(hit, req.output));
      deps.logger.info(`${id3}: unchanged (build key ${planned.key.slice(0, 12)} is in the build index)`);
      return "unchanged";
    }
  }
  const image = ctx.config.images.get(planned.name);
  const outDir = recordDir(req.output, planned.name, planned.arch);
  await rm8(outDir, { recursive: true, force: true });
  await mkdir6(outDir, { recursive: true });
  const logFile = join13(outDir, "build.log");
  const work = await index.workDir(planned.key);
  deps.progress.start(id3);
  let failed = true;
  try {
    const started = deps.now();
    const parent = planned.parent ? ctx.exported.get(`${planned.parent}/${planned.arch}`) : void 0;
    const file = await ctx.builders.run(
      image,
      planned,
      work,
      {
        env: deps.env,
        logFile,
        signal: deps.signal,
        killGraceSeconds: req.killGraceSeconds,
        onPhase: (phase) => deps.progress.phase(id3, phase),
        onNote: (note) => deps.logger.info(`${id3}: ${note}`)
      },
      parent?.imagePath
    );
    const record = await makeRecord(
      {
        name: planned.name,
        arch: planned.arch,
        key: planned.key,
        builder: image.builder,
        builder_version: image.builder_version,
        format: image.disk_format,
        imagePath: file,
        git_sha: ctx.gitSha,
        build_url: ciRunUrl(deps.env),
        built_at: started,
        duration_s: (deps.now().getTime() - started.getTime()) / 1e3
      },
      deps.runner
    );
    const sbomDeps = { runner: deps.runner, logger: deps.logger, signal: deps.signal };
    const replaced = await replacedPackages(index.root, planned.name, planned.arch);
    const withSbom = await addSbom(record, file, work, sbomDeps);
    const changes = changeLines(replaced, await packagesOf(work, withSbom));
    const entry = await index.store(work, file, withSbom);
    if (changes) ctx.packageChanges.set(id3, changes);
    ctx.exported.set(id3, await exportBuild(entry, req.output));
    failed = false;
    return "built";
  } finally {
    await rm8(work, { recursive: true, force: true });
    await deps.progress.end(id3, failed, logFile);
  }
}

export {
  hasPlugins,
  hasBuild,
  buildImages
};
