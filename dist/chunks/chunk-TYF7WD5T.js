import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  didYouMean,
  loadConfig
} from "./chunk-MGARFAHY.js";
import {
  readAheadWorkTree
} from "./chunk-IMQTEXVS.js";
import {
  COMMITTED_DIB_ELEMENTS,
  elementsPath,
  locateElement
} from "./chunk-C6CKJAEF.js";
import {
  run,
  runChecked
} from "./chunk-KANQZ2NK.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import {
  InputError,
  InputErrors,
  WorldError,
  inputErrorsOf
} from "./chunk-6ZOG3UT5.js";

// src/plan/plan-builds.ts
import { isAbsolute, relative, resolve, sep } from "node:path";

// src/plan/cached-tree.ts
function cachedTree(tree) {
  const listings = /* @__PURE__ */ new Map();
  const done = /* @__PURE__ */ new Map();
  const files = /* @__PURE__ */ new Map();
  const enclosing = (path) => {
    for (let cut = path.lastIndexOf("/"); cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      const listing = done.get(path.slice(0, cut));
      if (listing) return listing;
    }
    return void 0;
  };
  return {
    root: tree.root,
    label: tree.label,
    readFile(path) {
      let file = files.get(path);
      if (!file) {
        file = enclosing(path)?.paths.has(path) === false ? Promise.resolve(void 0) : tree.readFile(path);
        files.set(path, file);
      }
      return file;
    },
    async listFiles(dir) {
      const key = dir.replace(/\/+$/, "");
      const above = enclosing(`${key}/`);
      if (above) return slice(above.entries, `${key}/`);
      let listing = listings.get(key);
      if (!listing) {
        listing = tree.listFiles(key).then((entries) => {
          const l = { entries, paths: new Set(entries.map((e) => e.path)) };
          done.set(key, l);
          return l;
        });
        listings.set(key, listing);
      }
      return (await listing).entries;
    }
  };
}
function slice(entries, prefix) {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (entries[mid].path < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < entries.length && entries[end].path.startsWith(prefix)) end++;
  return entries.slice(lo, end);
}

// src/plan/build-key.ts
import { hash } from "node:crypto";

// src/plan/element-closure.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
var ElementResolver = class {
  constructor(tree, path) {
    this.tree = tree;
    this.path = path;
  }
  tree;
  path;
  /** Element name -> its files, once read (names resolve to one location per resolver). */
  loaded = /* @__PURE__ */ new Map();
  reading = /* @__PURE__ */ new Map();
  /** Names whose files and all their dependencies' files are loaded. */
  complete = /* @__PURE__ */ new Set();
  locations = /* @__PURE__ */ new Map();
  locate(name) {
    let location = this.locations.get(name);
    if (location === void 0 && !this.locations.has(name)) {
      location = locateElement(name, this.path);
      this.locations.set(name, location);
    }
    return location;
  }
  async closure(elements) {
    await this.load([...elements, ...IMPLICIT_ELEMENTS]);
    return this.loadedClosure(elements);
  }
  /**
   * The closure of elements `load` has already read (with IMPLICIT_ELEMENTS): no I/O, no awaits,
   * for computing the closures of many images after one load.
   */
  loadedClosure(elements) {
    const unread = elements.find((n) => !this.complete.has(n));
    if (unread !== void 0) throw new Error(`element '${unread}' was not loaded before its closure`);
    const implicit = dibImplicitElements(elements).filter((n) => this.locate(n));
    return this.resolve(elements, implicit);
  }
  /**
   * Reads the files of `names` and everything they depend on, a level at a time, concurrently.
   * Loading the elements of many images at once first makes each of their closures pure CPU.
   */
  async load(names) {
    let level = [...new Set(names)].filter((n) => !this.complete.has(n));
    const visited = new Set(level);
    while (level.length > 0) {
      const next = [];
      await Promise.all(
        level.map(async (name) => {
          const location = this.locate(name);
          if (!location) return;
          let reading = this.reading.get(name);
          if (!reading) {
            reading = this.read(location).then((files) => void this.loaded.set(name, files));
            this.reading.set(name, reading);
          }
          await reading;
          for (const dep of this.loaded.get(name).deps) {
            if (!visited.has(dep.name) && !this.complete.has(dep.name)) {
              visited.add(dep.name);
              next.push(dep.name);
            }
          }
        })
      );
      level = next;
    }
    for (const name of visited) this.complete.add(name);
  }
  /** DIB's expansion over loaded files: no I/O, no awaits (it runs once per image). */
  resolve(elements, implicit) {
    const seen = /* @__PURE__ */ new Set();
    const provided = /* @__PURE__ */ new Set();
    const found = /* @__PURE__ */ new Map();
    const missing = /* @__PURE__ */ new Set();
    const opaque = /* @__PURE__ */ new Map();
    const pinned = [];
    const visit = (queue, followPinned) => {
      for (let i = 0; i < queue.length; i++) {
        const name = queue[i];
        if (seen.has(name) || provided.has(name)) continue;
        seen.add(name);
        const location = this.locate(name);
        if (!location) {
          missing.add(name);
          continue;
        }
        found.set(name, location);
        if (location.source !== "project" && !followPinned) {
          pinned.push(name);
          continue;
        }
        const files = this.loaded.get(name);
        if (!files.readable) opaque.set(name, location);
        for (const p of files.provides) provided.add(p);
        for (const dep of files.deps) queue.push(dep.name);
      }
    };
    visit([...elements], false);
    const keyed = [...found.keys()].sort().map((name) => found.get(name));
    const unresolvedKeyed = [...missing].filter((n) => !provided.has(n)).sort();
    for (const name of pinned) seen.delete(name);
    visit([...pinned, ...implicit], true);
    const unknown = [...missing].filter((n) => !provided.has(n) && !found.has(n)).sort();
    if (unknown.length > 0 && opaque.size === 0) {
      throw new InputErrors(unknown.map((name) => this.unknownElement(name, [...found.keys()])));
    }
    return {
      keyed,
      unresolvedKeyed,
      // Sorted when asked for: planning a thousand images only needs the parts above.
      get all() {
        return [...found.keys()].sort();
      },
      opaque: [...opaque.values()].sort(byName),
      unverified: unknown
    };
  }
  /** The error for a dependency nobody has, at the first element-deps line (of `members`) naming it. */
  unknownElement(name, members) {
    const from = members.find((m) => this.loaded.get(m)?.deps.some((d) => d.name === name));
    const line = from === void 0 ? void 0 : this.loaded.get(from).deps.find((d) => d.name === name).line;
    const dir = from === void 0 ? void 0 : this.locate(from).dir;
    return new InputError(
      `unknown element '${name}': not in the project's elements/, a third-party checkout or DIB's built-in elements`,
      line === void 0 ? void 0 : { file: `${dir}/element-deps`, line, col: 1 }
    );
  }
  async read(location) {
    if (location.dir === void 0) return { deps: [], provides: [], readable: false };
    const get = location.source === "project" ? (file) => this.tree.readFile(`${location.dir}/${file}`) : (file) => readFile(join(location.dir, file)).catch(absent);
    const [deps, provides] = await Promise.all([get("element-deps"), get("element-provides")]);
    return { deps: listed(deps), provides: listed(provides).map((d) => d.name), readable: true };
  }
};
function dibImplicitElements(elements) {
  const blockDevice = elements.includes("vm") && !elements.some((e) => e.startsWith("block-device-"));
  return ["base", ...blockDevice ? ["block-device-mbr"] : []];
}
var IMPLICIT_ELEMENTS = ["base", "block-device-mbr"];
function absent(err) {
  if (err.code === "ENOENT" || err.code === "ENOTDIR") return void 0;
  throw err;
}
function listed(text) {
  if (!text) return [];
  return text.toString("utf8").split("\n").map((l, i) => ({ name: l.trim(), line: i + 1 })).filter((d) => d.name !== "");
}
var byName = (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

// src/plan/tree-digest.ts
import { createHash } from "node:crypto";
async function folderDigest(tree, dir, skip) {
  const files = (await tree.listFiles(dir)).filter((f) => skip === void 0 || !f.path.startsWith(skip));
  if (files.length === 0) return void 0;
  const hash2 = createHash("sha256");
  const contents = await Promise.all(files.map((f) => tree.readFile(f.path)));
  files.forEach((f, i) => addFile(hash2, f.path.slice(dir.length + 1), f.mode, contents[i]));
  return hash2.digest("hex");
}
async function fileDigest(tree, path) {
  const bytes = await tree.readFile(path);
  return bytes && createHash("sha256").update(bytes).digest("hex");
}
function addFile(hash2, path, mode, bytes) {
  hash2.update(`${Buffer.byteLength(path)}:${path}\0${mode.toString(8)}\0${bytes.length}:`);
  hash2.update(bytes);
}

// src/plan/build-key.ts
var BUILD_KEY_VERSION = 1;
var NOT_KEYED = /* @__PURE__ */ new Set(["pos", "elementPos", "runners", "sites", "test", "architectures", "artifacts"]);
var KeyHasher = class {
  /**
   * `known`: digests of element folders known to be unchanged (from the work tree, for --since).
   * `overrides`: project elements named like one of DIB's own. DIB's elements may depend on them,
   * but those dependencies are only visible where DIB is installed, so they count for every DIB
   * image: a key must not depend on the machine, and a missed change would reuse a wrong image.
   */
  constructor(tree, elements, known = /* @__PURE__ */ new Map(), overrides = []) {
    this.tree = tree;
    this.elements = elements;
    this.known = known;
    this.overrides = overrides;
  }
  tree;
  elements;
  known;
  overrides;
  /** The line each project or third-party element adds to an image's element list. */
  lines = /* @__PURE__ */ new Map();
  /** Digest of each Packer template folder. */
  folders = /* @__PURE__ */ new Map();
  /** Digest of each project element folder hashed so far (undefined: no files). */
  digests = /* @__PURE__ */ new Map();
  async keys(images, graph) {
    const closures = /* @__PURE__ */ new Map();
    const dib = graph.order.map((name) => images.get(name)).filter((image) => image.builder === "dib");
    await this.elements.load([
      ...dib.flatMap((image) => image.elements),
      ...this.overrides,
      ...IMPLICIT_ELEMENTS
    ]);
    for (const image of dib) closures.set(image.name, this.elements.loadedClosure(image.elements));
    const overrides = this.overrides.length > 0 ? (await this.elements.closure(this.overrides)).keyed : [];
    const pending = /* @__PURE__ */ new Map();
    for (const closure of [...closures.values(), { keyed: overrides }]) {
      for (const e of closure.keyed) {
        if (e.source !== "dib" && !pending.has(e)) {
          pending.set(
            e,
            this.elementLine(e).then((line) => void this.lines.set(e, line))
          );
        }
      }
    }
    await Promise.all(pending.values());
    const own = await Promise.all(
      graph.order.map((name) => this.ownDigest(images.get(name), closures.get(name), overrides))
    );
    const out = /* @__PURE__ */ new Map();
    graph.order.forEach((name, i) => {
      const image = images.get(name);
      const parentKeys = image.parent === void 0 ? void 0 : out.get(image.parent).keys;
      const keys = /* @__PURE__ */ new Map();
      for (const arch of image.architectures) {
        const parentKey = parentKeys?.get(arch);
        if (parentKeys && !parentKey) {
          throw new InputError(
            `image '${name}' is built for ${arch} but its parent '${image.parent}' is not`,
            image.pos
          );
        }
        keys.set(
          arch,
          sha256(`kiln build key v${BUILD_KEY_VERSION}
${own[i]}
${arch}
${parentKey ?? ""}`)
        );
      }
      out.set(name, { keys, closure: closures.get(name) });
    });
    return out;
  }
  async ownDigest(image, closure, overrides) {
    const inputs = {
      config: normalisedConfig(image),
      artifacts: Object.fromEntries(Object.entries(image.artifacts).map(([k, a]) => [k, a.sha256]))
    };
    if (closure) {
      const keyed = overrides.length > 0 ? [.../* @__PURE__ */ new Set([...closure.keyed, ...overrides])] : closure.keyed;
      const lines = keyed.map(
        (e) => e.source === "dib" ? JSON.stringify(["dib", e.name, image.builder_version]) : this.lines.get(e)
      );
      for (const name of closure.unresolvedKeyed) lines.push(JSON.stringify(["unresolved", name]));
      inputs.elements = sha256(lines.sort().join("\n"));
    } else {
      inputs.packer = await this.packerInputs(image);
    }
    return sha256(canonicalJson(inputs));
  }
  /** The line of a project or third-party element (the resolver gives each name one location object). */
  async elementLine(e) {
    if (e.source === "project") {
      const dir = e.dir;
      const digest = this.known.has(dir) ? this.known.get(dir) : await folderDigest(this.tree, dir);
      this.digests.set(dir, digest);
      return JSON.stringify(["project", e.name, digest ?? "empty"]);
    }
    const { repo, ref, elements_dir } = e.repo;
    return JSON.stringify(["third-party", e.name, repo, ref, elements_dir]);
  }
  /**
   * The template's folder is what `${path.root}` refers to (provisioner scripts, http files): all of
   * it counts, except `vars/`, whose files count one by one for the images that use them.
   */
  templateFolder(dir) {
    let digest = this.folders.get(dir);
    if (!digest) {
      digest = folderDigest(this.tree, dir, `${dir}/vars/`);
      this.folders.set(dir, digest);
    }
    return digest;
  }
  async packerInputs(image) {
    const file = async (path, what) => {
      const digest = await fileDigest(this.tree, path);
      if (!digest)
        throw new InputError(
          `${what} '${path}' of image '${image.name}' not found in ${this.tree.label}`,
          image.pos
        );
      return { path, digest };
    };
    if (!image.template) throw new InputError(`Packer image '${image.name}' has no template`, image.pos);
    const dir = templateDir(image.template);
    return {
      template: await file(image.template, "Packer template"),
      folder: dir === void 0 ? void 0 : await this.templateFolder(dir),
      var_files: await Promise.all(image.var_files.map((v) => file(v, "Packer var file")))
    };
  }
};
function templateDir(template) {
  const cut = template.lastIndexOf("/");
  return cut > 0 ? template.slice(0, cut) : void 0;
}
function normalisedConfig(image) {
  return Object.fromEntries(Object.entries(image).filter(([k]) => !NOT_KEYED.has(k)));
}
function canonicalJson(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  const object = value;
  const members = [];
  for (const key of Object.keys(object).sort(byObjectKeyOrder)) {
    if (object[key] !== void 0) members.push(`${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  }
  return `{${members.join(",")}}`;
}
var INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
var isIndexKey = (k) => INDEX_KEY.test(k) && Number(k) < 2 ** 32 - 1;
function byObjectKeyOrder(a, b) {
  const ai = isIndexKey(a);
  const bi = isIndexKey(b);
  if (ai !== bi) return ai ? -1 : 1;
  if (ai) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
var sha256 = (text) => hash("sha256", text);

// src/plan/git-changes.ts
async function changedSince(root, commit, paths, runner) {
  if (paths.length === 0) return [];
  const git = (args) => runChecked(runner, "git", ["--literal-pathspecs", ...args, "--", ...paths], {
    cwd: root,
    doing: "comparing the work tree with the --since commit",
    maxBuffer: 64 * 1024 * 1024
  });
  const [tracked, untracked] = await Promise.all([
    git(["diff", "--name-only", "--relative", "-z", commit]),
    git(["ls-files", "-z", "--others"])
  ]);
  return [...tracked.stdout.split("\0"), ...untracked.stdout.split("\0")].filter(Boolean);
}

// src/plan/git-tree.ts
import { spawn } from "node:child_process";
async function gitTree(root, ref, runner) {
  const git = (args2, doing) => runChecked(runner, "git", args2, { cwd: root, doing, maxBuffer: 256 * 1024 * 1024 });
  const inside = await runner("git", ["rev-parse", "--show-prefix"], { cwd: root });
  if (inside.code !== 0) {
    throw new InputError(
      `--since ${ref}: ${root} is not inside a git repository`,
      void 0,
      "run kiln plan from a git checkout, or drop --since"
    );
  }
  const prefix = inside.stdout.trim();
  const resolved = await runner(
    "git",
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    {
      cwd: root
    }
  );
  if (resolved.code !== 0) {
    throw new InputError(
      `--since ${ref}: no such commit in the repository at ${root}`,
      void 0,
      "check the ref; a shallow CI checkout must fetch it first: actions/checkout with fetch-depth: 0"
    );
  }
  const commit = resolved.stdout.trim();
  const args = ["ls-tree", "-r", "-z", "--full-tree", commit, ...prefix ? ["--", prefix] : []];
  const listing = await git(args, `listing files at ${ref}`);
  const entries = [];
  for (const record of listing.stdout.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("	");
    const [mode, type, object] = record.slice(0, tab).split(" ");
    if (type !== "blob") continue;
    entries.push({ path: record.slice(tab + 1 + prefix.length), mode: parseInt(mode, 8), object });
  }
  entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const reader = new CatFileReader(root);
  return {
    root,
    label: `git:${ref}`,
    commit,
    async readFile(path) {
      const entry = byPath.get(path);
      return entry ? reader.read(entry.object, path) : void 0;
    },
    async listFiles(dir) {
      const start = dir.replace(/\/+$/, "") + "/";
      const out = [];
      for (let i = lowerBound(entries, start); i < entries.length && entries[i].path.startsWith(start); i++) {
        out.push({ path: entries[i].path, mode: entries[i].mode });
      }
      return out;
    },
    close: () => reader.close()
  };
}
function lowerBound(entries, path) {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (entries[mid].path < path) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
var CatFileReader = class {
  constructor(cwd) {
    this.cwd = cwd;
  }
  cwd;
  child;
  pending = [];
  buffer = Buffer.alloc(0);
  failure;
  read(object, path) {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve2, reject) => {
      this.pending.push({ path, resolve: resolve2, reject });
      child.stdin.write(`${object}
`);
    });
  }
  async close() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve2) => {
      child.once("close", () => resolve2());
      child.stdin.end();
    });
  }
  start() {
    if (this.child) return this.child;
    const child = spawn("git", ["cat-file", "--batch"], { cwd: this.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => stderr += d.toString("utf8"));
    child.stdout.on("data", (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    const fail = (answer) => {
      this.failure = new WorldError({ doing: "reading files with git cat-file", target: this.cwd, answer });
      for (const p of this.pending.splice(0)) p.reject(this.failure);
    };
    child.on("error", (e) => fail(e.message));
    child.on("close", (code) => {
      if (this.pending.length > 0) fail(`git exited with ${code}${stderr ? `: ${stderr.trim()}` : ""}`);
    });
    this.child = child;
    return child;
  }
  /** Parses every complete `<object> blob <size>\n<bytes>\n` answer in the buffer. */
  drain() {
    while (this.pending.length > 0) {
      const eol = this.buffer.indexOf(10);
      if (eol < 0) return;
      const header = this.buffer.subarray(0, eol).toString("utf8").split(" ");
      if (header[1] === "missing") {
        this.buffer = this.buffer.subarray(eol + 1);
        const p = this.pending.shift();
        p.reject(
          new WorldError({ doing: "reading a file with git cat-file", target: p.path, answer: "missing" })
        );
        continue;
      }
      const size = Number(header[2]);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(eol + 1, eol + 1 + size));
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.pending.shift().resolve(body);
    }
  }
};

// src/plan/graph.ts
function imageGraph(images) {
  const parentOf = /* @__PURE__ */ new Map();
  const childrenOf = /* @__PURE__ */ new Map();
  for (const [name, image] of images) {
    parentOf.set(name, image.parent);
    childrenOf.set(name, []);
  }
  for (const [name, parent] of parentOf) {
    if (parent === void 0) continue;
    const siblings = childrenOf.get(parent);
    if (!siblings) throw new Error(`image graph: ${name} has unknown parent ${parent}`);
    siblings.push(name);
  }
  const order = [];
  const groupOf = /* @__PURE__ */ new Map();
  for (const [name, parent] of parentOf) {
    if (parent !== void 0) continue;
    const stack = [name];
    while (stack.length > 0) {
      const current = stack.pop();
      order.push(current);
      groupOf.set(current, name);
      const children = childrenOf.get(current);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  if (order.length !== parentOf.size) {
    const stuck = [...parentOf.keys()].filter((n) => !groupOf.has(n));
    throw new Error(`image graph: parent cycle among ${stuck.join(", ")}`);
  }
  return { order, parentOf, childrenOf, groupOf };
}
function ancestorsOf(graph, name) {
  const out = [];
  for (let p = graph.parentOf.get(name); p !== void 0; p = graph.parentOf.get(p)) out.push(p);
  return out;
}

// src/plan/matrix.ts
function buildMatrix(planned, images, graph) {
  const entries = /* @__PURE__ */ new Map();
  for (const p of planned) {
    const id = `${p.group}\0${p.arch}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = { group: p.group, arch: p.arch, runner: [...images.get(p.name).runners[p.arch]], images: [] };
      entries.set(id, entry);
    }
    entry.images.push(p.name);
  }
  const rank = new Map(graph.order.map((name, i) => [name, i]));
  return [...entries.values()].sort(
    (a, b) => rank.get(a.group) - rank.get(b.group) || ARCHES.indexOf(a.arch) - ARCHES.indexOf(b.arch)
  ).map((e) => ({ group: e.group, arch: e.arch, runner: e.runner, images: e.images.join(" ") }));
}

// src/plan/notes.ts
function closureNotes(keys) {
  const dib = /* @__PURE__ */ new Set();
  const thirdParty = /* @__PURE__ */ new Set();
  const unverified = /* @__PURE__ */ new Set();
  for (const { closure } of keys.values()) {
    if (!closure) continue;
    for (const e of closure.opaque) (e.source === "dib" ? dib : thirdParty).add(e.name);
    for (const name of closure.unverified) unverified.add(name);
  }
  const list = (names) => [...names].sort().join(", ");
  const notes = [];
  if (dib.size > 0) {
    notes.push(
      `diskimage-builder is not installed here: element closures stop at DIB's built-in elements (${list(dib)}); they count in build keys by the pinned DIB version`
    );
  }
  if (thirdParty.size > 0) {
    notes.push(
      `third-party elements not checked out here: ${list(thirdParty)}; their element-deps were not followed (they count in build keys by their pinned commit)`
    );
  }
  if (unverified.size > 0) {
    notes.push(
      `element names not found here, assumed provided by an element that could not be read: ${list(unverified)}`
    );
  }
  return notes;
}

// src/plan/select.ts
function selectImages(graph, req) {
  const requested = new Set(req.images);
  const reasons = /* @__PURE__ */ new Map();
  const id = (name, arch) => `${name}\0${arch}`;
  for (const arch of req.arches) {
    for (const name of graph.order) {
      if (!req.architectures.get(name).includes(arch)) continue;
      const parent = graph.parentOf.get(name);
      let reason;
      if (!req.changed) reason = "requested";
      else if (parent !== void 0 && isChangedOrBelow(reasons.get(id(parent, arch)))) reason = "descendant";
      else if (req.changed(name, arch)) reason = "changed";
      if (reason) reasons.set(id(name, arch), reason);
    }
  }
  let chosen = reasons;
  if (requested.size > 0) {
    chosen = /* @__PURE__ */ new Map();
    for (const [key, reason] of reasons) {
      const [name, arch] = key.split("\0");
      if (!requested.has(name)) continue;
      chosen.set(key, reason);
      for (const ancestor of ancestorsOf(graph, name)) {
        const k = id(ancestor, arch);
        if (!reasons.has(k)) break;
        chosen.set(k, requested.has(ancestor) ? reasons.get(k) : "parent");
      }
    }
  }
  const out = [];
  for (const name of graph.order) {
    for (const arch of req.arches) {
      const reason = chosen.get(id(name, arch));
      if (reason) out.push({ name, arch, reason });
    }
  }
  return out;
}
var isChangedOrBelow = (r) => r === "changed" || r === "descendant";
function checkRequest(graph, req) {
  const errors = [];
  for (const name of req.images) {
    const arches = req.architectures.get(name);
    if (!arches) {
      errors.push(new InputError(`unknown image '${name}'`, void 0, didYouMean(name, graph.order)));
      continue;
    }
    const missing = req.arches.filter((a) => !arches.includes(a));
    if (missing.length > 0 && (req.archesExplicit || missing.length === req.arches.length)) {
      errors.push(
        new InputError(
          `image '${name}' is not built for ${missing.join(", ")}`,
          void 0,
          `it is built for ${arches.join(", ")}`
        )
      );
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
}

// src/plan/plan-builds.ts
async function planBuilds(options) {
  const arches = parseArches(options.arches);
  const current = await loadAndKey(options);
  const { config, graph, keys } = current;
  for (const w of config.warnings ?? []) options.logger.warn(w.message, w.pos);
  const request = {
    architectures: new Map([...config.images].map(([n, i]) => [n, i.architectures])),
    images: options.images ?? [],
    arches: arches ?? ARCHES,
    archesExplicit: arches !== void 0
  };
  checkRequest(graph, request);
  let changed;
  if (options.since !== void 0) {
    const base = await keysAtRef(options, options.since, current);
    changed = (name, arch) => base?.get(name)?.keys.get(arch) !== current.keys.get(name).keys.get(arch);
  }
  const selection = selectImages(graph, { ...request, changed });
  const images = selection.map(({ name, arch, reason }) => {
    const image = config.images.get(name);
    return {
      name,
      arch,
      builder: image.builder,
      key: keys.get(name).keys.get(arch),
      parent: image.parent,
      group: graph.groupOf.get(name),
      reason
    };
  });
  const notes = closureNotes(keys);
  for (const n of notes) options.logger.debug(n);
  return { images, matrix: { include: buildMatrix(images, config.images, graph) }, notes };
}
async function loadAndKey(options, tree, unchanged = {}) {
  const files = cachedTree(tree ?? options.workTree ?? readAheadWorkTree(resolve(options.cwd)));
  const config = unchanged.config ?? await loadConfig({ ...options, tree: files });
  const path = await elementsPath(config, {
    tree: files,
    env: options.env,
    builtinElements: options.builtinElements
  });
  const graph = imageGraph(config.images);
  const project = path.dirs.find((d) => d.source === "project").names;
  const overrides = [...project].filter((name) => COMMITTED_DIB_ELEMENTS.has(name)).sort();
  const hasher = new KeyHasher(files, new ElementResolver(files, path), unchanged.digests, overrides);
  const keys = await hasher.keys(config.images, graph);
  return { config, graph, keys, digests: hasher.digests };
}
async function keysAtRef(options, ref, current) {
  const runner = options.runner ?? run;
  const tree = await gitTree(current.config.root, ref, runner);
  try {
    const { config } = current;
    const changes = await changedSince(config.root, tree.commit, keyedPaths(config), runner);
    if (changes.length === 0) {
      options.logger.debug(`plan --since ${ref}: no file that feeds build keys changed`);
      return current.keys;
    }
    const configFiles = new Set(
      Object.values(config.files).map((f) => relative(config.root, f).split(sep).join("/"))
    );
    const changedDirs = new Set(changes.map((p) => p.split("/").slice(0, 2).join("/")));
    return (await loadAndKey(options, tree, {
      config: changes.some((p) => configFiles.has(p)) ? void 0 : config,
      digests: new Map([...current.digests].filter(([dir]) => !changedDirs.has(dir)))
    })).keys;
  } catch (err) {
    const errors = inputErrorsOf(err);
    if (!errors) throw err;
    options.logger.warn(
      `the configuration at ${ref} does not load, so every image counts as changed:
` + errors.map((e) => `  ${e.format()}`).join("\n")
    );
    return void 0;
  } finally {
    await tree.close();
  }
}
function keyedPaths(config) {
  const paths = /* @__PURE__ */ new Set(["elements"]);
  for (const file of Object.values(config.files)) {
    const rel = relative(config.root, file);
    if (!rel.startsWith("..") && !isAbsolute(rel)) paths.add(rel.split(sep).join("/"));
  }
  for (const image of config.images.values()) {
    if (image.template) paths.add(templateDir(image.template) ?? image.template);
    for (const v of image.var_files) paths.add(v);
  }
  return [...paths];
}
function parseArches(names) {
  if (!names || names.length === 0) return void 0;
  const bad = names.filter((a) => !ARCHES.includes(a));
  if (bad.length > 0) {
    throw new InputError(
      `unknown architecture ${bad.map((a) => `'${a}'`).join(", ")}`,
      void 0,
      `use ${ARCHES.join(", ")}`
    );
  }
  return ARCHES.filter((a) => names.includes(a));
}

export {
  imageGraph,
  planBuilds,
  loadAndKey
};
