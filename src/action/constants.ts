// Names of the action's inputs and outputs, declared once (action.yml must list the same names; a test
// checks both ways). Values are what workflows write under `with:` and read from `steps.<id>.outputs`.

export enum Input {
  Command = 'command',
  WorkingDirectory = 'working-directory',
  ConfigDir = 'config-dir',
  Images = 'images',
  Architectures = 'architectures',
  Since = 'since',
  RunnerLabels = 'runners',
  Threads = 'threads',
  Force = 'force',
  PromoteFrom = 'promote-from',
  ResultsDir = 'results-dir',
  Sites = 'sites',
  DryRun = 'dry-run',
  CloudsYaml = 'clouds-yaml',
  SigningKey = 'signing-key',
  Tag = 'tag',
  BaseUrl = 'base-url',
  ObjectStore = 'object-store',
  UploadOnly = 'upload-only',
  MakeLatest = 'make-latest',
  Repository = 'repository',
  GithubToken = 'github-token',
  Manifest = 'manifest',
  Cloud = 'cloud',
  DiskFormat = 'disk-format',
  Visibility = 'visibility',
  Cache = 'cache',
  CacheDir = 'cache-dir',
  SetupTools = 'setup-tools',
  PackerVersion = 'packer-version',
  PackerUrl = 'packer-url',
}

export enum Output {
  Matrix = 'matrix',
  Images = 'images',
  HasImages = 'has-images',
  Built = 'built',
  Tested = 'tested',
  Published = 'published',
  Synced = 'synced',
  Manifest = 'manifest',
  ReleaseUrl = 'release-url',
  Uploaded = 'uploaded',
  ResultsDir = 'results-dir',
  CacheHit = 'cache-hit',
}

export const COMMAND_NAMES = ['plan', 'build', 'test', 'publish', 'release', 'sync'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Where the Packer release zip comes from; `{version}` and `{arch}` are filled in. */
export const DEFAULT_PACKER_URL =
  'https://releases.hashicorp.com/packer/{version}/packer_{version}_linux_{arch}.zip';
