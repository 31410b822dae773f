// Globs over a SourceTree, relative to the repository root: `*` and `?` within a path component,
// `[...]` a character class, `**` any number of components. Used for `inputs:` and for Packer's
// `cd_files`/`floppy_files` patterns.
import type { SourceTree } from '../config/source-tree.js';

const GLOB_CHARS = /[*?[]/;

export const hasGlob = (pattern: string) => GLOB_CHARS.test(pattern);

function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches nothing too; a trailing `**` everything below.
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The files matching `pattern`, sorted; a pattern without glob characters is a file or a folder. */
export async function expandGlob(tree: SourceTree, pattern: string): Promise<string[]> {
  const parts = pattern.split('/');
  const literal = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, literal < 0 ? parts.length : literal).join('/');
  const files = await tree.listFiles(base === '' ? '.' : base);
  if (literal < 0) {
    if (files.length > 0) return files.map((f) => f.path);
    return (await tree.readFile(pattern)) !== undefined ? [pattern] : [];
  }
  const re = globRegex(pattern);
  return files.map((f) => f.path).filter((p) => re.test(p));
}
