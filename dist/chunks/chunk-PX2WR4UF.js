import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  MACHINES,
  firstAccessible,
  onPath
} from "./chunk-KV5WP3WD.js";
import {
  BOOT_TEST_TOOLS,
  IMAGE_BUILDER_PACKAGES,
  UEFI_FIRMWARE_PACKAGES,
  packageOf
} from "./chunk-SRPYJRT6.js";
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/action/tool-setup.ts
import { constants } from "node:fs";
var PACKER_ARCH = { x64: "amd64", arm64: "arm64" };
async function versionOf(runner, cmd, args) {
  try {
    const res = await runner(cmd, args);
    return res.code === 0 ? /(\d+\.\d+\.\d+)/.exec(res.stdout + res.stderr)?.[1] : void 0;
  } catch {
    return void 0;
  }
}
async function setupPacker(o) {
  const installed = await versionOf(o.runner, "packer", ["version"]);
  if (installed === o.version) {
    o.logger.info(`packer ${installed} is on PATH`);
    return "";
  }
  const tc = await import("./tool-cache-F3TVAYBJ.js");
  const core = await import("./core-4V57Q7DV.js");
  const arch = PACKER_ARCH[o.arch ?? process.arch] ?? o.arch ?? process.arch;
  let dir = tc.find("packer", o.version, arch);
  if (!dir) {
    const url = o.url.replaceAll("{version}", o.version).replaceAll("{arch}", arch);
    o.logger.info(
      `downloading packer ${o.version} from ${url}${installed ? ` (PATH has ${installed})` : ""}`
    );
    let zip;
    try {
      zip = await tc.downloadTool(url);
    } catch (err) {
      throw new WorldError({
        doing: `downloading packer ${o.version}`,
        target: url,
        answer: err.message
      });
    }
    dir = await tc.cacheDir(await tc.extractZip(zip), "packer", o.version, arch);
  }
  core.addPath(dir);
  const now = await versionOf(o.runner, "packer", ["version"]);
  if (now !== o.version) {
    throw new WorldError({
      doing: `installing packer ${o.version}`,
      answer: `packer on PATH reports ${now ?? "nothing"}`
    });
  }
  return dir;
}
async function setupDib(o) {
  let dib = await versionOf(o.runner, "disk-image-create", ["--version"]);
  const qemuImg = await versionOf(o.runner, "qemu-img", ["--version"]);
  if (!dib || !qemuImg) {
    const missing = [!dib && "disk-image-create", !qemuImg && "qemu-img"].filter(Boolean).join(" and ");
    await aptInstall(IMAGE_BUILDER_PACKAGES, `setting up the image builders (${missing} missing)`, o);
    dib = await versionOf(o.runner, "disk-image-create", ["--version"]);
  }
  if (o.version && dib && dib !== o.version) {
    o.logger.warn(
      `the config pins DIB ${o.version} but this runner has ${dib}: images may differ from their build key`
    );
  }
}
async function setupQemu(o) {
  const machines = o.machines ?? MACHINES;
  const missing = [];
  const packages = /* @__PURE__ */ new Set();
  for (const program of BOOT_TEST_TOOLS) {
    if (!await onPath(program, o.env)) {
      missing.push(program);
      packages.add(packageOf(program));
    }
  }
  for (const arch of o.arches) {
    const machine = machines[arch];
    if (!await onPath(machine.binary, o.env)) {
      missing.push(machine.binary);
      packages.add(packageOf(machine.binary) ?? machine.binary);
    }
    const firmware = UEFI_FIRMWARE_PACKAGES[arch];
    if (firmware && machine.firmwareCandidates.length > 0 && !await firstAccessible(machine.firmwareCandidates, constants.R_OK)) {
      missing.push(`UEFI firmware for ${arch} guests`);
      packages.add(firmware);
    }
  }
  if (missing.length === 0) {
    o.logger.info(
      `the boot test's tools are installed (${o.arches.map((a) => machines[a].binary).join(", ")})`
    );
    return;
  }
  await aptInstall([...packages], `setting up the boot test (${missing.join(", ")} missing)`, o);
  const still = [];
  for (const arch of o.arches)
    if (!await onPath(machines[arch].binary, o.env)) still.push(machines[arch].binary);
  if (still.length > 0) {
    throw new WorldError({
      doing: `installing ${[...packages].join(" ")}`,
      answer: `${still.join(", ")} still not on PATH`
    });
  }
}
async function aptInstall(packages, doing, o) {
  const sudo = !o.isRoot && (await o.runner("sudo", ["-n", "true"]).catch(() => ({ code: 1 }))).code === 0;
  if (!o.isRoot && !sudo) {
    throw new WorldError({
      doing,
      answer: `this runner is not root and has no password-less sudo, so kiln cannot install them; install them in the runner image: apt-get install --no-install-recommends ${packages.join(" ")}`
    });
  }
  const apt = (args) => sudo ? o.runner("sudo", ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args]) : o.runner("apt-get", args, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  o.logger.info(`installing ${packages.join(" ")} (${doing})`);
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...packages]]) {
    const res = await apt(args);
    if (res.code !== 0) {
      throw new WorldError({
        doing: `apt-get ${args[0]}`,
        answer: res.stderr.trim().split("\n").slice(-5).join("\n")
      });
    }
  }
}

export {
  setupPacker,
  setupDib,
  setupQemu
};
