import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  NAME_RE,
  ZodArray,
  ZodDefault,
  ZodNullable,
  ZodObject,
  ZodOptional,
  ZodRecord,
  defaultsSchema,
  imageSchema,
  imagesFileSchema,
  record,
  siteSchema,
  sitesFileSchema,
  strictObject,
  string,
  thirdPartyFileSchema,
  thirdPartyRepoSchema
} from "./chunk-DJTE6M5J.js";
import {
  didYouMean
} from "./chunk-PULXAN4K.js";
import {
  elementsPath,
  locateElement,
  workTree
} from "./chunk-YDMM63TT.js";
import {
  YamlFile
} from "./chunk-BDGH5S5U.js";
import {
  require_dist
} from "./chunk-VNYJLFTL.js";
import {
  InputError,
  InputErrors,
  inputErrorsOf
} from "./chunk-SXABORS3.js";
import {
  __toESM
} from "./chunk-NRF5ZCPO.js";

// src/config/schema-errors.ts
function validate(file, schema, value) {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, errors: [] };
  return { errors: result.error.issues.flatMap((issue) => issueErrors(file, schema, value, issue)) };
}
var NOUNS = {
  architectures: "architecture",
  builder: "builder",
  disk_format: "disk format",
  visibility: "visibility"
};
var ALIASES = { x86_64: "amd64", aarch64: "arm64", x64: "amd64", arm: "arm64" };
var KEY_ALIASES = {
  arch: "architectures",
  depends: "parent",
  "baremetal-only": "sites: { kind: baremetal }",
  baremetal_only: "sites: { kind: baremetal }",
  is_baremetal: "kind: baremetal",
  image_container: "object_store: { container: ... }",
  elements_directory: "elements_dir",
  provenance: "properties",
  commit: "ref",
  sha: "ref",
  tag: "ref (a commit SHA) or branch"
};
function issueErrors(file, schema, root, issue) {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = Object.keys(objectShapeAt(schema, path) ?? {});
      const alias = (key) => {
        const meant = KEY_ALIASES[key];
        return meant && known.includes(meant.split(":")[0]) ? `kiln calls it '${meant}'` : void 0;
      };
      return issue.keys.map(
        (key) => new InputError(
          `unknown key '${key}'${where(path)}`,
          file.pos([...path, key], "key"),
          alias(key) ?? didYouMean(key, known) ?? (known.length ? `expected one of: ${known.join(", ")}` : void 0)
        )
      );
    }
    case "invalid_key": {
      const key = String(path[path.length - 1]);
      const why = issue.issues[0]?.message ?? "not allowed";
      const record2 = schemaAt(schema, path.slice(0, -1));
      const inner = record2 instanceof ZodRecord ? record2.valueType.safeParse(valueAt(root, path)) : void 0;
      return [
        new InputError(`invalid name '${key}': ${why}`, file.pos(path, "key")),
        ...(inner?.error?.issues ?? []).flatMap(
          (i) => issueErrors(file, schema, root, { ...i, path: [...path, ...i.path] })
        )
      ];
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
      if (issue.expected === "string" && typeof actual === "number")
        return [
          new InputError(
            "expected a string, got a number: YAML reads unquoted digits as a number",
            file.pos(path),
            'quote the value as written, e.g. sha256: "0123..."'
          )
        ];
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
  const s = schemaAt(schema, path);
  return s instanceof ZodObject ? s.shape : void 0;
}
function schemaAt(schema, path) {
  let s = unwrap(schema);
  for (const seg of path) {
    if (s instanceof ZodObject) s = s.shape[seg];
    else if (s instanceof ZodRecord) s = s.valueType;
    else if (s instanceof ZodArray) s = s.element;
    else return void 0;
    s = s && unwrap(s);
  }
  return s;
}
function unwrap(s) {
  let cur = s;
  while (cur instanceof ZodOptional || cur instanceof ZodNullable || cur instanceof ZodDefault) {
    cur = cur.unwrap();
  }
  return cur;
}

// src/config/third-party-lock.ts
import { dirname, join } from "node:path";
var LOCK_FILE = "third-party.lock.yaml";
var lockFileSchema = strictObject({
  elements: record(
    string().regex(NAME_RE),
    strictObject({
      repo: string(),
      branch: string(),
      commit: string().regex(/^[0-9a-f]{40}$/, { error: "expected a full commit SHA, 40 lowercase hex digits" })
    })
  )
});
function lockFileFor(thirdPartyFile) {
  return join(dirname(thirdPartyFile), LOCK_FILE);
}
function readLock(file) {
  if (!file || file.isEmpty()) return { lock: /* @__PURE__ */ new Map(), errors: [] };
  const { data, errors } = validate(file, lockFileSchema, file.value());
  return { lock: new Map(Object.entries(data?.elements ?? {})), errors };
}
function lockedCommit(name, wanted, lock) {
  const entry = lock.get(name);
  if (!entry) return { problem: `branch '${wanted.branch}' of '${name}' is not in ${LOCK_FILE}` };
  if (entry.repo !== wanted.repo || entry.branch !== wanted.branch)
    return {
      problem: `${LOCK_FILE} pins '${name}' to branch '${entry.branch}' of ${entry.repo}, not branch '${wanted.branch}' of ${wanted.repo}`
    };
  return { commit: entry.commit };
}
function lockText(lock) {
  const lines = [
    "# Written by `kiln lock`: the commit each third-party.yaml branch is pinned to. Commit this file;",
    "# `kiln lock --update [NAME...]` moves the pins.",
    "elements:"
  ];
  if (lock.size === 0) lines[lines.length - 1] += " {}";
  for (const name of [...lock.keys()].sort()) {
    const e = lock.get(name);
    lines.push(
      `  ${JSON.stringify(name)}:`,
      `    repo: ${JSON.stringify(e.repo)}`,
      `    branch: ${JSON.stringify(e.branch)}`,
      `    commit: ${JSON.stringify(e.commit)}`
    );
  }
  return lines.join("\n") + "\n";
}

// src/config/load.ts
import { readFile } from "node:fs/promises";
import { isAbsolute, join as join2, relative, resolve, sep } from "node:path";

// src/openstack/glance-name.ts
function glanceName(image, arch) {
  const template = image.glance_name?.[arch];
  if (template !== void 0) return expandGlanceName(template, image.name, arch);
  const first = image.architectures[0] ?? arch;
  return arch === first ? image.name : `${image.name}-${arch}`;
}
function expandGlanceName(template, image, arch) {
  const values = { image, arch, ARCH: arch.toUpperCase() };
  return template.replace(/\{(image|arch|ARCH)\}/g, (_, k) => values[k]);
}

// src/config/image-sites.ts
function selectedSites(image, sites) {
  const sel = image.sites;
  return [...sites.values()].filter(
    (s) => (!sel?.kind || s.kind === sel.kind) && (!sel?.names || sel.names.includes(s.name))
  );
}
function archRefusal(site, arch) {
  if (!site.architectures || site.architectures.includes(arch)) return void 0;
  return `site ${site.name} takes only ${site.architectures.join(", ")} (architectures in sites.yaml)`;
}

// src/config/check-glance-names.ts
function checkGlanceNames(images, sites, file) {
  const errors = [];
  const taken = /* @__PURE__ */ new Map();
  for (const image of images) {
    for (const arch of image.architectures) {
      const name = glanceName(image, arch);
      const build = `'${image.name}' (${arch})`;
      const where3 = sites.size ? selectedSites(image, sites).filter((s) => archRefusal(s, arch) === void 0).map((s) => s.name) : [void 0];
      for (const site of where3) {
        const slot = `${site ?? ""}\0${name}`;
        const other = taken.get(slot);
        if (other === void 0) {
          taken.set(slot, build);
          continue;
        }
        errors.push(
          new InputError(
            `${other} and ${build} would both be published as '${name}'${site === void 0 ? "" : ` on site ${site}`}`,
            image.glance_name?.[arch] !== void 0 ? file.pos(["images", image.name, "glance_name", arch]) : image.pos,
            "give each build its own name with glance_name, or publish them to different sites"
          )
        );
        break;
      }
    }
  }
  return errors;
}

// src/packer/analysis.ts
import { posix as posix2 } from "node:path";

// src/packer/ansible.ts
var import_yaml = __toESM(require_dist(), 1);
import { posix } from "node:path";
var TASK_LISTS = ["tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always"];
var module = (task, name) => task[name] ?? task[`ansible.builtin.${name}`] ?? task[`ansible.legacy.${name}`];
async function playbookInputs(tree, playbook, rolesPaths = []) {
  const out = { paths: /* @__PURE__ */ new Set(), unresolved: [] };
  const base = posix.dirname(playbook);
  const rolesSeen = /* @__PURE__ */ new Set();
  const readYaml = async (path) => {
    const bytes = await tree.readFile(path);
    if (!bytes) return void 0;
    out.paths.add(path);
    try {
      return (0, import_yaml.parse)(bytes.toString("utf8"));
    } catch {
      return void 0;
    }
  };
  const named = (value, what, from) => {
    if (typeof value !== "string" || value.includes("{{")) {
      out.unresolved.push(`${what} ${JSON.stringify(value)} (${from})`);
      return void 0;
    }
    return value;
  };
  const fileFrom = async (value, from, what, then) => {
    const name = named(value, what, from);
    if (name === void 0) return;
    const path = posix.normalize(posix.join(posix.dirname(from), name));
    if (await tree.readFile(path)) await then(path);
    else out.unresolved.push(`${what} '${name}' (${from}): no ${path}`);
  };
  const role = async (value, from) => {
    const spec = value !== null && typeof value === "object" ? value : {};
    const name = named(typeof value === "string" ? value : spec.role ?? spec.name, "role", from);
    if (name === void 0 || rolesSeen.has(name)) return;
    rolesSeen.add(name);
    const roleDirs = [
      .../* @__PURE__ */ new Set([posix.join(posix.dirname(from), "roles"), posix.join(base, "roles"), ...rolesPaths])
    ];
    for (const dir of roleDirs) {
      const folder = posix.join(dir, name);
      const files = await tree.listFiles(folder);
      if (files.length === 0) continue;
      out.paths.add(folder);
      const meta = await readYaml(posix.join(folder, "meta/main.yml"));
      for (const dep of asList(meta?.dependencies))
        await role(dep, folder);
      for (const f of files) {
        if (/\/(tasks|handlers)\/[^/]+\.ya?ml$/.test(f.path)) await tasks(await readYaml(f.path), f.path);
      }
      return;
    }
    out.unresolved.push(`role '${name}' (${from}): not in ${roleDirs.join(", ")}`);
  };
  const tasks = async (list2, from) => {
    for (const item of asList(list2)) {
      if (item === null || typeof item !== "object") continue;
      const task = item;
      for (const key of ["include_role", "import_role"]) {
        const spec = module(task, key);
        if (spec !== void 0) await role(spec, from);
      }
      for (const key of ["include_tasks", "import_tasks", "include"]) {
        const spec = module(task, key);
        if (spec === void 0) continue;
        const file = typeof spec === "object" && spec !== null ? spec.file : spec;
        await fileFrom(file, from, "task file", async (p) => tasks(await readYaml(p), p));
      }
      for (const key of TASK_LISTS) if (task[key] !== void 0) await tasks(task[key], from);
    }
  };
  const play = async (path) => {
    if (out.paths.has(path)) return;
    for (const item of asList(await readYaml(path))) {
      if (item === null || typeof item !== "object") continue;
      const p = item;
      const imported = module(p, "import_playbook") ?? p.include;
      if (imported !== void 0) await fileFrom(imported, path, "playbook", play);
      for (const r of asList(p.roles)) await role(r, path);
      for (const v of asList(p.vars_files))
        await fileFrom(v, path, "vars file", async (f) => void out.paths.add(f));
      for (const key of TASK_LISTS) if (p[key] !== void 0) await tasks(p[key], path);
    }
  };
  await play(playbook);
  const folders = [...out.paths].filter((p) => rolesSeen.size > 0 && !/\.ya?ml$/.test(p));
  for (const p of out.paths) if (folders.some((f) => p.startsWith(`${f}/`))) out.paths.delete(p);
  for (const req of ["requirements.yml", "roles/requirements.yml", "collections/requirements.yml"]) {
    const path = posix.join(base, req);
    if (await tree.readFile(path)) out.paths.add(path);
  }
  return out;
}
var asList = (v) => Array.isArray(v) ? v : v === void 0 || v === null ? [] : [v];

// src/packer/blocks.ts
function templateBlocks(template) {
  const out = [];
  for (const file of template.files) {
    if (template.kind === "json") jsonBlocks(file, out);
    else hclBlocks(file, file.body, [], out);
  }
  return out;
}
function jsonBlocks(file, out) {
  const add = (kind, entry) => {
    if (typeof entry === "string") out.push({ kind, type: entry, body: {}, file });
    else if (isObject(entry)) out.push({ kind, type: String(entry.type ?? ""), body: entry, file });
  };
  for (const b of list(file.body.builders)) add("source", b);
  for (const p of list(file.body.provisioners)) add("provisioner", p);
  for (const p of list(file.body["post-processors"])) for (const q of list(p)) add("post-processor", q);
}
var HCL_KINDS = {
  source: "source",
  provisioner: "provisioner",
  "post-processor": "post-processor"
};
function hclBlocks(file, value, path, out) {
  if (Array.isArray(value)) {
    for (const v of value) hclBlocks(file, v, path, out);
    return;
  }
  if (!isObject(value)) return;
  const n = path.length;
  if (n >= 2 && HCL_KINDS[path[n - 2]] && path[n - 2] !== "source") {
    out.push({ kind: HCL_KINDS[path[n - 2]], type: path[n - 1], body: value, file });
  } else if (n >= 3 && path[n - 3] === "source" && (n === 3 || path[n - 4] !== "build")) {
    out.push({ kind: "source", type: path[n - 2], body: value, file });
  }
  for (const [k, v] of Object.entries(value)) hclBlocks(file, v, [...path, k], out);
}
var isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
var list = (v) => Array.isArray(v) ? v : v === void 0 ? [] : [v];

// src/packer/expressions.ts
var HCL_INTERPOLATION = /\$\{\s*([^{}]*?)\s*\}/g;
var JSON_INTERPOLATION = /\{\{\s*([^{}]*?)\s*\}\}/g;
function evaluate(value, scope, depth = 0) {
  if (Array.isArray(value)) {
    const items = value.map((v) => evaluate(v, scope, depth));
    if (items.some((i) => i === void 0)) return void 0;
    return items.flat();
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || depth > 8) return void 0;
  const json = scope.template.kind === "json";
  const whole = (json ? /^\{\{\s*([^{}]*?)\s*\}\}$/ : /^\$\{\s*([^{}]*?)\s*\}$/).exec(value);
  if (whole) {
    const v = term(whole[1], scope, depth);
    if (v !== void 0) return v;
  }
  let unknown = false;
  const out = value.replace(json ? JSON_INTERPOLATION : HCL_INTERPOLATION, (_, expr) => {
    const v = term(expr, scope, depth);
    if (typeof v !== "string") unknown = true;
    return typeof v === "string" ? v : "";
  });
  return unknown ? void 0 : out;
}
function term(expr, scope, depth) {
  const dir = scope.template.dir || ".";
  if (scope.template.kind === "json") {
    if (expr === "template_dir") return dir;
    if (expr === "pwd") return ".";
    const user = /^user\s+[`"]([\w-]+)[`"]$/.exec(expr);
    return user ? evaluate(scope.vars[user[1]], scope, depth + 1) : void 0;
  }
  if (expr === "path.root") return dir;
  if (expr === "path.cwd") return ".";
  const ref = /^(var|local)\.([\w-]+)$/.exec(expr);
  if (!ref) return void 0;
  const raw = ref[1] === "var" ? scope.vars[ref[2]] : scope.template.locals[ref[2]];
  return evaluate(raw, scope, depth + 1);
}
function variableValues(template, varFiles, extra = {}) {
  const vars = {};
  for (const [name, v] of template.variables) if (v.default !== void 0) vars[name] = v.default;
  for (const values of varFiles) Object.assign(vars, values);
  return Object.assign(vars, extra);
}

// src/packer/globs.ts
var GLOB_CHARS = /[*?[]/;
var hasGlob = (pattern) => GLOB_CHARS.test(pattern);
function globRegex(pattern) {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      re += pattern[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += pattern[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end);
        re += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
async function expandGlob(tree, pattern) {
  const parts = pattern.split("/");
  const literal = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, literal < 0 ? parts.length : literal).join("/");
  const files = await tree.listFiles(base === "" ? "." : base);
  if (literal < 0) {
    if (files.length > 0) return files.map((f) => f.path);
    return await tree.readFile(pattern) !== void 0 ? [pattern] : [];
  }
  const re = globRegex(pattern);
  return files.map((f) => f.path).filter((p) => re.test(p));
}

// src/packer/parse.ts
var parsed = /* @__PURE__ */ new Map();
function parseHcl(file, text) {
  const key = `${file}\0${text}`;
  let result = parsed.get(key);
  if (!result) {
    result = parseHclOnce(file, text);
    parsed.set(key, result);
  }
  return result;
}
async function parseHclOnce(file, text) {
  const { hclToJson } = await import("./hcl-wasm-AU4FGDPV.js");
  try {
    return await hclToJson(file, text);
  } catch (err) {
    const message = err.message.replace(/^parse config: \[|\]$/g, "");
    const m = /^(.*?):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: (.*)$/s.exec(message);
    if (!m) throw new InputError(`${file}: not valid HCL2: ${message}`, { file, line: 1, col: 1 });
    throw new InputError(`not valid HCL2: ${m[4].trim()}`, {
      file,
      line: Number(m[2]),
      col: Number(m[3])
    });
  }
}
function parseJson(file, text) {
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InputError("expected a JSON object", { file, line: 1, col: 1 });
    }
    return value;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const message = err.message;
    const offset = /at position (\d+)/.exec(message);
    const pos = offset ? lineCol(text, Number(offset[1])) : { line: 1, col: 1 };
    throw new InputError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}`, {
      file,
      ...pos
    });
  }
}
function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, col: offset - before.lastIndexOf("\n") };
}
function positionOf(file, text, needle) {
  const i = text.indexOf(needle);
  return { file, ...i < 0 ? { line: 1, col: 1 } : lineCol(text, i) };
}

// src/packer/template.ts
var TEMPLATE_FILE = /\.pkr\.(hcl|json)$/;
var AUTO_VARS = /\.auto\.pkrvars\.(hcl|json)$/;
var isTemplateFolder = (path) => !/\.(hcl|json)$/.test(path);
var folderOf = (path) => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
async function loadTemplate(tree, path, pos) {
  const folder = isTemplateFolder(path);
  const listed = folder ? (await tree.listFiles(path)).map((f) => f.path) : [path];
  const direct = listed.filter((p) => !folder || !p.slice(path.length + 1).includes("/"));
  const paths = folder ? direct.filter((p) => TEMPLATE_FILE.test(p)) : direct;
  const texts = await Promise.all(paths.map((p) => tree.readFile(p)));
  if (paths.length === 0 || texts.some((t) => t === void 0)) {
    throw new InputError(
      folder ? `Packer template folder '${path}' has no .pkr.hcl files in ${tree.label}` : `Packer template '${path}' does not exist in ${tree.label}`,
      pos,
      "paths are relative to the repository root"
    );
  }
  const kind = folder || TEMPLATE_FILE.test(path) ? "hcl" : "json";
  const files = [];
  for (const [i, p] of paths.entries()) {
    const text = texts[i].toString("utf8");
    const body = p.endsWith(".hcl") ? await parseHcl(p, text) : parseJson(p, text);
    files.push({ path: p, text, body });
  }
  const template = {
    path,
    kind,
    dir: folder ? path : folderOf(path),
    files,
    autoVarFiles: folder ? direct.filter((p) => AUTO_VARS.test(p)) : [],
    variables: /* @__PURE__ */ new Map(),
    locals: {},
    requiredPlugins: false
  };
  for (const f of files) (kind === "hcl" ? readHclDeclarations : readJsonDeclarations)(template, f);
  return template;
}
function readHclDeclarations(t, f) {
  for (const [name, blocks] of Object.entries(asObject(f.body.variable))) {
    const block = asObject(blocks === null ? {} : Array.isArray(blocks) ? blocks[0] : blocks);
    t.variables.set(name, { default: block.default, pos: positionOf(f.path, f.text, `variable "${name}"`) });
  }
  for (const block of asList2(f.body.locals)) Object.assign(t.locals, asObject(block));
  for (const [name, block] of Object.entries(asObject(f.body.local))) {
    t.locals[name] = asObject(Array.isArray(block) ? block[0] : block).expression;
  }
  for (const block of asList2(f.body.packer)) {
    if (asObject(block).required_plugins !== void 0) t.requiredPlugins = true;
  }
}
function readJsonDeclarations(t, f) {
  for (const [name, value] of Object.entries(asObject(f.body.variables))) {
    t.variables.set(name, { default: value, pos: positionOf(f.path, f.text, JSON.stringify(name)) });
  }
}
async function loadVarFile(tree, path, pos) {
  const bytes = await tree.readFile(path);
  if (!bytes) throw new InputError(`Packer var file '${path}' does not exist in ${tree.label}`, pos);
  const text = bytes.toString("utf8");
  return { text, values: path.endsWith(".json") ? parseJson(path, text) : await parseHcl(path, text) };
}
var asObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) ? v : {};
var asList2 = (v) => Array.isArray(v) ? v : v === void 0 ? [] : [v];

// src/packer/analysis.ts
var PATH_KEYS = [
  "script",
  "scripts",
  "playbook_file",
  "playbook_paths",
  "galaxy_file",
  "roles_path",
  "role_paths",
  "playbook_dir",
  "group_vars",
  "host_vars",
  "inventory_file",
  "http_directory",
  "cd_files",
  "floppy_files",
  "floppy_dirs",
  "user_data_file"
];
var PLAYBOOK_KEYS = /* @__PURE__ */ new Set(["playbook_file", "playbook_paths"]);
var FILE_FUNCTION = /\b(file|templatefile)\(\s*"((?:[^"\\]|\\.)*)"/g;
async function analysePackerImage(tree, image) {
  const template = await loadTemplate(tree, image.template, image.pos);
  const varFiles = [...template.autoVarFiles, ...image.var_files];
  const values = await Promise.all(varFiles.map(async (f) => (await loadVarFile(tree, f, image.pos)).values));
  const scope = { template, vars: variableValues(template, values) };
  const out = { template, varFiles, referenced: /* @__PURE__ */ new Map(), errors: [], notes: [] };
  const playbooks = [];
  for (const block of templateBlocks(template)) {
    const rolesPaths = [];
    const found = [];
    for (const [key, raw] of Object.entries(block.body)) {
      const pathKey = PATH_KEYS.includes(key) || (key === "source" || key === "sources") && block.type === "file" && block.body.direction !== "download";
      if (pathKey) {
        const pos = where2(block, key, raw);
        const value = evaluate(raw, scope);
        if (value === void 0) {
          out.notes.push(unresolved(key, raw, pos));
          continue;
        }
        const paths = (Array.isArray(value) ? value : key === "roles_path" ? value.split(":") : [value]).filter((p) => p !== "");
        found.push({ key, paths, pos });
        if (key === "roles_path" || key === "role_paths") rolesPaths.push(...paths.map(normal));
      }
      for (const text of strings(raw)) fileCalls(text, block, scope, out);
    }
    for (const { key, paths, pos } of found) {
      for (const p of paths) {
        const path = normal(p);
        if (!await addPath(tree, path, pos, `${key} '${path}'`, out)) continue;
        if (PLAYBOOK_KEYS.has(key)) playbooks.push({ path, pos, rolesPaths });
      }
    }
  }
  for (const { path, pos, rolesPaths } of playbooks) {
    const used = await playbookInputs(tree, path, rolesPaths);
    for (const p of used.paths) if (!out.referenced.has(p)) out.referenced.set(p, pos);
    for (const u of used.unresolved) {
      out.notes.push(
        new InputError(`the playbook ${path} uses ${u}, which kiln cannot follow`, pos, INPUTS_HINT)
      );
    }
  }
  return out;
}
var INPUTS_HINT = "if it reads files from this repository, list them under the image's `inputs:`";
function fileCalls(text, block, scope, out) {
  for (const m of text.matchAll(FILE_FUNCTION)) {
    const pos = positionOf(block.file.path, block.file.text, m[0]);
    const value = evaluate(m[2].replace(/\\(.)/g, "$1"), scope);
    if (typeof value !== "string") out.notes.push(unresolved(`${m[1]}()`, m[2], pos));
    else out.referenced.set(normal(value), pos);
  }
  if (/\b(file|templatefile)\((?!\s*")/.test(text)) {
    out.notes.push(unresolved("file()", text, positionOf(block.file.path, block.file.text, text)));
  }
}
async function addPath(tree, path, pos, what, out) {
  if (path.startsWith("../") || path === ".." || posix2.isAbsolute(path)) {
    out.notes.push(
      new InputError(`${what} is outside the repository: not part of the build key`, pos, INPUTS_HINT)
    );
    return false;
  }
  const matches = hasGlob(path) ? await expandGlob(tree, path) : [path];
  let any = false;
  for (const m of matches) {
    if ((await tree.listFiles(m)).length > 0 || await tree.readFile(m) !== void 0) {
      out.referenced.set(m, pos);
      any = true;
    }
  }
  if (!any) out.errors.push(new InputError(`${what} does not exist in ${tree.label}`, pos));
  return any;
}
function unresolved(key, raw, pos) {
  return new InputError(
    `${key} = ${JSON.stringify(raw)} cannot be evaluated before the build, so what it reads is not part of the build key`,
    pos,
    INPUTS_HINT
  );
}
function where2(block, key, raw) {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const needle = typeof first === "string" && block.file.text.includes(first) ? first : key;
  return positionOf(block.file.path, block.file.text, needle);
}
function strings(value) {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}
var normal = (p) => posix2.normalize(p).replace(/\/+$/, "");

// src/config/check-images.ts
async function checkImages(images, ctx) {
  const out = { errors: [], warnings: [] };
  for (const image of images) {
    const own = ctx.inputs.get(image.name);
    if (!own) continue;
    if (ctx.elements) checkElements(image, own, ctx.elements, out);
    if (ctx.sites) checkSites(image, own, ctx.file, ctx.sites, out.errors);
    checkArtifacts(image, own, ctx, out);
    if (ctx.partial.has(image.name)) continue;
    checkBuilderFields(image, own, ctx, out.errors);
    if (image.builder === "packer" && await checkPackerFiles(image, own, ctx, out.errors)) {
      await checkPackerTemplate(image, ctx.tree, out);
    }
  }
  const once = (list2) => [...new Map(list2.map((e) => [e.format(), e])).values()];
  return { errors: once(out.errors), warnings: once(out.warnings) };
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
function checkArtifacts(image, own, ctx, out) {
  const { file, sites } = ctx;
  for (const [key, artifact] of Object.entries(own.artifacts ?? {})) {
    if (artifact.site !== void 0 && sites && !sites.has(artifact.site)) {
      out.errors.push(
        new InputError(
          `artifact ${key} of image '${image.name}' is in unknown site '${artifact.site}'`,
          file.pos(["images", image.name, "artifacts", key, "site"]),
          didYouMean(artifact.site, sites.keys()) ?? (sites.size ? `sites: ${[...sites.keys()].join(", ")}` : "sites.yaml defines no sites")
        )
      );
    }
    if (/^0+$/.test(artifact.sha256)) {
      out.warnings.push(
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
  const before = errors.length;
  const at = (...path) => ctx.file.pos(["images", image.name, ...path]);
  const exists = async (path) => isTemplateFolder(path) ? (await ctx.tree.listFiles(path)).length > 0 : !!await ctx.tree.readFile(path);
  if (own.template !== void 0 && !await exists(own.template)) {
    errors.push(
      new InputError(
        `template file '${own.template}' of image '${image.name}' does not exist`,
        at("template"),
        "paths are relative to the repository root"
      )
    );
  }
  for (const [i, path] of (own.var_files ? image.var_files : []).entries()) {
    if (await ctx.tree.readFile(path)) continue;
    errors.push(
      new InputError(
        `var file '${own.var_files[i]}' of image '${image.name}' does not exist: no ${path}`,
        at("var_files", i)
      )
    );
  }
  return errors.length === before && image.template !== void 0;
}
async function checkPackerTemplate(image, tree, out) {
  try {
    const analysis = await analysePackerImage(tree, image);
    out.errors.push(...analysis.errors);
    out.warnings.push(...analysis.notes);
    const { variables } = analysis.template;
    for (const path of analysis.varFiles) {
      const { text, values } = await loadVarFile(tree, path);
      for (const name of Object.keys(values)) {
        if (variables.has(name)) continue;
        out.warnings.push(
          new InputError(
            `var file sets '${name}', which ${analysis.template.path} does not declare`,
            positionOf(path, text, name),
            didYouMean(name, [...variables.keys()]) ?? "Packer ignores it"
          )
        );
      }
    }
  } catch (err) {
    const errors = inputErrorsOf(err);
    if (!errors) throw err;
    out.errors.push(...errors);
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
  const parsed2 = imageSchema.safeParse(rest);
  return { input: parsed2.success ? parsed2.data : void 0, partial: true };
}

// src/config/resolve-images.ts
var DEFAULT_BUILDER_VERSIONS = { dib: "3.13.0", packer: "1.6.6" };
var DEFAULT_RUNNER_LABELS = {
  amd64: ["self-hosted", "linux", "x64"],
  arm64: ["self-hosted", "linux", "arm64"]
};
var DEFAULT_BOOT_TIMEOUT = 300;
var PROVENANCE_FILE = "/etc/kiln/provenance.json";
function resolveImages(file, defaults, entries) {
  const resolved = /* @__PURE__ */ new Map();
  const errors = [];
  const rootBase = baseFromDefaults(defaults, file);
  const builders = { ...DEFAULT_BUILDER_VERSIONS, ...defaults.builders };
  const resolve2 = (name, chain) => {
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
      const parent = resolve2(input.parent, [...chain, name]);
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
  for (const name of entries.keys()) resolve2(name, []);
  const images = /* @__PURE__ */ new Map();
  for (const name of entries.keys()) {
    const image = resolved.get(name);
    if (image) images.set(name, image);
  }
  return { images, errors };
}
function baseFromDefaults(d, file) {
  return {
    signing: d.signing && signingConfig(d.signing, file.pos(["defaults", "signing"])),
    elements: [],
    env: strings2(d.env),
    architectures: d.architectures ?? ["amd64"],
    disk_format: d.disk_format ?? "qcow2",
    // No built-in value: an image that sets none gets each site's visibility (publish).
    visibility: d.visibility,
    properties: strings2(d.properties),
    manifest_extra: {},
    runners: { ...DEFAULT_RUNNER_LABELS, ...d.runners },
    glance_name: { ...d.glance_name },
    artifacts: {},
    var_files: [],
    inputs: d.inputs ?? [],
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
  const elements = appendNew(base.elements, own.elements);
  const elementPos = {};
  (own.elements ?? []).forEach((e, i) => elementPos[e] ??= at("elements", i));
  const artifacts = { ...base.artifacts };
  for (const [key, a] of Object.entries(own.artifacts ?? {}))
    artifacts[key] = { ...a, pos: file.pos(["images", name, "artifacts", key], "key") };
  const test = mergeTest(base.test, own.test);
  if (elements.includes("kiln-common"))
    test.required_files = appendNew(test.required_files, [PROVENANCE_FILE]);
  const template = own.template ?? base.template;
  return {
    name,
    builder,
    parent: own.parent,
    elements,
    env: { ...base.env, ...strings2(own.env) },
    architectures: own.architectures ? appendNew([], own.architectures) : base.architectures,
    disk_format: own.disk_format ?? base.disk_format,
    visibility: own.visibility ?? base.visibility,
    properties: { ...base.properties, ...strings2(own.properties) },
    manifest_extra: { ...base.manifest_extra, ...strings2(own.manifest_extra) },
    builder_version: builders[builder] ?? DEFAULT_BUILDER_VERSIONS[builder],
    runners: { ...base.runners, ...own.runners },
    glance_name: { ...base.glance_name, ...own.glance_name },
    artifacts,
    sites: own.sites ? { ...own.sites, pos: at("sites") } : base.sites,
    template,
    var_files: own.var_files ? own.var_files.map((v) => varFilePath(v, template)) : base.var_files,
    inputs: appendNew(base.inputs, own.inputs),
    test,
    signing: own.signing ? signingConfig(own.signing, at("signing")) : base.signing,
    pos: file.pos(["images", name], "key"),
    elementPos
  };
}
function varFilePath(entry, template) {
  if (entry.includes("/") || /\.(hcl|json)$/.test(entry)) return entry;
  const dir = template?.includes("/") ? template.slice(0, template.lastIndexOf("/")) : ".";
  return `${dir === "." ? "" : `${dir}/`}vars/${entry}.pkrvars.hcl`;
}
function signingConfig(input, pos) {
  return { ...input, hash_method: input.hash_method ?? "SHA-256", pos };
}
function mergeTest(base, own) {
  return {
    required_files: appendNew(base.required_files, own?.required_files),
    forbidden_files: appendNew(base.forbidden_files, own?.forbidden_files),
    boot: {
      enabled: own?.boot?.enabled ?? base.boot.enabled,
      timeout: own?.boot?.timeout ?? base.boot.timeout,
      marker: own?.boot?.marker ?? base.boot.marker,
      commands: [...base.boot.commands, ...own?.boot?.commands ?? []]
    }
  };
}
function strings2(map) {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v)]));
}
function appendNew(base, more) {
  const out = [...base];
  for (const item of more ?? []) if (!out.includes(item)) out.push(item);
  return out;
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
  const root = resolve(options.cwd);
  const env = options.env ?? {};
  const dir = resolve(root, options.configDir ?? "config");
  const pick = (variable, name) => env[variable] ? resolve(root, env[variable]) : join2(dir, name);
  return {
    images: pick("KILN_IMAGES_CONFIG", "images.yaml"),
    sites: pick("KILN_SITES_CONFIG", "sites.yaml"),
    thirdParty: pick("KILN_THIRD_PARTY_CONFIG", "third-party.yaml")
  };
}
async function loadConfig(options) {
  const root = resolve(options.cwd);
  const tree = options.tree ?? workTree(root);
  const files = configFiles(options);
  const errors = [];
  const imagesFile = await parseFile(tree, root, files.images, "images", errors);
  const sitesFile = await parseFile(tree, root, files.sites, "sites", errors);
  const thirdPartyFile = await parseFile(tree, root, files.thirdParty, "third-party", errors);
  const lockFile = await parseFile(tree, root, lockFileFor(files.thirdParty), "lock", errors);
  const lock = readLock(lockFile.yaml);
  errors.push(...lock.errors);
  const sites = readSites(sitesFile, errors);
  const thirdParty = readThirdParty(thirdPartyFile, lock.lock, errors);
  const config = { root, files, images: /* @__PURE__ */ new Map(), sites: sites.map, thirdParty: thirdParty.map };
  if (imagesFile.yaml && imagesFile.value !== void 0) {
    const file = imagesFile.yaml;
    const value = imagesFile.value;
    const checked = validate(file, imagesFileSchema, value);
    errors.push(...checked.errors);
    const inputs = /* @__PURE__ */ new Map();
    const partial = /* @__PURE__ */ new Set();
    let defaults = checked.data?.defaults ?? {};
    if (checked.data) {
      for (const [name, input] of Object.entries(checked.data.images)) inputs.set(name, input);
    } else {
      const parsedDefaults = defaultsSchema.safeParse(field(value, "defaults") ?? {});
      if (parsedDefaults.success) defaults = parsedDefaults.data;
      for (const [name, raw] of Object.entries(asObject2(field(value, "images")))) {
        const parsed2 = parseImageInput(raw);
        inputs.set(name, parsed2.input);
        if (parsed2.partial) partial.add(name);
      }
    }
    const resolved = resolveImages(file, defaults, inputs);
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
    if (sites.ok) errors.push(...checkGlanceNames(resolved.images.values(), sites.map, file));
    config.warnings = sortByPosition(checks.warnings);
  }
  if (errors.length) throw new InputErrors(sortByPosition(unique(errors)));
  return config;
}
function unique(errors) {
  const seen = /* @__PURE__ */ new Set();
  return errors.filter((e) => {
    const text = e.format().replace(/ in '[^']*'/, "");
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}
async function parseFile(tree, root, path, kind, errors) {
  const rel = relative(root, path);
  const inside = !rel.startsWith("..") && !isAbsolute(rel);
  const display = inside ? rel.split(sep).join("/") : path;
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
  const { file, errors: yamlErrors } = await YamlFile.parse(display, bytes.toString("utf8"));
  errors.push(...yamlErrors);
  if (!file) return { ok: false };
  if (kind !== "images" && yamlErrors.length === 0 && file.isEmpty()) return { ok: true };
  const value = kind === "images" || kind === "sites" ? withoutExtensions(file.value()) : file.value();
  return { ok: yamlErrors.length === 0, yaml: file, value };
}
function withoutExtensions(value) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith("x-")));
}
function readSites(parsed2, errors) {
  const map = /* @__PURE__ */ new Map();
  if (!parsed2.yaml || parsed2.value === void 0) return { map, ok: parsed2.ok };
  const file = parsed2.yaml;
  const found = validate(file, sitesFileSchema, parsed2.value).errors;
  errors.push(...found);
  for (const [name, raw] of Object.entries(asObject2(field(parsed2.value, "sites")))) {
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
      architectures: d.architectures,
      object_store: d.object_store && {
        container: d.object_store.container,
        prefix: d.object_store.prefix ?? ""
      },
      pos: file.pos(["sites", name], "key")
    });
  }
  return { map, ok: parsed2.ok && found.length === 0 };
}
function readThirdParty(parsed2, lock, errors) {
  const map = /* @__PURE__ */ new Map();
  if (!parsed2.yaml || parsed2.value === void 0) return { map, ok: parsed2.ok };
  const file = parsed2.yaml;
  const found = validate(file, thirdPartyFileSchema, parsed2.value).errors;
  for (const [name, raw] of Object.entries(asObject2(field(parsed2.value, "elements")))) {
    const r = thirdPartyRepoSchema.safeParse(raw);
    if (!r.success) continue;
    let ref = r.data.ref;
    if (r.data.branch !== void 0) {
      const locked = lockedCommit(name, { repo: r.data.repo, branch: r.data.branch }, lock);
      if ("problem" in locked) {
        const pos = file.pos(["elements", name, "branch"]);
        found.push(new InputError(locked.problem, pos, "run `kiln lock` and commit the lock file"));
        continue;
      }
      ref = locked.commit;
    }
    map.set(name, {
      name,
      repo: r.data.repo,
      ref,
      branch: r.data.branch,
      elements_dir: r.data.elements_dir ?? DEFAULT_ELEMENTS_DIR,
      provides: r.data.provides,
      pos: file.pos(["elements", name], "key")
    });
  }
  errors.push(...found);
  return { map, ok: parsed2.ok && found.length === 0 };
}
function field(value, key) {
  return value && typeof value === "object" && !Array.isArray(value) ? value[key] : void 0;
}
function asObject2(value) {
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
  glanceName,
  selectedSites,
  archRefusal,
  templateBlocks,
  evaluate,
  variableValues,
  expandGlob,
  loadTemplate,
  loadVarFile,
  analysePackerImage,
  validate,
  lockFileFor,
  readLock,
  lockedCommit,
  lockText,
  configFiles,
  loadConfig
};
