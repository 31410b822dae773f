// Reads the action's inputs into typed values. Bad values are bad input (InputError), reported before
// anything runs. `get` reads INPUT_* variables in the action and is a plain lookup in tests.
import { isAbsolute, resolve } from 'node:path';
import { ARCHES, type Arch, type ResolvedImage } from '../config/types.js';
import { InputError } from '../errors.js';
import { MAKE_LATEST_CHOICES, type MakeLatestChoice } from '../release/latest-version.js';
import { COMMAND_NAMES, DEFAULT_PACKER_URL, Input, type CommandName } from './constants.js';

export interface ActionInputs {
  command: CommandName;
  /** The repository root, absolute: elements/, packer/ and config paths are relative to it. */
  root: string;
  /** The folder of images.yaml, sites.yaml, third-party.yaml, absolute (default `<root>/config`). */
  configDir?: string;
  images: string[];
  architectures: string[];
  since?: string;
  /** Runner labels per architecture, overriding the config's. */
  runnerLabels: Record<string, string[]>;
  threads?: number;
  force: boolean;
  /** Sites whose Glance may hold builds of the same keys (build --promote-from). */
  promoteFrom: string[];
  /** Absolute. */
  resultsDir: string;
  sites: string[];
  dryRun: boolean;
  cloudsYaml?: string;
  /** publish: the PEM private key images are signed with (KILN_SIGNING_KEY). */
  signingKey?: string;
  tag?: string;
  baseUrl?: string;
  /** release: the site whose object store holds the image files. */
  objectStore?: string;
  /** release: only upload this job's image files to the object store. */
  uploadOnly: boolean;
  /** release: whether the release becomes the repository's latest (auto: by semantic version). */
  makeLatest: MakeLatestChoice;
  repository?: string;
  githubToken?: string;
  manifest?: string;
  cloud?: string;
  diskFormat?: string;
  visibility?: string;
  cache: boolean;
  /** kiln's cache (KILN_CACHE_DIR: build index, DIB caches, artifacts), absolute. */
  cacheDir: string;
  setupTools: boolean;
  packerVersion?: string;
  packerUrl: string;
}

export type InputGetter = (name: string) => string;

function makeLatestInput(value: string): MakeLatestChoice {
  const choice = value || 'auto';
  if (!(MAKE_LATEST_CHOICES as readonly string[]).includes(choice)) {
    throw new InputError(
      `input '${Input.MakeLatest}': '${value}' is not one of ${MAKE_LATEST_CHOICES.join(', ')}`,
    );
  }
  return choice as MakeLatestChoice;
}

/** Items separated by commas, spaces or newlines (workflow inputs are often multi-line strings). */
export function listInput(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** The architectures a job works on: those of the `architectures` input, else every one its images have. */
export function jobArches(
  requested: readonly string[],
  images: readonly Pick<ResolvedImage, 'architectures'>[],
): Arch[] {
  return ARCHES.filter((a) =>
    requested.length > 0 ? requested.includes(a) : images.some((i) => i.architectures.includes(a)),
  );
}

function runnerLabelsInput(value: string): Record<string, string[]> {
  if (!value) return {};
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    data = undefined;
  }
  const ok =
    data &&
    typeof data === 'object' &&
    !Array.isArray(data) &&
    Object.entries(data).every(
      ([arch, v]) =>
        (ARCHES as readonly string[]).includes(arch) &&
        Array.isArray(v) &&
        v.every((l) => typeof l === 'string'),
    );
  if (!ok) {
    throw new InputError(
      `input '${Input.RunnerLabels}' must be a JSON object of architecture (${ARCHES.join(', ')}) -> list of runner labels`,
      undefined,
      'e.g. {"amd64": ["self-hosted", "linux", "x64"]}',
    );
  }
  return data as Record<string, string[]>;
}

function bool(name: Input, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  // The YAML 1.2 core schema spellings, as @actions/core's getBooleanInput accepts them.
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input '${name}' must be true or false, got '${value}'`);
}

export function readInputs(get: InputGetter, workspace: string, home: string): ActionInputs {
  const str = (name: Input) => get(name).trim();
  const opt = (name: Input) => str(name) || undefined;
  const path = (name: Input, fallback: string, base = workspace) => {
    const v = str(name) || fallback;
    return isAbsolute(v) ? v : resolve(base, v);
  };

  const command = str(Input.Command);
  if (!command)
    throw new InputError(`input '${Input.Command}' is required`, undefined, COMMAND_NAMES.join(' | '));
  if (!(COMMAND_NAMES as readonly string[]).includes(command)) {
    throw new InputError(
      `input '${Input.Command}': unknown command '${command}'`,
      undefined,
      COMMAND_NAMES.join(' | '),
    );
  }
  let threads: number | undefined;
  if (str(Input.Threads)) {
    threads = Number(str(Input.Threads));
    if (!Number.isInteger(threads) || threads < 1) {
      throw new InputError(
        `input '${Input.Threads}' must be a positive integer, got '${str(Input.Threads)}'`,
      );
    }
  }
  const root = path(Input.WorkingDirectory, '.');
  return {
    command: command as CommandName,
    root,
    configDir: str(Input.ConfigDir) ? path(Input.ConfigDir, '', root) : undefined,
    images: listInput(str(Input.Images)),
    architectures: listInput(str(Input.Architectures)),
    since: opt(Input.Since),
    runnerLabels: runnerLabelsInput(str(Input.RunnerLabels)),
    threads,
    force: bool(Input.Force, str(Input.Force), false),
    promoteFrom: listInput(str(Input.PromoteFrom)),
    resultsDir: path(Input.ResultsDir, 'kiln-results'),
    sites: listInput(str(Input.Sites)),
    dryRun: bool(Input.DryRun, str(Input.DryRun), false),
    // Not trimmed: a YAML secret keeps its exact text.
    cloudsYaml: get(Input.CloudsYaml) || undefined,
    signingKey: get(Input.SigningKey).trim() || undefined,
    tag: opt(Input.Tag),
    baseUrl: opt(Input.BaseUrl),
    objectStore: opt(Input.ObjectStore),
    uploadOnly: bool(Input.UploadOnly, str(Input.UploadOnly), false),
    makeLatest: makeLatestInput(str(Input.MakeLatest)),
    repository: opt(Input.Repository),
    githubToken: opt(Input.GithubToken),
    manifest: opt(Input.Manifest),
    cloud: opt(Input.Cloud),
    diskFormat: opt(Input.DiskFormat),
    visibility: opt(Input.Visibility),
    cache: bool(Input.Cache, str(Input.Cache), true),
    // Outside the workspace by default: actions/checkout cleans the workspace, and on a persistent
    // self-hosted runner the build index must survive from one job to the next.
    cacheDir: path(Input.CacheDir, resolve(home, '.cache/kiln')),
    setupTools: bool(Input.SetupTools, str(Input.SetupTools), true),
    packerVersion: opt(Input.PackerVersion),
    packerUrl: str(Input.PackerUrl) || DEFAULT_PACKER_URL,
  };
}
