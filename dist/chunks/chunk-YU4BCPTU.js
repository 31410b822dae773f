import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  runChecked
} from "./chunk-SRPYJRT6.js";
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/verify/ext-fs.ts
var ENTRY_LINE = /^\/\d+\/(\d+)\/\d+\/\d+\/(.*)\/\d*\/$/;
var PROMPT = "debugfs: ";
function entryType(mode) {
  switch (mode & 61440) {
    case 16384:
      return "dir";
    case 32768:
      return "file";
    case 40960:
      return "link";
    default:
      return "other";
  }
}
function quote(path) {
  return `"${path.replace(/"/g, '""')}"`;
}
var ExtFilesystem = class {
  /**
   * @param rawPath a raw disk image whose path has no `?` (debugfs reads options after it)
   * @param offset byte offset of the filesystem within the image
   */
  constructor(runner, rawPath, offset) {
    this.runner = runner;
    this.rawPath = rawPath;
    this.offset = offset;
    if (rawPath.includes("?")) throw new Error(`debugfs cannot open a path containing '?': ${rawPath}`);
  }
  runner;
  rawPath;
  offset;
  get device() {
    return `${this.rawPath}?offset=${this.offset}`;
  }
  /**
   * The contents of a regular file (an absolute path inside the filesystem) as UTF-8 text, or
   * undefined when there is no such file.
   */
  async readText(path) {
    const res = await runChecked(this.runner, "debugfs", ["-R", `cat ${quote(`${path}/`)}`, this.device], {
      maxBuffer: 256 * 1024 * 1024,
      doing: `reading ${path} with debugfs`,
      target: this.device
    });
    if (/while (trying to open|opening filesystem)/.test(res.stderr)) {
      throw new WorldError({
        doing: "opening the image filesystem with debugfs",
        target: this.device,
        answer: res.stderr.trim().split("\n").slice(-3).join("\n")
      });
    }
    if (/not found by ext2_lookup/.test(res.stderr)) return void 0;
    return res.stdout;
  }
  /**
   * Lists directories (absolute paths inside the filesystem); symlinks to directories are followed.
   * A path that does not exist or is not a directory maps to undefined.
   */
  async listDirs(dirs) {
    const result = /* @__PURE__ */ new Map();
    const unique = [...new Set(dirs)];
    if (unique.length === 0) return result;
    const commands = unique.map((d) => `ls -p ${quote(d.endsWith("/") ? d : `${d}/`)}`);
    const res = await runChecked(this.runner, "debugfs", ["-f", "-", this.device], {
      input: commands.join("\n") + "\n",
      maxBuffer: 64 * 1024 * 1024,
      doing: "reading the image filesystem with debugfs",
      target: this.device
    });
    if (/while (trying to open|opening filesystem)|Filesystem not open/.test(res.stderr)) {
      throw new WorldError({
        doing: "opening the image filesystem with debugfs",
        target: this.device,
        answer: res.stderr.trim().split("\n").slice(-3).join("\n")
      });
    }
    const sections = [];
    for (const line of res.stdout.split("\n")) {
      if (line.startsWith(PROMPT)) sections.push([]);
      else sections.at(-1)?.push(line);
    }
    if (sections.length !== unique.length) {
      throw new WorldError({
        doing: "reading the image filesystem with debugfs",
        target: this.device,
        answer: `expected ${unique.length} listings, got ${sections.length}`
      });
    }
    unique.forEach((dir, i) => {
      const entries = [];
      for (const line of sections[i]) {
        const m = ENTRY_LINE.exec(line);
        if (!m || m[2] === "." || m[2] === "..") continue;
        entries.push({ name: m[2], type: entryType(parseInt(m[1], 8)) });
      }
      const found = sections[i].some((l) => ENTRY_LINE.test(l));
      result.set(dir, found ? entries : void 0);
    });
    return result;
  }
};

// src/verify/partition-table.ts
import { open } from "node:fs/promises";
var SECTOR = 512;
var MBR_SIGNATURE = 43605;
var MBR_PROTECTIVE = 238;
var MBR_EXTENDED = /* @__PURE__ */ new Set([5, 15, 133]);
var GPT_SIGNATURE = "EFI PART";
var EXT_MAGIC = 61267;
async function readAt(fh, position, length) {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}
function parseGpt(entries, entrySize, diskSize) {
  const count = entries.length / entrySize;
  const parts = [];
  for (let i = 0; i < count; i++) {
    const e = entries.subarray(i * entrySize, (i + 1) * entrySize);
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    const first = Number(e.readBigUInt64LE(32));
    const last = Number(e.readBigUInt64LE(40));
    const offset = first * SECTOR;
    const size = (last - first + 1) * SECTOR;
    if (last < first || offset + size > diskSize) continue;
    parts.push({ number: i + 1, offset, size });
  }
  return parts;
}
function parseMbr(sector0, diskSize) {
  const parts = [];
  for (let i = 0; i < 4; i++) {
    const e = sector0.subarray(446 + i * 16, 446 + (i + 1) * 16);
    const type = e[4];
    const start = e.readUInt32LE(8);
    const sectors = e.readUInt32LE(12);
    if (type === 0 || sectors === 0 || MBR_EXTENDED.has(type)) continue;
    const offset = start * SECTOR;
    const size = sectors * SECTOR;
    if (offset + size > diskSize) continue;
    parts.push({ number: i + 1, offset, size });
  }
  return parts;
}
async function readPartitionTable(rawPath) {
  const fh = await open(rawPath, "r");
  try {
    const { size: diskSize } = await fh.stat();
    const sector0 = await readAt(fh, 0, SECTOR);
    const hasMbr = sector0.length === SECTOR && sector0.readUInt16LE(510) === MBR_SIGNATURE;
    if (hasMbr && [0, 1, 2, 3].some((i) => sector0[446 + i * 16 + 4] === MBR_PROTECTIVE)) {
      const header = await readAt(fh, SECTOR, SECTOR);
      if (header.subarray(0, 8).toString("latin1") === GPT_SIGNATURE) {
        const entriesLba = Number(header.readBigUInt64LE(72));
        const count = header.readUInt32LE(80);
        const entrySize = header.readUInt32LE(84);
        if (entrySize >= 128 && count > 0 && count <= 4096) {
          const entries = await readAt(fh, entriesLba * SECTOR, count * entrySize);
          return { kind: "gpt", partitions: parseGpt(entries, entrySize, diskSize) };
        }
      }
    }
    if (hasMbr) {
      const partitions = parseMbr(sector0, diskSize);
      if (partitions.length > 0) return { kind: "mbr", partitions };
    }
    return { kind: "none", partitions: [{ number: 0, offset: 0, size: diskSize }] };
  } finally {
    await fh.close();
  }
}
async function hasExtFilesystem(rawPath, offset) {
  const fh = await open(rawPath, "r");
  try {
    const sb = await readAt(fh, offset + 1024, 64);
    return sb.length === 64 && sb.readUInt16LE(56) === EXT_MAGIC;
  } finally {
    await fh.close();
  }
}

// src/verify/path-glob.ts
var GLOB_CHARS = /[*?[]/;
function componentRegex(component) {
  let re = "";
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = component.indexOf("]", i + 2);
      if (end === -1) {
        re += "\\[";
        continue;
      }
      let body = component.slice(i + 1, end);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      re += `[${body.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}
function pathComponents(pattern) {
  if (!pattern.startsWith("/")) throw new Error(`not an absolute path: ${pattern}`);
  return pattern.split("/").filter((c) => c !== "" && c !== ".");
}
var join = (dir, name) => dir === "/" ? `/${name}` : `${dir}/${name}`;
async function expandGlobs(list, patterns) {
  const parts = patterns.map(pathComponents);
  const matches = patterns.map(() => []);
  let cursors = [];
  for (let p = 0; p < parts.length; p++) {
    if (parts[p].length === 0) matches[p].push({ path: "/", type: "dir" });
    else cursors.push({ pattern: p, depth: 0, dir: "/" });
  }
  while (cursors.length > 0) {
    for (const c of cursors) {
      const comps = parts[c.pattern];
      while (c.depth < comps.length - 1 && !GLOB_CHARS.test(comps[c.depth])) {
        c.dir = join(c.dir, comps[c.depth]);
        c.depth++;
      }
    }
    const listing = await list(cursors.map((c) => c.dir));
    const next = [];
    for (const c of cursors) {
      const comps = parts[c.pattern];
      const entries = listing.get(c.dir) ?? [];
      const comp = comps[c.depth];
      const hits = GLOB_CHARS.test(comp) ? entries.filter((e) => componentRegex(comp).test(e.name)) : entries.filter((e) => e.name === comp);
      const last = c.depth === comps.length - 1;
      for (const e of hits) {
        if (last) matches[c.pattern].push({ path: join(c.dir, e.name), type: e.type });
        else if (e.type === "dir" || e.type === "link") {
          next.push({ pattern: c.pattern, depth: c.depth + 1, dir: join(c.dir, e.name) });
        }
      }
    }
    cursors = next;
  }
  return matches;
}

// src/verify/file-checks.ts
var DEFAULT_FORBIDDEN_FILES = [
  "/etc/ssh/ssh_host_*_key",
  "/root/.ssh/authorized_keys",
  "/etc/kiln/*secret*"
];
var CLOUD_INIT_BINARY = "/usr/bin/cloud-init";
function fileRulesFor(test) {
  return {
    required: [...new Set(test.required_files)],
    forbidden: [.../* @__PURE__ */ new Set([...test.forbidden_files, ...DEFAULT_FORBIDDEN_FILES])]
  };
}
async function findRootFilesystem(runner, rawPath) {
  const table = await readPartitionTable(rawPath);
  const seen = [];
  for (const part of table.partitions) {
    if (!await hasExtFilesystem(rawPath, part.offset)) continue;
    const fs = new ExtFilesystem(runner, rawPath, part.offset);
    const top = (await fs.listDirs(["/"])).get("/") ?? [];
    const where = part.number === 0 ? "whole disk" : `partition ${part.number} (${table.kind})`;
    seen.push(where);
    if (top.some((e) => e.name === "etc" && e.type === "dir")) {
      return { fs, where: `${where} at offset ${part.offset}` };
    }
  }
  return {
    problem: seen.length ? `no root filesystem: no ext2/3/4 filesystem with /etc (looked at ${seen.join(", ")})` : `no ext2/3/4 filesystem found (partition table: ${table.kind}); the file checks read ext2/3/4 only`
  };
}
async function checkFiles(runner, rawPath, rules) {
  const root = await findRootFilesystem(runner, rawPath);
  if ("problem" in root) return { problems: [root.problem], hasCloudInit: false, where: "none" };
  const { fs, where } = root;
  const patterns = [...rules.required, ...rules.forbidden, CLOUD_INIT_BINARY];
  const matches = await expandGlobs((dirs) => fs.listDirs(dirs), patterns);
  const problems = [];
  rules.required.forEach((p, i) => {
    if (matches[i].length === 0) problems.push(`required file missing: ${p}`);
  });
  rules.forbidden.forEach((p, i) => {
    const found = matches[rules.required.length + i];
    if (found.length > 0) {
      problems.push(`forbidden file present: ${found.map((m) => m.path).join(", ")} (matches ${p})`);
    }
  });
  return { problems, hasCloudInit: matches[patterns.length - 1].length > 0, where };
}

// src/verify/qemu-img-checks.ts
var QEMU_FORMAT = { vhd: "vpc", iso: "raw" };
var qemuFormat = (recordFormat) => QEMU_FORMAT[recordFormat] ?? recordFormat;
var MIN_VIRTUAL_SIZE = 16 * 1024 * 1024;
var MAX_VIRTUAL_SIZE = 16 * 1024 ** 4;
var CHECK_CORRUPT = 2;
var CHECK_LEAKS = 3;
var CHECK_UNSUPPORTED = 63;
function firstLines(text, n = 5) {
  return text.trim().split("\n").slice(0, n).join("\n");
}
async function checkContainer(runner, imagePath, expected, signal) {
  const info = await runner("qemu-img", ["info", "--output", "json", imagePath], { signal });
  if (info.code !== 0) {
    return { problems: [`qemu-img info cannot read the image: ${firstLines(info.stderr || info.stdout)}`] };
  }
  let parsed;
  try {
    parsed = JSON.parse(info.stdout);
  } catch {
    return { problems: [`qemu-img info printed no JSON: ${firstLines(info.stdout)}`] };
  }
  const problems = [];
  const facts = { format: parsed.format, virtualSize: parsed["virtual-size"] };
  const wantFormat = qemuFormat(expected.format);
  if (parsed.format !== wantFormat) {
    problems.push(`the file is ${parsed.format}, but the record says ${expected.format}`);
  }
  const vsize = facts.virtualSize;
  if (!(vsize >= MIN_VIRTUAL_SIZE && vsize <= MAX_VIRTUAL_SIZE)) {
    problems.push(
      `virtual size ${vsize} bytes is not sane (expected ${MIN_VIRTUAL_SIZE}..${MAX_VIRTUAL_SIZE})`
    );
  }
  if (expected.virtual_size > 0 && vsize !== expected.virtual_size) {
    problems.push(`virtual size ${vsize} differs from the record's ${expected.virtual_size}`);
  }
  if (parsed["backing-filename"]) {
    problems.push(
      `the image depends on a backing file (${parsed["backing-filename"]}); publish a standalone image`
    );
  }
  if (parsed["format-specific"]?.data?.corrupt) problems.push("qemu-img marks the image as corrupt");
  if (parsed["dirty-flag"]) problems.push("the image is marked dirty (not closed cleanly)");
  const check = await runner("qemu-img", ["check", "--output", "json", "-f", parsed.format, imagePath], {
    signal
  });
  if (check.code === CHECK_CORRUPT || check.code !== 0 && check.code !== CHECK_LEAKS && check.code !== CHECK_UNSUPPORTED) {
    let summary = "";
    try {
      const c = JSON.parse(check.stdout);
      summary = `${c.corruptions ?? 0} corruptions, ${c["check-errors"] ?? 0} check errors; `;
    } catch {
    }
    problems.push(`qemu-img check failed (exit ${check.code}): ${summary}${firstLines(check.stderr)}`);
  }
  return { problems, facts };
}

// src/verify/raw-view.ts
import { symlink } from "node:fs/promises";
import { join as join2, resolve } from "node:path";
async function rawView(runner, image, workDir, signal) {
  const raw = join2(workDir, "disk.raw");
  if (qemuFormat(image.format) === "raw") {
    await symlink(resolve(image.path), raw);
    return raw;
  }
  await runChecked(
    runner,
    "qemu-img",
    ["convert", "-f", qemuFormat(image.format), "-O", "raw", image.path, raw],
    {
      doing: "converting the image to raw to read its files",
      target: image.path,
      signal
    }
  );
  return raw;
}

export {
  fileRulesFor,
  findRootFilesystem,
  checkFiles,
  qemuFormat,
  checkContainer,
  rawView
};
