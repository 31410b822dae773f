import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/config/elements-path.ts
import { join as join3 } from "node:path";

// src/config/dib-elements.json
var dib_elements_default = {
  dib_version: "3.13.0",
  generated_from: "Debian package python3-diskimage-builder 3.13.0-2: sub-directories of /usr/lib/python3/dist-packages/diskimage_builder/elements; regenerate as described in docs/development.md, section 'Generated files'",
  elements: [
    "apt-conf",
    "apt-preferences",
    "apt-sources",
    "baremetal",
    "base",
    "block-device-efi",
    "block-device-efi-lvm",
    "block-device-gpt",
    "block-device-mbr",
    "bootloader",
    "cache-url",
    "centos",
    "centos-minimal",
    "centos7",
    "cleanup-kernel-initrd",
    "cloud-init",
    "cloud-init-datasources",
    "cloud-init-disable-resizefs",
    "cloud-init-nocloud",
    "containerfile",
    "debian",
    "debian-minimal",
    "debian-systemd",
    "debian-upstart",
    "debootstrap",
    "deploy-baremetal",
    "deploy-kexec",
    "deploy-targetcli",
    "deploy-tgtadm",
    "devuser",
    "dhcp-all-interfaces",
    "dib-init-system",
    "dib-python",
    "dib-run-parts",
    "disable-nouveau",
    "disable-selinux",
    "dkms",
    "docker",
    "dpkg",
    "dracut-network",
    "dracut-ramdisk",
    "dracut-regenerate",
    "dynamic-login",
    "element-manifest",
    "enable-serial-console",
    "ensure-venv",
    "epel",
    "fedora",
    "fedora-container",
    "fedora-minimal",
    "gentoo",
    "growroot",
    "growvols",
    "grub2",
    "hpdsa",
    "hwburnin",
    "hwdiscovery",
    "ibft-interfaces",
    "ilo",
    "install-bin",
    "install-static",
    "install-types",
    "iscsi-boot",
    "iso",
    "journal-to-console",
    "keylime-agent",
    "local-config",
    "lvm",
    "manifests",
    "mellanox",
    "modprobe",
    "modprobe-blacklist",
    "no-final-image",
    "oat-client",
    "openssh-server",
    "openstack-ci-mirrors",
    "opensuse",
    "opensuse-minimal",
    "package-installs",
    "pip-and-virtualenv",
    "pip-cache",
    "pkg-map",
    "posix",
    "proliant-tools",
    "pypi",
    "python-brickclient",
    "python-stow-versions",
    "ramdisk",
    "ramdisk-base",
    "rax-nova-agent",
    "redhat-common",
    "rhel",
    "rhel-common",
    "rhel7",
    "rpm-distro",
    "runtime-ssh-host-keys",
    "select-boot-kernel-initrd",
    "selinux-permissive",
    "simple-init",
    "source-repositories",
    "stable-interface-names",
    "svc-map",
    "sysctl",
    "sysprep",
    "tpm-emulator",
    "uboot",
    "ubuntu",
    "ubuntu-common",
    "ubuntu-minimal",
    "ubuntu-signed",
    "ubuntu-systemd-container",
    "vm",
    "yum",
    "yum-minimal",
    "zipl",
    "zypper",
    "zypper-minimal"
  ]
};

// src/config/cache-dir.ts
import { isAbsolute, join, resolve } from "node:path";
function cacheDir(env, root) {
  const fromEnv = env.KILN_CACHE_DIR;
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(root, fromEnv);
  return join(root, ".cache", "kiln");
}
function thirdPartyCheckoutDir(cache, repo) {
  return join(cache, "third-party", repo.name, repo.ref);
}

// src/config/dib-elements-dir.ts
import { readdir, stat } from "node:fs/promises";
import { join as join2 } from "node:path";
var CANDIDATE_PARENTS = ["/usr/lib/python3/dist-packages"];
var LOCAL_LIBS = ["/usr/local/lib", "/usr/lib"];
var found;
function dibElementsDir() {
  found ??= locate();
  return found;
}
async function locate() {
  const parents = [...CANDIDATE_PARENTS];
  for (const lib of LOCAL_LIBS) {
    const pythons = (await readdir(lib).catch(() => [])).filter(
      (n) => /^python3(\.\d+)?$/.test(n)
    );
    for (const py of pythons.sort()) {
      parents.push(join2(lib, py, "dist-packages"), join2(lib, py, "site-packages"));
    }
  }
  for (const parent of parents) {
    const dir = join2(parent, "diskimage_builder", "elements");
    if (await isDir(dir)) return dir;
  }
  return void 0;
}
async function elementNamesIn(dir) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith("_") && !e.name.startsWith(".")).map((e) => e.name).sort();
}
async function isDir(path) {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false
  );
}

// src/config/elements-path.ts
var PROJECT_ELEMENTS_DIR = "elements";
var COMMITTED_DIB_ELEMENTS = new Set(dib_elements_default.elements);
var COMMITTED_DIB_VERSION = dib_elements_default.dib_version;
async function elementsPath(config, options) {
  const dirs = [
    { source: "project", dir: PROJECT_ELEMENTS_DIR, names: await projectElements(options.tree) }
  ];
  const unverifiable = [];
  const cache = cacheDir(options.env ?? {}, config.root);
  for (const repo of config.thirdParty.values()) {
    const dir = join3(thirdPartyCheckoutDir(cache, repo), repo.elements_dir);
    const names = await elementNamesIn(dir);
    if (names.length > 0) dirs.push({ source: "third-party", dir, repo, names: new Set(names) });
    else if (repo.provides) dirs.push({ source: "third-party", repo, names: new Set(repo.provides) });
    else unverifiable.push(repo);
  }
  dirs.push(await dibDir(options.builtinElements));
  return { dirs, unverifiable };
}
function locateElement(name, path) {
  for (const d of path.dirs) {
    if (!d.names.has(name)) continue;
    const dir = d.dir === void 0 ? void 0 : d.source === "project" ? `${d.dir}/${name}` : join3(d.dir, name);
    return { name, source: d.source, dir, repo: d.repo };
  }
  return void 0;
}
async function projectElements(tree) {
  const names = /* @__PURE__ */ new Set();
  const start = PROJECT_ELEMENTS_DIR.length + 1;
  for (const f of await tree.listFiles(PROJECT_ELEMENTS_DIR)) {
    const cut = f.path.indexOf("/", start);
    if (cut > 0) names.add(f.path.slice(start, cut));
  }
  return names;
}
async function dibDir(builtin) {
  if (builtin) return { source: "dib", names: builtin };
  if (builtin === void 0) {
    const dir = await dibElementsDir();
    if (dir) return { source: "dib", dir, names: new Set(await elementNamesIn(dir)) };
  }
  return { source: "dib", names: COMMITTED_DIB_ELEMENTS };
}

// src/config/source-tree.ts
import * as fs from "node:fs";
import { join as join4, normalize, sep } from "node:path";
function readFiles(tree, paths) {
  return tree.readFiles ? tree.readFiles(paths) : Promise.all(paths.map((p) => tree.readFile(p)));
}
var toPosix = (p) => p.split(sep).join("/");
function walkTree(fs2, abs, rel) {
  const out = [];
  const walk = (dirAbs, dirRel) => {
    let entries;
    try {
      entries = fs2.readdirSync(dirAbs, { withFileTypes: true });
    } catch (err) {
      const code = err.code;
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw err;
    }
    for (const e of entries) {
      const full = `${dirAbs}/${e.name}`;
      const path = dirRel === "" ? e.name : `${dirRel}/${e.name}`;
      if (e.isDirectory()) walk(full, path);
      else if (e.isSymbolicLink() || e.isFile()) out.push({ path, full });
    }
  };
  walk(abs, rel);
  return out;
}
function readTreeFile(fs2, full) {
  let fd;
  try {
    fd = fs2.openSync(full, fs2.constants.O_RDONLY | fs2.constants.O_NOFOLLOW);
  } catch (err) {
    const code = err.code;
    if (code === "ELOOP") return { bytes: Buffer.from(fs2.readlinkSync(full)), mode: 40960 };
    if (code === "ENOENT" || code === "ENOTDIR") return void 0;
    throw err;
  }
  try {
    const st = fs2.fstatSync(fd);
    if (!st.isFile()) return { bytes: fs2.readFileSync(fd), mode: 33188 };
    const bytes = Buffer.allocUnsafe(st.size);
    let filled = 0;
    for (let n = 1; n > 0 && filled < st.size; filled += n) {
      n = fs2.readSync(fd, bytes, filled, st.size - filled, filled);
    }
    return { bytes: bytes.subarray(0, filled), mode: st.mode & 73 ? 33261 : 33188 };
  } finally {
    fs2.closeSync(fd);
  }
}
var byPath = (a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
function workTree(root) {
  const modes = /* @__PURE__ */ new Map();
  const listed = (path, full) => ({
    path,
    get mode() {
      let mode = modes.get(path);
      if (mode === void 0) {
        const st = fs.lstatSync(full);
        mode = st.isSymbolicLink() ? 40960 : st.mode & 73 ? 33261 : 33188;
        modes.set(path, mode);
      }
      return mode;
    }
  });
  const read = (path) => {
    const file = readTreeFile(fs, join4(root, path));
    if (file) modes.set(path, file.mode);
    return file?.bytes;
  };
  return {
    root,
    label: "work tree",
    async readFile(path) {
      return read(path);
    },
    async readFiles(paths) {
      return paths.map(read);
    },
    async listFiles(dir) {
      const start = toPosix(normalize(dir)).replace(/\/+$/, "");
      const files = start === "." ? walkTree(fs, root, "") : walkTree(fs, join4(root, start), start);
      return files.map((f) => listed(f.path, f.full)).sort(byPath);
    }
  };
}

export {
  cacheDir,
  thirdPartyCheckoutDir,
  PROJECT_ELEMENTS_DIR,
  COMMITTED_DIB_ELEMENTS,
  elementsPath,
  locateElement,
  readFiles,
  walkTree,
  readTreeFile,
  byPath,
  workTree
};
