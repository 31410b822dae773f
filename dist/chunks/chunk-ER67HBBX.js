import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  cachedTree
} from "./chunk-H2N2AFCW.js";
import {
  analysePackerImage,
  expandGlob,
  loadConfig
} from "./chunk-PUPMCPPH.js";
import {
  didYouMean
} from "./chunk-PULXAN4K.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import {
  runChecked
} from "./chunk-SRPYJRT6.js";
import {
  fileDigest,
  folderDigest,
  within
} from "./chunk-UW7J5A5E.js";
import {
  COMMITTED_DIB_ELEMENTS,
  elementsPath,
  locateElement,
  readFiles
} from "./chunk-YDMM63TT.js";
import {
  InputError,
  InputErrors,
  WorldError,
  inputErrorsOf
} from "./chunk-SXABORS3.js";

// src/plan/plan-builds.ts
import { isAbsolute, relative, resolve, sep } from "node:path";

// src/plan/build-key.ts
import { hash } from "node:crypto";

// src/plan/dib-element-rules.ts
var IMPLICIT_ELEMENTS = ["base", "block-device-mbr"];
function dibImplicitElements(elements) {
  let vm = false;
  for (let i = 0; i < elements.length; i++) {
    if (elements[i].startsWith("block-device-")) return ["base"];
    vm ||= elements[i] === "vm";
  }
  return vm ? ["base", "block-device-mbr"] : ["base"];
}
function elementFiles(deps, provides) {
  return { deps: listed(deps), provides: listed(provides).map((d) => d.name), readable: true };
}
function listed(text) {
  if (!text) return [];
  return text.toString("utf8").split("\n").map((l, i) => ({ name: l.trim(), line: i + 1 })).filter((d) => d.name !== "");
}

// src/plan/packer-key.ts
var PathDigests = class {
  constructor(tree) {
    this.tree = tree;
  }
  tree;
  cache = /* @__PURE__ */ new Map();
  /** A folder's digest (all files below it), else the file's; undefined when neither exists. */
  of(path) {
    let digest = this.cache.get(path);
    if (!digest) {
      digest = this.tree.listFiles(path).then((files) => files.length > 0 ? folderDigest(this.tree, path) : fileDigest(this.tree, path));
      this.cache.set(path, digest);
    }
    return digest;
  }
  async keyed(paths, missing) {
    const sorted = [...new Set(paths)].sort();
    const digests = await Promise.all(sorted.map((p) => this.of(p)));
    return sorted.map((path, i) => {
      if (digests[i] === void 0) throw missing(path);
      return { path, digest: digests[i] };
    });
  }
};
async function packerKeyInputs(tree, image, digests) {
  if (!image.template) throw new InputError(`Packer image '${image.name}' has no template`, image.pos);
  const analysis = await analysePackerImage(tree, image);
  if (analysis.errors.length > 0) throw analysis.errors[0];
  const missing = (path) => new InputError(`'${path}' read by image '${image.name}' not found in ${tree.label}`, image.pos);
  return {
    template: await digests.keyed(
      analysis.template.files.map((f) => f.path),
      missing
    ),
    var_files: await digests.keyed(analysis.varFiles, missing),
    referenced: await digests.keyed(analysis.referenced.keys(), missing),
    notes: analysis.notes
  };
}
async function inputFiles(tree, image, digests) {
  const paths = [];
  for (const glob of image.inputs) {
    const matches = await expandGlob(tree, glob);
    if (matches.length === 0) {
      throw new InputError(
        `inputs entry '${glob}' of image '${image.name}' matches no file in ${tree.label}`,
        image.pos,
        "globs are relative to the repository root"
      );
    }
    paths.push(...matches);
  }
  return digests.keyed(paths, (path) => new InputError(`input '${path}' vanished`, image.pos));
}

// src/plan/build-key.ts
var BUILD_KEY_VERSION = 2;
var PACKER_KEY_VERSION = 2;
var NOT_KEYED = /* @__PURE__ */ new Set([
  "pos",
  "elementPos",
  "runners",
  "sites",
  "test",
  "signing",
  "architectures",
  "artifacts",
  "manifest_extra",
  // Counted by the contents of the files they match (the globs alone would miss an edit).
  "inputs"
]);
var KeyHasher = class {
  /**
   * `known`: digests of element folders known to be unchanged (from the work tree, for --since).
   * `overrides`: project elements named like one of DIB's own. DIB's elements may depend on them,
   * but those dependencies are only visible where DIB is installed, so they count for every DIB
   * image: a key must not depend on the machine, and a missed change would reuse a wrong image.
   */
  constructor(tree, elements, known = /* @__PURE__ */ new Map(), overrides = [], reuse = {}) {
    this.tree = tree;
    this.elements = elements;
    this.known = known;
    this.overrides = overrides;
    this.reuse = reuse;
    this.paths = new PathDigests(tree);
  }
  tree;
  elements;
  known;
  overrides;
  reuse;
  /** The line each project or third-party element adds to an image's element list. */
  lines = /* @__PURE__ */ new Map();
  /** Digests of the files and folders Packer templates and `inputs:` read. */
  paths;
  /** What each Packer image's key covers (plan's notes, plan --explain, plan --since). */
  packer = /* @__PURE__ */ new Map();
  /** The files each image's `inputs:` match (images without `inputs:` are absent). */
  inputs = /* @__PURE__ */ new Map();
  /** Digest of each project element folder hashed so far (undefined: no files). */
  digests = /* @__PURE__ */ new Map();
  /** Own digests of DIB images without `inputs:`, for a later run to reuse (KeyReuse). */
  own = /* @__PURE__ */ new Map();
  async keys(images, graph) {
    const closures = /* @__PURE__ */ new Map();
    const dib = graph.order.map((name) => images.get(name)).filter((image) => image.builder === "dib");
    if (this.reuse.closures) {
      for (const image of dib) closures.set(image.name, this.reuse.closures.get(image.name).closure);
    } else {
      const names = /* @__PURE__ */ new Set([...this.overrides, ...IMPLICIT_ELEMENTS]);
      for (const image of dib) for (let i = 0; i < image.elements.length; i++) names.add(image.elements[i]);
      await this.elements.load(names);
      for (const image of dib) {
        const parent = image.parent === void 0 ? void 0 : images.get(image.parent);
        const parentClosure = parent && closures.get(parent.name);
        closures.set(
          image.name,
          this.elements.loadedClosure(
            image.elements,
            parentClosure && { elements: parent.elements, closure: parentClosure }
          )
        );
      }
    }
    const overrides = this.overrides.length > 0 ? (await this.elements.closure(this.overrides)).keyed : [];
    const added = /* @__PURE__ */ new Map();
    for (const image of dib) added.set(image.name, addedElements(closures.get(image.name), overrides));
    const pending = /* @__PURE__ */ new Map();
    for (const { keyed } of added.values()) {
      for (const e of keyed) {
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
      graph.order.map((name) => {
        const image = images.get(name);
        const elements = added.get(name);
        return elements ? this.dibDigest(image, elements) : this.packerDigest(image);
      })
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
  async dibDigest(image, added) {
    const lines = added.keyed.map(
      (e) => e.source === "dib" ? JSON.stringify(["dib", e.name, image.builder_version]) : this.lines.get(e)
    );
    for (const name of added.unresolved) lines.push(JSON.stringify(["unresolved", name]));
    const elements = sha256(lines.sort().join("\n"));
    if (image.inputs.length > 0) {
      return sha256(canonicalJson({ ...ownInputs(image), ...await this.inputFiles(image), elements }));
    }
    const before = this.reuse.own?.get(image);
    const own = before?.elements === elements ? before : { elements, digest: sha256(canonicalJson({ ...ownInputs(image), elements })) };
    this.own.set(image, own);
    return own.digest;
  }
  async packerDigest(image) {
    const packer = await packerKeyInputs(this.tree, image, this.paths);
    this.packer.set(image.name, packer);
    return sha256(
      canonicalJson({
        ...ownInputs(image),
        ...await this.inputFiles(image),
        packer: {
          version: PACKER_KEY_VERSION,
          template: packer.template,
          var_files: packer.var_files,
          referenced: packer.referenced
        }
      })
    );
  }
  /** `{ inputs }` for an image with `inputs:`, else nothing (keys without it stay as they were). */
  async inputFiles(image) {
    if (image.inputs.length === 0) return {};
    const files = await inputFiles(this.tree, image, this.paths);
    this.inputs.set(image.name, files);
    return { inputs: files };
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
};
function normalisedConfig(image) {
  const config = {};
  for (const key of Object.keys(image)) {
    if (!NOT_KEYED.has(key)) config[key] = image[key];
  }
  return config;
}
function canonicalJson(value) {
  return JSON.stringify(sortedCopy(value)) ?? "null";
}
function sortedCopy(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === "object") return value.map(sortedCopy);
    return value;
  }
  const object = value;
  const out = /* @__PURE__ */ Object.create(null);
  for (const key of Object.keys(object).sort()) {
    if (object[key] !== void 0) out[key] = sortedCopy(object[key]);
  }
  return out;
}
function ownInputs(image) {
  return {
    config: normalisedConfig(image),
    artifacts: Object.fromEntries(Object.entries(image.artifacts).map(([k, a]) => [k, a.sha256]))
  };
}
function addedElements(closure, overrides) {
  if (closure.added) return { keyed: closure.added.keyed, unresolved: closure.added.unresolvedKeyed };
  return {
    keyed: overrides.length > 0 ? [.../* @__PURE__ */ new Set([...closure.keyed, ...overrides])] : closure.keyed,
    unresolved: closure.unresolvedKeyed
  };
}
var sha256 = (text) => hash("sha256", text);

// src/plan/element-graph.ts
var ElementGraph = class {
  constructor(locate, files) {
    this.locate = locate;
    this.files = files;
  }
  locate;
  files;
  /** Every name met so far, numbered; nodes are built from the loaded files when first numbered. */
  ids = /* @__PURE__ */ new Map();
  nodes = [];
  /** Position of each node's name in sorted order (rebuilt after new names). */
  rank = new Int32Array(0);
  byRank = new Int32Array(0);
  /** Per-node stamps of the closure being computed: equal to its stamp means "in the set". */
  seen = new Int32Array(0);
  provided = new Int32Array(0);
  found = new Int32Array(0);
  epoch = 0;
  /** The number of `name`, with its node (and those of the names its files list) built on first use. */
  id(name) {
    let id = this.ids.get(name);
    if (id !== void 0) return id;
    id = this.nodes.length;
    this.ids.set(name, id);
    const node = { name, location: this.locate(name), deps: [], provides: [], readable: false };
    this.nodes.push(node);
    const files = this.files(name);
    if (files) this.fill(node, files);
    return id;
  }
  /** The files of `name`, just read: a node made before (a name only provided so far) gets them now. */
  loaded(name, files) {
    const id = this.ids.get(name);
    if (id !== void 0) this.fill(this.nodes[id], files);
  }
  fill(node, files) {
    node.readable = files.readable;
    node.deps = files.deps.map((d) => this.id(d.name));
    node.provides = files.provides.map((p) => this.id(p));
  }
  /**
   * A stamp for a new closure: the stamp arrays (`seen`, `provided`, `found`) hold it for the nodes
   * in its sets. Sizes them (and the ranks) to the nodes known now, so read them after this.
   */
  stamp() {
    const n = this.nodes.length;
    if (this.rank.length !== n) {
      const grow = (a) => {
        const b = new Int32Array(n);
        b.set(a);
        return b;
      };
      this.seen = grow(this.seen);
      this.provided = grow(this.provided);
      this.found = grow(this.found);
      const order = this.nodes.map((node, id) => ({ name: node.name, id })).sort(byName);
      this.rank = new Int32Array(n);
      this.byRank = new Int32Array(n);
      order.forEach(({ id }, r) => {
        this.rank[id] = r;
        this.byRank[r] = id;
      });
    }
    return ++this.epoch;
  }
  /** `ids` sorted by name (ranks as of the last stamp). */
  sorted(ids) {
    const ranks = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) ranks[i] = this.rank[ids[i]];
    ranks.sort();
    const out = new Array(ids.length);
    for (let i = 0; i < ranks.length; i++) out[i] = this.byRank[ranks[i]];
    return out;
  }
  /**
   * DIB's expansion of `elements` over loaded files, then the pinned ones and `implicit` (DIB's
   * implicit elements that are on the path): no I/O, no awaits (it runs once per image).
   */
  walk(elements, implicit) {
    const epoch = this.stamp();
    const { nodes, seen, provided, found } = this;
    const foundIds = [];
    const missing = [];
    const opaque = [];
    const pinned = [];
    const visited = [[], []];
    let provides = false;
    const visit = (queue, followPinned) => {
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i];
        if (seen[id] === epoch || provided[id] === epoch) continue;
        seen[id] = epoch;
        visited[+followPinned].push(id);
        const node = nodes[id];
        if (!node.location) {
          missing.push(id);
          continue;
        }
        if (found[id] !== epoch) {
          found[id] = epoch;
          foundIds.push(id);
        }
        if (node.location.source !== "project" && !followPinned) {
          pinned.push(id);
          continue;
        }
        if (!node.readable) opaque.push(id);
        if (!followPinned && node.provides.length > 0) provides = true;
        for (let p = 0; p < node.provides.length; p++) provided[node.provides[p]] = epoch;
        for (let d = 0; d < node.deps.length; d++) queue.push(node.deps[d]);
      }
    };
    visit([...elements], false);
    const keyed = this.sorted(foundIds).map((id) => nodes[id].location);
    const name = (id) => nodes[id].name;
    const unresolvedKeyed = this.sorted(missing.filter((id) => provided[id] !== epoch)).map(name);
    for (const id of pinned) seen[id] = 0;
    visit([...pinned, ...implicit], true);
    const unknown = this.sorted(missing.filter((id) => provided[id] !== epoch && found[id] !== epoch));
    if (unknown.length > 0 && opaque.length === 0) {
      return { unknown: unknown.map(name), members: foundIds.map(name) };
    }
    const closure = {
      keyed,
      unresolvedKeyed,
      // Sorted when asked for: planning a thousand images only needs the parts above.
      get all() {
        return foundIds.map(name).sort();
      },
      opaque: opaque.map((id) => nodes[id].location).sort(byName),
      unverified: unknown.map(name)
    };
    const walk = {
      visited: visited[0],
      extendable: !provides,
      second: { implicit: implicit.map(name).join("\n"), visited: visited[1] }
    };
    return { closure, walk };
  }
};
var byName = (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

// src/plan/child-closure.ts
function extendsParent(elements, parent) {
  const prefix = parent.elements;
  if (elements.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (elements[i] !== prefix[i]) return false;
  return true;
}
function extendClosure(graph, parent, walk, elements, implicit) {
  if (!walk?.extendable || walk.second.implicit !== implicit.join("\n")) return;
  const queue = elements.slice(parent.elements.length).map((n) => graph.id(n));
  const epoch = graph.stamp();
  const { nodes, seen, found } = graph;
  for (let w = walk; w; w = w.base) {
    for (let i = 0; i < w.visited.length; i++) seen[w.visited[i]] = epoch;
  }
  const second = walk.second.visited;
  for (let i = 0; i < second.length; i++) found[second[i]] = epoch;
  const added = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (seen[id] === epoch) continue;
    seen[id] = epoch;
    const node = nodes[id];
    const plain = node.location?.source === "project" && node.readable && node.provides.length === 0;
    if (!plain || found[id] === epoch) return;
    added.push(id);
    for (let d = 0; d < node.deps.length; d++) queue.push(node.deps[d]);
  }
  const addedKeyed = graph.sorted(added).map((id) => nodes[id].location);
  const base = parent.closure;
  let keyed;
  const closure = {
    // Merged when asked for: the key only needs what was added.
    get keyed() {
      return keyed ??= [...base.keyed, ...addedKeyed].sort(byName);
    },
    unresolvedKeyed: base.unresolvedKeyed,
    get all() {
      return [...base.all, ...added.map((id) => nodes[id].name)].sort();
    },
    opaque: base.opaque,
    unverified: base.unverified,
    added: { keyed: addedKeyed, unresolvedKeyed: [] }
  };
  return { closure, walk: { visited: added, base: walk, extendable: true, second: walk.second } };
}
function addedTo(closure, parent) {
  return {
    keyed: minusSorted(closure.keyed, parent.keyed, byName),
    unresolvedKeyed: minusSorted(closure.unresolvedKeyed, parent.unresolvedKeyed, byString)
  };
}
var byString = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function minusSorted(a, b, order) {
  const out = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && order(b[j], x) < 0) j++;
    if (j === b.length || order(b[j], x) !== 0) out.push(x);
  }
  return out;
}

// src/plan/element-loader.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
var ElementLoader = class {
  /** `onLoaded` hears of each element's files as they arrive. */
  constructor(tree, path, onLoaded) {
    this.tree = tree;
    this.path = path;
    this.onLoaded = onLoaded;
  }
  tree;
  path;
  onLoaded;
  /** Element name -> its files, once read (names resolve to one location per loader). */
  loaded = /* @__PURE__ */ new Map();
  reading = /* @__PURE__ */ new Map();
  /** Names whose files and all their dependencies' files are loaded. */
  complete = /* @__PURE__ */ new Set();
  locations = /* @__PURE__ */ new Map();
  allProjectRead = false;
  /** Where `name` is on the elements path (undefined: no dir has it). */
  locate(name) {
    let location = this.locations.get(name);
    if (location === void 0 && !this.locations.has(name)) {
      location = locateElement(name, this.path);
      this.locations.set(name, location);
    }
    return location;
  }
  /** The files of `name`, once read. */
  files(name) {
    return this.loaded.get(name);
  }
  /** Whether `name` and everything it depends on have been loaded. */
  isComplete(name) {
    return this.complete.has(name);
  }
  /** Every element whose files (read so far) list `name` in element-provides. */
  providersOf(name) {
    return [...this.loaded].filter(([, f]) => f.provides.includes(name)).map(([n]) => n);
  }
  /**
   * Reads the files of `names` and everything they depend on, a level at a time, concurrently.
   * Returns the names met (each now complete), whose files are all loaded if they have any.
   */
  async load(names) {
    let level = [...new Set(names)].filter((n) => !this.complete.has(n));
    const visited = new Set(level);
    while (level.length > 0) {
      const located = level.filter((name) => this.locate(name));
      await this.startReading(located);
      const next = [];
      for (const name of located) {
        for (const dep of this.loaded.get(name).deps) {
          if (!visited.has(dep.name) && !this.complete.has(dep.name)) {
            visited.add(dep.name);
            next.push(dep.name);
          }
        }
      }
      level = next;
    }
    if (!this.allProjectRead && [...visited].some((n) => !this.locate(n))) {
      this.allProjectRead = true;
      const project = this.path.dirs.find((d) => d.source === "project");
      await this.startReading(
        [...project?.names ?? []].filter((n) => this.locate(n)?.source === "project")
      );
    }
    for (const name of visited) this.complete.add(name);
    return visited;
  }
  /** Reads the files of located `names` not read yet: the project's in one batch from the tree. */
  startReading(names) {
    const waits = [];
    const project = [];
    for (const name of names) {
      const reading = this.reading.get(name);
      if (reading) waits.push(reading);
      else if (this.locate(name).source === "project") project.push(name);
      else {
        const read = readPinned(this.locate(name)).then((files) => this.loadedFiles(name, files));
        this.reading.set(name, read);
        waits.push(read);
      }
    }
    if (project.length > 0) {
      const dir = (name) => this.locate(name).dir;
      const paths = project.flatMap((name) => [`${dir(name)}/element-deps`, `${dir(name)}/element-provides`]);
      const batch = readFiles(this.tree, paths).then(
        (bytes) => project.forEach((name, i) => this.loadedFiles(name, elementFiles(bytes[2 * i], bytes[2 * i + 1])))
      );
      for (const name of project) this.reading.set(name, batch);
      waits.push(batch);
    }
    return Promise.all(waits);
  }
  loadedFiles(name, files) {
    this.loaded.set(name, files);
    this.onLoaded(name, files);
  }
};
async function readPinned(location) {
  const dir = location.dir;
  if (dir === void 0) return { deps: [], provides: [], readable: false };
  const read = async (file) => {
    try {
      return await readFile(join(dir, file));
    } catch (err) {
      const code = err.code;
      if (code === "ENOENT" || code === "ENOTDIR") return void 0;
      throw err;
    }
  };
  const [deps, provides] = await Promise.all([read("element-deps"), read("element-provides")]);
  return elementFiles(deps, provides);
}

// src/plan/unknown-element.ts
function unknownElement(loader, name, members) {
  const from = members.find((m) => loader.files(m)?.deps.some((d) => d.name === name));
  const line = from === void 0 ? void 0 : loader.files(from).deps.find((d) => d.name === name).line;
  const dir = from === void 0 ? void 0 : loader.locate(from).dir;
  const pos = line === void 0 ? void 0 : { file: `${dir}/element-deps`, line, col: 1 };
  const providers = loader.providersOf(name).map((n) => `'${n}'`);
  if (from !== void 0 && providers.length > 0) {
    return new InputError(
      `element '${from}' depends on '${name}', which only ${providers.join(" or ")} provides, and the image has none of them`,
      pos,
      `add ${providers.join(" or ")} to the image's elements`
    );
  }
  return new InputError(
    `unknown element '${name}': not in the project's elements/, a third-party checkout or DIB's built-in elements`,
    pos
  );
}

// src/plan/element-resolver.ts
var ElementResolver = class {
  loader;
  graph;
  /** What each closure's walk saw, for extending it to a child's. */
  walks = /* @__PURE__ */ new WeakMap();
  constructor(tree, path) {
    this.loader = new ElementLoader(tree, path, (name, files) => this.graph.loaded(name, files));
    this.graph = new ElementGraph(
      (name) => this.loader.locate(name),
      (name) => this.loader.files(name)
    );
  }
  locate(name) {
    return this.loader.locate(name);
  }
  async closure(elements) {
    await this.load([...elements, ...IMPLICIT_ELEMENTS]);
    return this.loadedClosure(elements);
  }
  /**
   * Reads the files of `names` and everything they depend on. Loading the elements of many images at
   * once first makes each of their closures pure CPU.
   */
  async load(names) {
    for (const name of await this.loader.load(names)) this.graph.id(name);
  }
  /**
   * The closure of elements `load` has already read (with IMPLICIT_ELEMENTS): no I/O, no awaits,
   * for computing the closures of many images after one load.
   */
  loadedClosure(elements, parent) {
    const extending = parent !== void 0 && extendsParent(elements, parent);
    for (let i = extending ? parent.elements.length : 0; i < elements.length; i++) {
      if (!this.loader.isComplete(elements[i]))
        throw new Error(`element '${elements[i]}' was not loaded before its closure`);
    }
    const implicit = dibImplicitElements(elements).filter((n) => this.locate(n));
    const extended = extending && extendClosure(this.graph, parent, this.walks.get(parent.closure), elements, implicit);
    const result = extended || this.graph.walk(
      elements.map((n) => this.graph.id(n)),
      implicit.map((n) => this.graph.id(n))
    );
    if ("unknown" in result) {
      throw new InputErrors(result.unknown.map((name) => unknownElement(this.loader, name, result.members)));
    }
    this.walks.set(result.closure, result.walk);
    if (parent && !extended) result.closure.added = addedTo(result.closure, parent.closure);
    return result.closure;
  }
};

// src/plan/git-changes.ts
import { existsSync } from "node:fs";
import { join as join2 } from "node:path";
async function changedSince(root, commit, paths, runner, submodules = []) {
  if (paths.length === 0) return [];
  const inSubmodule = (p) => submodules.find((s) => within(p, s));
  const asked = [...new Set(paths.map((p) => inSubmodule(p) ?? p))];
  const git = (args) => runChecked(runner, "git", ["--literal-pathspecs", ...args, "--", ...asked], {
    cwd: root,
    doing: "comparing the work tree with the --since commit",
    maxBuffer: 64 * 1024 * 1024
  });
  const [tracked, untracked] = await Promise.all([
    git(["diff", "--raw", "--no-renames", "--relative", "-z", commit]),
    git(["ls-files", "-z", "--others"])
  ]);
  const changed = [];
  const raw = tracked.stdout.split("\0");
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const [oldMode, newMode, , , status] = raw[i].slice(1).split(" ");
    const edit = status === "M" && oldMode === newMode && oldMode !== "160000";
    changed.push({ path: raw[i + 1], edit });
  }
  for (const path of untracked.stdout.split("\0")) if (path) changed.push({ path, edit: false });
  return changed.flatMap(
    (c) => submodules.includes(c.path) ? paths.filter((p) => inSubmodule(p) === c.path).map((path) => ({ path, edit: false })) : [c]
  );
}
async function submodulePaths(root, runner, commit) {
  if (commit === void 0 && !existsSync(join2(root, ".gitmodules"))) return [];
  const file = commit === void 0 ? ["--file", ".gitmodules"] : ["--blob", `${commit}:.gitmodules`];
  const res = await runner("git", ["config", ...file, "--get-regexp", "^submodule\\..*\\.path$"], {
    cwd: root
  });
  if (res.code !== 0) return [];
  return res.stdout.split("\n").filter(Boolean).map((line) => line.slice(line.indexOf(" ") + 1));
}

// src/plan/git-tree.ts
import { spawn } from "node:child_process";
import { join as join3 } from "node:path";
async function gitTree(root, ref, runner) {
  const git = (args, doing) => runChecked(runner, "git", args, { cwd: root, doing, maxBuffer: 256 * 1024 * 1024 });
  const resolved = await runner(
    "git",
    ["rev-parse", "--show-prefix", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    { cwd: root }
  );
  const [prefixLine = "", commitLine = ""] = resolved.stdout.split("\n");
  if (resolved.code !== 0 && resolved.code !== 1) {
    throw new InputError(
      `--since ${ref}: ${root} is not inside a git repository`,
      void 0,
      "run kiln plan from a git checkout, or drop --since"
    );
  }
  const prefix = prefixLine.trim();
  if (resolved.code !== 0 || !commitLine) {
    throw new InputError(
      `--since ${ref}: no such commit in the repository at ${root}`,
      void 0,
      "check the ref; a shallow CI checkout must fetch it first: actions/checkout with fetch-depth: 0"
    );
  }
  const commit = commitLine.trim();
  const reader = new CatFileReader(root);
  const readers = [reader];
  const list = async () => {
    const args = ["ls-tree", "-r", "-z", "--full-tree", commit, ...prefix ? ["--", prefix] : []];
    const listing2 = await git(args, `listing files at ${ref}`);
    const entries = [];
    for (const record of listing2.stdout.split("\0")) {
      if (!record) continue;
      const tab = record.indexOf("	");
      const [mode, type, object] = record.slice(0, tab).split(" ");
      const path = record.slice(tab + 1 + prefix.length);
      if (type === "commit") {
        entries.push(...await submoduleEntries(root, path, object, ref, runner, readers));
      } else if (type === "blob") {
        entries.push({ path, mode: parseInt(mode, 8), object, reader });
      }
    }
    entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    return { entries, byPath: new Map(entries.map((e) => [e.path, e])) };
  };
  let listed2;
  const listing = () => listed2 ??= list();
  const readFile2 = async (path) => {
    const entry = (await listing()).byPath.get(path);
    return entry ? entry.reader.read(entry.object, path) : void 0;
  };
  return {
    root,
    label: `git:${ref}`,
    commit,
    readFile: readFile2,
    async readFiles(paths) {
      const { byPath } = await listing();
      const wanted = paths.map((path) => byPath.get(path));
      if (wanted.some((e) => e && e.reader !== reader)) return Promise.all(paths.map(readFile2));
      const read = reader.readMany(
        wanted.flatMap((entry, i) => entry ? [{ object: entry.object, path: paths[i] }] : [])
      );
      const got = await read;
      let j = 0;
      return wanted.map((entry) => entry ? got[j++] : void 0);
    },
    async listFiles(dir) {
      const { entries } = await listing();
      const start = dir.replace(/\/+$/, "") + "/";
      const out = [];
      for (let i = lowerBound(entries, start); i < entries.length && entries[i].path.startsWith(start); i++) {
        out.push({ path: entries[i].path, mode: entries[i].mode });
      }
      return out;
    },
    close: async () => void await Promise.all(readers.map((r) => r.close())),
    prefetch() {
      listing().catch(() => {
      });
      reader.start();
    }
  };
}
async function submoduleEntries(root, path, commit, ref, runner, readers) {
  const cwd = join3(root, path);
  const inside = await runner("git", ["rev-parse", "--show-prefix"], { cwd });
  if (inside.code !== 0 || inside.stdout.trim() !== "") return [];
  const listing = await runner("git", ["ls-tree", "-r", "-z", "--full-tree", commit], {
    cwd,
    maxBuffer: 256 * 1024 * 1024
  });
  if (listing.code !== 0) {
    throw new WorldError({
      doing: `reading submodule ${path} at ${ref}`,
      answer: `its git dir does not have commit ${commit}; fetch it (git submodule update) and plan again`
    });
  }
  const reader = new CatFileReader(cwd);
  readers.push(reader);
  const entries = [];
  for (const record of listing.stdout.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("	");
    const [mode, type, object] = record.slice(0, tab).split(" ");
    if (type === "blob")
      entries.push({ path: `${path}/${record.slice(tab + 1)}`, mode: parseInt(mode, 8), object, reader });
  }
  return entries;
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
    return this.readMany([{ object, path }]).then((got) => got[0]);
  }
  /** Several objects with one write: a catalogue's element files are a thousand requests. */
  readMany(wanted) {
    if (this.failure) return Promise.reject(this.failure);
    if (wanted.length === 0) return Promise.resolve([]);
    const child = this.start();
    const reads = wanted.map(
      ({ path }) => new Promise((resolve2, reject) => this.pending.push({ path, resolve: resolve2, reject }))
    );
    child.stdin.write(wanted.map((w) => `${w.object}
`).join(""));
    return Promise.all(reads);
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

// src/plan/since-tree.ts
function unchangedFromWorkTree(atCommit, workTree, compared, changes) {
  const changed = new Set(changes.map((c) => c.path));
  const reshaped = changes.filter((c) => !c.edit).map((c) => c.path);
  const changedAt = (path) => {
    for (let cut = path.length; cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      if (changed.has(path.slice(0, cut))) return true;
    }
    return false;
  };
  const same = (path) => !changedAt(path) && compared.some((c) => within(path, c));
  const sameListing = (dir) => compared.some((c) => within(dir, c)) && !reshaped.some((p) => within(p, dir) || within(dir, p));
  return {
    root: atCommit.root,
    label: atCommit.label,
    readFile: (path) => (same(path) ? workTree : atCommit).readFile(path),
    async readFiles(paths) {
      const fromWork = paths.map(same);
      const [work, commit] = await Promise.all([
        readFiles(
          workTree,
          paths.filter((_, i) => fromWork[i])
        ),
        readFiles(
          atCommit,
          paths.filter((_, i) => !fromWork[i])
        )
      ]);
      let w = 0;
      let c = 0;
      return fromWork.map((f) => f ? work[w++] : commit[c++]);
    },
    listFiles: (dir) => (sameListing(dir) ? workTree : atCommit).listFiles(dir)
  };
}

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
  return { order, parentOf, groupOf };
}
function ancestorsOf(graph, name) {
  const out = [];
  for (let p = graph.parentOf.get(name); p !== void 0; p = graph.parentOf.get(p)) out.push(p);
  return out;
}

// src/plan/matrix.ts
var MAX_MATRIX_JOBS = 256;
function buildMatrix(planned, images, graph, maxJobs = MAX_MATRIX_JOBS) {
  const entries = /* @__PURE__ */ new Map();
  for (const p of planned) {
    const id = `${p.group}\0${p.arch}`;
    let entry = entries.get(id);
    if (!entry) {
      entry = {
        groups: [p.group],
        arch: p.arch,
        runner: [...images.get(p.name).runners[p.arch]],
        images: []
      };
      entries.set(id, entry);
    }
    entry.images.push(p.name);
  }
  const rank = new Map(graph.order.map((name, i) => [name, i]));
  const byPlanOrder = (a, b) => rank.get(a.groups[0]) - rank.get(b.groups[0]) || ARCHES.indexOf(a.arch) - ARCHES.indexOf(b.arch);
  const sorted = [...entries.values()].sort(byPlanOrder);
  const jobs = sorted.length > maxJobs ? pack(sorted, maxJobs).sort(byPlanOrder) : sorted;
  return jobs.map((e) => ({
    // One group keeps its name; a packed job is named by its first and last group (unique, as
    // groups are disjoint and packed in order).
    group: e.groups.length === 1 ? e.groups[0] : `${e.groups[0]}..${e.groups[e.groups.length - 1]}`,
    arch: e.arch,
    runner: e.runner,
    images: e.images.join(" ")
  }));
}
function pack(entries, maxJobs) {
  const buckets = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const id = `${e.arch}\0${JSON.stringify(e.runner)}`;
    const bucket = buckets.get(id) ?? [];
    bucket.push(e);
    buckets.set(id, bucket);
  }
  if (buckets.size > maxJobs) {
    throw new InputError(
      `the plan needs ${buckets.size} different combinations of architecture and runner labels, more than GitHub's ${maxJobs} jobs per matrix`,
      void 0,
      "give images that build alike the same defaults.runners, or plan fewer images at once"
    );
  }
  const count = (bucket) => bucket.reduce((n, e) => n + e.images.length, 0);
  const all = [...buckets.values()].map((bucket) => ({ bucket, images: count(bucket), jobs: 1 }));
  for (let spare = maxJobs - all.length; spare > 0; spare--) {
    let best;
    for (const b of all) {
      if (b.jobs < b.bucket.length && (!best || b.images / b.jobs > best.images / best.jobs)) best = b;
    }
    if (!best) break;
    best.jobs++;
  }
  const out = [];
  for (const { bucket, images, jobs } of all) {
    let job;
    let made = 0;
    let placed = 0;
    for (const e of bucket) {
      if (!job || made < jobs && placed >= made * images / jobs) {
        job = { groups: [], arch: e.arch, runner: e.runner, images: [] };
        out.push(job);
        made++;
      }
      placed += e.images.length;
      job.groups.push(...e.groups);
      job.images.push(...e.images);
    }
  }
  return out;
}
function packingNote(planned, matrix) {
  const groups = new Set(planned.map((p) => `${p.group}\0${p.arch}`)).size;
  if (groups <= matrix.length) return void 0;
  return `${groups} image groups x architectures are more than GitHub's ${MAX_MATRIX_JOBS} jobs per matrix: packed into ${matrix.length} jobs, each building several whole groups of one architecture (parents before children; a job named FIRST..LAST holds the groups from FIRST to LAST in plan order)`;
}

// src/plan/notes.ts
function packerNotes(packer) {
  return [...new Set([...packer.values()].flatMap((p) => p.notes.map((n) => n.format())))];
}
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
async function planBuilds(req, deps) {
  const { logger } = deps;
  const arches = parseArches(req.arches);
  const since = req.since === void 0 ? void 0 : sinceFacts(deps, req.since);
  const current = await keyConfig(deps.config, deps.source);
  const { config, graph, keys } = current;
  for (const w of config.warnings ?? []) logger.warn(w.message, w.pos);
  const request = {
    architectures: new Map([...config.images].map(([n, i]) => [n, i.architectures])),
    images: req.images ?? [],
    arches: arches ?? ARCHES,
    archesExplicit: arches !== void 0
  };
  checkRequest(graph, request);
  let changed;
  if (req.since !== void 0) {
    const base = await keysAtRef(deps, req.since, current, await since);
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
  const include = buildMatrix(images, config.images, graph);
  const notes = [...closureNotes(keys), ...packerNotes(current.packer)];
  for (const n of notes) logger.debug(n);
  const packed = packingNote(images, include);
  if (packed) {
    logger.info(packed);
    notes.push(packed);
  }
  return { images, matrix: { include }, notes };
}
async function keyConfig(config, source, tree = source.tree, digests, reuse) {
  const files = cachedTree(tree);
  const loaded = config ?? await loadConfig({ ...source, tree: files });
  const path = await elementsPath(loaded, {
    tree: files,
    env: source.env,
    builtinElements: source.builtinElements
  });
  const graph = imageGraph(loaded.images);
  const project = path.dirs.find((d) => d.source === "project").names;
  const overrides = [...project].filter((name) => COMMITTED_DIB_ELEMENTS.has(name)).sort();
  const hasher = new KeyHasher(files, new ElementResolver(files, path), digests, overrides, reuse);
  const keys = await hasher.keys(loaded.images, graph);
  return {
    config: loaded,
    graph,
    keys,
    digests: hasher.digests,
    tree: files,
    packer: hasher.packer,
    inputs: hasher.inputs,
    own: hasher.own
  };
}
var ELEMENT_GRAPH_FILE = /(^|\/)element-(deps|provides)$/;
function sinceFacts(deps, ref) {
  const { config, runner } = deps;
  const asked = configPaths(config);
  const inWorkTree = submodulePaths(config.root, runner);
  const facts = gitTree(resolve(deps.source.cwd), ref, runner).then(async (tree) => {
    try {
      const submodules = [
        ...new Set(
          (await Promise.all([submodulePaths(config.root, runner, tree.commit), inWorkTree])).flat()
        )
      ];
      const changes = await changedSince(config.root, tree.commit, asked, runner, submodules);
      if (changes.length > 0) tree.prefetch();
      return { tree, submodules, asked, changes };
    } catch (err) {
      await tree.close();
      throw err;
    }
  });
  facts.catch(() => {
  });
  return facts;
}
async function keysAtRef(deps, ref, current, facts) {
  const { runner, logger } = deps;
  const { tree, submodules } = facts;
  try {
    const { config } = current;
    const compared = keyedPaths(current);
    const rest = compared.filter((p) => !facts.asked.some((a) => within(p, a)));
    const changes = [
      ...facts.changes,
      ...await changedSince(config.root, tree.commit, rest, runner, submodules)
    ];
    if (changes.length === 0) {
      logger.debug(`plan --since ${ref}: no file that feeds build keys changed`);
      return current.keys;
    }
    const configFiles = new Set(
      Object.values(config.files).map((f) => relative(config.root, f).split(sep).join("/"))
    );
    const sameConfig = !changes.some((c) => configFiles.has(c.path));
    const sameGraph = sameConfig && changes.every((c) => c.edit && !ELEMENT_GRAPH_FILE.test(c.path));
    const changedDirs = new Set(changes.map((c) => c.path.split("/").slice(0, 2).join("/")));
    return (await keyConfig(
      sameConfig ? config : void 0,
      deps.source,
      unchangedFromWorkTree(tree, current.tree, compared, changes),
      new Map([...current.digests].filter(([dir]) => !changedDirs.has(dir))),
      sameConfig ? { closures: sameGraph ? current.keys : void 0, own: current.own } : void 0
    )).keys;
  } catch (err) {
    const errors = inputErrorsOf(err);
    if (!errors) throw err;
    logger.warn(
      `the configuration at ${ref} does not load, so every image counts as changed:
` + errors.map((e) => `  ${e.format()}`).join("\n")
    );
    return void 0;
  } finally {
    await tree.close();
  }
}
function configPaths(config) {
  const paths = /* @__PURE__ */ new Set(["elements"]);
  for (const file of Object.values(config.files)) {
    const rel = relative(config.root, file);
    if (!rel.startsWith("..") && !isAbsolute(rel)) paths.add(rel.split(sep).join("/"));
  }
  for (const image of config.images.values()) {
    if (image.template) paths.add(image.template);
    for (const v of image.var_files) paths.add(v);
  }
  return [...paths];
}
function keyedPaths({ config, packer, inputs }) {
  const paths = new Set(configPaths(config));
  for (const p of packer.values()) {
    for (const f of [...p.template, ...p.var_files, ...p.referenced]) paths.add(f.path);
  }
  for (const files of inputs.values()) for (const f of files) paths.add(f.path);
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
  normalisedConfig,
  imageGraph,
  planBuilds,
  keyConfig
};
