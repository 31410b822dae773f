// Loading kiln's configuration: the three YAML files -> schema validation -> defaults and parent
// inheritance -> checks against elements, sites and files. Every problem found is collected and
// thrown at once as InputErrors, each at the `file:line:col` of the node it is about.
//
// Where the files are: KILN_IMAGES_CONFIG / KILN_SITES_CONFIG / KILN_THIRD_PARTY_CONFIG (one file
// each) win over `configDir` (--config-dir), which defaults to `<cwd>/config`. Relative paths are
// relative to `cwd`. images.yaml must exist; a missing sites.yaml or third-party.yaml means none.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import { checkGlanceNames } from './check-glance-names.js';
import { checkImages } from './check-images.js';
import { parseImageInput } from './image-input.js';
import { elementsPath } from './elements-path.js';
import { resolveImages } from './resolve-images.js';
import { validate } from './schema-errors.js';
import {
  defaultsSchema,
  imagesFileSchema,
  siteSchema,
  sitesFileSchema,
  thirdPartyFileSchema,
  thirdPartyRepoSchema,
  type DefaultsInput,
  type ImageInput,
} from './schema.js';
import { workTree, type SourceTree } from './source-tree.js';
import { lockedCommit, lockFileFor, readLock, type Lock } from './third-party-lock.js';
import type { ConfigFiles, KilnConfig, Site, ThirdPartyRepo } from './types.js';
import { YamlFile } from '../yaml/yaml-file.js';

export interface LoadOptions {
  /** The repository root (elements/, packer/ and relative config paths are resolved against it). */
  cwd: string;
  /** Read for KILN_IMAGES_CONFIG, KILN_SITES_CONFIG, KILN_THIRD_PARTY_CONFIG and KILN_CACHE_DIR. */
  env?: NodeJS.ProcessEnv;
  /** --config-dir (default `<cwd>/config`). */
  configDir?: string;
  /** Where to read files from (default the work tree at `cwd`); `plan --since` passes a git tree. */
  tree?: SourceTree;
  /**
   * DIB's built-in element names. Undefined: the installed DIB's, else the committed DIB 3.13 list
   * (src/config/dib-elements.json). null: always the committed list. A set: exactly these names.
   */
  builtinElements?: ReadonlySet<string> | null;
}

/**
 * Where a loaded configuration was read from, and how: plan hashes element folders from the same
 * tree, and `plan --since` loads the configuration again at a git commit with the same options.
 */
export interface ConfigSource extends LoadOptions {
  tree: SourceTree;
}

const SITE_DEFAULTS = {
  disk_format: 'qcow2',
  visibility: 'private',
  keep: 3,
  require_tests: true,
} as const;
const DEFAULT_ELEMENTS_DIR = 'elements';

/** The absolute paths of the three config files for these options. */
export function configFiles(options: Pick<LoadOptions, 'cwd' | 'env' | 'configDir'>): ConfigFiles {
  const root = resolve(options.cwd);
  const env = options.env ?? {};
  const dir = resolve(root, options.configDir ?? 'config');
  const pick = (variable: string, name: string) =>
    env[variable] ? resolve(root, env[variable]) : join(dir, name);
  return {
    images: pick('KILN_IMAGES_CONFIG', 'images.yaml'),
    sites: pick('KILN_SITES_CONFIG', 'sites.yaml'),
    thirdParty: pick('KILN_THIRD_PARTY_CONFIG', 'third-party.yaml'),
  };
}

/** Loads, validates and resolves the configuration; throws InputErrors listing every problem. */
export async function loadConfig(options: LoadOptions): Promise<KilnConfig> {
  const root = resolve(options.cwd);
  const tree = options.tree ?? workTree(root);
  const files = configFiles(options);
  const errors: InputError[] = [];

  const imagesFile = await parseFile(tree, root, files.images, 'images', errors);
  const sitesFile = await parseFile(tree, root, files.sites, 'sites', errors);
  const thirdPartyFile = await parseFile(tree, root, files.thirdParty, 'third-party', errors);
  const lockFile = await parseFile(tree, root, lockFileFor(files.thirdParty), 'lock', errors);
  const lock = readLock(lockFile.yaml);
  errors.push(...lock.errors);

  const sites = readSites(sitesFile, errors);
  const thirdParty = readThirdParty(thirdPartyFile, lock.lock, errors);

  const config: KilnConfig = { root, files, images: new Map(), sites: sites.map, thirdParty: thirdParty.map };
  if (imagesFile.yaml && imagesFile.value !== undefined) {
    const file = imagesFile.yaml;
    const value = imagesFile.value;
    const checked = validate(file, imagesFileSchema, value);
    errors.push(...checked.errors);
    const inputs = new Map<string, ImageInput | undefined>();
    const partial = new Set<string>();
    let defaults: DefaultsInput = checked.data?.defaults ?? {};
    if (checked.data) {
      for (const [name, input] of Object.entries(checked.data.images)) inputs.set(name, input);
    } else {
      // Check each image on its own, so that one bad entry does not hide the others' problems.
      const parsedDefaults = defaultsSchema.safeParse(field(value, 'defaults') ?? {});
      if (parsedDefaults.success) defaults = parsedDefaults.data;
      for (const [name, raw] of Object.entries(asObject(field(value, 'images')))) {
        const parsed = parseImageInput(raw);
        inputs.set(name, parsed.input);
        if (parsed.partial) partial.add(name);
      }
    }
    const resolved = resolveImages(file, defaults, inputs);
    errors.push(...resolved.errors);
    config.images = resolved.images;
    const checks = await checkImages(resolved.images.values(), {
      file,
      inputs,
      partial,
      tree,
      sites: sites.ok ? sites.map : undefined,
      elements: thirdParty.ok
        ? await elementsPath(config, { tree, env: options.env, builtinElements: options.builtinElements })
        : undefined,
    });
    errors.push(...checks.errors);
    if (sites.ok) errors.push(...checkGlanceNames(resolved.images.values(), sites.map, file));
    config.warnings = sortByPosition(checks.warnings);
  }
  if (errors.length) throw new InputErrors(sortByPosition(unique(errors)));
  return config;
}

/**
 * Each error once: an error inside merged YAML content (`<<: *base`) is found once per mapping that
 * merges it, at the one place it is written; the copies differ only in the path they name.
 */
function unique(errors: InputError[]): InputError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const text = e.format().replace(/ in '[^']*'/, '');
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

interface ParsedFile {
  /** False when the file has YAML errors or could not be read. */
  ok: boolean;
  /** Undefined when the file is not YAML (syntax errors) or absent. */
  yaml?: YamlFile;
  /** The document's value, also when it is usable despite errors (duplicate keys). */
  value?: unknown;
}

async function parseFile(
  tree: SourceTree,
  root: string,
  path: string,
  kind: 'images' | 'sites' | 'third-party' | 'lock',
  errors: InputError[],
): Promise<ParsedFile> {
  const rel = relative(root, path);
  const inside = !rel.startsWith('..') && !isAbsolute(rel);
  const display = inside ? rel.split(sep).join('/') : path;
  const bytes = inside ? await tree.readFile(display) : await readFile(path).catch(() => undefined);
  if (bytes === undefined) {
    if (kind !== 'images') return { ok: true };
    errors.push(
      new InputError(
        `config file not found: ${display}`,
        undefined,
        'kiln looks for config/images.yaml in the current directory; use --config-dir or KILN_IMAGES_CONFIG',
      ),
    );
    return { ok: false };
  }
  const { file, errors: yamlErrors } = await YamlFile.parse(display, bytes.toString('utf8'));
  errors.push(...yamlErrors);
  if (!file) return { ok: false };
  // An empty (or comments-only) sites.yaml or third-party.yaml declares nothing, like a missing one.
  if (kind !== 'images' && yamlErrors.length === 0 && file.isEmpty()) return { ok: true };
  // Duplicate keys leave a usable document (the later value wins); keep checking the rest of it.
  const value = kind === 'images' || kind === 'sites' ? withoutExtensions(file.value()) : file.value();
  return { ok: yamlErrors.length === 0, yaml: file, value };
}

/**
 * The document without its top-level `x-` keys: by docker-compose's convention they only hold
 * anchors for the rest of the file (`x-base: &base {...}`), and are not settings.
 */
function withoutExtensions(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')));
}

function readSites(parsed: ParsedFile, errors: InputError[]): { map: Map<string, Site>; ok: boolean } {
  const map = new Map<string, Site>();
  if (!parsed.yaml || parsed.value === undefined) return { map, ok: parsed.ok };
  const file = parsed.yaml;
  const found = validate(file, sitesFileSchema, parsed.value).errors;
  errors.push(...found);
  for (const [name, raw] of Object.entries(asObject(field(parsed.value, 'sites')))) {
    const s = siteSchema.safeParse(raw);
    if (!s.success) continue;
    const d = s.data;
    map.set(name, {
      name,
      cloud: d.cloud,
      kind: d.kind,
      disk_format: d.disk_format ?? SITE_DEFAULTS.disk_format,
      visibility: d.visibility ?? SITE_DEFAULTS.visibility,
      keep: d.keep ?? SITE_DEFAULTS.keep,
      properties: Object.fromEntries(Object.entries(d.properties ?? {}).map(([k, v]) => [k, String(v)])),
      require_tests: d.require_tests ?? SITE_DEFAULTS.require_tests,
      architectures: d.architectures,
      object_store: d.object_store && {
        container: d.object_store.container,
        prefix: d.object_store.prefix ?? '',
      },
      pos: file.pos(['sites', name], 'key'),
    });
  }
  return { map, ok: parsed.ok && found.length === 0 };
}

function readThirdParty(
  parsed: ParsedFile,
  lock: Lock,
  errors: InputError[],
): { map: Map<string, ThirdPartyRepo>; ok: boolean } {
  const map = new Map<string, ThirdPartyRepo>();
  if (!parsed.yaml || parsed.value === undefined) return { map, ok: parsed.ok };
  const file = parsed.yaml;
  const found = validate(file, thirdPartyFileSchema, parsed.value).errors;
  for (const [name, raw] of Object.entries(asObject(field(parsed.value, 'elements')))) {
    const r = thirdPartyRepoSchema.safeParse(raw);
    if (!r.success) continue;
    let ref = r.data.ref;
    if (r.data.branch !== undefined) {
      const locked = lockedCommit(name, { repo: r.data.repo, branch: r.data.branch }, lock);
      if ('problem' in locked) {
        const pos = file.pos(['elements', name, 'branch']);
        found.push(new InputError(locked.problem, pos, 'run `kiln lock` and commit the lock file'));
        continue;
      }
      ref = locked.commit;
    }
    map.set(name, {
      name,
      repo: r.data.repo,
      ref: ref!,
      branch: r.data.branch,
      elements_dir: r.data.elements_dir ?? DEFAULT_ELEMENTS_DIR,
      provides: r.data.provides,
      pos: file.pos(['elements', name], 'key'),
    });
  }
  errors.push(...found);
  return { map, ok: parsed.ok && found.length === 0 };
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function sortByPosition(errors: InputError[]): InputError[] {
  const at = (e: InputError) => e.pos ?? { file: '', line: 0, col: 0 };
  return [...errors].sort((a, b) => {
    const [p, q] = [at(a), at(b)];
    return (p.file < q.file ? -1 : p.file > q.file ? 1 : 0) || p.line - q.line || p.col - q.col;
  });
}
