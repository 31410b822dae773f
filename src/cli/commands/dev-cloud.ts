// Placeholder until the issue that owns `kiln dev-cloud` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const devCloudCommand: Command = {
  name: 'dev-cloud',
  summary: '(not implemented yet)',
  usage: 'kiln dev-cloud',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln dev-cloud', answer: 'not implemented yet' });
  },
};
