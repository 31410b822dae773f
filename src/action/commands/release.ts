// The action's `release` command: waits for the core function it adapts (see the report of the action issue).
import { WorldError } from '../../errors.js';
import type { ActionCommand } from '../context.js';

export const releaseAction: ActionCommand = async () => {
  throw new WorldError({ doing: 'kiln release', answer: 'not wired into the action yet' });
};
