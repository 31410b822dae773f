// Placeholder until the issue that owns `kiln build` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const buildCommand: Command = {
  name: 'build',
  summary: '(not implemented yet)',
  usage: 'kiln build',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln build', answer: 'not implemented yet' });
  },
};
