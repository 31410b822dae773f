// `kiln plan --explain IMAGE[:ARCH]`: every input of one build key with its digest, grouped, so a
// person sees why an image rebuilt or did not (compare two explanations), and a tool can diff them.
import { InputError } from '../errors.js';
import { ARCHES, type Arch } from '../config/types.js';
import { normalisedConfig } from './build-key.js';
import type { KeyedPath } from './packer-key.js';
import { keyConfig, type PlanDeps } from './plan-builds.js';

export interface KeyExplanation {
  image: string;
  arch: Arch;
  builder: string;
  key: string;
  /** The image's resolved settings that count (canonical JSON of each). */
  settings: Record<string, unknown>;
  template?: KeyedPath[];
  var_files?: KeyedPath[];
  referenced?: KeyedPath[];
  /** Elements of the image's closure: a project element's folder digest, a pin otherwise. */
  elements?: { name: string; source: string; digest: string }[];
  /** Artifact variable -> sha256 from the config. */
  artifacts: Record<string, string>;
  /** Files the image's `inputs:` match. */
  inputs?: KeyedPath[];
  parent?: { name: string; key: string };
  /** References the key could not cover (see plan's notes). */
  notes?: string[];
}

export async function explainKey(
  target: string,
  deps: Pick<PlanDeps, 'config' | 'source'>,
): Promise<KeyExplanation> {
  const [name, archName] = target.split(':');
  const keyed = await keyConfig(deps.config, deps.source);
  const image = keyed.config.images.get(name);
  if (!image) throw new InputError(`--explain: unknown image '${name}'`);
  const arch = (archName ?? image.architectures[0]) as Arch;
  const key = keyed.keys.get(name)!.keys.get(arch);
  if (!(ARCHES as readonly string[]).includes(arch) || !key) {
    throw new InputError(
      `--explain: image '${name}' is not built for '${arch}'`,
      undefined,
      `it is built for ${image.architectures.join(', ')}`,
    );
  }
  const packer = keyed.packer.get(name);
  const closure = keyed.keys.get(name)!.closure;
  const parentKey = image.parent && keyed.keys.get(image.parent)!.keys.get(arch);
  return {
    image: name,
    arch,
    builder: image.builder,
    key,
    settings: normalisedConfig(image),
    template: packer?.template,
    var_files: packer?.var_files,
    referenced: packer?.referenced,
    elements: closure?.keyed.map((e) => ({
      name: e.name,
      source: e.source,
      digest:
        e.source === 'project'
          ? (keyed.digests.get(e.dir!) ?? 'empty')
          : e.source === 'dib'
            ? `diskimage-builder ${image.builder_version}`
            : `${e.repo!.repo}@${e.repo!.ref}`,
    })),
    artifacts: Object.fromEntries(Object.entries(image.artifacts).map(([k, a]) => [k, a.sha256])),
    inputs: keyed.inputs.get(name),
    parent: image.parent && parentKey ? { name: image.parent, key: parentKey } : undefined,
    notes: packer?.notes.map((n) => n.format()),
  };
}

/** The explanation for people: one group per kind of input, one line per input. */
export function formatExplanation(e: KeyExplanation): string {
  const lines = [`${e.image} (${e.arch}) build key ${e.key}`, '', 'resolved settings:'];
  for (const [k, v] of Object.entries(e.settings).sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`  ${k}: ${JSON.stringify(v)}`);
  }
  const group = (title: string, entries: { path: string; digest: string }[] | undefined) => {
    if (!entries?.length) return;
    lines.push('', `${title}:`, ...entries.map((f) => `  ${f.digest}  ${f.path}`));
  };
  group('template', e.template);
  group('var files', e.var_files);
  group('referenced files', e.referenced);
  group(
    'elements',
    e.elements?.map((el) => ({ path: `${el.name} (${el.source})`, digest: el.digest })),
  );
  group(
    'artifacts',
    Object.entries(e.artifacts).map(([k, sha]) => ({ path: k, digest: `sha256:${sha}` })),
  );
  group('inputs', e.inputs);
  if (e.parent) lines.push('', 'parent key:', `  ${e.parent.key}  ${e.parent.name}`);
  if (e.notes?.length)
    lines.push(
      '',
      'not covered (add to inputs: if they read repository files):',
      ...e.notes.map((n) => `  ${n}`),
    );
  return lines.join('\n') + '\n';
}
