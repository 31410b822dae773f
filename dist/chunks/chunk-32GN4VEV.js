import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/openstack/api-answer.ts
import { STATUS_CODES } from "node:http";
var MAX_TEXT = 300;
function describeAnswer(res) {
  const status = `HTTP ${res.status} ${STATUS_CODES[res.status] ?? ""}`.trim();
  const message = messageOf(res.body.toString("utf8"));
  return message ? `${status}: ${message}` : status;
}
function messageOf(text) {
  const trimmed = text.trim();
  if (!trimmed) return "";
  try {
    const doc = JSON.parse(trimmed);
    const err = doc.error ?? doc;
    if (typeof err.message === "string") return oneLine(err.message);
    if (typeof err.title === "string") return oneLine(err.title);
  } catch {
  }
  const lines = trimmed.replace(/<[^>]+>/g, " ").split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length > 1 && /^\d{3}\b/.test(lines[0])) lines.shift();
  return oneLine(lines.join(" "));
}
function oneLine(s) {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}...` : flat;
}

// src/openstack/keystone.ts
var EXPIRY_MARGIN_MS = 6e4;
var KeystoneSession = class {
  label;
  stop;
  cloud;
  transport;
  logger;
  now;
  token;
  expiresAt = 0;
  catalog = [];
  project;
  pendingAuth;
  constructor(options) {
    this.cloud = options.cloud;
    this.transport = options.transport;
    this.logger = options.logger;
    this.label = options.label;
    this.now = options.now ?? Date.now;
    this.stop = options.stop;
    for (const s of [options.cloud.auth.password, options.cloud.auth.application_credential_secret]) {
      if (s) this.logger.secret(s);
    }
  }
  /** The project the token is scoped to (image owner); valid after `authenticate`. */
  get projectId() {
    if (!this.project) throw new Error("KeystoneSession.projectId read before authenticate()");
    return this.project.id;
  }
  get authUrl() {
    return identityBase(this.cloud.auth.auth_url);
  }
  /** A valid token, for tools that call OpenStack directly (the upload benchmark's curl). */
  async authToken() {
    if (!this.token || this.now() > this.expiresAt - EXPIRY_MARGIN_MS) await this.authenticate();
    return this.token;
  }
  /** Gets a fresh token; concurrent callers share one request. */
  authenticate() {
    this.pendingAuth ??= this.fetchToken().finally(() => this.pendingAuth = void 0);
    return this.pendingAuth;
  }
  /** The endpoint of a service type for the cloud's interface and region, without a trailing slash. */
  async endpoint(serviceType) {
    if (!this.token) await this.authenticate();
    const { interface: iface, regionName } = this.cloud;
    const entries = this.catalog.filter((e) => e.type === serviceType);
    const matches = entries.flatMap((e) => e.endpoints).filter((ep) => ep.interface === iface && (!regionName || (ep.region_id ?? ep.region) === regionName));
    if (matches.length === 0) {
      const have = entries.flatMap((e) => e.endpoints).map((ep) => `${ep.interface}@${ep.region_id ?? ep.region}`);
      throw new WorldError({
        doing: `finding the ${serviceType} service in the Keystone catalog`,
        target: this.label,
        answer: `no ${iface} endpoint${regionName ? ` in region ${regionName}` : ""}; the catalog has ${have.length ? have.join(", ") : `no ${serviceType} service`}`
      });
    }
    const url = matches[0].url.replace(/\/+$/, "");
    return serviceType === "image" ? url.replace(/\/v2(\.\d+)?$/, "") : url;
  }
  /** Sends a request to a service with the token; on 401 re-authenticates once and repeats it. */
  async request(serviceType, req) {
    if (!this.token || this.now() > this.expiresAt - EXPIRY_MARGIN_MS) await this.authenticate();
    const base = await this.endpoint(serviceType);
    const url = /^https?:\/\//.test(req.path) ? req.path : base + req.path;
    const once = () => this.transport({
      method: req.method,
      url,
      headers: { Accept: "application/json", ...req.headers, "X-Auth-Token": this.token },
      body: typeof req.body === "function" ? req.body() : req.body,
      signal: req.signal
    });
    const res = await once();
    if (res.status !== 401) return res;
    this.logger.info(
      `Keystone token for ${this.label} was refused (expired or revoked); authenticating again`
    );
    await this.authenticate();
    return once();
  }
  async fetchToken() {
    const url = `${this.authUrl}/auth/tokens`;
    const who = describeIdentity(this.cloud);
    let res;
    try {
      res = await this.transport({
        method: "POST",
        url,
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(authBody(this.cloud)),
        signal: this.stop
      });
    } catch (err) {
      throw new WorldError(
        {
          doing: "authenticating with Keystone",
          target: `${this.label}, ${url}`,
          answer: this.stop?.aborted ? "stopped (SIGINT/SIGTERM)" : err.message
        },
        { cause: err }
      );
    }
    const token = res.headers["x-subject-token"];
    if (res.status !== 201 || typeof token !== "string") {
      throw new WorldError({
        doing: "authenticating with Keystone",
        target: `${this.label}, ${who} at ${url}`,
        answer: describeAnswer(res)
      });
    }
    this.logger.secret(token);
    const body = JSON.parse(res.body.toString("utf8"));
    if (!body.token.project) {
      throw new WorldError({
        doing: "authenticating with Keystone",
        target: `${this.label}, ${who}`,
        answer: "the token is not scoped to a project; set project_name (or project_id) for this cloud"
      });
    }
    this.token = token;
    this.expiresAt = Date.parse(body.token.expires_at);
    this.project = body.token.project;
    this.catalog = body.token.catalog ?? [];
    this.logger.debug(`authenticated to ${this.label} as ${who}, project ${this.project.id}`);
  }
};
function identityBase(authUrl) {
  const u = authUrl.replace(/\/+$/, "");
  if (/\/v3$/.test(u)) return u;
  if (/\/v2\.0$/.test(u)) return u.replace(/\/v2\.0$/, "/v3");
  return `${u}/v3`;
}
function describeIdentity(cloud) {
  const a = cloud.auth;
  if (cloud.authType === "v3applicationcredential") {
    return `application credential ${a.application_credential_id ?? a.application_credential_name}`;
  }
  return `user ${a.username ?? a.user_id}`;
}
function domain(name, id) {
  return id ? { id } : { name: name ?? "Default" };
}
function authBody(cloud) {
  const a = cloud.auth;
  const user = a.user_id ? { id: a.user_id } : { name: a.username, domain: domain(a.user_domain_name, a.user_domain_id) };
  if (cloud.authType === "v3applicationcredential") {
    const cred = a.application_credential_id ? { id: a.application_credential_id, secret: a.application_credential_secret } : { name: a.application_credential_name, secret: a.application_credential_secret, user };
    return { auth: { identity: { methods: ["application_credential"], application_credential: cred } } };
  }
  const project = a.project_id ? { id: a.project_id } : { name: a.project_name, domain: domain(a.project_domain_name, a.project_domain_id) };
  return {
    auth: {
      identity: { methods: ["password"], password: { user: { ...user, password: a.password } } },
      scope: { project }
    }
  };
}

export {
  describeAnswer,
  KeystoneSession
};
