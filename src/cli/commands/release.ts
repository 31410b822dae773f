// Placeholder until the issue that owns `kiln release` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const releaseCommand: Command = {
  name: 'release',
  summary: '(not implemented yet)',
  usage: 'kiln release',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln release', answer: 'not implemented yet' });
  },
};
