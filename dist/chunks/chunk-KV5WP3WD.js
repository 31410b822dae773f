import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/verify/qemu-machine.ts
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
var MACHINES = {
  amd64: {
    binary: "qemu-system-x86_64",
    guestTty: "/dev/ttyS0",
    // SeaBIOS boots MBR images and GPT images with a BIOS boot partition, which is what DIB makes.
    machineArgs: (accel) => ["-machine", "q35", ...accel === "kvm" ? ["-cpu", "host"] : []],
    firmwareCandidates: []
  },
  arm64: {
    binary: "qemu-system-aarch64",
    guestTty: "/dev/ttyAMA0",
    machineArgs: (accel, firmware) => [
      "-machine",
      "virt",
      "-cpu",
      accel === "kvm" ? "host" : "max",
      ...firmware ? ["-bios", firmware] : []
    ],
    firmwareCandidates: ["/usr/share/qemu-efi-aarch64/QEMU_EFI.fd", "/usr/share/AAVMF/AAVMF_CODE.fd"]
  }
};
var optionValue = (path) => path.replace(/,/g, ",,");
function qemuArgs(input) {
  return [
    ...input.machine.machineArgs(input.accel, input.firmware),
    "-accel",
    input.accel,
    "-m",
    String(input.memoryMiB),
    "-smp",
    "2",
    "-nodefaults",
    "-display",
    "none",
    "-no-reboot",
    "-chardev",
    `file,id=console,path=${optionValue(input.consoleLog)}`,
    "-serial",
    "chardev:console",
    "-drive",
    `file=${optionValue(input.overlay)},format=qcow2,if=virtio`,
    ...input.seed ? ["-drive", `file=${optionValue(input.seed)},format=raw,if=virtio,readonly=on`] : [],
    "-nic",
    "user,model=virtio-net-pci,restrict=on"
  ];
}
async function firstAccessible(candidates, mode) {
  for (const c of candidates) {
    if (await access(c, mode).then(
      () => true,
      () => false
    ))
      return c;
  }
  return void 0;
}
async function onPath(program, env) {
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  return await firstAccessible(
    dirs.map((d) => join(d, program)),
    constants.X_OK
  ) !== void 0;
}

export {
  MACHINES,
  qemuArgs,
  firstAccessible,
  onPath
};
