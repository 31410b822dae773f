// Placeholder until the issue that owns `kiln test` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const testCommand: Command = {
  name: 'test',
  summary: '(not implemented yet)',
  usage: 'kiln test',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln test', answer: 'not implemented yet' });
  },
};
