import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/file-lock.ts
import { open, readFile, unlink } from "node:fs/promises";

// src/devcloud/daemon.ts
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function startDaemon(spec) {
  const fd = openSync(spec.logFile, "a");
  try {
    const child = spawn(spec.cmd, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ["ignore", fd, fd]
    });
    if (!child.pid) throw new Error(`could not start ${spec.cmd}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}
async function stopDaemon(pid, graceMs = 5e3) {
  const signalGroup = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
    }
  };
  signalGroup("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  signalGroup("SIGKILL");
  while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
}
async function writePid(file, pid) {
  await writeFile(file, `${pid}
`);
}
function readPid(file) {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return pid > 0 ? pid : void 0;
  } catch {
    return void 0;
  }
}

// src/file-lock.ts
async function attempt(file) {
  for (; ; ) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(file).catch(() => void 0);
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const holder = Number((await readFile(file, "utf8").catch(() => "")).trim());
    if (!holder || isAlive(holder)) return holder;
    await unlink(file).catch(() => void 0);
  }
}
async function tryLock(file) {
  const got = await attempt(file);
  return typeof got === "function" ? got : void 0;
}
async function withLock(file, fn, options = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 6e5);
  let got = await attempt(file);
  while (typeof got !== "function") {
    if (Date.now() > deadline) {
      throw new WorldError({
        doing: "waiting for the lock",
        target: file,
        answer: `still held by process ${got}`
      });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
    got = await attempt(file);
  }
  try {
    return await fn();
  } finally {
    await got();
  }
}

export {
  isAlive,
  startDaemon,
  stopDaemon,
  writePid,
  readPid,
  tryLock,
  withLock
};
