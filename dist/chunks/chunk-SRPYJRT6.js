import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  SIGNING_KEY_ENV
} from "./chunk-2RI5WXA3.js";
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/exec.ts
import { spawn } from "node:child_process";
import { closeSync, fstatSync, openSync } from "node:fs";

// src/file-follower.ts
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
var FileFollower = class {
  /** `position`: where to start reading (the size of what was there before the writer started). */
  constructor(path, position = 0) {
    this.path = path;
    this.position = position;
  }
  path;
  position;
  fh;
  decoder = new StringDecoder("utf8");
  /** Text appended since the last call ('' when nothing new or the file does not exist yet). */
  async read() {
    if (!this.fh) {
      try {
        this.fh = await open(this.path, "r");
      } catch {
        return "";
      }
    }
    let text = "";
    const buf = Buffer.alloc(64 * 1024);
    for (; ; ) {
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, this.position);
      if (bytesRead === 0) return text;
      this.position += bytesRead;
      text += this.decoder.write(buf.subarray(0, bytesRead));
    }
  }
  async close() {
    await this.fh?.close();
    this.fh = void 0;
  }
};

// src/debian-packages.json
var debian_packages_default = {
  programs: {
    "disk-image-create": "python3-diskimage-builder",
    "qemu-img": "qemu-utils",
    "qemu-system-x86_64": "qemu-system-x86",
    "qemu-system-aarch64": "qemu-system-arm",
    packer: "packer",
    git: "git",
    "cloud-localds": "cloud-image-utils",
    debugfs: "e2fsprogs"
  },
  imageBuilders: [
    "python3-diskimage-builder",
    "qemu-utils",
    "debootstrap",
    "kpartx",
    "squashfs-tools",
    "dosfstools",
    "gdisk",
    "parted",
    "xfsprogs",
    "sudo"
  ],
  bootTestTools: ["qemu-img", "cloud-localds", "debugfs"],
  uefiFirmware: { arm64: "qemu-efi-aarch64" }
};

// src/debian-packages.ts
var IMAGE_BUILDER_PACKAGES = debian_packages_default.imageBuilders;
var BOOT_TEST_TOOLS = debian_packages_default.bootTestTools;
var UEFI_FIRMWARE_PACKAGES = debian_packages_default.uefiFirmware;
function packageOf(program) {
  return debian_packages_default.programs[program];
}

// src/exec.ts
function missingProgramHint(cmd) {
  const pkg = packageOf(cmd);
  return pkg ? `install it with: apt-get install --no-install-recommends ${pkg} (or run scripts/setup-host.sh)` : `install ${cmd} and make sure it is on PATH`;
}
var TailBuffer = class {
  constructor(max) {
    this.max = max;
  }
  max;
  chunks = [];
  size = 0;
  push(b) {
    this.chunks.push(b);
    this.size += b.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0].length >= this.max)
      this.size -= this.chunks.shift().length;
    if (this.size > this.max) {
      this.chunks[0] = this.chunks[0].subarray(this.size - this.max);
      this.size = this.max;
    }
  }
  toString() {
    return Buffer.concat(this.chunks).toString("utf8");
  }
};
var FOLLOW_INTERVAL_MS = 200;
var LineSplitter = class {
  constructor(onLine) {
    this.onLine = onLine;
  }
  onLine;
  pending = "";
  push(text) {
    const lines = (this.pending + text).split("\n");
    this.pending = lines.pop() ?? "";
    for (const l of lines) this.onLine(l.replace(/\r$/, ""));
  }
  flush() {
    if (this.pending) this.onLine(this.pending);
    this.pending = "";
  }
};
function pipeTap(stdout, stderr, options, max) {
  const tap = { stdout: new TailBuffer(max), stderr: new TailBuffer(max), finish: async () => {
  } };
  const splitters = [];
  for (const [stream, name] of [
    [stdout, "stdout"],
    [stderr, "stderr"]
  ]) {
    const onLine = options.onLine;
    const lines = onLine ? new LineSplitter((l) => onLine(l, name)) : void 0;
    if (lines) splitters.push(lines);
    stream.on("data", (chunk) => {
      tap[name].push(chunk);
      lines?.push(chunk.toString("utf8"));
    });
  }
  tap.finish = async () => splitters.forEach((l) => l.flush());
  return tap;
}
function fileTap(logFile, startAt, options, max) {
  const follower = new FileFollower(logFile, startAt);
  const stdout = new TailBuffer(max);
  const onLine = options.onLine;
  const lines = onLine ? new LineSplitter((l) => onLine(l, "stdout")) : void 0;
  let reading = Promise.resolve();
  const pump = () => reading = reading.then(async () => {
    const text = await follower.read().catch(() => "");
    if (!text) return;
    stdout.push(Buffer.from(text));
    lines?.push(text);
  });
  const timer = setInterval(() => void pump(), FOLLOW_INTERVAL_MS);
  return {
    stdout,
    stderr: new TailBuffer(0),
    async finish() {
      clearInterval(timer);
      await pump();
      lines?.flush();
      await follower.close().catch(() => {
      });
    }
  };
}
function openLog(logFile) {
  try {
    const fd = openSync(logFile, "a", 420);
    return { fd, size: fstatSync(fd).size };
  } catch (err) {
    throw new WorldError(
      { doing: "opening the log file", target: logFile, answer: err.message },
      { cause: err }
    );
  }
}
function childEnv(env) {
  if (env[SIGNING_KEY_ENV] === void 0) return env;
  const rest = { ...env };
  delete rest[SIGNING_KEY_ENV];
  return rest;
}
var run = (cmd, args, options = {}) => new Promise((resolve, reject) => {
  const log = options.logFile ? openLog(options.logFile) : void 0;
  const stdin = options.input !== void 0 || !log ? "pipe" : "ignore";
  const child = (() => {
    try {
      return spawn(cmd, [...args], {
        cwd: options.cwd,
        env: childEnv(options.env ?? process.env),
        stdio: [stdin, log?.fd ?? "pipe", log?.fd ?? "pipe"],
        detached: options.processGroup ?? false
      });
    } finally {
      if (log) closeSync(log.fd);
    }
  })();
  const max = options.maxBuffer ?? 1024 * 1024;
  const tap = log ? fileTap(options.logFile, log.size, options, max) : pipeTap(child.stdout, child.stderr, options, max);
  let killTimer;
  const kill = (sig) => {
    try {
      if (options.processGroup && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
    }
  };
  const onAbort = () => {
    kill("SIGTERM");
    killTimer = setTimeout(() => kill("SIGKILL"), (options.killGraceSeconds ?? 60) * 1e3);
    killTimer.unref();
  };
  if (options.signal) {
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener("abort", onAbort, { once: true });
  }
  child.on("error", (e) => {
    options.signal?.removeEventListener("abort", onAbort);
    void tap.finish();
    if (e.code === "ENOENT") {
      reject(
        new WorldError({
          doing: `running ${cmd}`,
          answer: `program not found; ${missingProgramHint(cmd)}`
        })
      );
    } else {
      reject(new WorldError({ doing: `running ${cmd}`, answer: e.message }, { cause: e }));
    }
  });
  child.on("close", (code, signal) => {
    if (killTimer) clearTimeout(killTimer);
    options.signal?.removeEventListener("abort", onAbort);
    void tap.finish().then(
      () => resolve({
        code: code ?? 128,
        signal,
        stdout: tap.stdout.toString(),
        stderr: tap.stderr.toString()
      })
    );
  });
  if (child.stdin) {
    child.stdin.on("error", () => {
    });
    if (options.input !== void 0) child.stdin.end(options.input);
    else child.stdin.end();
  }
});
async function runChecked(runner, cmd, args, options = {}) {
  const res = await runner(cmd, args, options);
  if (res.code !== 0) {
    const tail = (res.stderr || res.stdout).trim().split("\n").slice(-20).join("\n");
    throw new WorldError({
      doing: options.doing ?? `running ${cmd}`,
      target: options.target,
      answer: `exit ${res.signal ?? res.code}${tail ? `
${tail}` : ""}`
    });
  }
  return res;
}

export {
  FileFollower,
  IMAGE_BUILDER_PACKAGES,
  BOOT_TEST_TOOLS,
  UEFI_FIRMWARE_PACKAGES,
  packageOf,
  run,
  runChecked
};
