// Expands absolute path globs (`/etc/ssh/ssh_host_*_key`) against a directory lister, one directory
// level at a time so that each level is a single debugfs run. `*`, `?` and `[...]` match within one
// path component (dotfiles included: a forbidden `/root/*` must catch `/root/.ssh`).
import type { DirEntry } from './ext-fs.js';

export type DirLister = (dirs: readonly string[]) => Promise<Map<string, DirEntry[] | undefined>>;

export interface GlobMatch {
  path: string;
  type: DirEntry['type'];
}

const GLOB_CHARS = /[*?[]/;

function componentRegex(component: string): RegExp {
  let re = '';
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = component.indexOf(']', i + 2);
      if (end === -1) {
        re += '\\[';
        continue;
      }
      let body = component.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** Splits "/a/b/c" into its components; throws on a relative path (the config must say where). */
function pathComponents(pattern: string): string[] {
  if (!pattern.startsWith('/')) throw new Error(`not an absolute path: ${pattern}`);
  return pattern.split('/').filter((c) => c !== '' && c !== '.');
}

const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

interface Cursor {
  pattern: number;
  depth: number;
  dir: string;
}

/** Every existing path matching each pattern, in pattern order. */
export async function expandGlobs(list: DirLister, patterns: readonly string[]): Promise<GlobMatch[][]> {
  const parts = patterns.map(pathComponents);
  const matches: GlobMatch[][] = patterns.map(() => []);
  let cursors: Cursor[] = [];
  for (let p = 0; p < parts.length; p++) {
    if (parts[p].length === 0) matches[p].push({ path: '/', type: 'dir' });
    else cursors.push({ pattern: p, depth: 0, dir: '/' });
  }
  while (cursors.length > 0) {
    // Literal directory components need no listing: walk straight down to the first glob or leaf.
    for (const c of cursors) {
      const comps = parts[c.pattern];
      while (c.depth < comps.length - 1 && !GLOB_CHARS.test(comps[c.depth])) {
        c.dir = join(c.dir, comps[c.depth]);
        c.depth++;
      }
    }
    const listing = await list(cursors.map((c) => c.dir));
    const next: Cursor[] = [];
    for (const c of cursors) {
      const comps = parts[c.pattern];
      const entries = listing.get(c.dir) ?? [];
      const comp = comps[c.depth];
      const hits = GLOB_CHARS.test(comp)
        ? entries.filter((e) => componentRegex(comp).test(e.name))
        : entries.filter((e) => e.name === comp);
      const last = c.depth === comps.length - 1;
      for (const e of hits) {
        if (last) matches[c.pattern].push({ path: join(c.dir, e.name), type: e.type });
        else if (e.type === 'dir' || e.type === 'link') {
          next.push({ pattern: c.pattern, depth: c.depth + 1, dir: join(c.dir, e.name) });
        }
      }
    }
    cursors = next;
  }
  return matches;
}
