// A Keystone v3 session: gets a project-scoped token (password or application credential), finds
// service endpoints in the catalog, and sends authenticated requests. A token that expires or is
// revoked mid-run (401) is replaced once and the request repeated: a 401 means the service refused
// the request before acting on it, so repeating it is safe even for uploads.
import type { Readable } from 'node:stream';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeAnswer } from './api-answer.js';
import type { CloudConfig } from './cloud.js';
import type { HttpResponse, HttpTransport } from './http.js';

/** Renew a token this long before Keystone says it expires, so it cannot lapse mid-request. */
const EXPIRY_MARGIN_MS = 60_000;

interface CatalogEntry {
  type: string;
  endpoints: { interface: string; region_id?: string; region?: string; url: string }[];
}

export interface ServiceRequest {
  method: string;
  /** Path below the service endpoint (may carry a query), or an absolute URL. */
  path: string;
  headers?: Record<string, string>;
  /** A function for streamed bodies, so that a repeat after re-authentication can reopen it. */
  body?: string | Buffer | (() => Readable);
  signal?: AbortSignal;
}

export interface KeystoneSessionOptions {
  cloud: CloudConfig;
  transport: HttpTransport;
  logger: Logger;
  /** Names the site or cloud in every error. */
  label: string;
  now?: () => number;
  /** The run's stop (SIGINT/SIGTERM): authentication gives up when it fires; services choose per request. */
  stop?: AbortSignal;
}

export class KeystoneSession {
  readonly label: string;
  readonly stop?: AbortSignal;
  private readonly cloud: CloudConfig;
  private readonly transport: HttpTransport;
  private readonly logger: Logger;
  private readonly now: () => number;
  private token?: string;
  private expiresAt = 0;
  private catalog: CatalogEntry[] = [];
  private project?: { id: string; name?: string };
  private pendingAuth?: Promise<void>;

  constructor(options: KeystoneSessionOptions) {
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
  get projectId(): string {
    if (!this.project) throw new Error('KeystoneSession.projectId read before authenticate()');
    return this.project.id;
  }

  get authUrl(): string {
    return identityBase(this.cloud.auth.auth_url);
  }

  /** A valid token, for tools that call OpenStack directly (the upload benchmark's curl). */
  async authToken(): Promise<string> {
    if (!this.token || this.now() > this.expiresAt - EXPIRY_MARGIN_MS) await this.authenticate();
    return this.token!;
  }

  /** Gets a fresh token; concurrent callers share one request. */
  authenticate(): Promise<void> {
    this.pendingAuth ??= this.fetchToken().finally(() => (this.pendingAuth = undefined));
    return this.pendingAuth;
  }

  /** The endpoint of a service type for the cloud's interface and region, without a trailing slash. */
  async endpoint(serviceType: string): Promise<string> {
    if (!this.token) await this.authenticate();
    const { interface: iface, regionName } = this.cloud;
    const entries = this.catalog.filter((e) => e.type === serviceType);
    const matches = entries
      .flatMap((e) => e.endpoints)
      .filter((ep) => ep.interface === iface && (!regionName || (ep.region_id ?? ep.region) === regionName));
    if (matches.length === 0) {
      const have = entries
        .flatMap((e) => e.endpoints)
        .map((ep) => `${ep.interface}@${ep.region_id ?? ep.region}`);
      throw new WorldError({
        doing: `finding the ${serviceType} service in the Keystone catalog`,
        target: this.label,
        answer: `no ${iface} endpoint${regionName ? ` in region ${regionName}` : ''}; the catalog has ${
          have.length ? have.join(', ') : `no ${serviceType} service`
        }`,
      });
    }
    const url = matches[0].url.replace(/\/+$/, '');
    // Some clouds register Glance with its version; kiln's paths carry it already.
    return serviceType === 'image' ? url.replace(/\/v2(\.\d+)?$/, '') : url;
  }

  /** Sends a request to a service with the token; on 401 re-authenticates once and repeats it. */
  async request(serviceType: string, req: ServiceRequest): Promise<HttpResponse> {
    if (!this.token || this.now() > this.expiresAt - EXPIRY_MARGIN_MS) await this.authenticate();
    const base = await this.endpoint(serviceType);
    const url = /^https?:\/\//.test(req.path) ? req.path : base + req.path;
    const once = () =>
      this.transport({
        method: req.method,
        url,
        headers: { Accept: 'application/json', ...req.headers, 'X-Auth-Token': this.token! },
        body: typeof req.body === 'function' ? req.body() : req.body,
        signal: req.signal,
      });
    const res = await once();
    if (res.status !== 401) return res;
    this.logger.info(
      `Keystone token for ${this.label} was refused (expired or revoked); authenticating again`,
    );
    await this.authenticate();
    return once();
  }

  private async fetchToken(): Promise<void> {
    const url = `${this.authUrl}/auth/tokens`;
    const who = describeIdentity(this.cloud);
    let res: HttpResponse;
    try {
      res = await this.transport({
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(authBody(this.cloud)),
        signal: this.stop,
      });
    } catch (err) {
      throw new WorldError(
        {
          doing: 'authenticating with Keystone',
          target: `${this.label}, ${url}`,
          answer: this.stop?.aborted ? 'stopped (SIGINT/SIGTERM)' : (err as Error).message,
        },
        { cause: err },
      );
    }
    const token = res.headers['x-subject-token'];
    if (res.status !== 201 || typeof token !== 'string') {
      throw new WorldError({
        doing: 'authenticating with Keystone',
        target: `${this.label}, ${who} at ${url}`,
        answer: describeAnswer(res),
      });
    }
    this.logger.secret(token);
    const body = JSON.parse(res.body.toString('utf8')) as {
      token: { expires_at: string; project?: { id: string; name?: string }; catalog?: CatalogEntry[] };
    };
    if (!body.token.project) {
      throw new WorldError({
        doing: 'authenticating with Keystone',
        target: `${this.label}, ${who}`,
        answer: 'the token is not scoped to a project; set project_name (or project_id) for this cloud',
      });
    }
    this.token = token;
    this.expiresAt = Date.parse(body.token.expires_at);
    this.project = body.token.project;
    this.catalog = body.token.catalog ?? [];
    this.logger.debug(`authenticated to ${this.label} as ${who}, project ${this.project.id}`);
  }
}

/** Keystone's v3 base from an auth_url given with or without the version. */
function identityBase(authUrl: string): string {
  const u = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(u)) return u;
  if (/\/v2\.0$/.test(u)) return u.replace(/\/v2\.0$/, '/v3');
  return `${u}/v3`;
}

function describeIdentity(cloud: CloudConfig): string {
  const a = cloud.auth;
  if (cloud.authType === 'v3applicationcredential') {
    return `application credential ${a.application_credential_id ?? a.application_credential_name}`;
  }
  return `user ${a.username ?? a.user_id}`;
}

function domain(name?: string, id?: string): { name?: string; id?: string } {
  return id ? { id } : { name: name ?? 'Default' };
}

function authBody(cloud: CloudConfig): unknown {
  const a = cloud.auth;
  const user = a.user_id
    ? { id: a.user_id }
    : { name: a.username, domain: domain(a.user_domain_name, a.user_domain_id) };
  if (cloud.authType === 'v3applicationcredential') {
    const cred = a.application_credential_id
      ? { id: a.application_credential_id, secret: a.application_credential_secret }
      : { name: a.application_credential_name, secret: a.application_credential_secret, user };
    // An application credential carries its own project scope; asking for one is an error.
    return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
  }
  const project = a.project_id
    ? { id: a.project_id }
    : { name: a.project_name, domain: domain(a.project_domain_name, a.project_domain_id) };
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { ...user, password: a.password } } },
      scope: { project },
    },
  };
}
