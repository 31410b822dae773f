// The resolved configuration: what the loader produces after YAML parsing, schema validation,
// defaults and parent inheritance. Every later stage reads only these types. `pos` fields keep the
// source position of the node so that later checks (plan, build) can still point at the file.
import type { InputError, SourcePos } from '../errors.js';

export const ARCHES = ['amd64', 'arm64'] as const;
export type Arch = (typeof ARCHES)[number];

export const BUILDERS = ['dib', 'packer'] as const;
export type Builder = (typeof BUILDERS)[number];

/** A file fetched before the build: from `url`, or `object` in `container` of `site`'s object store. */
export interface Artifact {
  url?: string;
  object?: string;
  container?: string;
  site?: string;
  sha256: string;
  pos: SourcePos;
}

/** Which sites an image is published to; absent means every site. */
export interface SiteSelector {
  kind?: string;
  names?: string[];
  pos: SourcePos;
}

/** `kiln test` settings for an image (issue: verify). */
export interface ImageTestConfig {
  /** Paths that must exist in the image (read without booting). */
  required_files: string[];
  /** Paths (globs) that must not exist in the image. */
  forbidden_files: string[];
  boot: {
    enabled: boolean;
    /** Seconds until the marker must have appeared on the serial console. */
    timeout: number;
    /** A regular expression to wait for on the serial console. */
    marker?: string;
    /** Commands run in the guest, with the expected output (a regular expression). */
    commands: { run: string; expect: string }[];
  };
}

/** `signing:` of images.yaml (its own, its parent's, or `defaults.signing`). */
export interface SigningConfig {
  certificate_file: string;
  key_file?: string;
  hash_method: string;
  /** Where it is set in images.yaml. */
  pos: SourcePos;
}

export interface ResolvedImage {
  name: string;
  builder: Builder;
  /** Name of the parent image, if any (built first; its settings are inherited). */
  parent?: string;
  /** DIB elements: the parent's followed by the image's own (deduplicated, order kept). */
  elements: string[];
  env: Record<string, string>;
  architectures: Arch[];
  disk_format: string;
  /**
   * Glance visibility images.yaml asks for: the image's own, else its parent's, else
   * `defaults.visibility`. Absent when none of them sets one: each site's `visibility` applies.
   */
  visibility?: string;
  properties: Record<string, string>;
  /**
   * Fields for the top level of the image's release manifest entry (images.yaml `manifest_extra`,
   * merged over the parent's), for consumers that read them there (azimuth-ops: kubernetes_version).
   */
  manifest_extra: Record<string, string>;
  /** Version of this image's builder pinned in `defaults.builders` (part of the build key). */
  builder_version: string;
  runners: Record<Arch, string[]>;
  /** Glance name templates per architecture (`{image}`, `{arch}`, `{ARCH}`); see openstack/glance-name.ts. */
  glance_name?: Partial<Record<Arch, string>>;
  /** Env variable name -> artifact; the local path is exported under that name. */
  artifacts: Record<string, Artifact>;
  sites?: SiteSelector;
  /** Packer: template path relative to the config root, and var-file names (resolved to files). */
  template?: string;
  var_files: string[];
  /** Globs (repository root) of files the build reads that kiln cannot see: the parent's, then its own. */
  inputs: string[];
  test: ImageTestConfig;
  /** Absent: published images are not signed. */
  signing?: SigningConfig;
  /** Where the image is defined in images.yaml. */
  pos: SourcePos;
  /** Position of each own element name, for errors about a specific element. */
  elementPos: Record<string, SourcePos>;
}

export interface Site {
  name: string;
  /** A clouds.yaml entry. */
  cloud: string;
  kind: string;
  disk_format: string;
  visibility: string;
  /** How many archived images to keep. */
  keep: number;
  /** Extra Glance properties for every image on this site. */
  properties: Record<string, string>;
  /** Refuse images whose latest `kiln test` did not pass (default true). */
  require_tests: boolean;
  /** Architectures published here (absent: all); builds of others are skipped. */
  architectures?: Arch[];
  /** Optional object store for release image files (container and prefix). */
  object_store?: { container: string; prefix: string };
  pos: SourcePos;
}

export interface ThirdPartyRepo {
  name: string;
  repo: string;
  /** A full 40-hex commit SHA: `ref:` as written, or the locked commit of `branch:`. */
  ref: string;
  /** The branch followed through third-party.lock.yaml, when `branch:` is used instead of `ref:`. */
  branch?: string;
  elements_dir: string;
  /**
   * Element names the repo provides, as declared in third-party.yaml (optional). Lets `validate`
   * accept those names when the repo is not checked out locally.
   */
  provides?: string[];
  pos: SourcePos;
}

export interface ConfigFiles {
  images: string;
  sites: string;
  thirdParty: string;
}

export interface KilnConfig {
  /** The repository root the config lives in (elements/, packer/ are resolved against it). */
  root: string;
  files: ConfigFiles;
  /** Images in file order. */
  images: Map<string, ResolvedImage>;
  sites: Map<string, Site>;
  thirdParty: Map<string, ThirdPartyRepo>;
  /** Things that are not errors but that a person should see (e.g. element names nobody could verify). */
  warnings?: InputError[];
}

/** kiln's architecture names as DIB (`-a`) and Glance (`architecture`) spell them. */
export const DIB_ARCH: Record<Arch, string> = { amd64: 'amd64', arm64: 'arm64' };
export const GLANCE_ARCH: Record<Arch, string> = { amd64: 'x86_64', arm64: 'aarch64' };
