// Finds a cloud's credentials the way OpenStack tools do: clouds.yaml (with secure.yaml merged over it)
// from OS_CLIENT_CONFIG_FILE, then the current directory, ~/.config/openstack and /etc/openstack; the
// cloud named by the caller or OS_CLOUD; without a name, plain OS_* variables. Anything missing or
// malformed is bad input, pointed at the file, line and column where there is a file.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type YAMLMap,
} from 'yaml';
import { InputError, type SourcePos } from '../errors.js';
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
  const clouds = readYaml(file);
  const secureFile = findFile(lookup, 'secure', lookup.env.OS_CLIENT_SECURE_FILE, 'OS_CLIENT_SECURE_FILE');
  const secure = secureFile ? readYaml(secureFile) : undefined;
  return fromFile(name, clouds, secure, lookup.cwd);
}

interface YamlFile {
  path: string;
  doc: Document;
  lines: LineCounter;
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

function readYaml(path: string): YamlFile {
  const lines = new LineCounter();
  // merge: clouds.yaml files share auth settings with anchors and merge keys (`<<: *base`).
  const doc = parseDocument(readFileSync(path, 'utf8'), {
    lineCounter: lines,
    prettyErrors: false,
    merge: true,
  });
  const err = doc.errors[0];
  if (err) {
    const at = lines.linePos(err.pos[0]);
    throw new InputError(`malformed YAML: ${err.message.split('\n')[0]}`, {
      file: path,
      line: at.line,
      col: at.col,
    });
  }
  if (!isMap(doc.contents) || !isMap(nodeAt(doc, ['clouds']))) {
    throw new InputError('expected a top-level mapping "clouds:"', posOf({ path, doc, lines }, []));
  }
  return { path, doc, lines };
}

/** The node at `path`, through aliases and merge keys (a mapping's own keys win, then the first merged). */
function nodeAt(doc: Document, path: readonly (string | number)[]): unknown {
  const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  const lookup = (map: YAMLMap, key: string | number): unknown => {
    const own = map.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    if (own) return own.value ?? null;
    for (const p of map.items) {
      if (!isScalar(p.key) || typeof p.key.value !== 'symbol') continue;
      const merged = deref(p.value);
      for (const source of isSeq(merged) ? merged.items : [merged]) {
        const m = deref(source);
        const found = isMap(m) ? lookup(m, key) : undefined;
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  let node: unknown = doc.contents;
  for (const key of path) {
    node = deref(node);
    if (!isMap(node)) return undefined;
    node = lookup(node, key);
  }
  return deref(node);
}

/** A scalar node's value; other nodes as they are. */
function plain(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/** Position of the value at `path` (or of the nearest parent that exists). */
function posOf(f: YamlFile, path: (string | number)[]): SourcePos {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(f.doc, path.slice(0, n)) as { range?: [number, number, number] } | undefined;
    const offset = n === 0 ? f.doc.contents?.range?.[0] : node?.range?.[0];
    if (offset !== undefined) {
      const at = f.lines.linePos(offset);
      return { file: f.path, line: at.line, col: at.col };
    }
  }
  return { file: f.path, line: 1, col: 1 };
}

function fromFile(name: string, clouds: YamlFile, secure: YamlFile | undefined, cwd: string): CloudConfig {
  const entry = nodeAt(clouds.doc, ['clouds', name]);
  if (!isMap(entry)) {
    const names = (nodeAt(clouds.doc, ['clouds']) as YAMLMap).items.map((i) => String(i.key));
    throw new InputError(
      `unknown cloud '${name}'`,
      posOf(clouds, ['clouds']),
      names.length ? `clouds.yaml defines ${names.join(', ')}` : 'clouds.yaml defines no clouds',
    );
  }
  // secure.yaml holds the secrets of the same entries; its values win.
  const value = (key: string[]): { v: unknown; f: YamlFile } => {
    const fromSecure = secure && plain(nodeAt(secure.doc, ['clouds', name, ...key]));
    if (secure && fromSecure !== undefined) return { v: fromSecure, f: secure };
    return { v: plain(nodeAt(clouds.doc, ['clouds', name, ...key])), f: clouds };
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
  const regionsNode = value(['regions']).v;
  const regions: unknown = isSeq(regionsNode) ? regionsNode.toJSON() : undefined;
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
    source: clouds.path,
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
