// The action's `sync` command: waits for the core function it adapts (see the report of the action issue).
import { WorldError } from '../../errors.js';
import type { ActionCommand } from '../context.js';

export const syncAction: ActionCommand = async () => {
  throw new WorldError({ doing: 'kiln sync', answer: 'not wired into the action yet' });
};
