// Placeholder until the issue that owns `kiln plan` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const planCommand: Command = {
  name: 'plan',
  summary: '(not implemented yet)',
  usage: 'kiln plan',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln plan', answer: 'not implemented yet' });
  },
};
