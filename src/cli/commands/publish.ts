// Placeholder until the issue that owns `kiln publish` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const publishCommand: Command = {
  name: 'publish',
  summary: '(not implemented yet)',
  usage: 'kiln publish',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln publish', answer: 'not implemented yet' });
  },
};
