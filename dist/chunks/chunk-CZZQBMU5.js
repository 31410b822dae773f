import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  glanceName,
  namedSites
} from "./chunk-T2QRH4EB.js";
import {
  Converter,
  archiveOld,
  freeArchiveName,
  promote,
  publishedProperties,
  publishedVisibility,
  restoreName,
  stage,
  swap
} from "./chunk-C62FGXBY.js";
import {
  PROP,
  TAG_ARCHIVED,
  TAG_STAGING,
  isStaging,
  isVerified,
  prop
} from "./chunk-B5HWJ4DE.js";
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage,
  recordPos
} from "./chunk-KPS5XN2W.js";
import {
  InputError,
  InputErrors,
  WorldError,
  inputErrorsOf
} from "./chunk-SXABORS3.js";

// src/publish/records.ts
async function readWithImage(path) {
  const { size, ...found } = await readRecordWithImage(path);
  if (size !== found.record.size) {
    throw new InputError(
      `image file ${found.record.file} has ${size} bytes but the build record says ${found.record.size}`,
      recordPos(path),
      "the file changed after the build; rebuild it"
    );
  }
  return found;
}
async function findRecords(from, names) {
  const paths = await listRecordFiles(from, names, "run kiln build first, or pass --from DIR");
  const errors = [];
  const found = await collectInputErrors(paths, readWithImage, errors);
  const seen = /* @__PURE__ */ new Map();
  for (const r of found) {
    const id = `${r.record.name}/${r.record.arch}`;
    const other = seen.get(id);
    if (other) {
      errors.push(
        new InputError(`a second build record for ${id} (the first is ${other})`, recordPos(r.path))
      );
    }
    seen.set(id, r.path);
  }
  errors.push(...missingRecordErrors(paths, names, from));
  if (errors.length) throw new InputErrors(errors);
  return found;
}

// src/publish/result-file.ts
import { writeFile, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
var resultFileName = (site) => `publish-${site}.json`;
async function writeResult(recordPath, result) {
  const path = join(dirname(recordPath), resultFileName(result.site));
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(result, null, 2) + "\n");
  await rename(tmp, path);
  return path;
}

// src/publish/leftovers.ts
var GONE = /* @__PURE__ */ new Set(["deleted", "pending_delete"]);
var newestFirst = (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);
var carriesBuild = (image, w) => prop(image, PROP.buildKey) === w.key && prop(image, PROP.sourceSha512) === w.sourceSha512 && image.disk_format === w.diskFormat && isVerified(image);
function describeImage(image) {
  return `${image.id} '${image.name}' (${image.status}, created ${image.created_at})`;
}
function analyse(images, projectId, w) {
  const byId = /* @__PURE__ */ new Map();
  for (const i of images) if (i.owner === projectId && !GONE.has(i.status)) byId.set(i.id, i);
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
      await promote(ctx, r.staging);
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

// src/publish/retention.ts
function expiredArchives(archived, keep) {
  const sorted = [...archived].sort(
    (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id)
  );
  return sorted.slice(Math.max(0, keep));
}

// src/publish/site-publication.ts
var MAX_REPAIR_ROUNDS = 3;
var SitePublication = class {
  constructor(input) {
    this.input = input;
    this.target = `${input.label} on site ${input.site.name}`;
    this.wanted = {
      name: input.name,
      key: input.key,
      sourceSha512: input.sourceSha512,
      diskFormat: input.site.disk_format
    };
    this.ctx = {
      glance: input.glance,
      logger: input.logger,
      name: input.name,
      visibility: input.visibility,
      target: this.target,
      now: input.now
    };
  }
  input;
  target;
  wanted;
  ctx;
  state;
  get site() {
    return this.input.site;
  }
  get visibility() {
    return this.input.visibility;
  }
  async list() {
    const { glance } = this.input;
    const base = { owner: glance.projectId, includeHidden: true, visibility: "all" };
    const [named, marked] = await Promise.all([
      glance.listImages({ ...base, name: this.input.name }),
      glance.listImages({ ...base, properties: { [PROP.target]: this.input.name } })
    ]);
    const state = analyse([...named, ...marked], glance.projectId, this.wanted);
    if (state.refusal)
      throw new WorldError({
        doing: "checking the images already there",
        target: this.target,
        answer: state.refusal
      });
    return state;
  }
  /** Step 1: read the state from Glance and repair what earlier runs left (only described on a dry run). */
  async inspect(dryRun) {
    let state = await this.list();
    for (let round = 0; state.repairs.length > 0 && !dryRun; round++) {
      if (round === MAX_REPAIR_ROUNDS) {
        throw new WorldError({
          doing: "cleaning up after earlier runs",
          target: this.target,
          answer: `still to do after ${round} rounds: ${state.repairs.map(describeRepair).join("; ")}`
        });
      }
      for (const r of state.repairs) {
        this.input.logger.info(`${this.target}: ${describeRepair(r)}`);
        await applyRepair(this.ctx, r);
      }
      state = await this.list();
    }
    this.state = state;
    return state;
  }
  /** Step 2: the current N already is this build. */
  get unchanged() {
    const c = this.state?.current;
    return c && carriesBuild(c, this.wanted) ? c : void 0;
  }
  /** What a publish would do here, for --dry-run. */
  describePlan(file) {
    const s = this.state;
    const lines = s.repairs.map((r) => `would ${describeRepair(r)}`);
    if (this.unchanged) return [...lines, `already published as ${this.unchanged.id}; nothing to do`];
    lines.push(
      s.reusable ? `would reuse verified staging image ${s.reusable.id} (no upload)` : `would upload ${file} as a ${this.site.disk_format} staging image and verify its sha512`
    );
    if (s.current)
      lines.push(`would archive ${describeImage(s.current)} and give '${this.input.name}' to the new image`);
    else lines.push(`would name the new image '${this.input.name}' (${this.visibility})`);
    const after = s.current ? [...s.archived, s.current] : s.archived;
    for (const old of expiredArchives(after, this.site.keep))
      lines.push(`would delete expired archive ${describeImage(old)}`);
    return lines;
  }
  /** Step 4 (step 3, conversion, is shared between sites and done by the caller). */
  async stage(file) {
    const reusable = this.state?.reusable;
    if (reusable) {
      this.input.logger.info(
        `${this.target}: reusing verified staging image ${reusable.id} from an earlier run`
      );
      return reusable;
    }
    return stage(
      {
        glance: this.input.glance,
        logger: this.input.logger,
        name: this.input.name,
        key: this.input.key,
        properties: this.input.properties,
        target: this.target,
        recordPath: this.input.recordPath,
        signal: this.input.signal
      },
      file
    );
  }
  /** Another site failed to stage: remove this site's staging image so nothing is left behind. */
  async discard(staging) {
    await this.input.glance.deleteImage(staging.id).catch(
      (e) => this.input.logger.warn(
        `${this.target}: could not delete staging image ${staging.id} (the next run will): ${e.message}`
      )
    );
  }
  /** Step 5. */
  swap(staging) {
    return swap(this.ctx, staging, this.state?.current);
  }
  /** Step 6: archives beyond `keep`, oldest first, deleted by ID. */
  async retain() {
    const { archived } = await this.list();
    const expired = expiredArchives(archived, this.site.keep);
    for (const old of expired) {
      this.input.logger.info(`${this.target}: deleting expired archive ${describeImage(old)}`);
      await this.input.glance.deleteImage(old.id);
    }
    return expired;
  }
};

// src/publish/site-selection.ts
function sitesFor(image, sites, filter) {
  const sel = image.sites;
  for (const n of sel?.names ?? []) {
    if (!sites.has(n)) throw new InputError(`image '${image.name}' selects unknown site '${n}'`, sel?.pos);
  }
  const chosen = [...sites.values()].filter(
    (s) => (!sel?.kind || s.kind === sel.kind) && (!sel?.names || sel.names.includes(s.name)) && (filter.length === 0 || filter.includes(s.name))
  );
  if (chosen.length === 0) {
    const why = filter.length ? `none of --site ${filter.join(", ")} is` : "no site in sites.yaml is";
    throw new InputError(`${why} a site image '${image.name}' is published to`, sel?.pos ?? image.pos);
  }
  return chosen;
}

// src/publish/publish.ts
function planJobs(req, config, records, logger) {
  const errors = [];
  const jobs = [];
  for (const found of records) {
    const { record } = found;
    const image = config.images.get(record.name);
    const sites = sitesFor(image, config.sites, req.sites);
    const label = `${record.name} (${record.arch})`;
    for (const site of sites) {
      try {
        Converter.check(site.disk_format, `site '${site.name}'`);
      } catch (err) {
        errors.push(err);
      }
      if (record.test?.status === "passed") continue;
      const status = record.test ? `'${record.test.status}'` : "none (never tested)";
      if (!site.require_tests) {
        logger.info(`${label}: site ${site.name} does not require tests (latest test status: ${status})`);
        continue;
      }
      errors.push(
        new InputError(
          `${label}: site '${site.name}' requires a passing kiln test; the record's latest test status is ${status}`,
          { file: found.path, line: 1, col: 1 },
          `run kiln test ${record.name}, or set require_tests: false for the site`
        )
      );
    }
    const name = glanceName(image, record.arch);
    jobs.push({
      found,
      name,
      sites,
      properties: (site) => publishedProperties(name, image, site, record),
      visibility: (site) => publishedVisibility(image, site)
    });
  }
  if (errors.length) throw new InputErrors(errors);
  return jobs;
}
function combined(failures, doing) {
  if (failures.length === 1) return failures[0];
  const inputs = failures.map(inputErrorsOf);
  if (inputs.every(Boolean)) return new InputErrors(inputs.flatMap((i) => i));
  return new WorldError({ doing, answer: failures.map((f) => `
- ${f.message}`).join("") });
}
async function settleAll(promises, doing) {
  const settled = await Promise.allSettled(promises);
  const failures = settled.flatMap((s) => s.status === "rejected" ? [s.reason] : []);
  if (failures.length) throw combined(failures, doing);
  return settled.map((s) => s.value);
}
async function publish(req, deps) {
  const { config, logger } = deps;
  const unknown = req.images.filter((n) => !config.images.has(n));
  if (unknown.length) {
    throw new InputError(
      `unknown image ${unknown.map((n) => `'${n}'`).join(", ")}`,
      void 0,
      `images.yaml defines: ${[...config.images.keys()].join(", ")}`
    );
  }
  namedSites(config.sites, req.sites, "--site");
  const records = await findRecords(req.from, req.images);
  const jobs = planJobs(req, config, records, logger);
  const needed = [...new Map(jobs.flatMap((j) => j.sites).map((s) => [s.name, s])).values()];
  const clients = /* @__PURE__ */ new Map();
  await settleAll(
    needed.map(async (s) => clients.set(s.name, await deps.connect(s))),
    "connecting to the sites"
  );
  const converter = new Converter(deps.runner, deps.cacheDir, logger);
  const results = [];
  const failures = [];
  for (const job of jobs) {
    try {
      results.push(...await publishJob(job, req, deps, clients, converter));
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length)
    throw combined(failures, `publishing (${failures.length} of ${jobs.length} builds failed)`);
  return results;
}
async function publishJob(job, req, deps, clients, converter) {
  const { record } = job.found;
  const pubs = job.sites.map(
    (site) => new SitePublication({
      glance: clients.get(site.name),
      site,
      name: job.name,
      key: record.key,
      sourceSha512: record.sha512,
      properties: job.properties(site),
      visibility: job.visibility(site),
      recordPath: job.found.path,
      label: `${record.name} (${record.arch})`,
      logger: deps.logger,
      now: deps.now,
      signal: deps.signal
    })
  );
  await settleAll(
    pubs.map((p) => p.inspect(req.dryRun)),
    "checking the images already there"
  );
  if (req.dryRun) {
    for (const p of pubs) {
      deps.print(`${p.target} -> '${job.name}':`);
      for (const line of p.describePlan(job.found.file)) deps.print(`  ${line}`);
    }
    return [];
  }
  const result = (p, image, swapped, deleted = []) => {
    const r = {
      site: p.site.name,
      cloud: p.site.cloud,
      name: record.name,
      arch: record.arch,
      image_id: image.id,
      image_name: job.name,
      status: swapped ? "published" : "unchanged",
      disk_format: p.site.disk_format,
      visibility: swapped ? p.visibility : image.visibility,
      build_key: record.key,
      os_hash_value: image.os_hash_value ?? "",
      archived: swapped?.archived ?? null,
      deleted: deleted.map((d) => d.id),
      published_at: swapped ? deps.now().toISOString() : image.updated_at
    };
    return writeResult(job.found.path, r).then(() => r);
  };
  const unchanged = pubs.filter((p) => p.unchanged);
  const todo = pubs.filter((p) => !p.unchanged);
  for (const p of unchanged)
    deps.logger.info(`${p.target}: already published as ${p.unchanged.id}; nothing to do`);
  const results = await Promise.all(unchanged.map((p) => result(p, p.unchanged)));
  const finish = async (p, staging) => {
    const swapped = await p.swap(staging);
    const deleted = await p.retain();
    return result(p, swapped.image, swapped, deleted);
  };
  const stageOne = async (p) => p.stage(await converter.fileFor(job.found, p.site.disk_format));
  if (req.swap === "per-site") {
    results.push(
      ...await settleAll(
        todo.map(async (p) => finish(p, await stageOne(p))),
        "publishing"
      )
    );
    return results;
  }
  const staged = await Promise.allSettled(todo.map(stageOne));
  if (staged.some((s) => s.status === "rejected")) {
    await Promise.all(
      staged.map((s, i) => s.status === "fulfilled" ? todo[i].discard(s.value) : void 0)
    );
    await settleAll(
      staged.map((s) => s.status === "rejected" ? Promise.reject(s.reason) : Promise.resolve()),
      "staging on every site"
    );
  }
  const images = staged.map((s) => s.value);
  results.push(
    ...await settleAll(
      todo.map((p, i) => finish(p, images[i])),
      "swapping on every site"
    )
  );
  return results;
}

export {
  publish
};
