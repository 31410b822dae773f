// The command pages are what operators read: their usage blocks are exactly what `--help` prints
// (one source: the command's definition), every flag is on its page, and no link leads nowhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { main, overview } from '../../src/cli/main.js';

const page = (path: string) => readFileSync(path, 'utf8');
/** The first ```text block of a page, without its fences. */
const usageBlock = (text: string) => /```text\n([\s\S]*?)\n```/.exec(text)?.[1];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** Markdown links outside code, as [file, target] pairs. */
function links(file: string): string[] {
  const prose = page(file)
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe('docs/cli: one page per command', () => {
  it('has a page for every command and none for a command that does not exist', () => {
    const pages = readdirSync('docs/cli')
      .filter((f) => f !== 'README.md')
      .map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('shows exactly what kiln --help prints in the CLI index', async () => {
    expect(usageBlock(page('docs/cli/README.md'))).toBe((await overview()).trimEnd());
  });

  for (const [name, load] of Object.entries(COMMANDS)) {
    const path = `docs/cli/${name}.md`;

    it(`kiln ${name}: the page's usage block is what --help prints`, async () => {
      expect(usageBlock(page(path)), `the first \`\`\`text block of ${path}`).toBe(
        helpText(await load()).trimEnd(),
      );
    });

    it(`kiln ${name} --help prints the page's usage block and exits 0`, async () => {
      let out = '';
      const code = await main([name, '--help'], { stdout: (t) => void (out += t), stderr: () => {} });
      expect(code).toBe(0);
      expect(out.trimEnd()).toBe(usageBlock(page(path)));
    });

    it(`kiln ${name}: --help describes every flag, and the page names each`, async () => {
      const cmd = await load();
      expect(Object.keys(cmd.flags).sort()).toEqual(Object.keys(cmd.options).sort());
      const text = page(path);
      for (const [flag, spec] of Object.entries(cmd.options)) {
        expect(text, `--${flag} in ${path}`).toContain(`--${flag}`);
        if (spec.short) expect(text, `-${spec.short} in ${path}`).toContain(`-${spec.short}, --${flag}`);
        const [, meaning] = cmd.flags[flag]!;
        expect(meaning, `the help line of --${flag}`).not.toBe('');
      }
    });
  }
});

describe('relative links in README.md and docs/', () => {
  const files = ['README.md', ...markdownFiles('docs')];
  for (const file of files) {
    it(`${file}: every relative link points at a file (and heading) that exists`, () => {
      const broken: string[] = [];
      for (const target of links(file)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [path, anchor] = target.split('#');
        const to = path ? resolve(dirname(file), path) : resolve(file);
        if (!existsSync(to)) {
          broken.push(`${target} (no ${relative('.', to)})`);
          continue;
        }
        if (anchor && to.endsWith('.md')) {
          const headings = [...page(to).matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1]!));
          if (!headings.includes(anchor)) broken.push(`${target} (no heading #${anchor})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
