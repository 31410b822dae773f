// The action's `build` command: waits for the core function it adapts (see the report of the action issue).
import { WorldError } from '../../errors.js';
import type { ActionCommand } from '../context.js';

export const buildAction: ActionCommand = async () => {
  throw new WorldError({ doing: 'kiln build', answer: 'not wired into the action yet' });
};
