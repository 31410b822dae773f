// What an Ansible playbook reads from the repository, for build keys: the playbook, the playbooks
// and task files it imports, its vars_files, the roles it names (in `roles:`, through
// include_role/import_role, and as role dependencies), each role as its whole folder, looked up in
// `roles/` beside the playbook and in `roles_path`, and a requirements.yml beside it. Names built
// from Jinja expressions, and roles found nowhere in the repository (Galaxy's, a collection's), are
// reported, not guessed.
import { posix } from 'node:path';
import { parse } from 'yaml';
import type { SourceTree } from '../config/source-tree.js';

export interface PlaybookInputs {
  /** Root-relative files and folders (roles) the playbook reads. */
  paths: Set<string>;
  /** What could not be followed, in words ("role 'x' (ansible/site.yml)"). */
  unresolved: string[];
}

const TASK_LISTS = ['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always'];
const module = (task: Record<string, unknown>, name: string) =>
  task[name] ?? task[`ansible.builtin.${name}`] ?? task[`ansible.legacy.${name}`];

export async function playbookInputs(
  tree: SourceTree,
  playbook: string,
  rolesPaths: readonly string[] = [],
): Promise<PlaybookInputs> {
  const out: PlaybookInputs = { paths: new Set(), unresolved: [] };
  const base = posix.dirname(playbook);
  const rolesSeen = new Set<string>();

  const readYaml = async (path: string): Promise<unknown> => {
    const bytes = await tree.readFile(path);
    if (!bytes) return undefined;
    out.paths.add(path);
    try {
      return parse(bytes.toString('utf8')) as unknown;
    } catch {
      return undefined; // Ansible reports a broken file at build time; its bytes count already.
    }
  };
  const named = (value: unknown, what: string, from: string): string | undefined => {
    if (typeof value !== 'string' || value.includes('{{')) {
      out.unresolved.push(`${what} ${JSON.stringify(value)} (${from})`);
      return undefined;
    }
    return value;
  };
  const fileFrom = async (value: unknown, from: string, what: string, then: (p: string) => Promise<void>) => {
    const name = named(value, what, from);
    if (name === undefined) return;
    const path = posix.normalize(posix.join(posix.dirname(from), name));
    if (await tree.readFile(path)) await then(path);
    else out.unresolved.push(`${what} '${name}' (${from}): no ${path}`);
  };

  const role = async (value: unknown, from: string): Promise<void> => {
    const spec = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const name = named(typeof value === 'string' ? value : (spec.role ?? spec.name), 'role', from);
    if (name === undefined || rolesSeen.has(name)) return;
    rolesSeen.add(name);
    // `roles/` beside the playbook naming it (an imported one may live elsewhere), the first
    // playbook's, then roles_path.
    const roleDirs = [
      ...new Set([posix.join(posix.dirname(from), 'roles'), posix.join(base, 'roles'), ...rolesPaths]),
    ];
    for (const dir of roleDirs) {
      const folder = posix.join(dir, name);
      const files = await tree.listFiles(folder);
      if (files.length === 0) continue;
      out.paths.add(folder);
      // A role brings the roles it depends on and includes.
      const meta = await readYaml(posix.join(folder, 'meta/main.yml'));
      for (const dep of asList((meta as Record<string, unknown> | undefined)?.dependencies))
        await role(dep, folder);
      for (const f of files) {
        if (/\/(tasks|handlers)\/[^/]+\.ya?ml$/.test(f.path)) await tasks(await readYaml(f.path), f.path);
      }
      return;
    }
    out.unresolved.push(`role '${name}' (${from}): not in ${roleDirs.join(', ')}`);
  };

  const tasks = async (list: unknown, from: string): Promise<void> => {
    for (const item of asList(list)) {
      if (item === null || typeof item !== 'object') continue;
      const task = item as Record<string, unknown>;
      for (const key of ['include_role', 'import_role']) {
        const spec = module(task, key);
        if (spec !== undefined) await role(spec, from);
      }
      for (const key of ['include_tasks', 'import_tasks', 'include']) {
        const spec = module(task, key);
        if (spec === undefined) continue;
        const file =
          typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>).file : spec;
        await fileFrom(file, from, 'task file', async (p) => tasks(await readYaml(p), p));
      }
      for (const key of TASK_LISTS) if (task[key] !== undefined) await tasks(task[key], from);
    }
  };

  const play = async (path: string): Promise<void> => {
    if (out.paths.has(path)) return;
    for (const item of asList(await readYaml(path))) {
      if (item === null || typeof item !== 'object') continue;
      const p = item as Record<string, unknown>;
      const imported = module(p, 'import_playbook') ?? p.include;
      if (imported !== undefined) await fileFrom(imported, path, 'playbook', play);
      for (const r of asList(p.roles)) await role(r, path);
      for (const v of asList(p.vars_files))
        await fileFrom(v, path, 'vars file', async (f) => void out.paths.add(f));
      for (const key of TASK_LISTS) if (p[key] !== undefined) await tasks(p[key], path);
    }
  };

  await play(playbook);
  // A role counts as its folder: the files read inside it are covered by that.
  const folders = [...out.paths].filter((p) => rolesSeen.size > 0 && !/\.ya?ml$/.test(p));
  for (const p of out.paths) if (folders.some((f) => p.startsWith(`${f}/`))) out.paths.delete(p);
  for (const req of ['requirements.yml', 'roles/requirements.yml', 'collections/requirements.yml']) {
    const path = posix.join(base, req);
    if (await tree.readFile(path)) out.paths.add(path);
  }
  return out;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
