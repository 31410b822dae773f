import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  checkNamedImages,
  sitesFor
} from "./chunk-VWCB7QRI.js";
import {
  Converter,
  Heartbeat,
  beat,
  carriesBuild,
  describeImage,
  describeRepair,
  publishedProperties,
  publishedVisibility,
  readSite,
  repairSite,
  setProps,
  stage,
  swap
} from "./chunk-EIF5TCFJ.js";
import {
  signFile,
  signatureOf,
  signatureProperties
} from "./chunk-L3BPCSN2.js";
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage,
  recordPos
} from "./chunk-JTVS32PB.js";
import {
  namedSites
} from "./chunk-BPPNOVBD.js";
import {
  PROP
} from "./chunk-6DYCFFVP.js";
import {
  glanceName
} from "./chunk-PUPMCPPH.js";
import {
  loadSigningKey
} from "./chunk-2RI5WXA3.js";
import {
  hashFile
} from "./chunk-ZTSW2VJH.js";
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
async function checkFileAgainstRecord(found) {
  const { sha256 } = await hashFile(found.file, ["sha256"]);
  if (sha256 !== found.record.sha256) {
    throw new InputError(
      `image file ${found.record.file} has sha256 ${sha256} but the build record says ${found.record.sha256}; nothing was published`,
      recordPos(found.path),
      "the file or the record changed after the build; rebuild it"
    );
  }
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

// src/publish/signing.ts
var configId = (c) => `${c.pos.file}:${c.pos.line}:${c.pos.col}`;
var PublishSigner = class _PublishSigner {
  constructor(keys, options) {
    this.keys = keys;
    this.options = options;
  }
  keys;
  options;
  signatures = /* @__PURE__ */ new Map();
  uuids = /* @__PURE__ */ new Map();
  /** Loads and checks the signing key of every image that has one; all problems at once. */
  static async load(images, options) {
    const configs = /* @__PURE__ */ new Map();
    for (const image of images) if (image.signing) configs.set(configId(image.signing), image.signing);
    const keys = /* @__PURE__ */ new Map();
    const errors = [];
    for (const [id, config] of configs) {
      try {
        keys.set(id, await loadSigningKey(config, { ...options, keyRequired: true }));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
      }
    }
    if (errors.length) throw new InputErrors(errors);
    return new _PublishSigner(keys, options);
  }
  /** The certificate fingerprint an image is signed with, if it is signed. */
  fingerprint(image) {
    return image.signing && this.keys.get(configId(image.signing))?.certificate.fingerprint;
  }
  /** What the publish result records of a signed image: the certificate and the image's signature. */
  resultFields(image, published) {
    const key = image.signing && this.keys.get(configId(image.signing));
    const s = signatureOf(published);
    if (!key || !s || s.fingerprint !== key.certificate.fingerprint) return {};
    return {
      signing_certificate_sha256: s.fingerprint,
      signature: {
        img_signature: s.signature,
        img_signature_hash_method: s.hashMethod,
        img_signature_key_type: s.keyType,
        certificate_sha256: s.fingerprint,
        certificate: key.certificate.pem
      }
    };
  }
  /** The signature properties for uploading `file` to `site`; none for an image without signing. */
  async propertiesFor(image, file, site) {
    const key = image.signing && this.keys.get(configId(image.signing));
    if (!key) return {};
    const { certificate, keyType, hashMethod } = key;
    const sigId = `${certificate.fingerprint}:${hashMethod}:${file.path}`;
    let signature = this.signatures.get(sigId);
    if (!signature) {
      this.options.logger.info(
        `signing ${file.path} (${keyType}, ${hashMethod}, certificate ${certificate.fingerprint})`
      );
      signature = signFile(file.path, key.privateKey, keyType, hashMethod);
      this.signatures.set(sigId, signature);
    }
    const uuidId = `${site.cloud}:${certificate.fingerprint}`;
    let uuid = this.uuids.get(uuidId);
    if (!uuid) {
      uuid = this.options.keyManager(site).then((km) => km.ensureCertificate(certificate.pem, certificate.fingerprint));
      this.uuids.set(uuidId, uuid);
    }
    const sig = {
      signature: await signature,
      hashMethod,
      keyType,
      certificateUuid: await uuid,
      fingerprint: certificate.fingerprint
    };
    return signatureProperties(sig);
  }
};

// src/publish/retention.ts
function expiredArchives(archived, keep) {
  const sorted = [...archived].sort(
    (a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id)
  );
  return sorted.slice(Math.max(0, keep));
}

// src/publish/site-publication.ts
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
  heartbeat;
  get site() {
    return this.input.site;
  }
  get visibility() {
    return this.input.visibility;
  }
  /** Step 1: read the state from Glance and repair what earlier runs left (only described on a dry run). */
  async inspect(dryRun) {
    const state = await repairSite(this.ctx, this.wanted, { dryRun, signal: this.input.signal });
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
    const expiring = (after) => expiredArchives(after, this.site.keep).map(
      (old) => `would delete expired archive ${describeImage(old)}`
    );
    if (this.unchanged)
      return [
        ...lines,
        `already published as ${this.unchanged.id}; nothing to upload`,
        ...expiring(s.archived)
      ];
    lines.push(
      s.reusable ? `would reuse verified staging image ${s.reusable.id} (no upload)` : `would upload ${file} as a ${this.site.disk_format} staging image and verify its sha512`
    );
    if (s.current)
      lines.push(`would archive ${describeImage(s.current)} and give '${this.input.name}' to the new image`);
    else lines.push(`would name the new image '${this.input.name}' (${this.visibility})`);
    return [...lines, ...expiring(s.current ? [...s.archived, s.current] : s.archived)];
  }
  /**
   * Step 4 (step 3, conversion, is shared between sites and done by the caller). `signature`: the
   * signature properties of this file, set before the upload so that Glance verifies it.
   */
  async stage(file, signature = {}) {
    const reusable = this.state?.reusable;
    if (reusable) {
      this.input.logger.info(
        `${this.target}: reusing verified staging image ${reusable.id} from an earlier run`
      );
      const { glance, now, logger } = this.input;
      const claimed = await glance.updateImage(
        reusable.id,
        setProps(reusable, { [PROP.heartbeat]: beat(now()) })
      );
      this.heartbeat = new Heartbeat(glance, reusable.id, now, logger);
      return claimed;
    }
    const { image, heartbeat } = await stage(
      {
        glance: this.input.glance,
        logger: this.input.logger,
        now: this.input.now,
        name: this.input.name,
        key: this.input.key,
        properties: { ...this.input.properties, ...signature },
        target: this.target,
        signal: this.input.signal
      },
      file
    );
    this.heartbeat = heartbeat;
    return image;
  }
  /** Another site failed to stage: remove this site's staging image so nothing is left behind. */
  async discard(staging) {
    await this.heartbeat?.pause();
    await this.input.glance.deleteImage(staging.id).catch(
      (e) => this.input.logger.warn(
        `${this.target}: could not delete staging image ${staging.id} (the next run will): ${e.message}`
      )
    );
  }
  /** Step 5. */
  async swap(staging) {
    await this.heartbeat?.pause();
    return swap(this.ctx, staging, this.state?.current);
  }
  /** Step 6: archives beyond `keep`, oldest first, deleted by ID. */
  async retain() {
    const { archived } = await readSite(this.ctx, this.wanted);
    const expired = expiredArchives(archived, this.site.keep);
    for (const old of expired) {
      this.input.logger.info(`${this.target}: deleting expired archive ${describeImage(old)}`);
      await this.input.glance.deleteImage(old.id);
    }
    return expired;
  }
};

// src/publish/publish.ts
function planJobs(req, config, records, logger) {
  const errors = [];
  const jobs = [];
  for (const found of records) {
    const { record } = found;
    const image = config.images.get(record.name);
    const { sites, skipped } = sitesFor(image, record.arch, config.sites, req.sites);
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
      image,
      name,
      sites,
      skipped,
      properties: (site) => publishedProperties(name, image, site, record),
      visibility: (site) => publishedVisibility(image, site)
    });
  }
  if (errors.length) throw new InputErrors(errors);
  return jobs;
}
function stopped() {
  return new WorldError({
    doing: "publishing",
    answer: `stopped (SIGINT/SIGTERM) at a safe point: no upload or swap was left half-way, and the next run carries on from here`
  });
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
  checkNamedImages(config.images, req.images);
  namedSites(config.sites, req.sites, "--site");
  const records = await findRecords(req.from, req.images);
  const jobs = planJobs(req, config, records, logger);
  const signer = await PublishSigner.load(
    jobs.map((j) => j.image),
    {
      root: config.root,
      env: deps.env ?? {},
      logger,
      now: deps.now(),
      keyManager: (site) => {
        if (!deps.keyManager) throw new Error("publish: signed images need deps.keyManager");
        return deps.keyManager(site);
      }
    }
  );
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
    if (deps.signal?.aborted) break;
    try {
      results.push(...await publishJob(job, req, deps, clients, converter, signer));
    } catch (err) {
      failures.push(err);
    }
  }
  if (deps.signal?.aborted) throw stopped();
  if (failures.length)
    throw combined(failures, `publishing (${failures.length} of ${jobs.length} builds failed)`);
  return results;
}
async function publishJob(job, req, deps, clients, converter, signer) {
  const { record } = job.found;
  for (const { site, why } of job.skipped) {
    const line = `${record.name} (${record.arch}) on site ${site.name}: skipped: ${why}`;
    if (req.dryRun) deps.print(line);
    else deps.logger.info(line);
  }
  const pubs = job.sites.map(
    (site) => new SitePublication({
      glance: clients.get(site.name),
      site,
      name: job.name,
      key: record.key,
      sourceSha512: record.sha512,
      properties: job.properties(site),
      visibility: job.visibility(site),
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
      const fingerprint = signer.fingerprint(job.image);
      if (fingerprint && !p.unchanged) deps.print(`  would sign it with certificate ${fingerprint}`);
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
      published_at: swapped ? deps.now().toISOString() : image.updated_at,
      ...signer.resultFields(job.image, image)
    };
    return writeResult(job.found.path, r).then(() => r);
  };
  const unchanged = pubs.filter((p) => p.unchanged);
  const todo = pubs.filter((p) => !p.unchanged);
  if (unchanged.length) await checkFileAgainstRecord(job.found);
  for (const p of unchanged)
    deps.logger.info(`${p.target}: already published as ${p.unchanged.id}; nothing to upload`);
  const results = await Promise.all(
    unchanged.map(async (p) => result(p, p.unchanged, void 0, await p.retain()))
  );
  const finish = async (p, staging) => {
    if (deps.signal?.aborted) {
      await p.discard(staging);
      throw stopped();
    }
    const swapped = await p.swap(staging);
    const deleted = await p.retain();
    return result(p, swapped.image, swapped, deleted);
  };
  const stageOne = async (p) => {
    const file = await converter.fileFor(job.found, p.site.disk_format);
    return p.stage(file, await signer.propertiesFor(job.image, file, p.site));
  };
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
  if (staged.some((s) => s.status === "rejected") || deps.signal?.aborted) {
    await Promise.all(
      staged.map((s, i) => s.status === "fulfilled" ? todo[i].discard(s.value) : void 0)
    );
    await settleAll(
      staged.map((s) => s.status === "rejected" ? Promise.reject(s.reason) : Promise.resolve()),
      "staging on every site"
    );
    throw stopped();
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
