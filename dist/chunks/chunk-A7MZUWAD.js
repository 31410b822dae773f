import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  digestFile
} from "./chunk-IKT77LZZ.js";
import {
  PROP,
  TAG_ARCHIVED,
  TAG_STAGING,
  stagingName
} from "./chunk-6DYCFFVP.js";
import {
  KILN_VERSION
} from "./chunk-PZVZ7HAU.js";
import {
  GLANCE_ARCH
} from "./chunk-YDNOFHPX.js";
import {
  runChecked
} from "./chunk-SRPYJRT6.js";
import {
  InputError,
  WorldError
} from "./chunk-SXABORS3.js";

// src/publish/convert.ts
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
var QEMU_FORMAT = {
  raw: "raw",
  qcow2: "qcow2",
  vmdk: "vmdk",
  vdi: "vdi",
  vhd: "vpc",
  vhdx: "vhdx"
};
var Converter = class {
  constructor(runner, cacheDir, logger) {
    this.runner = runner;
    this.cacheDir = cacheDir;
    this.logger = logger;
  }
  runner;
  cacheDir;
  logger;
  done = /* @__PURE__ */ new Map();
  /** Throws bad input for a format qemu-img cannot produce (checked before anything changes). */
  static check(format, where) {
    if (!QEMU_FORMAT[format]) {
      throw new InputError(
        `${where}: kiln cannot convert images to disk_format '${format}'`,
        void 0,
        `use one of ${Object.keys(QEMU_FORMAT).join(", ")}`
      );
    }
  }
  fileFor(found, format) {
    const { record } = found;
    if (format === record.format) {
      return Promise.resolve({
        path: found.file,
        format,
        expected: { sha512: record.sha512 }
      });
    }
    const id = `${record.sha512.slice(0, 32)}.${format}`;
    let p = this.done.get(id);
    if (!p) {
      p = this.convert(found, format, join(this.cacheDir, "converted", id));
      this.done.set(id, p);
    }
    return p;
  }
  async convert(found, format, out) {
    const { record } = found;
    if (await stat(out).catch(() => void 0)) return { path: out, format };
    const digest = await digestFile(found.file);
    if (digest.sha256 !== record.sha256 || digest.sha512 !== record.sha512) {
      throw new InputError(`image file ${found.file} does not match the sha256/sha512 in its build record`, {
        file: found.path,
        line: 1,
        col: 1
      });
    }
    await mkdir(join(this.cacheDir, "converted"), { recursive: true });
    const tmp = `${out}.partial-${process.pid}`;
    this.logger.info(`converting ${record.name} (${record.arch}) from ${record.format} to ${format}`);
    try {
      await runChecked(
        this.runner,
        "qemu-img",
        [
          "convert",
          "-f",
          QEMU_FORMAT[record.format] ?? record.format,
          "-O",
          QEMU_FORMAT[format],
          found.file,
          tmp
        ],
        { doing: `converting to ${format}`, target: `${record.name} (${record.arch})` }
      );
      await rename(tmp, out);
    } finally {
      await rm(tmp, { force: true });
    }
    return { path: out, format };
  }
};

// src/publish/properties.ts
function publishedVisibility(image, site) {
  return image.visibility ?? site.visibility;
}
function publishedProperties(name, image, site, record) {
  return {
    ...image.properties,
    ...site.properties,
    architecture: GLANCE_ARCH[record.arch],
    [PROP.target]: name,
    [PROP.buildKey]: record.key,
    [PROP.sourceSha512]: record.sha512,
    [PROP.sourceSha256]: record.sha256,
    [PROP.gitSha]: record.git_sha,
    [PROP.version]: KILN_VERSION,
    [PROP.buildDate]: record.built_at
  };
}

// src/publish/archive-name.ts
function archiveBaseName(name, createdAt) {
  const d = new Date(createdAt);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${createdAt}`);
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, "");
  return `${name}-${ymd}`;
}
function archiveName(name, createdAt, taken) {
  const used = new Set(taken);
  const base = archiveBaseName(name, createdAt);
  if (!used.has(base)) return base;
  for (let i = 1; ; i++) {
    const candidate = `${base}.${i}`;
    if (!used.has(candidate)) return candidate;
  }
}

// src/openstack/glance-patch.ts
function setProps(image, props) {
  return Object.entries(props).filter(([k, v]) => image[k] !== v).map(([k, v]) => ({ op: k in image ? "replace" : "add", path: `/${k}`, value: v }));
}
function removeProps(image, keys) {
  return keys.filter((k) => k in image).map((k) => ({ op: "remove", path: `/${k}` }));
}
var rename2 = (name) => ({ op: "replace", path: "/name", value: name });

// src/publish/swap.ts
async function freeArchiveName(ctx, old) {
  const taken = /* @__PURE__ */ new Set();
  for (; ; ) {
    const candidate = archiveName(ctx.name, old.created_at, taken);
    const clash = await ctx.glance.listImages({
      name: candidate,
      owner: ctx.glance.projectId,
      includeHidden: true,
      visibility: "all"
    });
    if (clash.length === 0) return candidate;
    taken.add(candidate);
  }
}
function archiveOld(ctx, old, archive, stagingId) {
  return ctx.glance.updateImage(old.id, [
    rename2(archive),
    ...setProps(old, {
      [PROP.target]: ctx.name,
      [PROP.archivedAt]: ctx.now().toISOString(),
      [PROP.replacedBy]: stagingId
    })
  ]);
}
async function takeName(ctx, staging) {
  const ops = [
    rename2(ctx.name),
    { op: "replace", path: "/visibility", value: ctx.visibility },
    { op: "replace", path: "/os_hidden", value: false }
  ];
  const named = await ctx.glance.updateImage(staging.id, ops);
  await ctx.glance.removeTag(staging.id, TAG_STAGING);
  return { ...named, tags: named.tags.filter((t) => t !== TAG_STAGING) };
}
async function restoreName(ctx, oldId) {
  const old = await ctx.glance.getImage(oldId);
  if (!old) return;
  const ops = [
    ...old.name === ctx.name ? [] : [rename2(ctx.name)],
    ...removeProps(old, [PROP.replacedBy, PROP.archivedAt])
  ];
  if (ops.length) await ctx.glance.updateImage(oldId, ops);
}
async function swap(ctx, staging, old) {
  const archive = old ? await freeArchiveName(ctx, old) : void 0;
  let named;
  try {
    if (old && archive) {
      await archiveOld(ctx, old, archive, staging.id);
      ctx.logger.info(`${ctx.target}: archived ${old.id} as '${archive}'`);
    }
    named = await takeName(ctx, staging);
  } catch (err) {
    await rollback(ctx, staging, old, err);
    throw err;
  }
  if (old) await ctx.glance.addTag(old.id, TAG_ARCHIVED);
  ctx.logger.info(`${ctx.target}: '${ctx.name}' is now ${named.id}`);
  return { image: named, archived: old && archive ? { id: old.id, name: archive } : void 0 };
}
async function rollback(ctx, staging, old, cause) {
  ctx.logger.warn(`${ctx.target}: swap failed, restoring the previous image: ${cause.message}`);
  try {
    const now = await ctx.glance.getImage(staging.id);
    if (now && now.name === ctx.name) return;
    if (old) await restoreName(ctx, old.id);
    await ctx.glance.deleteImage(staging.id);
  } catch (err) {
    throw new WorldError({
      doing: "restoring the previous image after a failed swap",
      target: ctx.target,
      answer: `${err.message}; run kiln publish again: it finishes or undoes the swap`
    });
  }
}

// src/publish/staging.ts
async function stage(ctx, file) {
  const { glance } = ctx;
  const created = await glance.createImage({
    name: stagingName(ctx.name, ctx.key),
    disk_format: file.format,
    container_format: "bare",
    visibility: "private",
    tags: [TAG_STAGING],
    os_hidden: true,
    properties: ctx.properties
  });
  ctx.onCreated?.(created);
  ctx.logger.info(`${ctx.target}: uploading ${file.path} to staging image ${created.id}`);
  try {
    const sent = await glance.uploadImage(created.id, file.path, { signal: ctx.signal });
    await ctx.onUploaded?.();
    if (file.expected && sent.sha512 !== file.expected.sha512) {
      throw new InputError(
        `image file ${file.path} does not match the sha512 in its build record; nothing was published`,
        { file: ctx.recordPath, line: 1, col: 1 },
        "the file changed after the build; rebuild it"
      );
    }
    const active = await glance.waitForStatus(created.id, ["active"], ctx.activeTimeoutMs ?? 30 * 6e4);
    if (active.os_hash_algo !== "sha512" || active.os_hash_value !== sent.sha512 || active.size !== sent.size) {
      throw new WorldError({
        doing: "verifying the uploaded staging image",
        target: ctx.target,
        answer: `Glance holds ${active.size} bytes with ${active.os_hash_algo} ${active.os_hash_value}, kiln sent ${sent.size} bytes with sha512 ${sent.sha512}; the bytes changed on the way`
      });
    }
    const verified = await glance.updateImage(created.id, setProps(active, { [PROP.verified]: sent.sha512 }));
    ctx.logger.info(
      `${ctx.target}: staging image ${created.id} verified (sha512 ${sent.sha512.slice(0, 16)}...)`
    );
    return verified;
  } catch (err) {
    await glance.deleteImage(created.id).catch(
      (e) => ctx.logger.warn(
        `${ctx.target}: could not delete staging image ${created.id} (the next run will): ${e.message}`
      )
    );
    throw err;
  }
}

export {
  Converter,
  publishedVisibility,
  publishedProperties,
  setProps,
  freeArchiveName,
  archiveOld,
  takeName,
  restoreName,
  swap,
  stage
};
