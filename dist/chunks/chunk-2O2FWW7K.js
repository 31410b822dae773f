import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  MACHINES,
  firstAccessible,
  onPath,
  qemuArgs
} from "./chunk-KV5WP3WD.js";
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage
} from "./chunk-KPS5XN2W.js";
import {
  writeRecord
} from "./chunk-Y5RLNFB6.js";
import {
  require_dist
} from "./chunk-VNYJLFTL.js";
import {
  didYouMean
} from "./chunk-7LVAP3ZD.js";
import {
  FileFollower,
  runChecked
} from "./chunk-YO3QHAM6.js";
import {
  InputError,
  InputErrors,
  WorldError
} from "./chunk-SXABORS3.js";
import {
  __toESM
} from "./chunk-NRF5ZCPO.js";

// src/verify/test-images.ts
import { mkdtemp, readFile, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join as join5 } from "node:path";

// src/verify/accel.ts
import { access, constants, writeFile } from "node:fs/promises";
import { join } from "node:path";
var ACCEL_CHOICES = ["auto", "kvm", "tcg"];
function accelChoiceFromEnv(env) {
  const value = env.KILN_QEMU_ACCEL || "auto";
  if (!ACCEL_CHOICES.includes(value)) {
    throw new InputError(`KILN_QEMU_ACCEL must be ${ACCEL_CHOICES.join(", ")}, not '${value}'`);
  }
  return value;
}
var PROBE_TEXT = "KILN-KVM-PROBE-OK";
var PROBE_TIMEOUT_S = 10;
var HOST_ARCH = { amd64: "x64", arm64: "arm64" };
function probeBootSector() {
  const code = [
    49,
    192,
    142,
    216,
    252,
    186,
    248,
    3,
    190,
    0,
    0,
    172,
    132,
    192,
    116,
    3,
    238
  ];
  code.push(235, 248, 250, 244, 235, 253);
  const msgAddr = 31744 + code.length;
  code[9] = msgAddr & 255;
  code[10] = msgAddr >> 8;
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector);
  Buffer.from(`${PROBE_TEXT}\r
\0`, "latin1").copy(sector, code.length);
  sector.writeUInt16LE(43605, 510);
  return sector;
}
async function kvmUsable(device = "/dev/kvm") {
  return access(device, constants.R_OK | constants.W_OK).then(
    () => true,
    () => false
  );
}
async function kvmRunsGuests(runner, workDir, signal) {
  const disk = join(workDir, "kvm-probe.img");
  await writeFile(disk, probeBootSector());
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), PROBE_TIMEOUT_S * 1e3);
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let seen = false;
  try {
    const args = ["-machine", "pc", "-accel", "kvm", "-m", "16", "-nodefaults", "-display", "none"];
    args.push("-no-reboot", "-serial", "stdio", "-drive", `file=${disk},format=raw,if=ide`);
    await runner("qemu-system-x86_64", args, {
      signal: stop.signal,
      killGraceSeconds: 2,
      maxBuffer: 16 * 1024,
      onLine: (line) => {
        if (line.includes(PROBE_TEXT)) {
          seen = true;
          stop.abort();
        }
      }
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  return seen;
}
async function accelPlan(choice, arch, probe, hostArch = process.arch) {
  if (choice !== "auto") return [choice];
  if (hostArch !== HOST_ARCH[arch] || !await kvmUsable()) return ["tcg"];
  if (arch === "amd64" && !await probe()) return ["tcg"];
  return ["kvm", "tcg"];
}

// src/verify/boot-smoke.ts
import { randomBytes } from "node:crypto";
import { constants as constants2 } from "node:fs";
import { rm, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// src/verify/guest-script.ts
var import_yaml = __toESM(require_dist(), 1);
var MAX_COMMAND_OUTPUT = 4096;
var COMMAND_TIMEOUT_S = 60;
function script(nonce, tty, commands) {
  const calls = commands.map((c, i) => `run ${i} '${Buffer.from(c.run).toString("base64")}'`);
  return [
    "#!/bin/sh",
    "# kiln boot smoke test: reports to the serial console",
    `say() { printf '%s-%s %s\\n' KILN '${nonce}' "$*" >> ${tty}; }`,
    "run() {",
    '  cmd=$(printf %s "$2" | base64 -d)',
    `  out=$(timeout ${COMMAND_TIMEOUT_S} sh -c "$cmd" 2>&1 </dev/null); rc=$?`,
    `  say "cmd $1 rc=$rc out=$(printf %s "$out" | head -c ${MAX_COMMAND_OUTPUT} | base64 | tr -d '\\n')"`,
    "}",
    "say booted",
    ...calls,
    "say done",
    ""
  ].join("\n");
}
function userData(nonce, tty, commands) {
  const config = {
    write_files: [
      { path: "/run/kiln-smoke-test.sh", permissions: "0700", content: script(nonce, tty, commands) }
    ],
    runcmd: [["sh", "/run/kiln-smoke-test.sh"]]
  };
  return `#cloud-config
${(0, import_yaml.stringify)(config)}`;
}
function metaData(nonce) {
  return `instance-id: kiln-smoke-${nonce}
local-hostname: kiln-smoke-test
`;
}
function parseGuestLine(line, nonce) {
  const at = line.indexOf(`KILN-${nonce} `);
  if (at === -1) return void 0;
  const rest = line.slice(at + nonce.length + 6).trim();
  if (rest === "booted") return { kind: "booted" };
  if (rest === "done") return { kind: "done" };
  const m = /^cmd (\d+) rc=(\d+) out=([A-Za-z0-9+/=]*)$/.exec(rest);
  if (!m) return void 0;
  return {
    kind: "command",
    index: Number(m[1]),
    rc: Number(m[2]),
    output: Buffer.from(m[3], "base64").toString("utf8")
  };
}

// src/verify/boot-expectations.ts
var DEFAULT_LOGIN_MARKER = "\\blogin:\\s*$";
var FATAL_CONSOLE = [
  /Kernel panic - not syncing/,
  /Failed to boot both default and fallback entries/,
  /No bootable device/,
  /Boot failed: not a bootable disk/,
  /You are in emergency mode/,
  /Give root password for maintenance/
];
var BootExpectations = class {
  /**
   * @param nonce the tag of this boot's seed (cloud-init mode), or undefined when the image has no
   *   cloud-init and only the marker can be waited for
   */
  constructor(boot, nonce) {
    this.boot = boot;
    this.nonce = nonce;
    const marker = boot.marker ?? (nonce ? void 0 : DEFAULT_LOGIN_MARKER);
    if (marker !== void 0) this.marker = new RegExp(marker);
  }
  boot;
  nonce;
  marker;
  markerSeen = false;
  booted = false;
  done = false;
  /** The first console line that ended the boot for good. */
  fatal;
  results = /* @__PURE__ */ new Map();
  /** Feeds one complete console line. */
  line(text) {
    if (this.marker?.test(text)) this.markerSeen = true;
    if (this.fatal === void 0 && FATAL_CONSOLE.some((re) => re.test(text))) this.fatal = text.trim();
    if (!this.nonce) return;
    const event = parseGuestLine(text, this.nonce);
    if (event?.kind === "booted") this.booted = true;
    else if (event?.kind === "done") this.done = true;
    else if (event?.kind === "command") this.results.set(event.index, { rc: event.rc, output: event.output });
  }
  /** Feeds the unfinished last line (prompts end without a newline). */
  partial(text) {
    if (text && this.marker?.test(text)) this.markerSeen = true;
  }
  /** Everything expected has appeared, or the boot has failed for good: the guest can be stopped. */
  get complete() {
    if (this.fatal !== void 0) return true;
    const markerOk = !this.marker || this.markerSeen;
    return markerOk && (!this.nonce || this.done);
  }
  /** What appeared, for a passing result. */
  summary() {
    const parts = [];
    if (this.nonce) parts.push("cloud-init ran the smoke-test seed");
    if (this.marker) parts.push(`console matched /${this.marker.source}/`);
    const cmds = this.boot.commands.map(
      (c, i) => `${c.run} -> ${JSON.stringify(this.results.get(i)?.output.trim() ?? "")}`
    );
    if (cmds.length) parts.push(`commands: ${cmds.join("; ")}`);
    return parts.join("; ");
  }
  /** Why the boot does not pass (empty when it does). Call after the guest stopped. */
  failures() {
    const out = [];
    if (this.fatal !== void 0) out.push(`the boot failed: ${JSON.stringify(this.fatal)}`);
    if (this.marker && !this.markerSeen) out.push(`the console never matched /${this.marker.source}/`);
    if (!this.nonce && this.boot.commands.length > 0) {
      out.push("test.boot.commands need cloud-init in the image to run them, and the image has none");
    }
    if (this.nonce) {
      if (!this.booted)
        out.push("cloud-init never ran kiln's smoke-test seed (no report on the serial console)");
      else if (!this.done) out.push("the guest did not finish the smoke-test commands");
    }
    this.boot.commands.forEach((c, i) => {
      const r = this.results.get(i);
      if (r) {
        const problem = commandProblem(c, r);
        if (problem) out.push(problem);
      } else if (this.booted) out.push(`command ${JSON.stringify(c.run)} reported nothing`);
    });
    return out;
  }
};
function commandProblem(c, r) {
  const output = r.output.trim();
  if (r.rc === 0 && new RegExp(c.expect, "m").test(output)) return void 0;
  return `command ${JSON.stringify(c.run)} exited ${r.rc} with output ${JSON.stringify(output)}, expected exit 0 and /${c.expect}/`;
}

// src/verify/console-transcript.ts
var ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_c]|[\x00-\x08\x0b-\x1f\x7f]/g;
function cleanConsoleLine(line) {
  return line.replace(ANSI, "");
}
var MAX_PENDING = 64 * 1024;
var ConsoleTranscript = class {
  constructor(keep = 50) {
    this.keep = keep;
  }
  keep;
  tail = [];
  // Raw bytes after the last newline: an escape sequence may be split across two chunks.
  pending = "";
  /** Adds console output; returns the lines it completed. */
  feed(raw) {
    const parts = (this.pending + raw).split("\n");
    this.pending = (parts.pop() ?? "").slice(-MAX_PENDING);
    const lines = parts.map(cleanConsoleLine);
    for (const line of lines) {
      this.tail.push(line);
      if (this.tail.length > this.keep) this.tail.shift();
    }
    return lines;
  }
  /** The line being written (a prompt such as "debian login: " ends without a newline). */
  get currentLine() {
    return cleanConsoleLine(this.pending);
  }
  /** The last `keep` lines, the unfinished one included. */
  lastLines() {
    const current = this.currentLine;
    const lines = current ? [...this.tail, current] : [...this.tail];
    return lines.slice(-this.keep);
  }
};

// src/verify/qemu-img-checks.ts
var QEMU_FORMAT = { vhd: "vpc", iso: "raw" };
var qemuFormat = (recordFormat) => QEMU_FORMAT[recordFormat] ?? recordFormat;
var MIN_VIRTUAL_SIZE = 16 * 1024 * 1024;
var MAX_VIRTUAL_SIZE = 16 * 1024 ** 4;
var CHECK_CORRUPT = 2;
var CHECK_LEAKS = 3;
var CHECK_UNSUPPORTED = 63;
function firstLines(text, n = 5) {
  return text.trim().split("\n").slice(0, n).join("\n");
}
async function checkContainer(runner, imagePath, expected, signal) {
  const info = await runner("qemu-img", ["info", "--output", "json", imagePath], { signal });
  if (info.code !== 0) {
    return { problems: [`qemu-img info cannot read the image: ${firstLines(info.stderr || info.stdout)}`] };
  }
  let parsed;
  try {
    parsed = JSON.parse(info.stdout);
  } catch {
    return { problems: [`qemu-img info printed no JSON: ${firstLines(info.stdout)}`] };
  }
  const problems = [];
  const facts = { format: parsed.format, virtualSize: parsed["virtual-size"] };
  const wantFormat = qemuFormat(expected.format);
  if (parsed.format !== wantFormat) {
    problems.push(`the file is ${parsed.format}, but the record says ${expected.format}`);
  }
  const vsize = facts.virtualSize;
  if (!(vsize >= MIN_VIRTUAL_SIZE && vsize <= MAX_VIRTUAL_SIZE)) {
    problems.push(
      `virtual size ${vsize} bytes is not sane (expected ${MIN_VIRTUAL_SIZE}..${MAX_VIRTUAL_SIZE})`
    );
  }
  if (expected.virtual_size > 0 && vsize !== expected.virtual_size) {
    problems.push(`virtual size ${vsize} differs from the record's ${expected.virtual_size}`);
  }
  if (parsed["backing-filename"]) {
    problems.push(
      `the image depends on a backing file (${parsed["backing-filename"]}); publish a standalone image`
    );
  }
  if (parsed["format-specific"]?.data?.corrupt) problems.push("qemu-img marks the image as corrupt");
  if (parsed["dirty-flag"]) problems.push("the image is marked dirty (not closed cleanly)");
  const check = await runner("qemu-img", ["check", "--output", "json", "-f", parsed.format, imagePath], {
    signal
  });
  if (check.code === CHECK_CORRUPT || check.code !== 0 && check.code !== CHECK_LEAKS && check.code !== CHECK_UNSUPPORTED) {
    let summary = "";
    try {
      const c = JSON.parse(check.stdout);
      summary = `${c.corruptions ?? 0} corruptions, ${c["check-errors"] ?? 0} check errors; `;
    } catch {
    }
    problems.push(`qemu-img check failed (exit ${check.code}): ${summary}${firstLines(check.stderr)}`);
  }
  return { problems, facts };
}

// src/verify/boot-smoke.ts
var CONSOLE_TAIL_LINES = 50;
var POLL_MS = 250;
var DEFAULT_MEMORY_MIB = 1024;
var KVM_SIGNS_OF_LIFE_S = 60;
function onlyFirmwareOutput(lines) {
  return lines.every((l) => !/\S/.test(l) || /SeaBIOS|Booting from|iPXE|Press ESC/i.test(l));
}
function kvmFaulted(a) {
  if (a.accel !== "kvm" || a.reason === "complete" || a.reason === "aborted") return false;
  if (a.reason === "silent") return true;
  if (a.reason === void 0 && /kvm/i.test(a.qemu.stderr)) return true;
  return onlyFirmwareOutput(a.transcript.lastLines());
}
async function bootOnce(qemu, accel, input, deps, nonce) {
  await rm(input.consoleLog, { force: true });
  const expectations = new BootExpectations(input.boot, nonce);
  const transcript = new ConsoleTranscript(CONSOLE_TAIL_LINES);
  const follower = new FileFollower(input.consoleLog);
  const stop = new AbortController();
  let reason;
  const halt = (r) => {
    reason ??= r;
    stop.abort();
  };
  const onAbort = () => halt("aborted");
  if (deps.signal?.aborted) halt("aborted");
  deps.signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => halt("timeout"), input.boot.timeout * 1e3);
  const liveness = accel === "kvm" ? setTimeout(() => {
    if (onlyFirmwareOutput(transcript.lastLines())) halt("silent");
  }, KVM_SIGNS_OF_LIFE_S * 1e3) : void 0;
  const poll = async () => {
    const text = await follower.read();
    if (!text) return;
    for (const line of transcript.feed(text)) {
      deps.logger.debug(`console: ${line}`);
      expectations.line(line);
    }
    expectations.partial(transcript.currentLine);
    if (expectations.complete) halt("complete");
  };
  const started = Date.now();
  let running = true;
  let pollError;
  const watching = (async () => {
    while (running) {
      try {
        await poll();
      } catch (err) {
        pollError ??= err;
        halt("aborted");
      }
      await sleep(POLL_MS);
    }
  })();
  let result;
  try {
    result = await deps.runner(qemu.binary, qemuArgs({ ...qemu.args, accel }), {
      signal: stop.signal,
      killGraceSeconds: 5,
      maxBuffer: 64 * 1024
    });
  } finally {
    running = false;
    clearTimeout(timer);
    clearTimeout(liveness);
    deps.signal?.removeEventListener("abort", onAbort);
    await watching;
  }
  try {
    if (pollError) throw pollError;
    await poll();
  } finally {
    await follower.close();
  }
  const seconds = Math.round((Date.now() - started) / 1e3);
  return { accel, reason, qemu: result, expectations, transcript, seconds };
}
function describe(a, input) {
  const failures = a.expectations.failures();
  if (a.reason === "complete" && failures.length === 0) {
    return {
      status: "passed",
      details: `booted under ${a.accel} in ${a.seconds} s: ${a.expectations.summary()}`
    };
  }
  const lines = a.transcript.lastLines();
  return {
    status: "failed",
    details: [
      `boot under ${a.accel} failed: ${failureReason(a, input)}`,
      ...failures.map((f) => `- ${f}`),
      `last ${lines.length} console lines (full console: ${input.consoleLog}):`,
      ...lines.map((l) => `  | ${l}`)
    ].join("\n")
  };
}
function failureReason(a, input) {
  if (a.reason === "timeout") return `no success within the ${input.boot.timeout} s boot timeout`;
  if (a.reason === "silent") {
    return `KVM could not run the guest: nothing past the firmware on the console after ${KVM_SIGNS_OF_LIFE_S} s (set KILN_QEMU_ACCEL=tcg)`;
  }
  if (a.expectations.fatal !== void 0) return `the console shows a failed boot after ${a.seconds} s`;
  if (a.reason === "complete") return "the guest booted but its checks failed";
  const stderr = a.qemu.stderr.trim().split("\n").slice(-5).join("\n");
  return `qemu stopped after ${a.seconds} s (exit ${a.qemu.signal ?? a.qemu.code})${stderr ? `: ${stderr}` : ""}`;
}
async function bootSmokeTest(input, deps) {
  const machine = MACHINES[input.arch];
  if (!await onPath(machine.binary, deps.env)) {
    return { status: "skipped", details: `not tested: ${machine.binary} not installed` };
  }
  let firmware;
  if (machine.firmwareCandidates.length > 0) {
    firmware = await firstAccessible(machine.firmwareCandidates, constants2.R_OK);
    if (!firmware) {
      return {
        status: "skipped",
        details: `not tested: no UEFI firmware for ${input.arch} guests (looked for ${machine.firmwareCandidates.join(", ")})`
      };
    }
  }
  const overlay = join2(input.workDir, "boot-overlay.qcow2");
  await runChecked(
    deps.runner,
    "qemu-img",
    ["create", "-q", "-f", "qcow2", "-F", qemuFormat(input.format), "-b", resolve(input.imagePath), overlay],
    { doing: "creating the boot overlay", target: input.imagePath, signal: deps.signal }
  );
  let seed;
  let nonce;
  if (input.hasCloudInit) {
    nonce = randomBytes(6).toString("hex");
    const ud = join2(input.workDir, "user-data");
    const md = join2(input.workDir, "meta-data");
    await writeFile2(ud, userData(nonce, machine.guestTty, input.boot.commands));
    await writeFile2(md, metaData(nonce));
    seed = join2(input.workDir, "seed.img");
    await runChecked(deps.runner, "cloud-localds", [seed, ud, md], { doing: "making the NoCloud seed" });
  }
  const qemu = {
    binary: machine.binary,
    args: {
      machine,
      firmware,
      overlay,
      seed,
      consoleLog: input.consoleLog,
      memoryMiB: deps.memoryMiB ?? DEFAULT_MEMORY_MIB
    }
  };
  const plan = await accelPlan(
    deps.accel ?? "auto",
    input.arch,
    () => kvmRunsGuests(deps.runner, input.workDir, deps.signal)
  );
  let attempt;
  for (const [i, accel] of plan.entries()) {
    deps.logger.info(
      `booting under ${accel} (timeout ${input.boot.timeout} s, console: ${input.consoleLog})`
    );
    attempt = await bootOnce(qemu, accel, input, deps, nonce);
    if (attempt.reason === "aborted") {
      throw new WorldError({ doing: "boot smoke test", target: input.imagePath, answer: "aborted" });
    }
    const next = plan[i + 1];
    if (!next || !kvmFaulted(attempt)) break;
    deps.logger.warn(`KVM could not run the guest (after ${attempt.seconds} s); retrying under ${next}`);
  }
  return describe(attempt, input);
}

// src/verify/ext-fs.ts
var ENTRY_LINE = /^\/\d+\/(\d+)\/\d+\/\d+\/(.*)\/\d*\/$/;
var PROMPT = "debugfs: ";
function entryType(mode) {
  switch (mode & 61440) {
    case 16384:
      return "dir";
    case 32768:
      return "file";
    case 40960:
      return "link";
    default:
      return "other";
  }
}
function quote(path) {
  return `"${path.replace(/"/g, '""')}"`;
}
var ExtFilesystem = class {
  /**
   * @param rawPath a raw disk image whose path has no `?` (debugfs reads options after it)
   * @param offset byte offset of the filesystem within the image
   */
  constructor(runner, rawPath, offset) {
    this.runner = runner;
    this.rawPath = rawPath;
    this.offset = offset;
    if (rawPath.includes("?")) throw new Error(`debugfs cannot open a path containing '?': ${rawPath}`);
  }
  runner;
  rawPath;
  offset;
  get device() {
    return `${this.rawPath}?offset=${this.offset}`;
  }
  /**
   * Lists directories (absolute paths inside the filesystem); symlinks to directories are followed.
   * A path that does not exist or is not a directory maps to undefined.
   */
  async listDirs(dirs) {
    const result = /* @__PURE__ */ new Map();
    const unique = [...new Set(dirs)];
    if (unique.length === 0) return result;
    const commands = unique.map((d) => `ls -p ${quote(d.endsWith("/") ? d : `${d}/`)}`);
    const res = await runChecked(this.runner, "debugfs", ["-f", "-", this.device], {
      input: commands.join("\n") + "\n",
      maxBuffer: 64 * 1024 * 1024,
      doing: "reading the image filesystem with debugfs",
      target: this.device
    });
    if (/while (trying to open|opening filesystem)|Filesystem not open/.test(res.stderr)) {
      throw new WorldError({
        doing: "opening the image filesystem with debugfs",
        target: this.device,
        answer: res.stderr.trim().split("\n").slice(-3).join("\n")
      });
    }
    const sections = [];
    for (const line of res.stdout.split("\n")) {
      if (line.startsWith(PROMPT)) sections.push([]);
      else sections.at(-1)?.push(line);
    }
    if (sections.length !== unique.length) {
      throw new WorldError({
        doing: "reading the image filesystem with debugfs",
        target: this.device,
        answer: `expected ${unique.length} listings, got ${sections.length}`
      });
    }
    unique.forEach((dir, i) => {
      const entries = [];
      for (const line of sections[i]) {
        const m = ENTRY_LINE.exec(line);
        if (!m || m[2] === "." || m[2] === "..") continue;
        entries.push({ name: m[2], type: entryType(parseInt(m[1], 8)) });
      }
      const found = sections[i].some((l) => ENTRY_LINE.test(l));
      result.set(dir, found ? entries : void 0);
    });
    return result;
  }
};

// src/verify/partition-table.ts
import { open } from "node:fs/promises";
var SECTOR = 512;
var MBR_SIGNATURE = 43605;
var MBR_PROTECTIVE = 238;
var MBR_EXTENDED = /* @__PURE__ */ new Set([5, 15, 133]);
var GPT_SIGNATURE = "EFI PART";
var EXT_MAGIC = 61267;
async function readAt(fh, position, length) {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}
function parseGpt(entries, entrySize, diskSize) {
  const count = entries.length / entrySize;
  const parts = [];
  for (let i = 0; i < count; i++) {
    const e = entries.subarray(i * entrySize, (i + 1) * entrySize);
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    const first = Number(e.readBigUInt64LE(32));
    const last = Number(e.readBigUInt64LE(40));
    const offset = first * SECTOR;
    const size = (last - first + 1) * SECTOR;
    if (last < first || offset + size > diskSize) continue;
    parts.push({ number: i + 1, offset, size });
  }
  return parts;
}
function parseMbr(sector0, diskSize) {
  const parts = [];
  for (let i = 0; i < 4; i++) {
    const e = sector0.subarray(446 + i * 16, 446 + (i + 1) * 16);
    const type = e[4];
    const start = e.readUInt32LE(8);
    const sectors = e.readUInt32LE(12);
    if (type === 0 || sectors === 0 || MBR_EXTENDED.has(type)) continue;
    const offset = start * SECTOR;
    const size = sectors * SECTOR;
    if (offset + size > diskSize) continue;
    parts.push({ number: i + 1, offset, size });
  }
  return parts;
}
async function readPartitionTable(rawPath) {
  const fh = await open(rawPath, "r");
  try {
    const { size: diskSize } = await fh.stat();
    const sector0 = await readAt(fh, 0, SECTOR);
    const hasMbr = sector0.length === SECTOR && sector0.readUInt16LE(510) === MBR_SIGNATURE;
    if (hasMbr && [0, 1, 2, 3].some((i) => sector0[446 + i * 16 + 4] === MBR_PROTECTIVE)) {
      const header = await readAt(fh, SECTOR, SECTOR);
      if (header.subarray(0, 8).toString("latin1") === GPT_SIGNATURE) {
        const entriesLba = Number(header.readBigUInt64LE(72));
        const count = header.readUInt32LE(80);
        const entrySize = header.readUInt32LE(84);
        if (entrySize >= 128 && count > 0 && count <= 4096) {
          const entries = await readAt(fh, entriesLba * SECTOR, count * entrySize);
          return { kind: "gpt", partitions: parseGpt(entries, entrySize, diskSize) };
        }
      }
    }
    if (hasMbr) {
      const partitions = parseMbr(sector0, diskSize);
      if (partitions.length > 0) return { kind: "mbr", partitions };
    }
    return { kind: "none", partitions: [{ number: 0, offset: 0, size: diskSize }] };
  } finally {
    await fh.close();
  }
}
async function hasExtFilesystem(rawPath, offset) {
  const fh = await open(rawPath, "r");
  try {
    const sb = await readAt(fh, offset + 1024, 64);
    return sb.length === 64 && sb.readUInt16LE(56) === EXT_MAGIC;
  } finally {
    await fh.close();
  }
}

// src/verify/path-glob.ts
var GLOB_CHARS = /[*?[]/;
function componentRegex(component) {
  let re = "";
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = component.indexOf("]", i + 2);
      if (end === -1) {
        re += "\\[";
        continue;
      }
      let body = component.slice(i + 1, end);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      re += `[${body.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}
function pathComponents(pattern) {
  if (!pattern.startsWith("/")) throw new Error(`not an absolute path: ${pattern}`);
  return pattern.split("/").filter((c) => c !== "" && c !== ".");
}
var join3 = (dir, name) => dir === "/" ? `/${name}` : `${dir}/${name}`;
async function expandGlobs(list, patterns) {
  const parts = patterns.map(pathComponents);
  const matches = patterns.map(() => []);
  let cursors = [];
  for (let p = 0; p < parts.length; p++) {
    if (parts[p].length === 0) matches[p].push({ path: "/", type: "dir" });
    else cursors.push({ pattern: p, depth: 0, dir: "/" });
  }
  while (cursors.length > 0) {
    for (const c of cursors) {
      const comps = parts[c.pattern];
      while (c.depth < comps.length - 1 && !GLOB_CHARS.test(comps[c.depth])) {
        c.dir = join3(c.dir, comps[c.depth]);
        c.depth++;
      }
    }
    const listing = await list(cursors.map((c) => c.dir));
    const next = [];
    for (const c of cursors) {
      const comps = parts[c.pattern];
      const entries = listing.get(c.dir) ?? [];
      const comp = comps[c.depth];
      const hits = GLOB_CHARS.test(comp) ? entries.filter((e) => componentRegex(comp).test(e.name)) : entries.filter((e) => e.name === comp);
      const last = c.depth === comps.length - 1;
      for (const e of hits) {
        if (last) matches[c.pattern].push({ path: join3(c.dir, e.name), type: e.type });
        else if (e.type === "dir" || e.type === "link") {
          next.push({ pattern: c.pattern, depth: c.depth + 1, dir: join3(c.dir, e.name) });
        }
      }
    }
    cursors = next;
  }
  return matches;
}

// src/verify/file-checks.ts
var DEFAULT_FORBIDDEN_FILES = [
  "/etc/ssh/ssh_host_*_key",
  "/root/.ssh/authorized_keys",
  "/etc/kiln/*secret*"
];
var CLOUD_INIT_BINARY = "/usr/bin/cloud-init";
function fileRulesFor(test) {
  return {
    required: [...new Set(test.required_files)],
    forbidden: [.../* @__PURE__ */ new Set([...test.forbidden_files, ...DEFAULT_FORBIDDEN_FILES])]
  };
}
async function findRootFilesystem(runner, rawPath) {
  const table = await readPartitionTable(rawPath);
  const seen = [];
  for (const part of table.partitions) {
    if (!await hasExtFilesystem(rawPath, part.offset)) continue;
    const fs = new ExtFilesystem(runner, rawPath, part.offset);
    const top = (await fs.listDirs(["/"])).get("/") ?? [];
    const where = part.number === 0 ? "whole disk" : `partition ${part.number} (${table.kind})`;
    seen.push(where);
    if (top.some((e) => e.name === "etc" && e.type === "dir")) {
      return { fs, where: `${where} at offset ${part.offset}` };
    }
  }
  return {
    problem: seen.length ? `no root filesystem: no ext2/3/4 filesystem with /etc (looked at ${seen.join(", ")})` : `no ext2/3/4 filesystem found (partition table: ${table.kind}); the file checks read ext2/3/4 only`
  };
}
async function checkFiles(runner, rawPath, rules) {
  const root = await findRootFilesystem(runner, rawPath);
  if ("problem" in root) return { problems: [root.problem], hasCloudInit: false, where: "none" };
  const { fs, where } = root;
  const patterns = [...rules.required, ...rules.forbidden, CLOUD_INIT_BINARY];
  const matches = await expandGlobs((dirs) => fs.listDirs(dirs), patterns);
  const problems = [];
  rules.required.forEach((p, i) => {
    if (matches[i].length === 0) problems.push(`required file missing: ${p}`);
  });
  rules.forbidden.forEach((p, i) => {
    const found = matches[rules.required.length + i];
    if (found.length > 0) {
      problems.push(`forbidden file present: ${found.map((m) => m.path).join(", ")} (matches ${p})`);
    }
  });
  return { problems, hasCloudInit: matches[patterns.length - 1].length > 0, where };
}

// src/verify/find-records.ts
async function findRecordsToTest(dir, names) {
  const paths = await listRecordFiles(dir, names, "run kiln build first, or pass --output DIR");
  const errors = [];
  const found = await collectInputErrors(paths, readRecordWithImage, errors);
  errors.push(...missingRecordErrors(paths, names, dir));
  if (errors.length) throw new InputErrors(errors);
  return found;
}

// src/verify/static-checks.ts
import { symlink } from "node:fs/promises";
import { join as join4, resolve as resolve2 } from "node:path";
async function staticChecks(input, runner, signal) {
  const container = await checkContainer(runner, input.imagePath, input, signal);
  if (container.problems.length > 0) {
    return { problems: [...container.problems, "file checks not run"], summary: "", hasCloudInit: false };
  }
  const raw = join4(input.workDir, "disk.raw");
  if (qemuFormat(input.format) === "raw") {
    await symlink(resolve2(input.imagePath), raw);
  } else {
    await runChecked(
      runner,
      "qemu-img",
      ["convert", "-f", qemuFormat(input.format), "-O", "raw", input.imagePath, raw],
      {
        doing: "converting the image to raw to read its files",
        target: input.imagePath,
        signal
      }
    );
  }
  const files = await checkFiles(runner, raw, input.rules);
  const summary = `qemu-img: ${container.facts?.format}, ${container.facts?.virtualSize} bytes, no corruption; files (${files.where}): ${input.rules.required.length} required present, ${input.rules.forbidden.length} forbidden patterns absent`;
  return { problems: files.problems, summary, hasCloudInit: files.hasCloudInit };
}

// src/verify/test-images.ts
var CONSOLE_LOG_FILE = "console.log";
function selectImages(config, names) {
  if (names.length === 0) throw new InputError("kiln test: name at least one image");
  const errors = [];
  const images = [];
  for (const name of names) {
    const image = config.images.get(name);
    if (!image) {
      const hint = didYouMean(name, config.images.keys()) ?? `images are defined in ${config.files.images}`;
      errors.push(new InputError(`unknown image '${name}'`, void 0, hint));
      continue;
    }
    images.push(image);
  }
  if (errors.length) throw new InputErrors(errors);
  return images;
}
async function testOne(target, image, req, deps) {
  const { record } = target;
  const workDir = await mkdtemp(join5(deps.tmpDir ?? tmpdir(), "kiln-test-"));
  try {
    const found = await staticChecks(
      {
        imagePath: target.file,
        format: record.format,
        virtual_size: record.virtual_size,
        rules: fileRulesFor(image.test),
        workDir
      },
      deps.runner,
      deps.signal
    );
    if (found.problems.length > 0) {
      return {
        status: "failed",
        details: ["static checks failed (boot not attempted):", ...found.problems.map((p) => `- ${p}`)].join(
          "\n"
        )
      };
    }
    deps.logger.info(`static checks passed: ${found.summary}`);
    if (!image.test.boot.enabled) {
      return { status: "passed", details: `${found.summary}; boot test disabled in images.yaml` };
    }
    const boot = await bootSmokeTest(
      {
        imagePath: target.file,
        format: record.format,
        arch: record.arch,
        boot: image.test.boot,
        hasCloudInit: found.hasCloudInit,
        workDir,
        consoleLog: join5(dirname(target.path), CONSOLE_LOG_FILE)
      },
      { runner: deps.runner, logger: deps.logger, env: deps.env, signal: deps.signal, accel: req.accel }
    );
    return { status: boot.status, details: `${boot.details}
static checks: ${found.summary}` };
  } finally {
    await rm2(workDir, { recursive: true, force: true });
  }
}
async function saveResult(recordPath, result) {
  const record = JSON.parse(await readFile(recordPath, "utf8"));
  await writeRecord(dirname(recordPath), { ...record, test: result });
}
async function testImages(request, deps) {
  const req = { ...request, accel: request.accel ?? accelChoiceFromEnv(deps.env) };
  const images = selectImages(req.config, req.names);
  const targets = await findRecordsToTest(req.output, req.names);
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const outcomes = [];
  for (const target of targets) {
    const { name, arch } = target.record;
    const image = images.find((i) => i.name === name);
    const result = await deps.logger.group(`kiln test ${name} (${arch})`, async () => {
      const { status, details } = await testOne(target, image, req, deps);
      return { status, at: now().toISOString(), details };
    });
    await saveResult(target.path, result);
    const line = `${name} (${arch}): ${result.status}
${result.details}`;
    if (result.status === "failed") deps.logger.error(line);
    else deps.logger.info(line);
    outcomes.push({ name, arch, recordPath: target.path, result });
  }
  return outcomes;
}

export {
  testImages
};
