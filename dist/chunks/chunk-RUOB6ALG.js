import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  KeystoneSession,
  describeAnswer
} from "./chunk-32GN4VEV.js";
import {
  hashingReader,
  transferProgress
} from "./chunk-B5AUNYM4.js";
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  TransportError,
  httpTransport
} from "./chunk-MJHFF3BW.js";
import {
  syntaxErrors
} from "./chunk-CEQ3CRBZ.js";
import {
  YamlFile
} from "./chunk-BDGH5S5U.js";
import {
  InputError,
  WorldError
} from "./chunk-SXABORS3.js";

// src/openstack/connect.ts
import { readFileSync as readFileSync2 } from "node:fs";

// src/openstack/clouds-config.ts
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
var AUTH_TYPES = {
  password: "password",
  v3password: "password",
  v3applicationcredential: "v3applicationcredential"
};
var AUTH_KEYS = [
  "auth_url",
  "username",
  "user_id",
  "password",
  "user_domain_name",
  "user_domain_id",
  "project_name",
  "project_id",
  "project_domain_name",
  "project_domain_id",
  "application_credential_id",
  "application_credential_name",
  "application_credential_secret"
];
function searchDirs(lookup) {
  return [lookup.cwd, join(lookup.home ?? homedir(), ".config/openstack"), lookup.etcDir ?? "/etc/openstack"];
}
function loadCloud(lookup) {
  const name = lookup.name || lookup.env.OS_CLOUD || void 0;
  const file = findFile(lookup, "clouds", lookup.env.OS_CLIENT_CONFIG_FILE, "OS_CLIENT_CONFIG_FILE");
  if (!name) {
    if (lookup.env.OS_AUTH_URL) return fromEnv(lookup.env, lookup.cwd);
    throw new InputError(
      "no cloud selected",
      void 0,
      "name a cloud of clouds.yaml (OS_CLOUD or the site config) or set OS_AUTH_URL and the other OS_* variables"
    );
  }
  if (!file) {
    throw new InputError(
      `cloud '${name}' not found: no clouds.yaml in ${searchDirs(lookup).join(", ")}`,
      void 0,
      "set OS_CLIENT_CONFIG_FILE to your clouds.yaml"
    );
  }
  const clouds = readClouds(file);
  const secureFile = findFile(lookup, "secure", lookup.env.OS_CLIENT_SECURE_FILE, "OS_CLIENT_SECURE_FILE");
  const secure = secureFile ? readClouds(secureFile) : void 0;
  return fromFile(name, clouds, secure, lookup.cwd);
}
function findFile(lookup, base, explicit, variable) {
  if (explicit) {
    const path = resolve(lookup.cwd, explicit);
    if (!existsSync(path)) throw new InputError(`${variable}=${explicit}: no such file`);
    return path;
  }
  for (const dir of searchDirs(lookup)) {
    for (const ext of ["yaml", "yml"]) {
      const path = join(dir, `${base}.${ext}`);
      if (existsSync(path)) return path;
    }
  }
  return void 0;
}
function readClouds(path) {
  const { file, errors } = YamlFile.parseSync(path, readFileSync(path, "utf8"), syntaxErrors);
  if (errors.length > 0) throw new InputError(`malformed YAML: ${errors[0].message}`, errors[0].pos);
  if (!isMapping(valueAt(file, ["clouds"]))) {
    throw new InputError('expected a top-level mapping "clouds:"', posOf(file, []));
  }
  return file;
}
function isMapping(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function valueAt(f, path) {
  let v = f.value();
  for (const key of path) {
    if (!isMapping(v) || !Object.hasOwn(v, key)) return void 0;
    v = v[key];
  }
  return v;
}
function posOf(f, path) {
  let n = path.length;
  while (n > 0 && valueAt(f, path.slice(0, n)) === void 0) n--;
  return f.pos(path.slice(0, n));
}
function fromFile(name, clouds, secure, cwd) {
  const entry = valueAt(clouds, ["clouds", name]);
  if (!isMapping(entry)) {
    const names = Object.keys(valueAt(clouds, ["clouds"]));
    throw new InputError(
      `unknown cloud '${name}'`,
      posOf(clouds, ["clouds"]),
      names.length ? `clouds.yaml defines ${names.join(", ")}` : "clouds.yaml defines no clouds"
    );
  }
  const value = (key) => {
    const fromSecure = secure && valueAt(secure, ["clouds", name, ...key]);
    if (secure && fromSecure !== void 0) return { v: fromSecure, f: secure };
    return { v: valueAt(clouds, ["clouds", name, ...key]), f: clouds };
  };
  const str = (key) => {
    const { v, f } = value(key);
    if (v === void 0 || v === null) return void 0;
    if (typeof v === "object")
      throw new InputError(`${key.join(".")} must be a plain value`, posOf(f, ["clouds", name, ...key]));
    return String(v);
  };
  const at = (key) => posOf(value(key).f, ["clouds", name, ...key]);
  const auth = { auth_url: "" };
  for (const k of AUTH_KEYS) {
    const v = str(["auth", k]);
    if (v !== void 0) auth[k] = v;
  }
  const authTypeName = str(["auth_type"]) ?? (auth.application_credential_secret ? "v3applicationcredential" : "password");
  const authType = AUTH_TYPES[authTypeName];
  if (!authType) {
    throw new InputError(
      `unsupported auth_type '${authTypeName}'`,
      at(["auth_type"]),
      "kiln supports password and v3applicationcredential"
    );
  }
  const missing = missingAuth(authType, auth);
  if (missing) {
    const hint = missing.includes("password") ? "in clouds.yaml or secure.yaml" : void 0;
    throw new InputError(`cloud '${name}': ${missing}`, posOf(clouds, ["clouds", name]), hint);
  }
  const iface = normaliseInterface(str(["interface"]) ?? str(["endpoint_type"]) ?? "public");
  if (!iface) throw new InputError(`interface must be public, internal or admin`, at(["interface"]));
  const verify = value(["verify"]).v;
  if (verify !== void 0 && typeof verify !== "boolean") {
    throw new InputError("verify must be true or false", at(["verify"]));
  }
  const cacert = str(["cacert"]);
  const cacertPath = cacert ? resolveExisting(cacert, cwd, at(["cacert"])) : void 0;
  const regions = value(["regions"]).v;
  const regionName = str(["region_name"]) ?? (Array.isArray(regions) && regions.length === 1 ? String(regions[0]) : void 0);
  const apiTimeout = str(["api_timeout"]);
  return {
    name,
    authType,
    auth,
    regionName,
    interface: iface,
    cacert: cacertPath,
    verify: verify !== false,
    apiTimeout: apiTimeout === void 0 ? void 0 : seconds(apiTimeout, "api_timeout", at(["api_timeout"])),
    source: clouds.file
  };
}
function fromEnv(env, cwd) {
  const get = (...names) => names.map((n) => env[n]).find((v) => v !== void 0 && v !== "");
  const auth = {
    auth_url: get("OS_AUTH_URL"),
    username: get("OS_USERNAME"),
    user_id: get("OS_USER_ID"),
    password: get("OS_PASSWORD"),
    user_domain_name: get("OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"),
    user_domain_id: get("OS_USER_DOMAIN_ID", "OS_DOMAIN_ID"),
    project_name: get("OS_PROJECT_NAME", "OS_TENANT_NAME"),
    project_id: get("OS_PROJECT_ID", "OS_TENANT_ID"),
    project_domain_name: get("OS_PROJECT_DOMAIN_NAME", "OS_DOMAIN_NAME"),
    project_domain_id: get("OS_PROJECT_DOMAIN_ID", "OS_DOMAIN_ID"),
    application_credential_id: get("OS_APPLICATION_CREDENTIAL_ID"),
    application_credential_name: get("OS_APPLICATION_CREDENTIAL_NAME"),
    application_credential_secret: get("OS_APPLICATION_CREDENTIAL_SECRET")
  };
  const typeName = get("OS_AUTH_TYPE") ?? (auth.application_credential_secret ? "v3applicationcredential" : "password");
  const authType = AUTH_TYPES[typeName];
  if (!authType)
    throw new InputError(
      `OS_AUTH_TYPE=${typeName} is not supported`,
      void 0,
      "use password or v3applicationcredential"
    );
  const missing = missingAuth(authType, auth);
  if (missing)
    throw new InputError(
      `OS_* environment: ${missing.replace(/auth\.(\w+)/g, (_m, k) => `OS_${k.toUpperCase()}`)}`
    );
  const iface = normaliseInterface(get("OS_INTERFACE", "OS_ENDPOINT_TYPE") ?? "public");
  if (!iface) throw new InputError("OS_INTERFACE must be public, internal or admin");
  const cacert = get("OS_CACERT");
  const apiTimeout = get("OS_API_TIMEOUT");
  return {
    name: "OS_* environment",
    authType,
    auth,
    regionName: get("OS_REGION_NAME"),
    interface: iface,
    cacert: cacert ? resolveExisting(cacert, cwd) : void 0,
    verify: !["1", "true", "yes"].includes((get("OS_INSECURE") ?? "").toLowerCase()),
    apiTimeout: apiTimeout === void 0 ? void 0 : seconds(apiTimeout, "OS_API_TIMEOUT"),
    source: "environment"
  };
}
function missingAuth(type, a) {
  if (!a.auth_url) return "auth.auth_url is missing";
  if (type === "v3applicationcredential") {
    if (!a.application_credential_secret) return "auth.application_credential_secret is missing";
    if (!a.application_credential_id && !a.application_credential_name) {
      return "auth.application_credential_id (or _name) is missing";
    }
    if (!a.application_credential_id && !a.username && !a.user_id) {
      return "auth.username is missing (an application credential given by name needs its user)";
    }
    return void 0;
  }
  if (!a.username && !a.user_id) return "auth.username is missing";
  if (!a.password) return "auth.password is missing";
  if (!a.project_name && !a.project_id) return "auth.project_name is missing";
  return void 0;
}
function normaliseInterface(value) {
  const v = value.replace(/URL$/, "").toLowerCase();
  return v === "public" || v === "internal" || v === "admin" ? v : void 0;
}
function resolveExisting(path, cwd, pos) {
  const full = isAbsolute(path) ? path : resolve(cwd, path.replace(/^~(?=\/)/, homedir()));
  if (!existsSync(full)) throw new InputError(`cacert ${path}: no such file`, pos);
  return full;
}
function seconds(text, what, pos) {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(`${what} must be a positive number of seconds, not '${text}'`, pos);
  return n;
}

// src/openstack/barbican.ts
var SERVICE = "key-manager";
var certificateSecretName = (fingerprint) => `kiln-signing-cert-${fingerprint}`;
var BarbicanKeyManager = class {
  constructor(session, logger) {
    this.session = session;
    this.logger = logger;
    this.label = session.label;
  }
  session;
  logger;
  label;
  async ensureCertificate(pem, fingerprint) {
    const name = certificateSecretName(fingerprint);
    const found = await this.json("GET", `/v1/secrets?name=${encodeURIComponent(name)}&limit=10`, "finding");
    const secrets = found.secrets ?? [];
    const existing = secrets.find((s) => s.secret_type === "certificate");
    if (existing) return uuidOf(existing.secret_ref);
    const created = await this.json("POST", "/v1/secrets", "storing", {
      name,
      secret_type: "certificate",
      payload: Buffer.from(pem).toString("base64"),
      payload_content_type: "application/octet-stream",
      payload_content_encoding: "base64"
    });
    const uuid = uuidOf(created.secret_ref);
    this.logger.info(`${this.label}: stored the signing certificate ${fingerprint} in Barbican as ${uuid}`);
    return uuid;
  }
  async getCertificate(uuid) {
    const path = `/v1/secrets/${encodeURIComponent(uuid)}/payload`;
    const res = await this.session.request(SERVICE, {
      method: "GET",
      path,
      headers: { Accept: "application/octet-stream" }
    });
    if (res.status === 404) return void 0;
    if (res.status >= 300) throw this.failure("reading the signing certificate", res);
    return { uuid, pem: res.body.toString("utf8") };
  }
  async json(method, path, doing, body) {
    const res = await this.session.request(SERVICE, {
      method,
      path,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : void 0
    });
    if (res.status >= 300) throw this.failure(`${doing} the signing certificate in Barbican`, res);
    return JSON.parse(res.body.toString("utf8"));
  }
  failure(doing, res) {
    return new WorldError(
      { doing, target: this.label, answer: describeAnswer(res) },
      { transient: res.status >= 500 }
    );
  }
};
function uuidOf(secretRef) {
  return secretRef.replace(/\/+$/, "").split("/").pop();
}

// src/openstack/glance.ts
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
var JSON_PATCH = "application/openstack-images-v2.1-json-patch";
var TERMINAL = ["killed", "deleted", "pending_delete"];
var STOPPED = "aborted";
var READ_CHUNK = 1024 * 1024;
async function fileSize(file) {
  try {
    return (await stat(file)).size;
  } catch (err) {
    throw new WorldError({
      doing: "reading the image file to upload",
      target: file,
      answer: err.message
    });
  }
}
function source(file, attempt) {
  if (typeof file === "string") return createReadStream(file, { highWaterMark: READ_CHUNK });
  if (attempt > 0) {
    throw new WorldError({
      doing: "uploading image data",
      answer: "the request must be repeated (Keystone asked for a new token) and a download going straight into Glance cannot be sent twice"
    });
  }
  return file.body;
}
var HttpGlanceClient = class {
  label;
  session;
  logger;
  pageSize;
  attempts;
  sleep;
  now;
  progressIntervalMs;
  /** Names of images seen, so that errors about an ID also say which image it is. */
  names = /* @__PURE__ */ new Map();
  constructor(options) {
    this.session = options.session;
    this.logger = options.logger;
    this.label = options.label ?? options.session.label;
    this.pageSize = options.pageSize ?? 200;
    this.attempts = options.attempts ?? 4;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.progressIntervalMs = options.progressIntervalMs ?? 2e3;
  }
  get projectId() {
    return this.session.projectId;
  }
  async listImages(query) {
    const passes = query.includeHidden ? [false, true] : [false];
    const seen = /* @__PURE__ */ new Map();
    for (const hidden of passes) {
      let path = `/v2/images?${listParams(query, this.pageSize, hidden)}`;
      while (path) {
        const res = await this.send(
          { method: "GET", path },
          { doing: "listing images", target: `${describeQuery(query)} on ${this.label}`, abortable: true }
        );
        const page = json(res);
        for (const image of page.images) seen.set(image.id, this.remember(image));
        path = page.next;
      }
    }
    return [...seen.values()];
  }
  async getImage(id) {
    const res = await this.send(
      { method: "GET", path: `/v2/images/${enc(id)}` },
      { doing: "reading image", target: this.describe(id), ok: [404], abortable: true }
    );
    return res.status === 404 ? void 0 : this.remember(json(res));
  }
  async createImage(request) {
    const { properties, ...fields } = request;
    const body = JSON.stringify({ ...properties, ...fields });
    const res = await this.send(
      { method: "POST", path: "/v2/images", headers: { "Content-Type": "application/json" }, body },
      { doing: "creating image", target: `image ${request.name} on ${this.label}`, retry: false }
    );
    return this.remember(json(res));
  }
  async uploadImage(id, file, options = {}) {
    const target = this.describe(id);
    const total = typeof file === "string" ? await fileSize(file) : file.size;
    const log = transferProgress((l) => this.logger.info(l), "uploading", target, total, {
      intervalMs: this.progressIntervalMs,
      now: this.now
    });
    const algorithms = typeof file !== "string" && file.sha256 ? ["sha512", "sha256"] : ["sha512"];
    const readers = [];
    try {
      const res = await this.send(
        {
          method: "PUT",
          path: `/v2/images/${enc(id)}/file`,
          headers: { "Content-Type": "application/octet-stream", "Content-Length": String(total) },
          body: () => {
            const reader = hashingReader(source(file, readers.length), total, algorithms, (p) => {
              log.update(p.sent);
              options.onProgress?.(p);
            });
            readers.push(reader);
            return reader.stream;
          },
          signal: options.signal
        },
        { doing: "uploading image data", target, retry: false, abortable: true }
      );
      const result = await readers.at(-1).result();
      if (result.size !== total) {
        throw new WorldError({
          doing: "uploading image data",
          target,
          answer: `Glance answered HTTP ${res.status} after ${result.size} of ${total} bytes`
        });
      }
      log.finish(result.size);
      return result;
    } finally {
      for (const r of readers) r.close();
    }
  }
  async updateImage(id, ops) {
    const res = await this.send(
      {
        method: "PATCH",
        path: `/v2/images/${enc(id)}`,
        headers: { "Content-Type": JSON_PATCH },
        body: JSON.stringify(ops)
      },
      // `add` of an existing property and `remove` of a missing one fail, so only pure replaces repeat.
      {
        doing: `updating image (${ops.map(describeOp).join(", ")})`,
        target: this.describe(id),
        retry: ops.every((o) => o.op === "replace")
      }
    );
    return this.remember(json(res));
  }
  async addTag(id, tag) {
    await this.send(
      { method: "PUT", path: `/v2/images/${enc(id)}/tags/${enc(tag)}` },
      { doing: `tagging image ${tag}`, target: this.describe(id) }
    );
  }
  async removeTag(id, tag) {
    await this.send(
      { method: "DELETE", path: `/v2/images/${enc(id)}/tags/${enc(tag)}` },
      { doing: `removing tag ${tag}`, target: this.describe(id), ok: [404] }
    );
  }
  async deleteImage(id) {
    await this.send(
      { method: "DELETE", path: `/v2/images/${enc(id)}` },
      { doing: "deleting image", target: this.describe(id), ok: [404] }
    );
  }
  async waitForStatus(id, statuses, timeoutMs) {
    const deadline = this.now() + timeoutMs;
    let delay = 250;
    for (; ; ) {
      const image = await this.getImage(id);
      if (image && statuses.includes(image.status)) return image;
      const status = image?.status ?? "gone";
      if (!image || TERMINAL.includes(status) || this.now() > deadline) {
        throw new WorldError({
          doing: `waiting for image to become ${statuses.join(" or ")}`,
          target: this.describe(id),
          answer: !image || TERMINAL.includes(status) ? `it is ${status}` : `still ${status} after ${timeoutMs / 1e3} s`
        });
      }
      await this.pause(delay);
      delay = Math.min(delay * 2, 2e3);
    }
  }
  remember(image) {
    if (image.name) this.names.set(image.id, image.name);
    return image;
  }
  describe(id) {
    const name = this.names.get(id);
    return `image ${name ? `${name} (${id})` : id} on ${this.label}`;
  }
  /** Sleeps, unless the run is stopped (then fails at once). */
  async pause(ms) {
    const stop = this.session.stop;
    if (!stop) return this.sleep(ms);
    let onAbort = () => {
    };
    const stopped = new Promise((_r, reject) => {
      onAbort = () => reject(new WorldError({ doing: "waiting", target: this.label, answer: STOPPED }));
      if (stop.aborted) onAbort();
      stop.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), stopped]);
    } finally {
      stop.removeEventListener("abort", onAbort);
    }
  }
  /** One request, repeated when `retry` allows on 5xx or a broken connection; other failures become WorldErrors. */
  async send(request, what) {
    const stop = what.abortable ? this.session.stop : void 0;
    const signals = [request.signal, stop].filter((x) => x !== void 0);
    const req = { ...request, signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0] };
    const retry = what.retry ?? true;
    for (let attempt = 1; ; attempt++) {
      let res;
      let failure;
      try {
        res = await this.session.request("image", req);
        if (res.status < 400 || what.ok?.includes(res.status)) return res;
        failure = describeAnswer(res);
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        failure = req.signal?.aborted ? STOPPED : `connection failed: ${err.message}`;
      }
      const repeatable = retry && !req.signal?.aborted && (!res || res.status >= 500);
      if (!repeatable || attempt >= this.attempts) {
        throw new WorldError({ doing: what.doing, target: what.target, answer: failure });
      }
      const delay = 500 * 2 ** (attempt - 1);
      this.logger.warn(`${what.doing} (${what.target}): ${failure}; trying again in ${delay / 1e3} s`);
      await (what.abortable ? this.pause(delay) : this.sleep(delay));
    }
  }
};
function listParams(query, limit, hidden) {
  const p = new URLSearchParams({ limit: String(limit) });
  if (query.name !== void 0) p.set("name", query.name);
  if (query.owner) p.set("owner", query.owner);
  if (query.status) p.set("status", query.status);
  if (query.visibility) p.set("visibility", query.visibility);
  for (const tag of query.tags ?? []) p.append("tag", tag);
  for (const [k, v] of Object.entries(query.properties ?? {})) p.set(k, v);
  if (hidden) p.set("os_hidden", "true");
  return p.toString();
}
function describeQuery(q) {
  const parts = [
    q.name !== void 0 && `name=${q.name}`,
    q.owner && `owner=${q.owner}`,
    ...(q.tags ?? []).map((t) => `tag=${t}`),
    ...Object.entries(q.properties ?? {}).map(([k, v]) => `${k}=${v}`)
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : "all images";
}
function describeOp(op) {
  return `${op.op} ${op.path}${op.value === void 0 ? "" : `=${JSON.stringify(op.value)}`}`;
}
function json(res) {
  return JSON.parse(res.body.toString("utf8"));
}
var enc = encodeURIComponent;

// src/openstack/connect.ts
function siteLabel(site) {
  return `site ${site.name} (cloud ${site.cloud})`;
}
function siteConnection(site, o) {
  return { ...o, cloud: site.cloud, label: siteLabel(site) };
}
function resolveCloud(options) {
  return loadCloud({ name: options.cloud, env: options.env, cwd: options.cwd });
}
function httpTimeoutMs(cloud, env) {
  const override = env.KILN_HTTP_TIMEOUT;
  if (override) return seconds(override, "KILN_HTTP_TIMEOUT") * 1e3;
  return cloud.apiTimeout !== void 0 ? cloud.apiTimeout * 1e3 : DEFAULT_IDLE_TIMEOUT_MS;
}
function keystoneSession(o) {
  const { cloud } = o;
  let ca;
  if (cloud.cacert) {
    try {
      ca = readFileSync2(cloud.cacert);
    } catch (err) {
      throw new InputError(`cacert ${cloud.cacert}: ${err.message}`);
    }
  }
  const transport = httpTransport({ ca, rejectUnauthorized: cloud.verify }, httpTimeoutMs(cloud, o.env));
  return new KeystoneSession({ cloud, transport, logger: o.logger, label: o.label, stop: o.signal });
}
async function connectGlance(options) {
  const cloud = resolveCloud(options);
  const label = options.label ?? `cloud ${cloud.name}`;
  const session = keystoneSession({
    cloud,
    label,
    logger: options.logger,
    env: options.env,
    signal: options.signal
  });
  await session.authenticate();
  await session.endpoint("image");
  return new HttpGlanceClient({ ...options.client, session, logger: options.logger, label });
}
async function connectKeyManager(options) {
  const cloud = resolveCloud(options);
  const session = keystoneSession({
    cloud,
    label: options.label ?? `cloud ${cloud.name}`,
    logger: options.logger,
    env: options.env,
    signal: options.signal
  });
  await session.authenticate();
  await session.endpoint("key-manager");
  return new BarbicanKeyManager(session, options.logger);
}

export {
  HttpGlanceClient,
  siteLabel,
  siteConnection,
  resolveCloud,
  httpTimeoutMs,
  keystoneSession,
  connectGlance,
  connectKeyManager
};
