// The plugin blocks of a parsed template, whatever its syntax: HCL2 `source "TYPE" "NAME"`,
// `provisioner "TYPE"`, `post-processor "TYPE"` (also inside `post-processors`), and legacy JSON's
// `builders`, `provisioners`, `post-processors` entries with their `type`.
import type { PackerTemplate, TemplateFile } from './template.js';

export type BlockKind = 'source' | 'provisioner' | 'post-processor';

export interface Block {
  kind: BlockKind;
  type: string;
  body: Record<string, unknown>;
  file: TemplateFile;
}

export function templateBlocks(template: PackerTemplate): Block[] {
  const out: Block[] = [];
  for (const file of template.files) {
    if (template.kind === 'json') jsonBlocks(file, out);
    else hclBlocks(file, file.body, [], out);
  }
  return out;
}

function jsonBlocks(file: TemplateFile, out: Block[]) {
  const add = (kind: BlockKind, entry: unknown) => {
    if (typeof entry === 'string') out.push({ kind, type: entry, body: {}, file });
    else if (isObject(entry)) out.push({ kind, type: String(entry.type ?? ''), body: entry, file });
  };
  for (const b of list(file.body.builders)) add('source', b);
  for (const p of list(file.body.provisioners)) add('provisioner', p);
  // A post-processor entry is a name, an object, or a sequence (a list of them).
  for (const p of list(file.body['post-processors'])) for (const q of list(p)) add('post-processor', q);
}

const HCL_KINDS: Record<string, BlockKind> = {
  source: 'source',
  provisioner: 'provisioner',
  'post-processor': 'post-processor',
};

/** Walks every object: hcl2json writes `label { label2 [ body ] }` for labelled blocks, at any depth. */
function hclBlocks(file: TemplateFile, value: unknown, path: string[], out: Block[]) {
  if (Array.isArray(value)) {
    for (const v of value) hclBlocks(file, v, path, out);
    return;
  }
  if (!isObject(value)) return;
  const n = path.length;
  if (n >= 2 && HCL_KINDS[path[n - 2]] && path[n - 2] !== 'source') {
    out.push({ kind: HCL_KINDS[path[n - 2]], type: path[n - 1], body: value, file });
  } else if (n >= 3 && path[n - 3] === 'source' && (n === 3 || path[n - 4] !== 'build')) {
    out.push({ kind: 'source', type: path[n - 2], body: value, file });
  }
  for (const [k, v] of Object.entries(value)) hclBlocks(file, v, [...path, k], out);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
