// The action's `test` command: waits for the core function it adapts (see the report of the action issue).
import { WorldError } from '../../errors.js';
import type { ActionCommand } from '../context.js';

export const testAction: ActionCommand = async () => {
  throw new WorldError({ doing: 'kiln test', answer: 'not wired into the action yet' });
};
