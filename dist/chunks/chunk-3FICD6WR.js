import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  defaultsSchema,
  imageSchema,
  imagesFileSchema,
  siteSchema,
  sitesFileSchema,
  thirdPartyFileSchema,
  thirdPartyRepoSchema
} from "./chunk-3BWN3CNQ.js";
import {
  external_exports
} from "./chunk-XX4E3S4Z.js";
import {
  require_dist
} from "./chunk-VNYJLFTL.js";
import {
  InputError,
  InputErrors
} from "./chunk-6ZOG3UT5.js";
import {
  __toESM
} from "./chunk-NRF5ZCPO.js";

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

// src/config/load.ts
import { readFile } from "node:fs/promises";
import { isAbsolute as isAbsolute2, join as join5, relative as relative2, resolve as resolve2, sep as sep2 } from "node:path";

// src/config/did-you-mean.ts
function closest(word, candidates) {
  let best;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
function didYouMean(word, candidates) {
  const c = closest(word, candidates);
  return c === void 0 ? void 0 : `did you mean '${c}'?`;
}
function editDistance(a, b) {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from(
    { length: rows },
    (_, i) => Array.from({ length: cols }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

// src/config/elements-path.ts
import { join as join3 } from "node:path";

// src/config/dib-elements.json
var dib_elements_default = {
  dib_version: "3.13.0",
  generated_from: "Debian package python3-diskimage-builder 3.13.0-2: sub-directories of /usr/lib/python3/dist-packages/diskimage_builder/elements; regenerate as described in README.md, section 'validate, schema'",
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
var COMMITTED_DIB_ELEMENTS = new Set(dib_elements_default.elements);
var COMMITTED_DIB_VERSION = dib_elements_default.dib_version;
async function elementsPath(config, options) {
  const dirs = [
    { source: "project", dir: "elements", names: await projectElements(options.tree) }
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
  for (const f of await tree.listFiles("elements")) {
    const parts = f.path.split("/");
    if (parts.length >= 3) names.add(parts[1]);
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

// src/config/check-images.ts
async function checkImages(images, ctx) {
  const out = { errors: [], warnings: [] };
  for (const image of images) {
    const own = ctx.inputs.get(image.name);
    if (!own) continue;
    if (ctx.elements) checkElements(image, own, ctx.elements, out);
    if (ctx.sites) checkSites(image, own, ctx.file, ctx.sites, out.errors);
    checkArtifacts(image, own, ctx.file, out.warnings);
    if (ctx.partial.has(image.name)) continue;
    checkBuilderFields(image, own, ctx, out.errors);
    if (image.builder === "packer") await checkPackerFiles(image, own, ctx, out.errors);
  }
  return out;
}
function checkElements(image, own, path, out) {
  for (const name of own.elements ?? []) {
    if (locateElement(name, path)) continue;
    const pos = image.elementPos[name];
    const unverifiable = path.unverifiable.map((r) => r.name);
    if (unverifiable.length) {
      out.warnings.push(
        new InputError(
          `element '${name}' not found locally; assuming it comes from third-party ${unverifiable.join(", ")} (not checked out)`,
          pos,
          "list it under the repo's `provides` in third-party.yaml to have it checked"
        )
      );
      continue;
    }
    const known = path.dirs.flatMap((d) => [...d.names]);
    out.errors.push(
      new InputError(
        `unknown element '${name}': not in elements/, a third-party repo or DIB's built-in elements`,
        pos,
        didYouMean(name, known)
      )
    );
  }
}
function checkArtifacts(image, own, file, warnings) {
  for (const [key, artifact] of Object.entries(own.artifacts ?? {})) {
    if (/^0+$/.test(artifact.sha256)) {
      warnings.push(
        new InputError(
          `artifact ${key} of image '${image.name}' has a placeholder sha256 (all zeros): building it will fail`,
          file.pos(["images", image.name, "artifacts", key, "sha256"]),
          "put the publisher's checksum of the file here"
        )
      );
    }
  }
}
function checkSites(image, own, file, sites, errors) {
  if (!own.sites) return;
  const at = (...path) => file.pos(["images", image.name, "sites", ...path]);
  if (own.sites.kind !== void 0) {
    const kinds = [...new Set([...sites.values()].map((s) => s.kind))];
    if (!kinds.includes(own.sites.kind)) {
      errors.push(
        new InputError(
          `site selector kind '${own.sites.kind}' of image '${image.name}' matches no site`,
          at("kind"),
          kinds.length ? didYouMean(own.sites.kind, kinds) ?? `kinds in sites.yaml: ${kinds.join(", ")}` : "sites.yaml defines no sites"
        )
      );
    }
  }
  (own.sites.names ?? []).forEach((site, i) => {
    if (sites.has(site)) return;
    errors.push(
      new InputError(
        `site selector of image '${image.name}' names unknown site '${site}'`,
        at("names", i),
        didYouMean(site, sites.keys()) ?? (sites.size ? `sites: ${[...sites.keys()].join(", ")}` : "sites.yaml defines no sites")
      )
    );
  });
}
function checkBuilderFields(image, own, ctx, errors) {
  const at = (key) => ctx.file.pos(["images", image.name, key], "key");
  if (image.builder === "packer") {
    if (own.elements?.length) {
      errors.push(
        new InputError(
          `packer image '${image.name}' cannot have DIB elements`,
          at("elements"),
          "elements are for builder: dib"
        )
      );
    }
    if (!image.template) {
      errors.push(
        new InputError(
          `packer image '${image.name}' has no template`,
          image.pos,
          "add `template: packer/<name>.pkr.hcl`"
        )
      );
    }
  } else {
    for (const key of ["template", "var_files"]) {
      if (own[key] !== void 0) {
        errors.push(
          new InputError(
            `'${key}' only applies to packer images, and '${image.name}' is built with dib`,
            at(key),
            "set `builder: packer`"
          )
        );
      }
    }
  }
}
async function checkPackerFiles(image, own, ctx, errors) {
  const at = (...path) => ctx.file.pos(["images", image.name, ...path]);
  if (own.template !== void 0 && !await ctx.tree.readFile(own.template)) {
    errors.push(
      new InputError(
        `template file '${own.template}' of image '${image.name}' does not exist`,
        at("template"),
        "paths are relative to the repository root"
      )
    );
  }
  if (!own.var_files) return;
  for (const [i, path] of image.var_files.entries()) {
    if (await ctx.tree.readFile(path)) continue;
    errors.push(
      new InputError(
        `var file '${own.var_files[i]}' of image '${image.name}' does not exist: no ${path}`,
        at("var_files", i)
      )
    );
  }
}

// src/config/image-input.ts
function parseImageInput(raw) {
  const full = imageSchema.safeParse(raw);
  if (full.success) return { input: full.data, partial: false };
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { partial: true };
  const bad = /* @__PURE__ */ new Set();
  for (const issue of full.error.issues) {
    if (issue.path.length > 0) bad.add(String(issue.path[0]));
    else if (issue.code === "unrecognized_keys") issue.keys.forEach((k) => bad.add(k));
    else return { partial: true };
  }
  if (bad.has("builder")) return { partial: true };
  const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
  const parsed = imageSchema.safeParse(rest);
  return { input: parsed.success ? parsed.data : void 0, partial: true };
}

// src/config/resolve-images.ts
var DEFAULT_BUILDER_VERSIONS = { dib: "3.13.0", packer: "1.6.6" };
var DEFAULT_RUNNERS = {
  amd64: ["self-hosted", "linux", "x64"],
  arm64: ["self-hosted", "linux", "arm64"]
};
var DEFAULT_BOOT_TIMEOUT = 300;
var PROVENANCE_FILE = "/etc/kiln/provenance.json";
function resolveImages(file, defaults, entries) {
  const resolved = /* @__PURE__ */ new Map();
  const errors = [];
  const rootBase = baseFromDefaults(defaults);
  const builders = { ...DEFAULT_BUILDER_VERSIONS, ...defaults.builders };
  const resolve3 = (name, chain) => {
    const done = resolved.get(name);
    if (done !== void 0) return done;
    const input = entries.get(name);
    if (!input) return remember(name, null);
    let base = rootBase;
    if (input.parent !== void 0) {
      const parentPos = file.pos(["images", name, "parent"]);
      if (!entries.has(input.parent)) {
        const hint = didYouMean(input.parent, entries.keys()) ?? "parent must be an image defined in this file";
        errors.push(new InputError(`unknown parent '${input.parent}' of image '${name}'`, parentPos, hint));
        return remember(name, null);
      }
      const at = chain.indexOf(input.parent);
      if (at >= 0 || input.parent === name) {
        const cycle = [...chain.slice(at >= 0 ? at : chain.length), name, input.parent];
        errors.push(
          new InputError(
            `parent cycle: ${cycle.join(" -> ")}`,
            parentPos,
            "an image cannot be its own ancestor"
          )
        );
        for (const n of cycle) resolved.set(n, null);
        return null;
      }
      const parent = resolve3(input.parent, [...chain, name]);
      if (!parent) return remember(name, null);
      base = parent;
    }
    const image = applyOwn(file, name, base, input, builders);
    if (image.architectures.some((a) => !base.architectures.includes(a)) && input.parent !== void 0) {
      const missing = image.architectures.filter((a) => !base.architectures.includes(a));
      errors.push(
        new InputError(
          `image '${name}' is built for ${missing.join(", ")} but its parent '${input.parent}' is not`,
          file.pos(["images", name, "architectures"]),
          `the parent builds ${base.architectures.join(", ")}`
        )
      );
    }
    return remember(name, image);
  };
  const remember = (name, image) => {
    if (!resolved.has(name)) resolved.set(name, image);
    return resolved.get(name) ?? null;
  };
  for (const name of entries.keys()) resolve3(name, []);
  const images = /* @__PURE__ */ new Map();
  for (const name of entries.keys()) {
    const image = resolved.get(name);
    if (image) images.set(name, image);
  }
  return { images, errors };
}
function baseFromDefaults(d) {
  return {
    elements: [],
    env: strings(d.env),
    architectures: d.architectures ?? ["amd64"],
    disk_format: d.disk_format ?? "qcow2",
    visibility: d.visibility ?? "private",
    properties: strings(d.properties),
    runners: { ...DEFAULT_RUNNERS, ...d.runners },
    artifacts: {},
    var_files: [],
    test: mergeTest(
      {
        required_files: [],
        forbidden_files: [],
        boot: { enabled: true, timeout: DEFAULT_BOOT_TIMEOUT, commands: [] }
      },
      d.test
    )
  };
}
function applyOwn(file, name, base, own, builders) {
  const at = (...path) => file.pos(["images", name, ...path]);
  const builder = own.builder ?? base.builder ?? "dib";
  const elements = unique([...base.elements, ...own.elements ?? []]);
  const elementPos = {};
  (own.elements ?? []).forEach((e, i) => elementPos[e] ??= at("elements", i));
  const artifacts = { ...base.artifacts };
  for (const [key, a] of Object.entries(own.artifacts ?? {}))
    artifacts[key] = { ...a, pos: file.pos(["images", name, "artifacts", key], "key") };
  const test = mergeTest(base.test, own.test);
  if (elements.includes("kiln-common"))
    test.required_files = unique([...test.required_files, PROVENANCE_FILE]);
  const template = own.template ?? base.template;
  return {
    name,
    builder,
    parent: own.parent,
    elements,
    env: { ...base.env, ...strings(own.env) },
    architectures: own.architectures ? unique(own.architectures) : base.architectures,
    disk_format: own.disk_format ?? base.disk_format,
    visibility: own.visibility ?? base.visibility,
    properties: { ...base.properties, ...strings(own.properties) },
    builder_version: builders[builder] ?? DEFAULT_BUILDER_VERSIONS[builder],
    runners: { ...base.runners, ...own.runners },
    artifacts,
    sites: own.sites ? { ...own.sites, pos: at("sites") } : base.sites,
    template,
    var_files: own.var_files ? own.var_files.map((v) => varFilePath(v, template)) : base.var_files,
    test,
    pos: file.pos(["images", name], "key"),
    elementPos
  };
}
function varFilePath(entry, template) {
  if (entry.includes("/") || /\.(hcl|json)$/.test(entry)) return entry;
  const dir = template?.includes("/") ? template.slice(0, template.lastIndexOf("/")) : ".";
  return `${dir === "." ? "" : `${dir}/`}vars/${entry}.pkrvars.hcl`;
}
function mergeTest(base, own) {
  return {
    required_files: unique([...base.required_files, ...own?.required_files ?? []]),
    forbidden_files: unique([...base.forbidden_files, ...own?.forbidden_files ?? []]),
    boot: {
      enabled: own?.boot?.enabled ?? base.boot.enabled,
      timeout: own?.boot?.timeout ?? base.boot.timeout,
      marker: own?.boot?.marker ?? base.boot.marker,
      commands: [...base.boot.commands, ...own?.boot?.commands ?? []]
    }
  };
}
function strings(map) {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v)]));
}
function unique(items) {
  return [...new Set(items)];
}

// src/config/schema-errors.ts
function schemaErrors(file, schema, value) {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => issueErrors(file, schema, value, issue));
}
var NOUNS = {
  architectures: "architecture",
  builder: "builder",
  disk_format: "disk format",
  visibility: "visibility"
};
var ALIASES = { x86_64: "amd64", aarch64: "arm64", x64: "amd64", arm: "arm64" };
function issueErrors(file, schema, root, issue) {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = Object.keys(objectShapeAt(schema, path) ?? {});
      return issue.keys.map(
        (key) => new InputError(
          `unknown key '${key}'${where(path)}`,
          file.pos([...path, key], "key"),
          didYouMean(key, known) ?? (known.length ? `expected one of: ${known.join(", ")}` : void 0)
        )
      );
    }
    case "invalid_key": {
      const key = String(path[path.length - 1]);
      const why = issue.issues[0]?.message ?? "not allowed";
      return [new InputError(`invalid name '${key}': ${why}`, file.pos(path, "key"))];
    }
    case "invalid_value": {
      const actual = valueAt(root, path);
      const allowed = issue.values.map(String);
      const last = [...path].reverse().find((s) => typeof s === "string") ?? "";
      const noun = NOUNS[last] ?? "value";
      const hint = ALIASES[String(actual)] ? `kiln calls it '${ALIASES[String(actual)]}'` : didYouMean(String(actual), allowed);
      return [
        new InputError(
          `unknown ${noun} ${JSON.stringify(actual)}: expected one of ${allowed.join(", ")}`,
          file.pos(path),
          hint
        )
      ];
    }
    case "invalid_type": {
      const actual = valueAt(root, path);
      if (actual === void 0) {
        const key = String(path[path.length - 1]);
        const custom = isDefaultMessage(issue.message) ? void 0 : issue.message;
        return [
          new InputError(
            custom ?? `missing required key '${key}'${where(path.slice(0, -1))}`,
            file.pos(path)
          )
        ];
      }
      const message = isDefaultMessage(issue.message) ? `expected ${article(issue.expected)}, got ${describe(actual)}` : issue.message;
      return [new InputError(message, file.pos(path))];
    }
    default:
      return [new InputError(issue.message, file.pos(path))];
  }
}
function isDefaultMessage(message) {
  return message.startsWith("Invalid input");
}
function where(path) {
  return path.length ? ` in '${path.join(".")}'` : " at the top level";
}
function article(expected) {
  const words = {
    record: "a mapping",
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "an integer",
    boolean: "true or false"
  };
  return words[expected] ?? expected;
}
function describe(value) {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}
function valueAt(root, path) {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return void 0;
    v = v[seg];
  }
  return v;
}
function objectShapeAt(schema, path) {
  let s = unwrap(schema);
  for (const seg of path) {
    if (s instanceof external_exports.ZodObject) s = s.shape[seg];
    else if (s instanceof external_exports.ZodRecord) s = s.valueType;
    else if (s instanceof external_exports.ZodArray) s = s.element;
    else return void 0;
    s = s && unwrap(s);
  }
  return s instanceof external_exports.ZodObject ? s.shape : void 0;
}
function unwrap(s) {
  let cur = s;
  while (cur instanceof external_exports.ZodOptional || cur instanceof external_exports.ZodNullable || cur instanceof external_exports.ZodDefault) {
    cur = cur.unwrap();
  }
  return cur;
}

// src/config/source-tree.ts
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join as join4, relative, sep } from "node:path";
var toPosix = (p) => p.split(sep).join("/");
function workTree(root) {
  return {
    root,
    label: "work tree",
    async readFile(path) {
      try {
        const full = join4(root, path);
        const st = lstatSync(full);
        if (st.isSymbolicLink()) return Buffer.from(readlinkSync(full));
        return readFileSync(full);
      } catch (err) {
        if (err.code === "ENOENT" || err.code === "ENOTDIR") {
          return void 0;
        }
        throw err;
      }
    },
    async listFiles(dir) {
      const out = [];
      const walk = (abs) => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch (err) {
          if (err.code === "ENOENT") return;
          throw err;
        }
        for (const e of entries) {
          const full = join4(abs, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.isSymbolicLink()) out.push({ path: toPosix(relative(root, full)), mode: 40960 });
          else if (e.isFile()) {
            const st = lstatSync(full);
            out.push({ path: toPosix(relative(root, full)), mode: st.mode & 73 ? 33261 : 33188 });
          }
        }
      };
      walk(join4(root, dir));
      return out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    }
  };
}

// src/config/yaml-file.ts
var import_yaml = __toESM(require_dist(), 1);
var YamlFile = class _YamlFile {
  file;
  doc;
  lines;
  /** Pairs of each mapping by key, built on first lookup (a catalogue has thousands of images). */
  pairsByKey = /* @__PURE__ */ new WeakMap();
  constructor(file, doc, lines) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }
  /** Parses `text`; `file` is the name used in messages. */
  static parse(file, text) {
    const lines = new import_yaml.LineCounter();
    const doc = (0, import_yaml.parseDocument)(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
    const yf = new _YamlFile(file, doc, lines);
    const errors = doc.errors.map(
      (e) => new InputError(firstLine(e.message), yf.at(e.pos[0]), "invalid YAML")
    );
    return { file: yf, errors: [...errors, ...yf.duplicateKeys()] };
  }
  /** Keys that appear twice in one mapping (the later one is reported; its value would win). */
  duplicateKeys() {
    const errors = [];
    (0, import_yaml.visit)(this.doc, {
      Map: (_, map) => {
        const seen = /* @__PURE__ */ new Set();
        for (const pair of map.items) {
          const key = keyValue(pair.key);
          if (key === void 0) continue;
          if (seen.has(key)) {
            errors.push(
              new InputError(
                `duplicate key '${key}': each key may appear only once in a mapping`,
                this.rangeStart(pair.key)
              )
            );
          }
          seen.add(key);
        }
      }
    });
    return errors;
  }
  /** The plain JavaScript value of the document (null for an empty file). */
  value() {
    return this.doc.toJS({ maxAliasCount: 1e3 });
  }
  /** Position of a character offset. */
  at(offset) {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }
  /**
   * Position of the node at `path`: its key (`'key'`) or its value (`'value'`). When the path runs
   * past what exists (a missing key), the deepest node that exists is used: the key that introduces
   * the mapping the missing key belongs in.
   */
  pos(path, which = "value") {
    let node = this.doc.contents;
    let keyNode;
    let lastKey;
    for (const seg of path) {
      let next;
      keyNode = void 0;
      if ((0, import_yaml.isMap)(node)) {
        const pair = this.pairs(node).get(String(seg));
        if (pair) {
          keyNode = pair.key;
          next = pair.value ?? pair.key;
        }
      } else if ((0, import_yaml.isSeq)(node) && typeof seg === "number") {
        next = node.items[seg];
      }
      if (next === void 0) return this.rangeStart(lastKey ?? node);
      if (keyNode) lastKey = keyNode;
      node = next;
    }
    return this.rangeStart(which === "key" && keyNode ? keyNode : node);
  }
  pairs(map) {
    let index = this.pairsByKey.get(map);
    if (!index) {
      index = /* @__PURE__ */ new Map();
      for (const p of map.items) {
        const key = (0, import_yaml.isPair)(p) ? keyValue(p.key) : void 0;
        if (key !== void 0) index.set(key, p);
      }
      this.pairsByKey.set(map, index);
    }
    return index;
  }
  rangeStart(node) {
    const offset = node && "range" in node && node.range ? node.range[0] : 0;
    return this.at(offset);
  }
};
function keyValue(key) {
  if ((0, import_yaml.isScalar)(key)) return String(key.value);
  return void 0;
}
function firstLine(message) {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

// src/config/load.ts
var SITE_DEFAULTS = {
  disk_format: "qcow2",
  visibility: "private",
  keep: 3,
  require_tests: true
};
var DEFAULT_ELEMENTS_DIR = "elements";
function configFiles(options) {
  const root = resolve2(options.cwd);
  const env = options.env ?? {};
  const dir = resolve2(root, options.configDir ?? "config");
  const pick = (variable, name) => env[variable] ? resolve2(root, env[variable]) : join5(dir, name);
  return {
    images: pick("KILN_IMAGES_CONFIG", "images.yaml"),
    sites: pick("KILN_SITES_CONFIG", "sites.yaml"),
    thirdParty: pick("KILN_THIRD_PARTY_CONFIG", "third-party.yaml")
  };
}
async function loadConfig(options) {
  const root = resolve2(options.cwd);
  const tree = options.tree ?? workTree(root);
  const files = configFiles(options);
  const errors = [];
  const imagesFile = await parseFile(tree, root, files.images, "images", errors);
  const sitesFile = await parseFile(tree, root, files.sites, "sites", errors);
  const thirdPartyFile = await parseFile(tree, root, files.thirdParty, "third-party", errors);
  const sites = readSites(sitesFile, errors);
  const thirdParty = readThirdParty(thirdPartyFile, errors);
  const config = { root, files, images: /* @__PURE__ */ new Map(), sites: sites.map, thirdParty: thirdParty.map };
  if (imagesFile.yaml && imagesFile.value !== void 0) {
    const file = imagesFile.yaml;
    const value = imagesFile.value;
    errors.push(...schemaErrors(file, imagesFileSchema, value));
    const defaults = defaultsSchema.safeParse(field(value, "defaults") ?? {});
    const inputs = /* @__PURE__ */ new Map();
    const partial = /* @__PURE__ */ new Set();
    for (const [name, raw] of Object.entries(asObject(field(value, "images")))) {
      const parsed = parseImageInput(raw);
      inputs.set(name, parsed.input);
      if (parsed.partial) partial.add(name);
    }
    const resolved = resolveImages(file, defaults.success ? defaults.data : {}, inputs);
    errors.push(...resolved.errors);
    config.images = resolved.images;
    const checks = await checkImages(resolved.images.values(), {
      file,
      inputs,
      partial,
      tree,
      sites: sites.ok ? sites.map : void 0,
      elements: thirdParty.ok ? await elementsPath(config, { tree, env: options.env, builtinElements: options.builtinElements }) : void 0
    });
    errors.push(...checks.errors);
    config.warnings = sortByPosition(checks.warnings);
  }
  if (errors.length) throw new InputErrors(sortByPosition(errors));
  return config;
}
async function parseFile(tree, root, path, kind, errors) {
  const rel = relative2(root, path);
  const inside = !rel.startsWith("..") && !isAbsolute2(rel);
  const display = inside ? rel.split(sep2).join("/") : path;
  const bytes = inside ? await tree.readFile(display) : await readFile(path).catch(() => void 0);
  if (bytes === void 0) {
    if (kind !== "images") return { ok: true };
    errors.push(
      new InputError(
        `config file not found: ${display}`,
        void 0,
        "kiln looks for config/images.yaml in the current directory; use --config-dir or KILN_IMAGES_CONFIG"
      )
    );
    return { ok: false };
  }
  const { file, errors: yamlErrors } = YamlFile.parse(display, bytes.toString("utf8"));
  errors.push(...yamlErrors);
  if (kind !== "images" && yamlErrors.length === 0 && file.doc.contents === null) return { ok: true };
  const usable = file.doc.errors.length === 0;
  return usable ? { ok: yamlErrors.length === 0, yaml: file, value: file.value() } : { ok: false, yaml: file };
}
function readSites(parsed, errors) {
  const map = /* @__PURE__ */ new Map();
  if (!parsed.yaml || parsed.value === void 0) return { map, ok: parsed.ok };
  const file = parsed.yaml;
  const found2 = schemaErrors(file, sitesFileSchema, parsed.value);
  errors.push(...found2);
  for (const [name, raw] of Object.entries(asObject(field(parsed.value, "sites")))) {
    const s = siteSchema.safeParse(raw);
    if (!s.success) continue;
    const d = s.data;
    map.set(name, {
      name,
      cloud: d.cloud,
      kind: d.kind,
      disk_format: d.disk_format ?? SITE_DEFAULTS.disk_format,
      visibility: d.visibility ?? SITE_DEFAULTS.visibility,
      keep: d.keep ?? SITE_DEFAULTS.keep,
      properties: Object.fromEntries(Object.entries(d.properties ?? {}).map(([k, v]) => [k, String(v)])),
      require_tests: d.require_tests ?? SITE_DEFAULTS.require_tests,
      object_store: d.object_store && {
        container: d.object_store.container,
        prefix: d.object_store.prefix ?? ""
      },
      pos: file.pos(["sites", name], "key")
    });
  }
  return { map, ok: parsed.ok && found2.length === 0 };
}
function readThirdParty(parsed, errors) {
  const map = /* @__PURE__ */ new Map();
  if (!parsed.yaml || parsed.value === void 0) return { map, ok: parsed.ok };
  const file = parsed.yaml;
  const found2 = schemaErrors(file, thirdPartyFileSchema, parsed.value);
  errors.push(...found2);
  for (const [name, raw] of Object.entries(asObject(field(parsed.value, "elements")))) {
    const r = thirdPartyRepoSchema.safeParse(raw);
    if (!r.success) continue;
    map.set(name, {
      name,
      repo: r.data.repo,
      ref: r.data.ref,
      elements_dir: r.data.elements_dir ?? DEFAULT_ELEMENTS_DIR,
      provides: r.data.provides,
      pos: file.pos(["elements", name], "key")
    });
  }
  return { map, ok: parsed.ok && found2.length === 0 };
}
function field(value, key) {
  return value && typeof value === "object" && !Array.isArray(value) ? value[key] : void 0;
}
function asObject(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}
function sortByPosition(errors) {
  const at = (e) => e.pos ?? { file: "", line: 0, col: 0 };
  return [...errors].sort((a, b) => {
    const [p, q] = [at(a), at(b)];
    return (p.file < q.file ? -1 : p.file > q.file ? 1 : 0) || p.line - q.line || p.col - q.col;
  });
}

export {
  cacheDir,
  thirdPartyCheckoutDir,
  COMMITTED_DIB_ELEMENTS,
  elementsPath,
  locateElement,
  didYouMean,
  workTree,
  loadConfig
};
