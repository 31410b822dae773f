// `kiln lock [--update [NAME...]]`: pins every `branch:` of third-party.yaml to a commit in
// config/third-party.lock.yaml; --update moves the named pins (all without names) to their branch.
import { EXIT_OK, InputError } from '../../errors.js';
import { run } from '../../exec.js';
import type { Command } from '../command.js';

export const lockCommand: Command = {
  name: 'lock',
  summary: 'pin the branches of third-party.yaml to commits in third-party.lock.yaml',
  usage: 'kiln lock [--update [NAME...]] [--config-dir D]',
  options: { update: { type: 'boolean' }, 'config-dir': { type: 'string' } },
  flags: {
    update: ['', 'move the pins of the named repositories (all without names) to their branch'],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  operands: { 'NAME...': 'with --update: the third-party repositories to move (default: all)' },
  async run(values, positionals, ctx) {
    const { lockBranches } = await import('../../config/lock-branches.js');
    const update = values.update ? (positionals.length ? positionals : 'all') : [];
    if (!values.update && positionals.length) {
      throw new InputError(
        `kiln lock: unexpected argument '${positionals[0]}'`,
        undefined,
        `usage: ${this.usage}`,
      );
    }
    const changes = await lockBranches(
      { update },
      {
        cwd: ctx.cwd,
        env: ctx.env,
        configDir: values['config-dir'] as string | undefined,
        runner: run,
        logger: ctx.logger,
      },
    );
    for (const c of changes) {
      const how = c.was === undefined ? 'locked' : c.was === c.commit ? 'unchanged' : `moved from ${c.was}`;
      ctx.stdout(`${c.name}: ${c.branch} at ${c.commit} (${how})\n`);
    }
    if (changes.length === 0) ctx.stdout('no third-party repo follows a branch\n');
    return EXIT_OK;
  },
};
