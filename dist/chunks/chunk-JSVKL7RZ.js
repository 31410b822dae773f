import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  glanceName,
  namedSites
} from "./chunk-T2QRH4EB.js";
import {
  writeVerified
} from "./chunk-IP6TO5IC.js";
import {
  PROP,
  digestFile,
  isStaging,
  prop
} from "./chunk-B5HWJ4DE.js";
import {
  HttpGlanceClient,
  keystoneSession,
  resolveCloud
} from "./chunk-BZTLKY6W.js";
import {
  DEFAULT_IDLE_TIMEOUT_MS
} from "./chunk-CV4SHINA.js";
import {
  RECORD_FILE,
  recordDir,
  writeRecord
} from "./chunk-Y5RLNFB6.js";
import {
  humanSize
} from "./chunk-MV7MNJMR.js";
import {
  imageGraph,
  planBuilds
} from "./chunk-H7SX73YT.js";
import {
  loadConfig
} from "./chunk-7LVAP3ZD.js";
import {
  cacheDir,
  thirdPartyCheckoutDir
} from "./chunk-LSNICYBZ.js";
import {
  run,
  runChecked
} from "./chunk-YO3QHAM6.js";
import {
  DIB_ARCH
} from "./chunk-YDNOFHPX.js";
import {
  InputError,
  WorldError,
  describeError
} from "./chunk-SXABORS3.js";

// src/build/progress.ts
import { readFile as readFile2 } from "node:fs/promises";

// src/build/driver-run.ts
import { readFile } from "node:fs/promises";
var CREDENTIAL_NAME = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|CREDENTIALS?|PRIVATE_KEY|API_KEY|ACCESS_KEY)(_|$)/i;
function withoutCredentials(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !CREDENTIAL_NAME.test(k)));
}
function builderFailure(program, name, arch, res, run2) {
  const how = res.signal ? `was stopped by ${res.signal}` : `exited with status ${res.code}`;
  return new WorldError({
    doing: `building ${name} (${arch})`,
    answer: `${program} ${how}; full log: ${run2.logFile}`
  });
}
async function logTail(path, lines = 40) {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.replace(/\n+$/, "").split("\n").slice(-lines).join("\n");
}

// src/build/progress.ts
var FAILURE_TAIL_LINES = 40;
function elapsed(ms) {
  const s = Math.floor(ms / 1e3);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
function buildProgress(options) {
  const now = options.now ?? Date.now;
  const running = /* @__PURE__ */ new Map();
  const { logger, tty } = options;
  let drawn = 0;
  const erase = () => {
    if (tty && drawn > 0) tty.write(`\x1B[${drawn}A\x1B[J`);
    drawn = 0;
  };
  const draw = () => {
    if (!tty) return;
    erase();
    const width = Math.max(20, (tty.columns ?? 100) - 1);
    const lines = [...running].map(
      ([id2, r]) => `  ${id2}  ${elapsed(now() - r.since)}  ${r.phase}`.slice(0, width) + "\n"
    );
    tty.write(lines.join(""));
    drawn = lines.length;
  };
  const say = (fn) => {
    erase();
    fn();
    draw();
  };
  const timer = tty ? setInterval(draw, options.intervalMs ?? 1e3) : void 0;
  timer?.unref();
  return {
    start(id2) {
      running.set(id2, { since: now(), phase: "starting" });
      say(() => logger.info(`${id2}: build started`));
    },
    phase(id2, phase) {
      const r = running.get(id2);
      if (!r || r.phase === phase) return;
      r.phase = phase;
      if (tty) draw();
      else logger.info(`${id2}: ${phase} (${elapsed(now() - r.since)})`);
    },
    async end(id2, failed, logFile) {
      const r = running.get(id2);
      running.delete(id2);
      const took = r ? ` after ${elapsed(now() - r.since)}` : "";
      const full = !tty && logFile ? await readFile2(logFile, "utf8").catch(() => "") : "";
      const tail = failed && logFile ? await logTail(logFile, FAILURE_TAIL_LINES) : "";
      erase();
      if (full) await logger.group(`${id2} log`, async () => logger.info(full.replace(/\n$/, "")));
      if (failed) {
        logger.error(`${id2}: build failed${took}${logFile ? `; last lines of ${logFile}:` : ""}`);
        if (tail) logger.info(tail);
      } else {
        logger.info(`${id2}: build finished${took}`);
      }
      draw();
    },
    close() {
      if (timer) clearInterval(timer);
      erase();
    }
  };
}

// src/build/build-images.ts
import { join as join9 } from "node:path";
import { mkdir as mkdir4, rm as rm5 } from "node:fs/promises";

// src/build/artifacts.ts
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
function artifactPath(cache, sha256) {
  return join(cache, "artifacts", "sha256", sha256.toLowerCase());
}
async function fetchArtifact(artifact, options) {
  const want = artifact.sha256.toLowerCase();
  const dest = artifactPath(options.cache, want);
  if (await stat(dest).then(
    (s) => s.isFile(),
    () => false
  ))
    return dest;
  await mkdir(join(options.cache, "artifacts", "sha256"), { recursive: true });
  const tmp = `${dest}.${process.pid}.${Date.now()}.part`;
  const hash = createHash("sha256");
  const target = `${options.label} from ${artifact.url}`;
  try {
    const source = await openSource(artifact.url, target, options.signal);
    const hashing = async function* (chunks) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    };
    await pipeline(source, hashing, createWriteStream(tmp), { signal: options.signal });
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof WorldError) throw err;
    throw new WorldError(
      { doing: "downloading artifact", target, answer: err.message },
      { cause: err }
    );
  }
  const got = hash.digest("hex");
  if (got !== want) {
    await rm(tmp, { force: true });
    throw new WorldError({
      doing: "checking the sha256 of artifact",
      target,
      answer: `expected ${want} (from the config) but the download has ${got}`
    });
  }
  await rename(tmp, dest);
  return dest;
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

// src/build/build-index.ts
import { constants } from "node:fs";
import { copyFile, mkdir as mkdir2, readFile as readFile5, rename as rename2, rm as rm2, stat as stat2, writeFile as writeFile2 } from "node:fs/promises";
import { basename, join as join3 } from "node:path";

// src/build/scratch-owner.ts
import { readFile as readFile4, readlink as readlink2, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join as join2 } from "node:path";

// src/build/processes.ts
import { readdir, readFile as readFile3, readlink } from "node:fs/promises";
async function procStat(pid, proc = "/proc") {
  const text = await readFile3(`${proc}/${pid}/stat`, "utf8").catch(() => "");
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
    const cmdline = await readFile3(`${proc}/${name}/cmdline`, "utf8").catch(() => "");
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
var within = (path, dir) => path === dir || path.startsWith(`${dir}/`);
var mentions = (args, dir) => args.some((a) => within(a, dir) || within(a.slice(a.indexOf("=") + 1), dir));

// src/build/scratch-owner.ts
var OWNER_FILE = ".kiln-owner.json";
async function here(proc) {
  return {
    host: hostname(),
    boot: (await readFile4(`${proc}/sys/kernel/random/boot_id`, "utf8").catch(() => "")).trim(),
    pidns: await readlink2(`${proc}/self/ns/pid`).catch(() => "")
  };
}
async function stampOf(pid, proc = "/proc") {
  const stat6 = await procStat(pid, proc);
  return stat6 && { ...await here(proc), pid, start: stat6.start };
}
async function writeOwner(dir) {
  const stamp = await stampOf(process.pid);
  if (stamp) await writeFile(join2(dir, OWNER_FILE), JSON.stringify(stamp));
}
async function readOwner(dir) {
  return readFile4(join2(dir, OWNER_FILE), "utf8").then(
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

// src/build/build-index.ts
var HISTORY = "durations.json";
var WORK_PREFIX = ".work-";
function workDirPid(name) {
  const m = /-(\d+)$/.exec(name);
  return name.startsWith(WORK_PREFIX) && m ? Number(m[1]) : void 0;
}
var BuildIndex = class {
  root;
  constructor(cache) {
    this.root = join3(cache, "builds");
  }
  entryDir(key) {
    return join3(this.root, key);
  }
  /** The complete entry for this key and image, or undefined. */
  async lookup(key, name, arch) {
    const dir = this.entryDir(key);
    const record = await readFile5(join3(dir, RECORD_FILE), "utf8").then(
      (t) => JSON.parse(t),
      () => void 0
    );
    if (!record || record.key !== key || record.name !== name || record.arch !== arch) return void 0;
    const st = await stat2(join3(dir, record.file)).catch(() => void 0);
    if (!st?.isFile() || st.size !== record.size) return void 0;
    return { dir, record };
  }
  /**
   * Moves a finished image (and its record) into the index, replacing an earlier entry of the key.
   * The entry is put together, and the one it replaces set aside, inside `work` (the build's scratch
   * folder): a kiln killed half-way leaves them in a folder the next `kiln build` sweeps.
   * `timed`: the record's duration is a build's, worth remembering as the next estimate (a promotion's
   * download time is not).
   */
  async store(work, imagePath, record, timed = true) {
    const dir = this.entryDir(record.key);
    const staging = join3(work, "index-entry");
    await rm2(staging, { recursive: true, force: true });
    await mkdir2(staging, { recursive: true });
    await moveFile(imagePath, join3(staging, record.file));
    await writeRecord(staging, record);
    const replaced = join3(work, "replaced-entry");
    await rm2(replaced, { recursive: true, force: true });
    await rename2(dir, replaced).catch(() => void 0);
    await rename2(staging, dir);
    await rm2(replaced, { recursive: true, force: true });
    if (timed) await this.rememberDuration(record);
    return { dir, record };
  }
  /**
   * A scratch folder for one build, on the same filesystem as the index, marked as this process's so
   * that a later kiln can tell whether it is stale (stale-scratch.ts).
   */
  async workDir(key) {
    const dir = join3(this.root, `${WORK_PREFIX}${key.slice(0, 16)}-${process.pid}`);
    await rm2(dir, { recursive: true, force: true });
    await mkdir2(dir, { recursive: true });
    await writeOwner(dir);
    return dir;
  }
  /** Seconds the last build of each `name/arch` took. */
  async durations() {
    return readFile5(join3(this.root, HISTORY), "utf8").then(
      (t) => JSON.parse(t),
      () => ({})
    );
  }
  async rememberDuration(record) {
    const all = await this.durations();
    all[`${record.name}/${record.arch}`] = record.duration_s;
    const tmp = join3(this.root, `${HISTORY}.${process.pid}`);
    await writeFile2(tmp, JSON.stringify(all, null, 1));
    await rename2(tmp, join3(this.root, HISTORY));
  }
};
async function moveFile(from, to) {
  try {
    await rename2(from, to);
  } catch (err) {
    if (err.code !== "EXDEV") throw err;
    await copyFile(from, to);
    await rm2(from, { force: true });
  }
}
async function exportBuild(entry, output) {
  const dir = recordDir(output, entry.record.name, entry.record.arch);
  await mkdir2(dir, { recursive: true });
  const imagePath = join3(dir, basename(entry.record.file));
  const tmp = `${imagePath}.${process.pid}.part`;
  await copyFile(join3(entry.dir, entry.record.file), tmp, constants.COPYFILE_FICLONE);
  await rename2(tmp, imagePath);
  const recordPath = await writeRecord(dir, entry.record);
  return { record: entry.record, recordPath, imagePath };
}

// src/build/debian-mirror.ts
import { readdir as readdir2, readFile as readFile6 } from "node:fs/promises";
import { join as join4 } from "node:path";
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
  const read = async (path) => readFile6(path, "utf8").catch(() => "");
  sources.push(...parseSourcesList(await read(join4(aptDir, "sources.list"))));
  const dir = join4(aptDir, "sources.list.d");
  const names = (await readdir2(dir).catch(() => [])).sort();
  for (const name of names) {
    if (name.endsWith(".sources")) sources.push(...parseDeb822(await read(join4(dir, name))));
    else if (name.endsWith(".list")) sources.push(...parseSourcesList(await read(join4(dir, name))));
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

// src/build/dib-driver.ts
import { readFile as readFile7, stat as stat3 } from "node:fs/promises";

// src/build/dib-stop.ts
async function groupLeadersWith(marker, proc = "/proc") {
  return (await listProcesses(proc)).filter((p) => p.pgrp === p.pid && p.args.includes(marker)).map((p) => p.pid);
}
async function membersToStop(leaders, proc = "/proc") {
  return (await listProcesses(proc)).filter((p) => leaders.includes(p.pgrp) && !p.args.some((a) => a.endsWith("outfilter.py"))).map((p) => p.pid);
}
function stopGroupGently(marker, graceSeconds) {
  let timer;
  let finished = false;
  const signal = (pid, sig) => {
    try {
      process.kill(pid, sig);
    } catch {
    }
  };
  void (async () => {
    const leaders = await groupLeadersWith(marker);
    const members = await membersToStop(leaders);
    if (finished) return;
    for (const pid of members.filter((p) => !leaders.includes(p))) signal(pid, "SIGTERM");
    for (const pid of leaders) signal(pid, "SIGTERM");
    timer = setTimeout(() => leaders.forEach((pid) => signal(-pid, "SIGKILL")), graceSeconds * 1e3);
    timer.unref();
  })();
  return {
    done() {
      finished = true;
      if (timer) clearTimeout(timer);
    }
  };
}

// src/build/dib-driver.ts
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
    KILN_BUILD_DATE: input.buildDate.toISOString()
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
  const misc = await readFile7("/proc/misc", "utf8").catch(() => "");
  if (/\bdevice-mapper\b/.test(misc)) return false;
  return /kernel device-mapper driver|mapper\/control: open failed/.test(await logTail(logFile, 80));
}
function withDeviceMapperHint(err) {
  return new WorldError({
    ...err.context,
    answer: `${err.context.answer}; this kernel has no device-mapper, so kpartx cannot map partitions: put kiln's scripts/host-shims first on PATH (README, "build")`
  });
}
async function runDib(input, run2, runner) {
  if (run2.signal?.aborted)
    throw new WorldError({ doing: `building ${input.image.name} (${input.arch})`, answer: "interrupted" });
  let stopping;
  const onAbort = () => {
    stopping = stopGroupGently(input.outputBase, run2.killGraceSeconds ?? DIB_CLEANUP_GRACE_S);
  };
  run2.signal?.addEventListener("abort", onAbort, { once: true });
  const res = await runner(DIB_PROGRAM, dibArgs(input), {
    env: dibEnv(input, run2.env),
    logFile: run2.logFile,
    processGroup: true,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      const phase = dibPhase(line);
      if (phase) run2.onPhase(phase);
    }
  }).finally(() => {
    run2.signal?.removeEventListener("abort", onAbort);
    stopping?.done();
  });
  if (res.code !== 0) {
    const failure = builderFailure("disk-image-create", input.image.name, input.arch, res, run2);
    throw await kpartxTrap(run2.logFile) ? withDeviceMapperHint(failure) : failure;
  }
  const file = `${input.outputBase}.${input.image.disk_format}`;
  if (!await stat3(file).then(
    (s) => s.isFile(),
    () => false
  )) {
    throw new WorldError({
      doing: "looking for the image disk-image-create wrote",
      target: `${input.image.name} (${input.arch})`,
      answer: `${file} does not exist; see ${run2.logFile}`
    });
  }
  return file;
}

// src/build/make-record.ts
import { basename as basename2 } from "node:path";
async function makeRecord(input, runner) {
  const [digest, virtual] = await Promise.all([
    digestFile(input.imagePath),
    virtualSize(runner, input.imagePath)
  ]);
  return {
    name: input.name,
    arch: input.arch,
    key: input.key,
    builder: input.builder,
    builder_version: input.builder_version,
    format: input.format,
    file: basename2(input.imagePath),
    size: digest.size,
    virtual_size: virtual,
    sha256: digest.sha256,
    sha512: digest.sha512,
    git_sha: input.git_sha,
    built_at: input.built_at.toISOString(),
    duration_s: Math.round(input.duration_s * 10) / 10
  };
}
async function virtualSize(runner, path) {
  const res = await runChecked(runner, "qemu-img", ["info", "--output", "json", path], {
    doing: "reading the virtual size of",
    target: path
  });
  const size = JSON.parse(res.stdout)["virtual-size"];
  if (typeof size !== "number") {
    throw new WorldError({
      doing: "reading the virtual size of",
      target: path,
      answer: "qemu-img reported none"
    });
  }
  return size;
}
async function gitHead(runner, root) {
  try {
    const res = await runner("git", ["rev-parse", "--verify", "HEAD"], { cwd: root });
    const sha = res.stdout.trim();
    return res.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : "unknown";
  } catch {
    return "unknown";
  }
}

// src/build/packer-driver.ts
import { readdir as readdir3, readFile as readFile8, stat as stat4 } from "node:fs/promises";
import { isAbsolute, join as join5, resolve } from "node:path";
var PACKER_PROGRAM = "packer";
var PACKER_MANIFEST = "packer-manifest.json";
async function declaredVariables(templatePath) {
  const st = await stat4(templatePath);
  const files = st.isDirectory() ? (await readdir3(templatePath)).filter((f) => f.endsWith(".pkr.hcl")).map((f) => join5(templatePath, f)) : [templatePath];
  const names = /* @__PURE__ */ new Set();
  for (const f of files) {
    for (const m of (await readFile8(f, "utf8")).matchAll(/^\s*variable\s+"([\w-]+)"/gm)) names.add(m[1]);
  }
  return names;
}
async function packerArgs(input) {
  if (!input.image.template) {
    throw new InputError(`packer image ${input.image.name} has no template`, input.image.pos);
  }
  const template = resolve(input.root, input.image.template);
  const declared = await declaredVariables(template).catch(() => {
    throw new InputError(`packer template ${input.image.template} does not exist`, input.image.pos);
  });
  if (!declared.has("kiln_output_dir")) {
    throw new InputError(
      `packer template ${input.image.template} does not declare variable "kiln_output_dir"`,
      { file: template, line: 1, col: 1 },
      'see "Packer template contract" in the README'
    );
  }
  const offered = {
    kiln_output_dir: input.outputDir,
    kiln_image_name: input.image.name,
    kiln_arch: input.arch,
    kiln_build_key: input.key,
    kiln_git_sha: input.gitSha,
    kiln_parent_image: input.parentImage
  };
  const vars = Object.entries(offered).filter(([k, v]) => v !== void 0 && declared.has(k));
  return [
    "build",
    "-color=false",
    "-force",
    ...input.varFiles.flatMap((f) => ["-var-file", isAbsolute(f) ? f : resolve(input.root, f)]),
    ...vars.flatMap(([k, v]) => ["-var", `${k}=${v}`]),
    template
  ];
}
function packerStep(line) {
  const m = /^==> [\w.-]+: (.+)$/.exec(line.trim());
  return m ? m[1].slice(0, 80) : void 0;
}
async function runPacker(input, run2, runner) {
  const args = await packerArgs(input);
  const res = await runner(PACKER_PROGRAM, args, {
    cwd: input.root,
    env: { ...withoutCredentials(run2.env), PACKER_NO_COLOR: "1", CHECKPOINT_DISABLE: "1" },
    logFile: run2.logFile,
    signal: run2.signal,
    processGroup: true,
    killGraceSeconds: run2.killGraceSeconds,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      const step = packerStep(line);
      if (step) run2.onPhase(step);
    }
  });
  if (res.code !== 0) throw builderFailure("packer", input.image.name, input.arch, res, run2);
  return artifactFromManifest(
    join5(input.outputDir, PACKER_MANIFEST),
    input.root,
    `${input.image.name} (${input.arch})`
  );
}
async function artifactFromManifest(path, cwd, target) {
  const fail = (answer) => new WorldError({ doing: "reading the packer manifest", target, answer });
  const text = await readFile8(path, "utf8").catch(() => {
    throw fail(
      `${path} is missing: the template needs a manifest post-processor writing it (see the README)`
    );
  });
  const manifest = JSON.parse(text);
  const runs = (manifest.builds ?? []).filter((b) => b.packer_run_uuid === manifest.last_run_uuid);
  const last = runs[runs.length - 1];
  const name = last?.files?.[0]?.name ?? last?.custom_data?.kiln_image;
  if (!name) throw fail(`the last run in ${path} lists no file and no custom_data.kiln_image`);
  const file = isAbsolute(name) ? name : resolve(cwd, name);
  if (!await stat4(file).then(
    (s) => s.isFile(),
    () => false
  ))
    throw fail(`${file} named by ${path} does not exist`);
  return file;
}

// src/build/promote.ts
import { join as join6 } from "node:path";
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
  const id2 = `${planned.name}/${planned.arch}`;
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
    logger.info(`${id2}: nothing to promote from ${source.label}: ${pick.reason}`);
  }
  return void 0;
}
async function promoteImage(p) {
  const { planned, candidate } = p;
  const { image: g, source } = candidate;
  const started = p.now();
  const file = join6(p.dir, `${planned.name}.${p.image.disk_format}`);
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

// src/build/promotion-source.ts
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
function glancePromotionSource(site, o) {
  const label = `site ${site.name} (cloud ${site.cloud})`;
  const cloud = resolveCloud({ cloud: site.cloud, env: o.env, cwd: o.cwd });
  const session = keystoneSession(cloud, label, o.logger);
  const glance = new HttpGlanceClient({ session, logger: o.logger, label });
  const agent = cloud.cacert ? new https.Agent({ ca: readFileSync(cloud.cacert), rejectUnauthorized: cloud.verify }) : new https.Agent({ rejectUnauthorized: cloud.verify });
  return {
    site: site.name,
    label,
    async imagesWithKey(key) {
      const images = await glance.listImages({
        properties: { [PROP.buildKey]: key },
        status: "active",
        includeHidden: true
      });
      return images.filter((i) => i.status === "active");
    },
    async openData(imageId, signal) {
      const url = new URL(`${await session.endpoint("image")}/v2/images/${encodeURIComponent(imageId)}/file`);
      const token = await session.authToken();
      const lib = url.protocol === "https:" ? https : http;
      const doing = "downloading image data";
      const target = `image ${imageId} on ${label}`;
      return new Promise((resolve2, reject) => {
        const req = lib.get(
          url,
          {
            headers: { "X-Auth-Token": token },
            agent: url.protocol === "https:" ? agent : void 0,
            signal
          },
          (res) => {
            if (res.statusCode !== 200) {
              res.resume();
              reject(
                new WorldError(
                  { doing, target, answer: `HTTP ${res.statusCode} ${res.statusMessage ?? ""}`.trim() },
                  { transient: (res.statusCode ?? 500) >= 500 }
                )
              );
              return;
            }
            resolve2(res);
          }
        );
        req.setTimeout(DEFAULT_IDLE_TIMEOUT_MS, () => req.destroy(new Error("no data for 5 minutes")));
        req.on(
          "error",
          (err) => reject(new WorldError({ doing, target, answer: err.message }, { cause: err, transient: true }))
        );
      });
    }
  };
}
function promotionSources(names, sites, make) {
  return namedSites(sites, names, "--promote-from").map(make);
}

// src/build/scheduler.ts
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
  const failDescendants = (id2, failedParent) => {
    const stack = [...children.get(id2) ?? []];
    while (stack.length > 0) {
      const d = stack.pop();
      results.set(d, { id: d, status: "parent-failed", failedParent });
      stack.push(...children.get(d) ?? []);
    }
  };
  await new Promise((resolve2) => {
    const pump = () => {
      while (running < slots && !options.signal?.aborted) {
        const id2 = takeNext();
        if (id2 === void 0) break;
        running++;
        options.onEvent?.({ id: id2, phase: "start" });
        let outcome;
        try {
          outcome = build(id2);
        } catch (err) {
          outcome = Promise.reject(err);
        }
        outcome.then(
          (status) => {
            results.set(id2, { id: id2, status });
            ready.push(...children.get(id2) ?? []);
          },
          (error) => {
            results.set(id2, { id: id2, status: "failed", error });
            failDescendants(id2, id2);
          }
        ).finally(() => {
          running--;
          options.onEvent?.({ id: id2, phase: "end", status: results.get(id2).status });
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

// src/build/stale-scratch.ts
import { lstat, readdir as readdir4, readFile as readFile9, rm as rm3 } from "node:fs/promises";
import { setTimeout as sleep2 } from "node:timers/promises";
import { join as join7 } from "node:path";
var describeProcess = (p) => `pid ${p.pid} (${p.args.join(" ").slice(0, 200)})`;
async function mountPoints(proc) {
  const text = await readFile9(`${proc}/self/mountinfo`, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map(
    (l) => l.split(" ")[4].replace(/\\([0-7]{3})/g, (_m, o) => String.fromCharCode(parseInt(o, 8)))
  );
}
async function diskUsage(path) {
  const st = await lstat(path).catch(() => void 0);
  if (!st) return 0;
  let bytes = st.blocks * 512;
  if (st.isDirectory()) {
    for (const name of await readdir4(path).catch(() => []))
      bytes += await diskUsage(join7(path, name));
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
    const dir = join7(root, name);
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
      await rm3(dir, { recursive: true, force: true });
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

// src/build/summary.ts
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

// src/build/third-party.ts
import { mkdir as mkdir3, rename as rename3, rm as rm4, stat as stat5 } from "node:fs/promises";
import { dirname, join as join8 } from "node:path";
async function ensureThirdPartyCheckout(repo, options) {
  const dir = thirdPartyCheckoutDir(options.cache, repo);
  const elements = join8(dir, repo.elements_dir);
  if (await headOf(dir, options.runner) === repo.ref) return elements;
  if (await exists(dir)) await rm4(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm4(tmp, { recursive: true, force: true });
  await mkdir3(dirname(dir), { recursive: true });
  const git = (args, doing) => runChecked(options.runner, "git", args, {
    cwd: tmp,
    signal: options.signal,
    doing,
    target: `${repo.name} (${repo.repo})`
  });
  try {
    await mkdir3(tmp);
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
    if (!await exists(join8(tmp, repo.elements_dir))) {
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
  if (!await exists(join8(dir, ".git"))) return void 0;
  const res = await runner("git", ["rev-parse", "--verify", "HEAD"], { cwd: dir }).catch(() => void 0);
  return res && res.code === 0 ? res.stdout.trim() : void 0;
}
var exists = (p) => stat5(p).then(
  () => true,
  () => false
);

// src/build/build-images.ts
var hasBuild = (r) => r.status === "built" || r.status === "unchanged" || r.status === "promoted";
var DEFAULT_ESTIMATE_S = 600;
async function buildImages(req) {
  if (req.images.length === 0)
    throw new InputError("kiln build: name at least one image", void 0, "usage: kiln build IMAGE...");
  const runner = req.runner ?? run;
  const now = req.now ?? (() => /* @__PURE__ */ new Date());
  const loadOptions = {
    cwd: req.cwd,
    env: req.env,
    configDir: req.configDir,
    builtinElements: req.builtinElements
  };
  const plan = await planBuilds({
    ...loadOptions,
    images: req.images,
    arches: req.arches,
    logger: req.logger,
    runner
  });
  const config = await loadConfig(loadOptions);
  const sources = promotionSources(
    req.promoteFrom ?? [],
    config.sites,
    req.promotionSource ?? ((site) => glancePromotionSource(site, { env: req.env, cwd: req.cwd, logger: req.logger }))
  );
  if (req.force && sources.length > 0)
    req.logger.warn("--force rebuilds every image: nothing is promoted from --promote-from sites");
  const cache = cacheDir(req.env, config.root);
  const index = new BuildIndex(cache);
  const orphans = await sweepScratch(index.root, { logger: req.logger });
  const durations = await index.durations();
  const progress = req.progress ?? buildProgress({ logger: req.logger });
  const ctx = {
    req,
    config,
    cache,
    index,
    runner,
    now,
    progress,
    gitSha: await gitHead(runner, config.root),
    exported: /* @__PURE__ */ new Map(),
    elementsPath: void 0,
    orphanedBuilders: orphanWait(orphans, index.root, { logger: req.logger })
  };
  const byId = new Map(plan.images.map((p) => [id(p), p]));
  const { promoted, unneeded } = sources.length > 0 && !req.force ? await promoteAll(ctx, plan.images, sources) : { promoted: /* @__PURE__ */ new Map(), unneeded: /* @__PURE__ */ new Set() };
  for (const [itemId, build] of promoted) ctx.exported.set(itemId, build);
  const toBuild = plan.images.filter((p) => !promoted.has(id(p)) && !unneeded.has(id(p)));
  const scheduled = await runSchedule(
    toBuild.map((p) => ({
      id: id(p),
      parent: p.parent ? `${p.parent}/${p.arch}` : void 0,
      estimate: durations[id(p)] ?? DEFAULT_ESTIMATE_S
    })),
    (itemId) => buildOne(ctx, byId.get(itemId), itemId),
    { slots: req.slots ?? 1, signal: req.signal }
  );
  progress.close();
  const statusOf = new Map(scheduled.map((r) => [r.id, r]));
  for (const itemId of promoted.keys()) statusOf.set(itemId, { id: itemId, status: "promoted" });
  const results = plan.images.map((p) => statusOf.get(id(p))).filter((r) => r !== void 0);
  const images = results.map((r) => {
    const p = byId.get(r.id);
    return {
      name: p.name,
      arch: p.arch,
      key: p.key,
      status: r.status,
      build: ctx.exported.get(r.id),
      error: r.error === void 0 ? void 0 : describeError(r.error),
      failedParent: r.failedParent
    };
  });
  const summary = summarize(images);
  return {
    results: images,
    exitCode: images.every(hasBuild) ? 0 : 1,
    summary
  };
}
var id = (p) => `${p.name}/${p.arch}`;
async function promoteAll(ctx, planned, sources) {
  const { req } = ctx;
  const { logger } = req;
  const rank = new Map(imageGraph(ctx.config.images).order.map((name, i) => [name, i]));
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
    if (await ctx.index.lookup(p.key, p.name, p.arch)) continue;
    const image = ctx.config.images.get(p.name);
    const candidate = await findCandidate(sources, p, image, logger, unreachable);
    if (!candidate) {
      logger.info(`${itemId}: no build of key ${p.key.slice(0, 12)} to promote: building it`);
      continue;
    }
    const outDir = recordDir(req.output, p.name, p.arch);
    await rm5(outDir, { recursive: true, force: true });
    const work = await ctx.index.workDir(p.key);
    try {
      const { file, record } = await promoteImage({
        planned: p,
        image,
        candidate,
        dir: work,
        gitSha: ctx.gitSha,
        now: ctx.now,
        runner: ctx.runner,
        logger,
        signal: req.signal
      });
      promoted.set(itemId, await exportBuild(await ctx.index.store(work, file, record, false), req.output));
    } catch (err) {
      if (req.signal?.aborted) throw err;
      logger.warn(`${itemId}: not promoted, building it instead: ${describeError(err)}`);
    } finally {
      await rm5(work, { recursive: true, force: true });
    }
  }
  return { promoted, unneeded };
}
async function buildOne(ctx, planned, id2) {
  const { req, index } = ctx;
  if (!req.force) {
    const hit = await index.lookup(planned.key, planned.name, planned.arch);
    if (hit) {
      ctx.exported.set(id2, await exportBuild(hit, req.output));
      req.logger.info(`${id2}: unchanged (build key ${planned.key.slice(0, 12)} is in the build index)`);
      return "unchanged";
    }
  }
  const image = ctx.config.images.get(planned.name);
  const outDir = recordDir(req.output, planned.name, planned.arch);
  await rm5(outDir, { recursive: true, force: true });
  await mkdir4(outDir, { recursive: true });
  const logFile = join9(outDir, "build.log");
  const work = await index.workDir(planned.key);
  ctx.progress.start(id2);
  let failed = true;
  try {
    const started = ctx.now();
    const file = await runBuilder(ctx, image, planned, id2, work, {
      env: req.env,
      logFile,
      signal: req.signal,
      killGraceSeconds: req.killGraceSeconds,
      onPhase: (phase) => ctx.progress.phase(id2, phase)
    });
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
        built_at: started,
        duration_s: (ctx.now().getTime() - started.getTime()) / 1e3
      },
      ctx.runner
    );
    const entry = await index.store(work, file, record);
    ctx.exported.set(id2, await exportBuild(entry, req.output));
    failed = false;
    return "built";
  } finally {
    await rm5(work, { recursive: true, force: true });
    await ctx.progress.end(id2, failed, logFile);
  }
}
async function runBuilder(ctx, image, planned, id2, work, driverRun) {
  const { req, cache } = ctx;
  const artifacts = {};
  for (const [name, artifact] of Object.entries(image.artifacts)) {
    artifacts[name] = await fetchArtifact(artifact, { cache, label: `${id2}: ${name}`, signal: req.signal });
  }
  if (image.builder === "packer") {
    const parent = planned.parent ? ctx.exported.get(`${planned.parent}/${planned.arch}`) : void 0;
    return runPacker(
      {
        image,
        arch: planned.arch,
        key: planned.key,
        root: ctx.config.root,
        varFiles: image.var_files,
        outputDir: work,
        gitSha: ctx.gitSha,
        parentImage: parent?.imagePath
      },
      { ...driverRun, env: { ...driverRun.env, ...artifacts } },
      ctx.runner
    );
  }
  ctx.elementsPath ??= elementsPathDirs(ctx);
  const usesDebian = image.elements.some((e) => e === "debian" || e === "debian-minimal");
  const imageCache = join9(cache, "dib-image-cache", planned.arch);
  await ctx.orphanedBuilders(imageCache, req.signal);
  return runDib(
    {
      image,
      arch: planned.arch,
      key: planned.key,
      elementsPath: await ctx.elementsPath,
      outputBase: join9(work, image.name),
      imageCache,
      artifacts,
      gitSha: ctx.gitSha,
      buildDate: ctx.now(),
      extraEnv: req.env.KILN_HOST_MIRRORS === "1" && usesDebian ? await hostMirrorEnv(image.env) : void 0
    },
    driverRun,
    ctx.runner
  );
}
async function elementsPathDirs(ctx) {
  const dirs = [join9(ctx.config.root, "elements")];
  for (const repo of ctx.config.thirdParty.values()) {
    dirs.push(
      await ensureThirdPartyCheckout(repo, { cache: ctx.cache, runner: ctx.runner, signal: ctx.req.signal })
    );
  }
  return dirs;
}

export {
  buildProgress,
  hasBuild,
  buildImages
};
