// Placeholder until the issue that owns `kiln sync` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const syncCommand: Command = {
  name: 'sync',
  summary: '(not implemented yet)',
  usage: 'kiln sync',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln sync', answer: 'not implemented yet' });
  },
};
