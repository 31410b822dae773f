// The README's CLI reference is what operators read first: every flag a command accepts must be there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';

const readme = readFileSync('README.md', 'utf8');
const block = /## CLI reference\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
// Continuation lines (indented) belong to the command above them.
const entries = block
  .replace(/\n\s+(?=\[)/g, ' ')
  .split('\n')
  .filter(Boolean);

describe('README CLI reference', () => {
  it('has one entry per command', () => {
    expect(entries.map((e) => e.split(' ')[1])).toEqual(Object.keys(COMMANDS));
  });

  for (const [name, load] of Object.entries(COMMANDS)) {
    it(`lists every flag of kiln ${name}`, async () => {
      const cmd = await load();
      const entry = entries.find((e) => e.startsWith(`kiln ${name} `) || e === `kiln ${name}`) ?? '';
      for (const [flag, spec] of Object.entries(cmd.options)) {
        const forms = [`--${flag}`, ...(spec.short ? [`-${spec.short} `] : [])];
        expect(
          forms.some((f) => entry.includes(f)),
          `${forms.join(' or ')} in: ${entry}`,
        ).toBe(true);
      }
    });
  }
});
