// Finds a cloud's credentials the way OpenStack tools do: clouds.yaml (with secure.yaml merged over it)
// from OS_CLIENT_CONFIG_FILE, then the current directory, ~/.config/openstack and /etc/openstack; the
// cloud named by the caller or OS_CLOUD; without a name, plain OS_* variables. Anything missing or
// malformed is bad input, pointed at the file, line and column where there is a file.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError, type SourcePos } from '../errors.js';
import { syntaxErrors } from '../yaml/syntax-errors.js';
import { YamlFile } from '../yaml/yaml-file.js';
import type { AuthType, CloudAuth, CloudConfig, Interface } from './cloud.js';

export interface CloudLookup {
  /** clouds.yaml entry; defaults to OS_CLOUD; without either, the OS_* variables are used. */
  name?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Home folder for ~/.config/openstack (tests point it elsewhere). */
  home?: string;
  /** System folder, /etc/openstack unless told otherwise. */
  etcDir?: string;
}

const AUTH_TYPES: Record<string, AuthType> = {
  password: 'password',
  v3password: 'password',
  v3applicationcredential: 'v3applicationcredential',
};
const AUTH_KEYS: (keyof CloudAuth)[] = [
  'auth_url',
  'username',
  'user_id',
  'password',
  'user_domain_name',
  'user_domain_id',
  'project_name',
  'project_id',
  'project_domain_name',
  'project_domain_id',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
];

/** The folders searched, in order (after OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE). */
function searchDirs(lookup: CloudLookup): string[] {
  return [lookup.cwd, join(lookup.home ?? homedir(), '.config/openstack'), lookup.etcDir ?? '/etc/openstack'];
}

export function loadCloud(lookup: CloudLookup): CloudConfig {
  const name = lookup.name || lookup.env.OS_CLOUD || undefined;
  const file = findFile(lookup, 'clouds', lookup.env.OS_CLIENT_CONFIG_FILE, 'OS_CLIENT_CONFIG_FILE');
  if (!name) {
    if (lookup.env.OS_AUTH_URL) return fromEnv(lookup.env, lookup.cwd);
    throw new InputError(
      'no cloud selected',
      undefined,
      'name a cloud of clouds.yaml (OS_CLOUD or the site config) or set OS_AUTH_URL and the other OS_* variables',
    );
  }
  if (!file) {
    throw new InputError(
      `cloud '${name}' not found: no clouds.yaml in ${searchDirs(lookup).join(', ')}`,
      undefined,
      'set OS_CLIENT_CONFIG_FILE to your clouds.yaml',
    );
  }
  const clouds = readClouds(file);
  const secureFile = findFile(lookup, 'secure', lookup.env.OS_CLIENT_SECURE_FILE, 'OS_CLIENT_SECURE_FILE');
  const secure = secureFile ? readClouds(secureFile) : undefined;
  return fromFile(name, clouds, secure, lookup.cwd);
}

function findFile(
  lookup: CloudLookup,
  base: string,
  explicit: string | undefined,
  variable: string,
): string | undefined {
  if (explicit) {
    const path = resolve(lookup.cwd, explicit);
    if (!existsSync(path)) throw new InputError(`${variable}=${explicit}: no such file`);
    return path;
  }
  for (const dir of searchDirs(lookup)) {
    for (const ext of ['yaml', 'yml']) {
      const path = join(dir, `${base}.${ext}`);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/** A clouds.yaml or secure.yaml, whose `clouds:` is a mapping. */
function readClouds(path: string): YamlFile {
  // Read as kiln's config is (merge keys included: clouds.yaml files share auth settings with
  // anchors and `<<: *base`); loadCloud cannot await, so the syntax errors' reader comes up front.
  const { file, errors } = YamlFile.parseSync(path, readFileSync(path, 'utf8'), syntaxErrors);
  if (errors.length > 0) throw new InputError(`malformed YAML: ${errors[0].message}`, errors[0].pos);
  if (!isMapping(valueAt(file!, ['clouds']))) {
    throw new InputError('expected a top-level mapping "clouds:"', posOf(file!, []));
  }
  return file!;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value at `path` (merge keys already applied); undefined where there is none. */
function valueAt(f: YamlFile, path: readonly string[]): unknown {
  let v = f.value();
  for (const key of path) {
    if (!isMapping(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/** Position of the value at `path` (or of the nearest parent that exists). */
function posOf(f: YamlFile, path: readonly string[]): SourcePos {
  let n = path.length;
  while (n > 0 && valueAt(f, path.slice(0, n)) === undefined) n--;
  return f.pos(path.slice(0, n));
}

function fromFile(name: string, clouds: YamlFile, secure: YamlFile | undefined, cwd: string): CloudConfig {
  const entry = valueAt(clouds, ['clouds', name]);
  if (!isMapping(entry)) {
    const names = Object.keys(valueAt(clouds, ['clouds']) as Record<string, unknown>);
    throw new InputError(
      `unknown cloud '${name}'`,
      posOf(clouds, ['clouds']),
      names.length ? `clouds.yaml defines ${names.join(', ')}` : 'clouds.yaml defines no clouds',
    );
  }
  // secure.yaml holds the secrets of the same entries; its values win.
  const value = (key: string[]): { v: unknown; f: YamlFile } => {
    const fromSecure = secure && valueAt(secure, ['clouds', name, ...key]);
    if (secure && fromSecure !== undefined) return { v: fromSecure, f: secure };
    return { v: valueAt(clouds, ['clouds', name, ...key]), f: clouds };
  };
  const str = (key: string[]): string | undefined => {
    const { v, f } = value(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object')
      throw new InputError(`${key.join('.')} must be a plain value`, posOf(f, ['clouds', name, ...key]));
    return String(v);
  };
  const at = (key: string[]) => posOf(value(key).f, ['clouds', name, ...key]);

  const auth: CloudAuth = { auth_url: '' };
  for (const k of AUTH_KEYS) {
    const v = str(['auth', k]);
    if (v !== undefined) auth[k] = v;
  }
  const authTypeName =
    str(['auth_type']) ?? (auth.application_credential_secret ? 'v3applicationcredential' : 'password');
  const authType = AUTH_TYPES[authTypeName];
  if (!authType) {
    throw new InputError(
      `unsupported auth_type '${authTypeName}'`,
      at(['auth_type']),
      'kiln supports password and v3applicationcredential',
    );
  }
  const missing = missingAuth(authType, auth);
  if (missing) {
    const hint = missing.includes('password') ? 'in clouds.yaml or secure.yaml' : undefined;
    throw new InputError(`cloud '${name}': ${missing}`, posOf(clouds, ['clouds', name]), hint);
  }
  const iface = normaliseInterface(str(['interface']) ?? str(['endpoint_type']) ?? 'public');
  if (!iface) throw new InputError(`interface must be public, internal or admin`, at(['interface']));
  const verify = value(['verify']).v;
  if (verify !== undefined && typeof verify !== 'boolean') {
    throw new InputError('verify must be true or false', at(['verify']));
  }
  const cacert = str(['cacert']);
  const cacertPath = cacert ? resolveExisting(cacert, cwd, at(['cacert'])) : undefined;
  // `regions: [one]` names the region when region_name does not (a list of several needs region_name).
  const regions = value(['regions']).v;
  const regionName =
    str(['region_name']) ?? (Array.isArray(regions) && regions.length === 1 ? String(regions[0]) : undefined);
  const apiTimeout = str(['api_timeout']);
  return {
    name,
    authType,
    auth,
    regionName,
    interface: iface,
    cacert: cacertPath,
    verify: verify !== false,
    apiTimeout:
      apiTimeout === undefined ? undefined : seconds(apiTimeout, 'api_timeout', at(['api_timeout'])),
    source: clouds.file,
  };
}

function fromEnv(env: NodeJS.ProcessEnv, cwd: string): CloudConfig {
  const get = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const auth: CloudAuth = {
    auth_url: get('OS_AUTH_URL')!,
    username: get('OS_USERNAME'),
    user_id: get('OS_USER_ID'),
    password: get('OS_PASSWORD'),
    user_domain_name: get('OS_USER_DOMAIN_NAME', 'OS_DOMAIN_NAME'),
    user_domain_id: get('OS_USER_DOMAIN_ID', 'OS_DOMAIN_ID'),
    project_name: get('OS_PROJECT_NAME', 'OS_TENANT_NAME'),
    project_id: get('OS_PROJECT_ID', 'OS_TENANT_ID'),
    project_domain_name: get('OS_PROJECT_DOMAIN_NAME', 'OS_DOMAIN_NAME'),
    project_domain_id: get('OS_PROJECT_DOMAIN_ID', 'OS_DOMAIN_ID'),
    application_credential_id: get('OS_APPLICATION_CREDENTIAL_ID'),
    application_credential_name: get('OS_APPLICATION_CREDENTIAL_NAME'),
    application_credential_secret: get('OS_APPLICATION_CREDENTIAL_SECRET'),
  };
  const typeName =
    get('OS_AUTH_TYPE') ?? (auth.application_credential_secret ? 'v3applicationcredential' : 'password');
  const authType = AUTH_TYPES[typeName];
  if (!authType)
    throw new InputError(
      `OS_AUTH_TYPE=${typeName} is not supported`,
      undefined,
      'use password or v3applicationcredential',
    );
  const missing = missingAuth(authType, auth);
  if (missing)
    throw new InputError(
      `OS_* environment: ${missing.replace(/auth\.(\w+)/g, (_m, k: string) => `OS_${k.toUpperCase()}`)}`,
    );
  const iface = normaliseInterface(get('OS_INTERFACE', 'OS_ENDPOINT_TYPE') ?? 'public');
  if (!iface) throw new InputError('OS_INTERFACE must be public, internal or admin');
  const cacert = get('OS_CACERT');
  const apiTimeout = get('OS_API_TIMEOUT');
  return {
    name: 'OS_* environment',
    authType,
    auth,
    regionName: get('OS_REGION_NAME'),
    interface: iface,
    cacert: cacert ? resolveExisting(cacert, cwd) : undefined,
    verify: !['1', 'true', 'yes'].includes((get('OS_INSECURE') ?? '').toLowerCase()),
    apiTimeout: apiTimeout === undefined ? undefined : seconds(apiTimeout, 'OS_API_TIMEOUT'),
    source: 'environment',
  };
}

function missingAuth(type: AuthType, a: CloudAuth): string | undefined {
  if (!a.auth_url) return 'auth.auth_url is missing';
  if (type === 'v3applicationcredential') {
    if (!a.application_credential_secret) return 'auth.application_credential_secret is missing';
    if (!a.application_credential_id && !a.application_credential_name) {
      return 'auth.application_credential_id (or _name) is missing';
    }
    if (!a.application_credential_id && !a.username && !a.user_id) {
      return 'auth.username is missing (an application credential given by name needs its user)';
    }
    return undefined;
  }
  if (!a.username && !a.user_id) return 'auth.username is missing';
  if (!a.password) return 'auth.password is missing';
  if (!a.project_name && !a.project_id) return 'auth.project_name is missing';
  return undefined;
}

function normaliseInterface(value: string): Interface | undefined {
  const v = value.replace(/URL$/, '').toLowerCase();
  return v === 'public' || v === 'internal' || v === 'admin' ? v : undefined;
}

function resolveExisting(path: string, cwd: string, pos?: SourcePos): string {
  const full = isAbsolute(path) ? path : resolve(cwd, path.replace(/^~(?=\/)/, homedir()));
  if (!existsSync(full)) throw new InputError(`cacert ${path}: no such file`, pos);
  return full;
}

/** A positive number of seconds (a timeout setting), else bad input. */
export function seconds(text: string, what: string, pos?: SourcePos): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(`${what} must be a positive number of seconds, not '${text}'`, pos);
  return n;
}
