// Defaults and parent inheritance: turns the validated images.yaml entries into ResolvedImages.
// A root image starts from `defaults`; a child starts from its parent's resolved settings:
// elements are the parent's followed by its own, env/properties/artifacts/runners are merged (the
// child wins), test file lists are added to the parent's, everything else is inherited unless set.
// Unknown parents and cycles are reported here; an image that cannot be resolved (and its
// descendants) is left out so that the remaining checks still run on the rest.
import { InputError, type SourcePos } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import type { DefaultsInput, ImageInput } from './schema.js';
import type { Arch, Artifact, ImageTestConfig, ResolvedImage, SigningConfig } from './types.js';
import type { YamlFile } from '../yaml/yaml-file.js';

const DEFAULT_BUILDER_VERSIONS = { dib: '3.13.0', packer: '1.6.6' } as const;
const DEFAULT_RUNNER_LABELS: Record<Arch, string[]> = {
  amd64: ['self-hosted', 'linux', 'x64'],
  arm64: ['self-hosted', 'linux', 'arm64'],
};
const DEFAULT_BOOT_TIMEOUT = 300;
/** Written by elements/kiln-common; every image using that element is checked for it. */
export const PROVENANCE_FILE = '/etc/kiln/provenance.json';

/** The settings an image starts from: its parent's, or for a root image the defaults. */
type Base = Omit<
  ResolvedImage,
  'name' | 'parent' | 'pos' | 'elementPos' | 'builder_version' | 'template' | 'builder'
> & {
  builder?: ResolvedImage['builder'];
  template?: string;
};

export interface ResolveResult {
  images: Map<string, ResolvedImage>;
  errors: InputError[];
}

/**
 * `entries` holds every image name in file order, with its validated input or undefined when the
 * entry failed schema validation (already reported; it still counts as an existing parent).
 */
export function resolveImages(
  file: YamlFile,
  defaults: DefaultsInput,
  entries: Map<string, ImageInput | undefined>,
): ResolveResult {
  const resolved = new Map<string, ResolvedImage | null>(); // null: cannot be resolved
  const errors: InputError[] = [];
  const rootBase = baseFromDefaults(defaults, file);
  const builders = { ...DEFAULT_BUILDER_VERSIONS, ...defaults.builders };

  const resolve = (name: string, chain: string[]): ResolvedImage | null => {
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const input = entries.get(name);
    if (!input) return remember(name, null);
    let base: Base = rootBase;
    if (input.parent !== undefined) {
      const parentPos = file.pos(['images', name, 'parent']);
      if (!entries.has(input.parent)) {
        const hint =
          didYouMean(input.parent, entries.keys()) ?? 'parent must be an image defined in this file';
        errors.push(new InputError(`unknown parent '${input.parent}' of image '${name}'`, parentPos, hint));
        return remember(name, null);
      }
      const at = chain.indexOf(input.parent);
      if (at >= 0 || input.parent === name) {
        const cycle = [...chain.slice(at >= 0 ? at : chain.length), name, input.parent];
        errors.push(
          new InputError(
            `parent cycle: ${cycle.join(' -> ')}`,
            parentPos,
            'an image cannot be its own ancestor',
          ),
        );
        for (const n of cycle) resolved.set(n, null);
        return null;
      }
      const parent = resolve(input.parent, [...chain, name]);
      if (!parent) return remember(name, null);
      base = parent;
    }
    const image = applyOwn(file, name, base, input, builders);
    if (image.architectures.some((a) => !base.architectures.includes(a)) && input.parent !== undefined) {
      const missing = image.architectures.filter((a) => !base.architectures.includes(a));
      errors.push(
        new InputError(
          `image '${name}' is built for ${missing.join(', ')} but its parent '${input.parent}' is not`,
          file.pos(['images', name, 'architectures']),
          `the parent builds ${base.architectures.join(', ')}`,
        ),
      );
    }
    return remember(name, image);
  };
  const remember = (name: string, image: ResolvedImage | null) => {
    // A cycle member may already be marked unresolvable by the cycle report.
    if (!resolved.has(name)) resolved.set(name, image);
    return resolved.get(name) ?? null;
  };

  for (const name of entries.keys()) resolve(name, []);
  const images = new Map<string, ResolvedImage>();
  for (const name of entries.keys()) {
    const image = resolved.get(name);
    if (image) images.set(name, image);
  }
  return { images, errors };
}

function baseFromDefaults(d: DefaultsInput, file: YamlFile): Base {
  return {
    signing: d.signing && signingConfig(d.signing, file.pos(['defaults', 'signing'])),
    elements: [],
    env: strings(d.env),
    architectures: d.architectures ?? ['amd64'],
    disk_format: d.disk_format ?? 'qcow2',
    // No built-in value: an image that sets none gets each site's visibility (publish).
    visibility: d.visibility,
    properties: strings(d.properties),
    manifest_extra: {},
    runners: { ...DEFAULT_RUNNER_LABELS, ...d.runners },
    glance_name: { ...d.glance_name },
    artifacts: {},
    var_files: [],
    inputs: d.inputs ?? [],
    test: mergeTest(
      {
        required_files: [],
        forbidden_files: [],
        boot: { enabled: true, timeout: DEFAULT_BOOT_TIMEOUT, commands: [] },
      },
      d.test,
    ),
  };
}

function applyOwn(
  file: YamlFile,
  name: string,
  base: Base,
  own: ImageInput,
  builders: Record<string, string | undefined>,
): ResolvedImage {
  const at = (...path: (string | number)[]) => file.pos(['images', name, ...path]);
  const builder = own.builder ?? base.builder ?? 'dib';
  const elements = appendNew(base.elements, own.elements);
  const elementPos: ResolvedImage['elementPos'] = {};
  (own.elements ?? []).forEach((e, i) => (elementPos[e] ??= at('elements', i)));
  const artifacts: Record<string, Artifact> = { ...base.artifacts };
  for (const [key, a] of Object.entries(own.artifacts ?? {}))
    artifacts[key] = { ...a, pos: file.pos(['images', name, 'artifacts', key], 'key') };
  const test = mergeTest(base.test, own.test);
  if (elements.includes('kiln-common'))
    test.required_files = appendNew(test.required_files, [PROVENANCE_FILE]);
  const template = own.template ?? base.template;
  return {
    name,
    builder,
    parent: own.parent,
    elements,
    env: { ...base.env, ...strings(own.env) },
    architectures: own.architectures ? appendNew([], own.architectures) : base.architectures,
    disk_format: own.disk_format ?? base.disk_format,
    visibility: own.visibility ?? base.visibility,
    properties: { ...base.properties, ...strings(own.properties) },
    manifest_extra: { ...base.manifest_extra, ...strings(own.manifest_extra) },
    builder_version: builders[builder] ?? DEFAULT_BUILDER_VERSIONS[builder],
    runners: { ...base.runners, ...own.runners },
    glance_name: { ...base.glance_name, ...own.glance_name },
    artifacts,
    sites: own.sites ? { ...own.sites, pos: at('sites') } : base.sites,
    template,
    var_files: own.var_files ? own.var_files.map((v) => varFilePath(v, template)) : base.var_files,
    inputs: appendNew(base.inputs, own.inputs),
    test,
    signing: own.signing ? signingConfig(own.signing, at('signing')) : base.signing,
    pos: file.pos(['images', name], 'key'),
    elementPos,
  };
}

/**
 * A var file given by name lives next to the template: `<template dir>/vars/<name>.pkrvars.hcl`;
 * anything with a slash or a .hcl/.json suffix is a path relative to the repository root.
 */
function varFilePath(entry: string, template: string | undefined): string {
  if (entry.includes('/') || /\.(hcl|json)$/.test(entry)) return entry;
  const dir = template?.includes('/') ? template.slice(0, template.lastIndexOf('/')) : '.';
  return `${dir === '.' ? '' : `${dir}/`}vars/${entry}.pkrvars.hcl`;
}

/** A child's `signing:` replaces its parent's whole: a key and a certificate only make sense as a pair. */
function signingConfig(input: NonNullable<ImageInput['signing']>, pos: SourcePos): SigningConfig {
  return { ...input, hash_method: input.hash_method ?? 'SHA-256', pos };
}

function mergeTest(base: ImageTestConfig, own: ImageInput['test']): ImageTestConfig {
  return {
    required_files: appendNew(base.required_files, own?.required_files),
    forbidden_files: appendNew(base.forbidden_files, own?.forbidden_files),
    boot: {
      enabled: own?.boot?.enabled ?? base.boot.enabled,
      timeout: own?.boot?.timeout ?? base.boot.timeout,
      marker: own?.boot?.marker ?? base.boot.marker,
      commands: [...base.boot.commands, ...(own?.boot?.commands ?? [])],
    },
  };
}

function strings(map: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, String(v)]));
}

/**
 * `base` (already without repeats) followed by the items of `more` it lacks. Cheaper than a Set over
 * both for a child that inherits a long list and adds one or two items.
 */
function appendNew<T>(base: readonly T[], more: readonly T[] | undefined): T[] {
  const out = [...base];
  for (const item of more ?? []) if (!out.includes(item)) out.push(item);
  return out;
}
