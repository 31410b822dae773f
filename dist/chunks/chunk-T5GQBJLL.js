import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage
} from "./chunk-JTVS32PB.js";
import {
  MACHINES,
  firstAccessible,
  onPath,
  qemuArgs
} from "./chunk-KV5WP3WD.js";
import {
  checkContainer,
  checkFiles,
  fileRulesFor,
  qemuFormat,
  rawView
} from "./chunk-YU4BCPTU.js";
import {
  writeRecord
} from "./chunk-MEIOC2ET.js";
import {
  didYouMean
} from "./chunk-PULXAN4K.js";
import {
  FileFollower,
  runChecked
} from "./chunk-SRPYJRT6.js";
import {
  require_dist
} from "./chunk-VNYJLFTL.js";
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
import { dirname, join as join3 } from "node:path";

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
async function staticChecks(input, runner, signal) {
  const container = await checkContainer(runner, input.imagePath, input, signal);
  if (container.problems.length > 0) {
    return { problems: [...container.problems, "file checks not run"], summary: "", hasCloudInit: false };
  }
  const raw = await rawView(runner, { path: input.imagePath, format: input.format }, input.workDir, signal);
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
  const workDir = await mkdtemp(join3(deps.tmpDir ?? tmpdir(), "kiln-test-"));
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
        consoleLog: join3(dirname(target.path), CONSOLE_LOG_FILE)
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
  const images = selectImages(deps.config, req.names);
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
