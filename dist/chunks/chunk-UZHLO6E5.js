import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  WorldError
} from "./chunk-6ZOG3UT5.js";

// src/exec.ts
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
var PROVIDERS = {
  "disk-image-create": "python3-diskimage-builder",
  "qemu-img": "qemu-utils",
  "qemu-system-x86_64": "qemu-system-x86",
  "qemu-system-aarch64": "qemu-system-arm",
  packer: "packer",
  git: "git",
  "cloud-localds": "cloud-image-utils"
};
function missingProgramHint(cmd) {
  const pkg = PROVIDERS[cmd];
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
    while (this.size > this.max && this.chunks.length > 1) this.size -= this.chunks.shift().length;
  }
  toString() {
    const s = Buffer.concat(this.chunks).toString("utf8");
    return s.length > this.max ? s.slice(s.length - this.max) : s;
  }
};
var run = (cmd, args, options = {}) => new Promise((resolve, reject) => {
  const child = spawn(cmd, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["pipe", "pipe", "pipe"],
    detached: options.processGroup ?? false
  });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : void 0;
  const max = options.maxBuffer ?? 1024 * 1024;
  const out = new TailBuffer(max);
  const err = new TailBuffer(max);
  const pending = { stdout: "", stderr: "" };
  const feed = (stream, buf) => (chunk) => {
    buf.push(chunk);
    log?.write(chunk);
    if (!options.onLine) return;
    const text = pending[stream] + chunk.toString("utf8");
    const lines = text.split("\n");
    pending[stream] = lines.pop() ?? "";
    for (const l of lines) options.onLine(l.replace(/\r$/, ""), stream);
  };
  child.stdout.on("data", feed("stdout", out));
  child.stderr.on("data", feed("stderr", err));
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
    log?.end();
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
    for (const stream of ["stdout", "stderr"]) {
      if (options.onLine && pending[stream]) options.onLine(pending[stream], stream);
    }
    log?.end();
    resolve({ code: code ?? 128, signal, stdout: out.toString(), stderr: err.toString() });
  });
  child.stdin.on("error", () => {
  });
  if (options.input !== void 0) child.stdin.end(options.input);
  else child.stdin.end();
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
  run,
  runChecked
};
