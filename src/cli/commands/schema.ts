// Placeholder until the issue that owns `kiln schema` lands; replaced by the real command.
import { WorldError } from '../../errors.js';
import type { Command } from '../command.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: '(not implemented yet)',
  usage: 'kiln schema',
  options: {},
  async run() {
    throw new WorldError({ doing: 'kiln schema', answer: 'not implemented yet' });
  },
};
