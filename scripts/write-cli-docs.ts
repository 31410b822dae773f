// Rewrites the usage block (the first ```text block) of docs/cli/README.md and each docs/cli/<command>.md
// from what `kiln --help` and `kiln <command> --help` print; test/cli/docs-reference.test.ts checks them.
// Run after changing a command's flags: npm run docs
import { readFileSync, writeFileSync } from 'node:fs';
import { helpText } from '../src/cli/command.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { overview } from '../src/cli/main.js';

function writeUsage(path: string, usage: string): void {
  const text = readFileSync(path, 'utf8');
  const next = text.replace(/```text\n[\s\S]*?\n```/, () => '```text\n' + usage.trimEnd() + '\n```');
  if (next === text) return;
  writeFileSync(path, next);
  console.log(`updated ${path}`);
}

writeUsage('docs/cli/README.md', await overview());
for (const [name, load] of Object.entries(COMMANDS))
  writeUsage(`docs/cli/${name}.md`, helpText(await load()));
