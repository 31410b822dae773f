import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  Converter,
  describeRepair,
  publishedProperties,
  repairSite,
  stage,
  takeName
} from "./chunk-EIF5TCFJ.js";
import {
  signFile,
  signatureProperties
} from "./chunk-L3BPCSN2.js";
import {
  validateManifest
} from "./chunk-2JQ43Z2F.js";
import {
  writeVerified
} from "./chunk-674CPF5Y.js";
import {
  imageInfo
} from "./chunk-URRJLXEV.js";
import {
  KILN_VERSION
} from "./chunk-PZVZ7HAU.js";
import {
  PROP,
  isStaging,
  prop
} from "./chunk-6DYCFFVP.js";
import {
  streamGet
} from "./chunk-M5NCGYPU.js";
import {
  looseObject,
  string,
  url
} from "./chunk-DJTE6M5J.js";
import {
  SIGNING_KEY_ENV,
  fingerprintOf
} from "./chunk-2RI5WXA3.js";
import {
  InputError,
  InputErrors,
  WorldError
} from "./chunk-SXABORS3.js";

// src/release/manifest-source.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

// src/release/sync-manifest.ts
var hexOf = (algo, bytes) => string().regex(new RegExp(`^(${algo}:)?[0-9a-f]{${bytes * 2}}$`), {
  error: `expected "${algo}:<hex>" or ${bytes * 2} hex digits`
}).transform((v) => v.slice(v.indexOf(":") + 1));
var AS_PROPERTIES = ["kubernetes_version"];
var required = (what) => (iss) => iss.input === void 0 ? `missing: the entry needs ${what}` : void 0;
var foreignEntrySchema = looseObject({
  name: string({ error: required("the image name") }).min(1),
  url: url({ protocol: /^https?$/, error: required("the http(s) URL of the image file") }),
  checksum: hexOf("sha256", 32).optional(),
  checksum_sha512: hexOf("sha512", 64).optional(),
  disk_format: string().min(1).optional(),
  kubernetes_version: string().min(1).optional()
}).refine((e) => e.checksum !== void 0 || e.checksum_sha512 !== void 0, {
  error: "expected a checksum: `checksum` (sha256) or `checksum_sha512`",
  path: ["checksum"]
});
function problems(error, source, key) {
  return error.issues.map(
    (i) => new InputError(`${source}: ${[key, ...i.path.map(String)].join(".")}: ${i.message}`)
  );
}
function parseSyncManifest(data, source) {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new InputError(`${source}: (top level): expected an object of image entries`);
  const out = {};
  for (const [key, raw] of Object.entries(data)) {
    if (typeof raw === "object" && raw !== null && "build_key" in raw) {
      const entry = validateManifest({ [key]: raw }, source)[key];
      out[key] = {
        name: entry.name,
        url: entry.url,
        sha256: entry.checksum.slice("sha256:".length),
        sha512: entry.checksum_sha512.slice(entry.checksum_sha512.indexOf(":") + 1),
        size: entry.size,
        disk_format: entry.disk_format,
        properties: entry.properties,
        kiln: entry
      };
      continue;
    }
    const res = foreignEntrySchema.safeParse(raw);
    if (!res.success) throw new InputErrors(problems(res.error, source, key));
    const e = res.data;
    out[key] = {
      name: e.name,
      url: e.url,
      sha256: e.checksum,
      sha512: e.checksum_sha512,
      disk_format: e.disk_format,
      properties: Object.fromEntries(AS_PROPERTIES.filter((p) => e[p] !== void 0).map((p) => [p, e[p]]))
    };
  }
  return out;
}

// src/release/manifest-source.ts
async function loadManifest(source, cwd, signal) {
  let text;
  if (/^https?:\/\//i.test(source)) {
    let res;
    try {
      res = await fetch(source, { signal, redirect: "follow" });
      text = await res.text();
    } catch (err) {
      throw new WorldError({
        doing: "downloading the manifest",
        target: source,
        answer: err.message
      });
    }
    if (!res.ok)
      throw new WorldError({
        doing: "downloading the manifest",
        target: source,
        answer: `HTTP ${res.status}`
      });
  } else {
    const path = resolve(cwd, source);
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      throw new InputError(
        `cannot read manifest ${path}: ${err.code ?? err.message}`
      );
    }
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: not valid JSON: ${err.message}`);
  }
  return parseSyncManifest(data, source);
}

// src/release/sync.ts
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";

// src/release/download.ts
async function openDownload(url2, options) {
  const body = await streamGet(new URL(url2), {
    doing: `downloading ${url2}`,
    target: options.label,
    signal: options.signal
  });
  const length = body.headers["content-length"];
  return { body, size: length === void 0 ? void 0 : Number(length) };
}
async function downloadVerified(url2, dest, want, options) {
  const { body } = await openDownload(url2, options);
  return writeVerified(body, dest, want, {
    logger: options.logger,
    label: options.label,
    source: url2,
    promisedBy: "the manifest",
    consequence: "nothing was uploaded"
  });
}

// src/release/sync-signature.ts
import { createPrivateKey, X509Certificate } from "node:crypto";
async function syncSignature(source, name, entry, upload, signing, logger) {
  const s = entry.signature;
  if (!s) return {};
  let cert;
  try {
    cert = new X509Certificate(s.certificate);
  } catch {
    throw new InputError(`${source}: ${name}.signature.certificate is not an X.509 certificate`);
  }
  const fingerprint = fingerprintOf(cert.raw);
  if (fingerprint !== s.certificate_sha256) {
    throw new InputError(
      `${source}: ${name}.signature: the certificate's SHA-256 is ${fingerprint}, certificate_sha256 says ${s.certificate_sha256}`
    );
  }
  let signature = s.img_signature;
  if (upload.format !== entry.disk_format) {
    const key = signing.signingKey ? matchingKey(signing.signingKey, cert, source, name) : void 0;
    if (!key) {
      logger.warn(
        `${name}: converted to ${upload.format}, so the manifest's signature (of the ${entry.disk_format} file) does not apply: the image is unsigned on this cloud (set ${SIGNING_KEY_ENV} to sign the converted file)`
      );
      return {};
    }
    logger.info(`${name}: signing the ${upload.format} file (certificate ${fingerprint})`);
    signature = await signFile(upload.path, key, s.img_signature_key_type, s.img_signature_hash_method);
  }
  if (!signing.keyManager) throw new Error("sync: a signed manifest entry needs a key manager");
  const uuid = await (await signing.keyManager()).ensureCertificate(s.certificate, fingerprint);
  return signatureProperties({
    signature,
    hashMethod: s.img_signature_hash_method,
    keyType: s.img_signature_key_type,
    certificateUuid: uuid,
    fingerprint
  });
}
function matchingKey(pem, cert, source, name) {
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new InputError(`$${SIGNING_KEY_ENV} is not a PEM private key (or it is encrypted)`);
  }
  if (!cert.checkPrivateKey(key)) {
    throw new InputError(
      `$${SIGNING_KEY_ENV} does not match the certificate ${source} names for ${name} (${fingerprintOf(cert.raw)})`
    );
  }
  return key;
}

// src/release/sync.ts
function recordOf(entry, file, format) {
  const k = entry.kiln;
  return {
    name: k?.image ?? entry.name,
    arch: k?.arch ?? "amd64",
    // Staging names carry a key; other projects' images have none, a hash of the file serves.
    key: k?.build_key ?? (file.sha256 || file.sha512),
    builder: k?.builder === "packer" ? "packer" : "dib",
    builder_version: k?.builder_version ?? "",
    format,
    file: "",
    size: file.size,
    virtual_size: k?.virtual_size ?? 0,
    sha256: file.sha256,
    sha512: file.sha512,
    git_sha: k?.git_sha ?? "",
    built_at: k?.built_at ?? "",
    duration_s: 0
  };
}
function syncProperties(name, entry, record) {
  if (entry.kiln) return publishedProperties(name, entry, { properties: {} }, record);
  return {
    ...entry.properties,
    [PROP.target]: name,
    ...record.sha512 && { [PROP.sourceSha512]: record.sha512 },
    ...record.sha256 && { [PROP.sourceSha256]: record.sha256 },
    [PROP.version]: KILN_VERSION
  };
}
var sourceSha512 = (image) => prop(image, PROP.sourceSha512) ?? image.os_hash_value ?? void 0;
var holds = (image, entry) => entry.sha512 ? sourceSha512(image) === entry.sha512 : prop(image, PROP.sourceSha256) === entry.sha256;
function selectEntries(req) {
  const names = Object.keys(req.manifest).sort();
  const only = req.only ?? [];
  const known = (n) => names.includes(n) || names.some((k) => req.manifest[k].name === n);
  const unknown = only.filter((n) => !known(n));
  if (unknown.length) {
    throw new InputError(
      `--only names what ${req.source} does not hold: ${unknown.join(", ")}`,
      void 0,
      `it holds ${names.join(", ")}`
    );
  }
  return names.filter((n) => !only.length || only.includes(n) || only.includes(req.manifest[n].name)).map((n) => [n, req.manifest[n]]);
}
async function visibleImages(glance, name) {
  const lists = await Promise.all([
    glance.listImages({ name }),
    glance.listImages({ name, visibility: "community" })
  ]);
  const byId = new Map(lists.flat().map((i) => [i.id, i]));
  return [...byId.values()];
}
async function sync(req, deps) {
  const { glance, logger } = deps;
  const entries = selectEntries(req);
  for (const [key, e] of entries) {
    const format = req.diskFormat ?? e.disk_format;
    if (format) Converter.check(format, `${req.source}: ${key}`);
  }
  await mkdir(req.workDir, { recursive: true });
  const work = await mkdtemp(join(req.workDir, "kiln-sync-"));
  const outcomes = [];
  try {
    for (const [, entry] of entries) {
      const { name } = entry;
      if (deps.signal?.aborted)
        throw new WorldError({ doing: "syncing", answer: "stopped (SIGINT/SIGTERM)" });
      const target = `${name} on ${glance.label}`;
      try {
        outcomes.push(await syncOne(req, deps, work, entry, target));
      } catch (err) {
        if (err instanceof InputError) throw err;
        if (deps.signal?.aborted)
          throw new WorldError({
            doing: "syncing",
            target,
            answer: "stopped (SIGINT/SIGTERM) at a safe point"
          });
        logger.error(`${target}: ${err.message}`);
        outcomes.push({ name, status: "failed", detail: err.message });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return outcomes;
}
function syncFailures(outcomes) {
  const failed = outcomes.filter((o) => o.status === "failed");
  if (!failed.length) return void 0;
  return `${failed.length} of ${outcomes.length} images failed to sync:
${failed.map((f) => `  ${f.name}: ${f.detail}`).join("\n")}`;
}
async function syncOne(req, deps, work, entry, target) {
  const { glance, logger } = deps;
  const { name } = entry;
  const want = entry.sha512 ? `sha512 ${entry.sha512}` : `sha256 ${entry.sha256}`;
  const ctx = {
    glance,
    logger,
    name,
    visibility: req.visibility,
    target,
    now: deps.now ?? (() => /* @__PURE__ */ new Date())
  };
  const knownFormat = req.diskFormat ?? entry.disk_format;
  const state = await repairSite(
    ctx,
    {
      name,
      key: entry.kiln?.build_key ?? entry.sha256 ?? "",
      sourceSha512: entry.sha512 ?? "",
      diskFormat: knownFormat ?? ""
    },
    { dryRun: !!req.dryRun, signal: deps.signal }
  );
  if (req.dryRun) for (const r of state.repairs) logger.info(`${target}: would ${describeRepair(r)}`);
  const named = new Set(state.repairs.flatMap((r) => r.kind === "untag-staging" ? [r.image.id] : []));
  const images = await visibleImages(glance, name);
  const active = images.filter((i) => i.status === "active" && (!isStaging(i) || named.has(i.id)));
  const same = active.find((i) => holds(i, entry));
  if (same) {
    logger.info(`${target}: already there as ${same.id} (same ${entry.sha512 ? "sha512" : "sha256"})`);
    return { name, status: "present", image_id: same.id };
  }
  if (active.length) {
    const found = active.map((i) => `${i.id} has sha512 ${sourceSha512(i) ?? "(none)"}`).join("; ");
    throw new WorldError({
      doing: "comparing with the image already there",
      target,
      answer: `an image named '${name}' holds other bytes: ${found}; the manifest says ${want}. Rename or delete it, or sync with --only to leave it out`
    });
  }
  if (!entry.url)
    throw new WorldError({ doing: "syncing", target, answer: `${req.source} gives no url for '${name}'` });
  if (req.dryRun) {
    const convert = knownFormat && entry.disk_format && knownFormat !== entry.disk_format ? `convert to ${knownFormat}, ` : "";
    logger.info(`${target}: would download ${entry.url}, ${convert}and upload it (${req.visibility})`);
    return { name, status: "would-upload" };
  }
  if (state.reusable) {
    logger.info(
      `${target}: naming verified staging image ${state.reusable.id}, uploaded by an interrupted run`
    );
    const image2 = await takeName(ctx, state.reusable);
    return { name, status: "uploaded", image_id: image2.id };
  }
  const staged = await stageStreamed(req, deps, ctx, entry) ?? await stageDownloaded(req, deps, ctx, entry, work);
  await staged.heartbeat.pause();
  if (deps.signal?.aborted) {
    await glance.deleteImage(staged.image.id);
    throw new WorldError({
      doing: "syncing",
      target,
      answer: "stopped (SIGINT/SIGTERM) before naming the image"
    });
  }
  const image = await takeName(ctx, staged.image);
  logger.info(`${target}: uploaded as ${image.id} (${req.visibility})`);
  return { name, status: "uploaded", image_id: image.id };
}
async function stageAs(req, deps, ctx, entry, record, upload) {
  const signature = await syncSignature(
    req.source,
    entry.name,
    { signature: entry.kiln?.signature, disk_format: record.format },
    upload,
    deps.signing ?? {},
    deps.logger
  );
  return stage(
    {
      glance: deps.glance,
      logger: deps.logger,
      now: ctx.now,
      name: entry.name,
      key: record.key,
      properties: { ...syncProperties(entry.name, entry, record), ...signature },
      target: ctx.target,
      signal: deps.signal
    },
    upload
  );
}
async function stageStreamed(req, deps, ctx, entry) {
  const format = entry.disk_format;
  if (!format || (req.diskFormat ?? format) !== format) return void 0;
  const { logger } = deps;
  const url2 = entry.url;
  const { body, size } = await openDownload(url2, { label: entry.name, signal: deps.signal });
  if (size === void 0 || !Number.isSafeInteger(size)) {
    body.destroy();
    return void 0;
  }
  if (entry.size !== void 0 && size !== entry.size) {
    body.destroy();
    throw new WorldError({
      doing: `downloading ${url2}`,
      target: ctx.target,
      answer: `the server sends ${size} bytes, ${req.source} says ${entry.size}; nothing was uploaded`
    });
  }
  logger.info(`${ctx.target}: downloading ${url2} straight into Glance`);
  let mismatch;
  const check = (sent) => {
    const problem = entry.sha512 && sent.sha512 !== entry.sha512 ? `sha512 of the download is ${sent.sha512}, the manifest says ${entry.sha512}` : !entry.sha512 && sent.sha256 !== entry.sha256 ? `sha256 of the download is ${sent.sha256}, the manifest says ${entry.sha256}` : void 0;
    if (!problem) return;
    mismatch = new WorldError({
      doing: `verifying ${url2}`,
      target: ctx.target,
      answer: `${problem}; the staging image was deleted, nothing was named`
    });
    throw mismatch;
  };
  const upload = {
    path: url2,
    format,
    stream: { body, size, sha256: !entry.sha512 },
    check
  };
  const known = { size, sha256: entry.sha256 ?? "", sha512: entry.sha512 ?? "" };
  try {
    return await stageAs(req, deps, ctx, entry, recordOf(entry, known, format), upload);
  } catch (err) {
    if (err === mismatch || deps.signal?.aborted || err instanceof InputError) throw err;
    logger.warn(
      `${ctx.target}: ${err.message}; downloading to disk and uploading from there instead`
    );
    return void 0;
  } finally {
    body.destroy();
  }
}
async function stageDownloaded(req, deps, ctx, entry, work) {
  const { logger } = deps;
  const { name } = entry;
  const file = join(work, `${createHash("sha256").update(name).digest("hex").slice(0, 16)}.download`);
  logger.info(`${ctx.target}: downloading ${entry.url}`);
  const written = await downloadVerified(entry.url, file, entry, {
    logger,
    label: name,
    signal: deps.signal
  });
  const sourceFormat = entry.disk_format ?? (await imageInfo(deps.runner, file)).diskFormat;
  const format = req.diskFormat ?? sourceFormat;
  if (!entry.disk_format) logger.info(`${ctx.target}: qemu-img reads the download as ${sourceFormat}`);
  const record = recordOf(entry, written, sourceFormat);
  const upload = await new Converter(deps.runner, work, logger).fileFor(
    { record, path: req.source, file },
    format
  );
  try {
    return await stageAs(req, deps, ctx, entry, record, upload);
  } finally {
    await rm(file, { force: true });
    await rm(upload.path, { force: true });
  }
}

export {
  loadManifest,
  sync,
  syncFailures
};
