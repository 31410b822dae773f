import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  digestFile
} from "./chunk-IKT77LZZ.js";
import {
  KILN_VERSION
} from "./chunk-PZVZ7HAU.js";
import {
  PROP,
  TAG_ARCHIVED,
  TAG_STAGING,
  isStaging,
  isVerified,
  prop,
  stagingName
} from "./chunk-6DYCFFVP.js";
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
        check: (sent) => {
          if (sent.sha512 === record.sha512) return;
          throw new InputError(
            `image file ${found.file} does not match the sha512 in its build record; nothing was published`,
            { file: found.path, line: 1, col: 1 },
            "the file changed after the build; rebuild it"
          );
        }
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

// src/publish/repair.ts
function describeRepair(r) {
  switch (r.kind) {
    case "finish-swap":
      return `finish an interrupted swap: staging ${r.staging.id} becomes the image (old ${r.archived.id} stays archived as '${r.archived.name}')`;
    case "restore-name":
      return `undo an interrupted swap: ${r.archived.id} gets its name back`;
    case "untag-staging":
      return `finish an interrupted swap: remove the staging tag from ${r.image.id}`;
    case "tag-archived":
      return `finish an interrupted swap: tag ${r.image.id} '${r.image.name}' as archived`;
    case "delete-staging":
      return `delete leftover staging image ${r.image.id} '${r.image.name}' (${r.image.status})`;
    case "archive-duplicate":
      return `archive duplicate ${r.image.id} (older than ${r.keeper.id}, which keeps the name)`;
  }
}
async function applyRepair(ctx, r) {
  const { glance } = ctx;
  switch (r.kind) {
    case "finish-swap":
      await takeName(ctx, r.staging);
      await glance.addTag(r.archived.id, TAG_ARCHIVED);
      return;
    case "restore-name":
      return restoreName(ctx, r.archived.id);
    case "untag-staging":
      return glance.removeTag(r.image.id, TAG_STAGING);
    case "tag-archived":
      return glance.addTag(r.image.id, TAG_ARCHIVED);
    case "delete-staging":
      return glance.deleteImage(r.image.id);
    case "archive-duplicate": {
      await archiveOld(ctx, r.image, await freeArchiveName(ctx, r.image), r.keeper.id);
      await glance.addTag(r.image.id, TAG_ARCHIVED);
      return;
    }
  }
}

// src/publish/heartbeat.ts
import { hostname } from "node:os";
var HEARTBEAT_MS = 15e3;
var STALE_MS = 6e4;
var WAIT_MS = 30 * 6e4;
var POLL_MS = 3e3;
var GONE = ["deleted", "pending_delete", "killed"];
var beat = (now) => `${now.toISOString()} ${hostname()}:${process.pid}`;
function deadHere(who) {
  const [host, pid] = (who ?? "").split(":");
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return err.code === "ESRCH";
  }
}
function liveStagings(images, now) {
  return images.filter((i) => {
    const [at, who] = (prop(i, PROP.heartbeat) ?? "").split(" ");
    return isStaging(i) && !GONE.includes(i.status) && now.getTime() - Date.parse(at ?? "") < STALE_MS && !deadHere(who);
  });
}
var describeLive = (i) => `staging image ${i.id} (started ${i.created_at}, last heartbeat ${prop(i, PROP.heartbeat)})`;
async function waitForOtherPublishers(w) {
  const sleep = w.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const start = w.now().getTime();
  let said = "";
  for (; ; ) {
    const images = await w.list();
    const live = liveStagings(images, w.now());
    if (live.length === 0) return images;
    const what = live.map(describeLive).join("; ");
    if (w.now().getTime() - start > WAIT_MS) {
      throw new WorldError({
        doing: "waiting for another publish of the same image",
        target: w.target,
        answer: `another publish is still in progress after ${WAIT_MS / 6e4} minutes: ${what}`
      });
    }
    if (what !== said) w.logger.info(`${w.target}: another publish is in progress (${what}); waiting for it`);
    said = what;
    if (w.signal?.aborted)
      throw new WorldError({ doing: "waiting for another publish", target: w.target, answer: "aborted" });
    await sleep(POLL_MS);
  }
}
var Heartbeat = class {
  constructor(glance, id, now, logger) {
    this.glance = glance;
    this.id = id;
    this.now = now;
    this.logger = logger;
    this.resume();
  }
  glance;
  id;
  now;
  logger;
  timer;
  inFlight = Promise.resolve();
  resume() {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const patch = [{ op: "replace", path: `/${PROP.heartbeat}`, value: beat(this.now()) }];
      this.inFlight = this.glance.updateImage(this.id, patch).catch(
        (e) => this.logger.warn(`could not refresh the heartbeat of staging image ${this.id}: ${e.message}`)
      );
    }, HEARTBEAT_MS);
    this.timer.unref();
  }
  /** No refresh from now on until resume(); resolves when one in flight has ended. */
  async pause() {
    clearInterval(this.timer);
    this.timer = void 0;
    await this.inFlight;
  }
};

// src/publish/leftovers.ts
var GONE2 = /* @__PURE__ */ new Set(["deleted", "pending_delete"]);
var newestFirst = (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);
var carriesBuild = (image, w) => prop(image, PROP.buildKey) === w.key && prop(image, PROP.sourceSha512) === w.sourceSha512 && image.disk_format === w.diskFormat && isVerified(image);
function describeImage(image) {
  return `${image.id} '${image.name}' (${image.status}, created ${image.created_at})`;
}
function analyse(images, projectId, w) {
  const byId = /* @__PURE__ */ new Map();
  for (const i of images) if (i.owner === projectId && !GONE2.has(i.status)) byId.set(i.id, i);
  const own = [...byId.values()].sort(newestFirst);
  const targetsN = (i) => prop(i, PROP.target) === w.name;
  const stagings = own.filter((i) => isStaging(i) && (targetsN(i) || i.name === w.name));
  const activeN = own.filter((i) => i.name === w.name && i.status === "active" && !isStaging(i));
  const pending = own.filter(
    (i) => targetsN(i) && i.name !== w.name && !isStaging(i) && prop(i, PROP.replacedBy) !== void 0 && !i.tags.includes(TAG_ARCHIVED)
  );
  const repairs = [];
  const used = /* @__PURE__ */ new Set();
  const swappedIn = stagings.find((s) => s.name === w.name && isVerified(s));
  let current = swappedIn ?? activeN[0];
  if (swappedIn) {
    used.add(swappedIn.id);
    repairs.push({ kind: "untag-staging", image: swappedIn });
  }
  if (!current) {
    for (const a of pending) {
      const s = stagings.find((x) => x.id === prop(a, PROP.replacedBy));
      if (s && isVerified(s) && !used.has(s.id)) {
        repairs.push({ kind: "finish-swap", staging: s, archived: a });
        used.add(s.id).add(a.id);
        current = s;
        break;
      }
    }
    if (!current && pending.length > 0) {
      repairs.push({ kind: "restore-name", archived: pending[0] });
      used.add(pending[0].id);
      current = pending[0];
    }
  }
  for (const a of pending) if (!used.has(a.id)) repairs.push({ kind: "tag-archived", image: a });
  let refusal;
  const others = activeN.filter((i) => i.id !== current?.id);
  if (current && others.length > 0) {
    if (prop(current, PROP.buildKey) && isVerified(current)) {
      for (const o of others) repairs.push({ kind: "archive-duplicate", image: o, keeper: current });
    } else {
      refusal = `${activeN.length} active images are named '${w.name}' and the newest is not one kiln published and verified: ${activeN.map(describeImage).join("; ")}. Rename or delete all but one, then run again`;
    }
  }
  let reusable;
  for (const s of stagings) {
    if (used.has(s.id)) continue;
    const keep = !reusable && carriesBuild(s, w) && !(current && carriesBuild(current, w));
    if (keep) reusable = s;
    else repairs.push({ kind: "delete-staging", image: s });
  }
  const archived = own.filter((i) => targetsN(i) && i.tags.includes(TAG_ARCHIVED) && i.name !== w.name);
  if (refusal) return { archived, repairs: [], refusal };
  return { current, reusable, archived, repairs };
}

// src/publish/site-repair.ts
var MAX_REPAIR_ROUNDS = 3;
async function imagesFor(ctx) {
  const { glance, name } = ctx;
  const base = { owner: glance.projectId, includeHidden: true, visibility: "all" };
  const [named, marked] = await Promise.all([
    glance.listImages({ ...base, name }),
    glance.listImages({ ...base, properties: { [PROP.target]: name } })
  ]);
  return [...named, ...marked];
}
async function readSite(ctx, wanted) {
  return decide(ctx, await imagesFor(ctx), wanted);
}
function decide(ctx, images, wanted) {
  const state = analyse(images, ctx.glance.projectId, wanted);
  if (state.refusal)
    throw new WorldError({
      doing: "checking the images already there",
      target: ctx.target,
      answer: state.refusal
    });
  return state;
}
async function repairSite(ctx, wanted, o) {
  const { logger, now, target } = ctx;
  const images = o.dryRun ? await imagesFor(ctx) : await waitForOtherPublishers({ list: () => imagesFor(ctx), now, logger, target, signal: o.signal });
  for (const live of o.dryRun ? liveStagings(images, now()) : [])
    logger.info(`${target}: another publish is in progress (${describeLive(live)})`);
  let state = decide(ctx, images, wanted);
  for (let round = 0; state.repairs.length > 0 && !o.dryRun; round++) {
    if (round === MAX_REPAIR_ROUNDS) {
      throw new WorldError({
        doing: "cleaning up after earlier runs",
        target,
        answer: `still to do after ${round} rounds: ${state.repairs.map(describeRepair).join("; ")}`
      });
    }
    for (const r of state.repairs) {
      logger.info(`${target}: ${describeRepair(r)}`);
      await applyRepair(ctx, r);
    }
    state = await readSite(ctx, wanted);
  }
  return state;
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
    properties: { ...ctx.properties, [PROP.heartbeat]: beat(ctx.now()) }
  });
  const heartbeat = new Heartbeat(glance, created.id, ctx.now, ctx.logger);
  ctx.logger.info(`${ctx.target}: uploading ${file.path} to staging image ${created.id}`);
  try {
    const sent = await glance.uploadImage(created.id, file.stream ?? file.path, { signal: ctx.signal });
    await heartbeat.pause();
    file.check?.(sent);
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
    heartbeat.resume();
    return { image: verified, heartbeat };
  } catch (err) {
    await heartbeat.pause();
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
  carriesBuild,
  describeImage,
  setProps,
  takeName,
  swap,
  describeRepair,
  beat,
  Heartbeat,
  readSite,
  repairSite,
  stage
};
