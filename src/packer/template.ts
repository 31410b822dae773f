// A Packer template as Packer itself takes it: one HCL2 file (`.pkr.hcl`, `.pkr.json`), a folder of
// them (with its `*.auto.pkrvars.hcl`), or a legacy JSON template (any other `.json`). Read from a
// SourceTree, so the same code serves the work tree and `plan --since`'s commit.
import { InputError, type SourcePos } from '../errors.js';
import type { SourceTree } from '../config/source-tree.js';
import { parseHcl, parseJson, positionOf } from './parse.js';

export type TemplateKind = 'hcl' | 'json';

export interface TemplateFile {
  /** Root-relative path. */
  path: string;
  text: string;
  body: Record<string, unknown>;
}

export interface DeclaredVariable {
  default?: unknown;
  pos: SourcePos;
}

export interface PackerTemplate {
  /** As images.yaml names it (root-relative). */
  path: string;
  kind: TemplateKind;
  /** What `${path.root}` and `{{template_dir}}` mean: the template's folder ('' for the root). */
  dir: string;
  files: TemplateFile[];
  /** A folder's `*.auto.pkrvars.hcl` files, which Packer loads by itself. */
  autoVarFiles: string[];
  variables: Map<string, DeclaredVariable>;
  /** `locals` (HCL2), unevaluated. */
  locals: Record<string, unknown>;
  /** The template declares `packer { required_plugins { ... } }` (Packer 1.7 and later). */
  requiredPlugins: boolean;
}

const TEMPLATE_FILE = /\.pkr\.(hcl|json)$/;
const AUTO_VARS = /\.auto\.pkrvars\.(hcl|json)$/;

/** Packer's rule: a folder unless the name ends like a file Packer reads. */
export const isTemplateFolder = (path: string) => !/\.(hcl|json)$/.test(path);

const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** Loads and parses the template; a missing one or a syntax error is bad input. */
export async function loadTemplate(tree: SourceTree, path: string, pos?: SourcePos): Promise<PackerTemplate> {
  const folder = isTemplateFolder(path);
  const listed = folder ? (await tree.listFiles(path)).map((f) => f.path) : [path];
  const direct = listed.filter((p) => !folder || !p.slice(path.length + 1).includes('/'));
  const paths = folder ? direct.filter((p) => TEMPLATE_FILE.test(p)) : direct;
  const texts = await Promise.all(paths.map((p) => tree.readFile(p)));
  if (paths.length === 0 || texts.some((t) => t === undefined)) {
    throw new InputError(
      folder
        ? `Packer template folder '${path}' has no .pkr.hcl files in ${tree.label}`
        : `Packer template '${path}' does not exist in ${tree.label}`,
      pos,
      'paths are relative to the repository root',
    );
  }
  const kind: TemplateKind = folder || TEMPLATE_FILE.test(path) ? 'hcl' : 'json';
  const files: TemplateFile[] = [];
  for (const [i, p] of paths.entries()) {
    const text = texts[i]!.toString('utf8');
    const body = p.endsWith('.hcl') ? await parseHcl(p, text) : parseJson(p, text);
    files.push({ path: p, text, body });
  }
  const template: PackerTemplate = {
    path,
    kind,
    dir: folder ? path : folderOf(path),
    files,
    autoVarFiles: folder ? direct.filter((p) => AUTO_VARS.test(p)) : [],
    variables: new Map(),
    locals: {},
    requiredPlugins: false,
  };
  for (const f of files) (kind === 'hcl' ? readHclDeclarations : readJsonDeclarations)(template, f);
  return template;
}

function readHclDeclarations(t: PackerTemplate, f: TemplateFile) {
  for (const [name, blocks] of Object.entries(asObject(f.body.variable))) {
    const block = asObject(blocks === null ? {} : Array.isArray(blocks) ? blocks[0] : blocks);
    t.variables.set(name, { default: block.default, pos: positionOf(f.path, f.text, `variable "${name}"`) });
  }
  for (const block of asList(f.body.locals)) Object.assign(t.locals, asObject(block));
  for (const [name, block] of Object.entries(asObject(f.body.local))) {
    t.locals[name] = asObject(Array.isArray(block) ? block[0] : block).expression;
  }
  for (const block of asList(f.body.packer)) {
    if (asObject(block).required_plugins !== undefined) t.requiredPlugins = true;
  }
}

function readJsonDeclarations(t: PackerTemplate, f: TemplateFile) {
  for (const [name, value] of Object.entries(asObject(f.body.variables))) {
    t.variables.set(name, { default: value, pos: positionOf(f.path, f.text, JSON.stringify(name)) });
  }
}

/** A var file's assignments (HCL2 `.pkrvars.hcl` or JSON); a missing file or a syntax error is bad input. */
export async function loadVarFile(
  tree: SourceTree,
  path: string,
  pos?: SourcePos,
): Promise<{ text: string; values: Record<string, unknown> }> {
  const bytes = await tree.readFile(path);
  if (!bytes) throw new InputError(`Packer var file '${path}' does not exist in ${tree.label}`, pos);
  const text = bytes.toString('utf8');
  return { text, values: path.endsWith('.json') ? parseJson(path, text) : await parseHcl(path, text) };
}

export const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
