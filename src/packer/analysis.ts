// What a Packer image reads from the repository: its template file(s), var files, and every file or
// folder the template refers to (provisioner scripts, `file` sources, Ansible playbooks with what
// they use, http/cd/floppy content, file() and templatefile() arguments), with `${path.root}`,
// `${path.cwd}`, `{{template_dir}}` and variables resolved. A reference kiln cannot evaluate is a
// note naming the template line (list what it reads under `inputs:`); a referenced path that does
// not exist is bad input.
import { posix } from 'node:path';
import { InputError, type SourcePos } from '../errors.js';
import type { SourceTree } from '../config/source-tree.js';
import type { ResolvedImage } from '../config/types.js';
import { playbookInputs } from './ansible.js';
import { templateBlocks, type Block } from './blocks.js';
import { evaluate, variableValues, type Scope } from './expressions.js';
import { expandGlob, hasGlob } from './globs.js';
import { positionOf } from './parse.js';
import { loadTemplate, loadVarFile, type PackerTemplate } from './template.js';

export interface PackerAnalysis {
  template: PackerTemplate;
  /** Var files in the order Packer reads them (a folder's auto var files first). */
  varFiles: string[];
  /** Root-relative files and folders the template reads, each with where it was found. */
  referenced: Map<string, SourcePos>;
  /** Referenced paths that do not exist. */
  errors: InputError[];
  /** References kiln cannot resolve (not part of the key unless listed under `inputs:`). */
  notes: InputError[];
}

/** Attributes that name files or folders kiln must hash, by where they appear. */
const PATH_KEYS = [
  'script',
  'scripts',
  'playbook_file',
  'playbook_paths',
  'galaxy_file',
  'roles_path',
  'role_paths',
  'playbook_dir',
  'group_vars',
  'host_vars',
  'inventory_file',
  'http_directory',
  'cd_files',
  'floppy_files',
  'floppy_dirs',
  'user_data_file',
];
const PLAYBOOK_KEYS = new Set(['playbook_file', 'playbook_paths']);
const FILE_FUNCTION = /\b(file|templatefile)\(\s*"((?:[^"\\]|\\.)*)"/g;

export async function analysePackerImage(tree: SourceTree, image: ResolvedImage): Promise<PackerAnalysis> {
  const template = await loadTemplate(tree, image.template!, image.pos);
  const varFiles = [...template.autoVarFiles, ...image.var_files];
  const values = await Promise.all(varFiles.map(async (f) => (await loadVarFile(tree, f, image.pos)).values));
  const scope: Scope = { template, vars: variableValues(template, values) };
  const out: PackerAnalysis = { template, varFiles, referenced: new Map(), errors: [], notes: [] };
  const playbooks: { path: string; pos: SourcePos; rolesPaths: string[] }[] = [];

  for (const block of templateBlocks(template)) {
    const rolesPaths: string[] = [];
    const found: { key: string; paths: string[]; pos: SourcePos }[] = [];
    for (const [key, raw] of Object.entries(block.body)) {
      const pathKey =
        PATH_KEYS.includes(key) ||
        ((key === 'source' || key === 'sources') &&
          block.type === 'file' &&
          block.body.direction !== 'download');
      if (pathKey) {
        const pos = where(block, key, raw);
        const value = evaluate(raw, scope);
        if (value === undefined) {
          out.notes.push(unresolved(key, raw, pos));
          continue;
        }
        const paths = (
          Array.isArray(value) ? value : key === 'roles_path' ? value.split(':') : [value]
        ).filter((p) => p !== '');
        found.push({ key, paths, pos });
        if (key === 'roles_path' || key === 'role_paths') rolesPaths.push(...paths.map(normal));
      }
      for (const text of strings(raw)) fileCalls(text, block, scope, out);
    }
    for (const { key, paths, pos } of found) {
      for (const p of paths) {
        const path = normal(p);
        if (!(await addPath(tree, path, pos, `${key} '${path}'`, out))) continue;
        if (PLAYBOOK_KEYS.has(key)) playbooks.push({ path, pos, rolesPaths });
      }
    }
  }
  for (const { path, pos, rolesPaths } of playbooks) {
    const used = await playbookInputs(tree, path, rolesPaths);
    for (const p of used.paths) if (!out.referenced.has(p)) out.referenced.set(p, pos);
    for (const u of used.unresolved) {
      out.notes.push(
        new InputError(`the playbook ${path} uses ${u}, which kiln cannot follow`, pos, INPUTS_HINT),
      );
    }
  }
  return out;
}

const INPUTS_HINT = "if it reads files from this repository, list them under the image's `inputs:`";

/** file("...") and templatefile("...", ...) in any string of the block. */
function fileCalls(text: string, block: Block, scope: Scope, out: PackerAnalysis) {
  for (const m of text.matchAll(FILE_FUNCTION)) {
    const pos = positionOf(block.file.path, block.file.text, m[0]);
    const value = evaluate(m[2].replace(/\\(.)/g, '$1'), scope);
    if (typeof value !== 'string') out.notes.push(unresolved(`${m[1]}()`, m[2], pos));
    else out.referenced.set(normal(value), pos);
  }
  if (/\b(file|templatefile)\((?!\s*")/.test(text)) {
    out.notes.push(unresolved('file()', text, positionOf(block.file.path, block.file.text, text)));
  }
}

/** Records a referenced path (a glob's matches); false when nothing is there (an error). */
async function addPath(tree: SourceTree, path: string, pos: SourcePos, what: string, out: PackerAnalysis) {
  if (path.startsWith('../') || path === '..' || posix.isAbsolute(path)) {
    out.notes.push(
      new InputError(`${what} is outside the repository: not part of the build key`, pos, INPUTS_HINT),
    );
    return false;
  }
  const matches = hasGlob(path) ? await expandGlob(tree, path) : [path];
  let any = false;
  for (const m of matches) {
    if ((await tree.listFiles(m)).length > 0 || (await tree.readFile(m)) !== undefined) {
      out.referenced.set(m, pos);
      any = true;
    }
  }
  if (!any) out.errors.push(new InputError(`${what} does not exist in ${tree.label}`, pos));
  return any;
}

function unresolved(key: string, raw: unknown, pos: SourcePos): InputError {
  return new InputError(
    `${key} = ${JSON.stringify(raw)} cannot be evaluated before the build, so what it reads is not part of the build key`,
    pos,
    INPUTS_HINT,
  );
}

/** Where an attribute is in its file: the line with its (first) value, else its name. */
function where(block: Block, key: string, raw: unknown): SourcePos {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const needle = typeof first === 'string' && block.file.text.includes(first) ? first : key;
  return positionOf(block.file.path, block.file.text, needle);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Packer runs in the repository root: a relative path is relative to it. */
const normal = (p: string) => posix.normalize(p).replace(/\/+$/, '');
