// `kiln validate`: load and check the configuration; every problem at once (exit 2).
import { EXIT_OK, InputError } from '../../errors.js';
import { keyConfig } from '../../plan/plan-builds.js';
import { loadProject } from '../../wiring.js';
import type { Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check config/images.yaml, sites.yaml and third-party.yaml; list every problem',
  usage: 'kiln validate [--config-dir D]',
  options: { 'config-dir': { type: 'string' } },
  flags: {
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  async run(values, positionals, ctx) {
    if (positionals.length) {
      throw new InputError(
        `kiln validate: unexpected argument '${positionals[0]}'`,
        undefined,
        `usage: ${this.usage}`,
      );
    }
    // The plan's own resolution (element closures included), so validate and plan never disagree.
    const project = await loadProject({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
    });
    const { config } = await keyConfig(project.config, project.source);
    for (const w of config.warnings ?? []) ctx.logger.warn(w.message + (w.hint ? ` (${w.hint})` : ''), w.pos);
    const images = [...config.images.values()];
    const builds = images.reduce((n, i) => n + i.architectures.length, 0);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    ctx.stdout(
      `config ok: ${count(images.length, 'image')} (${count(builds, 'build')} across architectures), ` +
        `${count(config.sites.size, 'site')}, ${count(config.thirdParty.size, 'third-party repo')}\n`,
    );
    return EXIT_OK;
  },
};
