// What a parsed YAML document may not hold, found from js-yaml's events and the constructed value:
// a key repeated in one mapping, and aliases that expand it beyond what later stages can walk.
import { EVENT_ID, type Event } from 'js-yaml';
import { InputError, type SourcePos } from '../errors.js';
import { keyOf, scalarStart } from './node-positions.js';

/**
 * How many nodes a document may expand to through aliases (js-yaml shares aliased objects, but every
 * later stage walks them): a few aliased lists are fine, an exponential "billion laughs" is not.
 */
export const MAX_EXPANDED_NODES = 1_000_000;

/** The error for a document whose aliases expand it beyond MAX_EXPANDED_NODES; `at` positions offsets. */
export function aliasBomb(
  events: Event[],
  value: unknown,
  at: (offset: number) => SourcePos,
): InputError | undefined {
  const alias = events.find((e) => e.type === EVENT_ID.ALIAS);
  if (!alias || !expandsBeyond(value, MAX_EXPANDED_NODES)) return undefined;
  return new InputError(
    `aliases expand this document to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes`,
    at(alias.anchorStart - 1),
    'invalid YAML',
  );
}

/** An error for every key repeated in a mapping, at the repeat (whose value is the one kept). */
export function repeatedKeys(events: Event[], text: string, at: (offset: number) => SourcePos): InputError[] {
  return duplicateKeys(events, text).map(
    ({ key, offset }) =>
      new InputError(`duplicate key '${key}': each key may appear only once in a mapping`, at(offset)),
  );
}

/**
 * Keys that appear twice in one mapping, in document order (the later one is reported; its value is
 * the one kept). One pass over the events, without building the position tree.
 */
function duplicateKeys(events: Event[], text: string): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  // One frame per open collection: a mapping's keys so far and whether its next node is a key.
  const open: ({ keys: Set<string>; nextIsKey: boolean } | undefined)[] = [];
  for (const e of events) {
    if (e.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (e.type === EVENT_ID.DOCUMENT) {
      open.push(undefined);
      continue;
    }
    const map = open.at(-1);
    if (map) {
      if (map.nextIsKey && e.type === EVENT_ID.SCALAR) {
        const key = keyOf(e, text);
        if (map.keys.has(key)) found.push({ key, offset: scalarStart(e, text) });
        map.keys.add(key);
      }
      map.nextIsKey = !map.nextIsKey;
    }
    if (e.type === EVENT_ID.MAPPING) open.push({ keys: new Set(), nextIsKey: true });
    else if (e.type === EVENT_ID.SEQUENCE) open.push(undefined);
  }
  return found;
}

/** Whether walking `value` (aliased parts once per use) visits more than `limit` nodes. */
function expandsBeyond(value: unknown, limit: number): boolean {
  let budget = limit;
  const walk = (v: unknown): boolean => {
    if (--budget < 0) return true;
    if (v === null || typeof v !== 'object') return false;
    return (Array.isArray(v) ? v : Object.values(v)).some(walk);
  };
  return walk(value);
}
