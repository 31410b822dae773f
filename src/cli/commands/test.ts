// `kiln test`: static checks and a qemu boot smoke test of built images; the result goes into each
// record.json. Exit 1 when any image failed.
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { testImages } from '../../verify/test-images.js';
import { invocation, testDeps } from '../../wiring.js';
import type { Command } from '../command.js';

const USAGE = 'kiln test IMAGE... [--output DIR] [--config-dir D]';

export const testCommand: Command = {
  name: 'test',
  summary: 'check built images (qemu-img, required/forbidden files) and boot them in qemu',
  usage: USAGE,
  options: {
    output: { type: 'string' },
    'config-dir': { type: 'string' },
  },
  flags: {
    output: ['DIR', "where the builds' records are, as kiln build wrote them (default out)"],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  operands: { 'IMAGE...': 'images whose build records to check and boot' },
  async run(values, positionals, ctx) {
    if (positionals.length === 0) {
      throw new InputError('kiln test: name at least one image', undefined, `usage: ${USAGE}`);
    }
    const config = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
    });
    const outcomes = await testImages(
      { names: positionals, output: resolve(ctx.cwd, (values.output as string | undefined) ?? 'out') },
      testDeps(invocation(ctx), config),
    );
    for (const o of outcomes) {
      ctx.stdout(`${o.name}\t${o.arch}\t${o.result.status}\t${o.result.details.split('\n')[0]}\n`);
    }
    return outcomes.some((o) => o.result.status === 'failed') ? 1 : 0;
  },
};
