// Placeholder until the issue that owns `kiln validate` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: '(not implemented yet)',
  usage: 'kiln validate',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln validate', answer: 'not implemented yet' });
  },
};
