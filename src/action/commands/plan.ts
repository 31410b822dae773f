// The action's `plan` command: waits for the core function it adapts (see the report of the action issue).
import { WorldError } from '../../errors.js';
import type { ActionCommand } from '../context.js';

export const planAction: ActionCommand = async () => {
  throw new WorldError({ doing: 'kiln plan', answer: 'not wired into the action yet' });
};
