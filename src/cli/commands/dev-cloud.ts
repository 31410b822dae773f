// kiln dev-cloud up|down|env: a local Keystone + Glance for trying kiln (and for its tests).
import { InputError } from '../../errors.js';
import {
  defaultDevCloudDir,
  devCloudDown,
  devCloudUp,
  envLines,
  readState,
} from '../../devcloud/dev-cloud.js';
import type { Command } from '../command.js';

const USAGE = 'kiln dev-cloud up|down|env [--dir D] [--purge] [--cloud NAME]';

export const devCloudCommand: Command = {
  name: 'dev-cloud',
  summary: 'start, stop or show a local Keystone + Glance (two regions) for trying kiln',
  usage: USAGE,
  options: {
    dir: { type: 'string' },
    purge: { type: 'boolean' },
    cloud: { type: 'string' },
  },
  flags: {
    dir: ['D', 'state folder (default $KILN_DEV_CLOUD_DIR, else .cache/dev-cloud)'],
    purge: ['', 'down: also delete the state folder'],
    cloud: ['NAME', 'up, env: the cloud the export lines select (default dev-admin)'],
  },
  operands: {
    up: 'start (or reuse) a local Keystone + Glance; print export lines',
    env: 'print the export lines again',
    down: 'stop it',
  },
  async run(values, positionals, ctx) {
    const [action, ...extra] = positionals;
    if (!action || extra.length > 0 || !['up', 'down', 'env'].includes(action)) {
      throw new InputError(
        `kiln dev-cloud: expected one of up, down, env${action ? `, got '${positionals.join(' ')}'` : ''}`,
        undefined,
        `usage: ${USAGE}`,
      );
    }
    const dir = values.dir ? String(values.dir) : (ctx.env.KILN_DEV_CLOUD_DIR ?? defaultDevCloudDir(ctx.cwd));
    if (action === 'down') {
      await devCloudDown({ dir, logger: ctx.logger, purge: values.purge === true });
      ctx.logger.info(values.purge ? `dev-cloud: stopped and removed ${dir}` : 'dev-cloud: stopped');
      return 0;
    }
    const state = action === 'up' ? await devCloudUp({ dir, logger: ctx.logger }) : await readState(dir);
    if (!state) {
      throw new InputError(
        `kiln dev-cloud env: no dev cloud in ${dir}`,
        undefined,
        'start one with: kiln dev-cloud up',
      );
    }
    const names = Object.values(state.clouds);
    const cloud = values.cloud ? String(values.cloud) : state.clouds.admin;
    if (!names.includes(cloud)) {
      throw new InputError(
        `kiln dev-cloud: unknown cloud '${cloud}'`,
        undefined,
        `the dev cloud has ${names.join(', ')}`,
      );
    }
    if (action === 'up') {
      ctx.logger.info(
        `dev-cloud: clouds ${names.join(', ')} in ${state.cloudsYaml}; use them with: eval "$(kiln dev-cloud env)"`,
      );
    }
    ctx.stdout(envLines(state, cloud).join('\n') + '\n');
    return 0;
  },
};
