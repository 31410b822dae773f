// Where the nodes of a parsed YAML document are, built from js-yaml's event stream: a tree of node
// offsets that a path (keys and indexes into the constructed value) is looked up in, through aliases
// and merge keys as YAML resolves them. Built only when a position is first asked for (yaml-file.ts).
import {
  constructFromEvents,
  EVENT_ID,
  getScalarValue,
  SCALAR_STYLE,
  type Event,
  type ScalarEvent,
} from 'js-yaml';

export type PathSegment = string | number;

/** A node of the document reduced to what positions need: where it starts and what it holds. */
export type PosNode = MapNode | SeqNode | LeafNode;
interface LeafNode {
  kind: 'leaf';
  start: number;
  end?: number;
  /** For an alias (`*name`): the anchored node it stands for. */
  target?: PosNode;
}
interface MapNode {
  kind: 'map';
  start: number;
  pairs: { key: string | undefined; keyNode: PosNode; value: PosNode }[];
  /** Pairs by key, built on first lookup (a catalogue has thousands of images). */
  byKey?: Map<string, { keyNode: PosNode; value: PosNode }>;
}
interface SeqNode {
  kind: 'seq';
  start: number;
  items: PosNode[];
}

const MERGE_KEY = '<<';

/**
 * Offset of the node at `path`: its key (`'key'`) or its value (`'value'`). When the path runs past
 * what exists (a missing key), the deepest node that exists is used: the key that introduces the
 * mapping the missing key belongs in.
 */
export function offsetOf(
  root: PosNode | undefined,
  path: readonly PathSegment[],
  which: 'key' | 'value',
): number {
  let node = root;
  let keyNode: PosNode | undefined;
  let lastKey: PosNode | undefined;
  for (const seg of path) {
    let next: PosNode | undefined;
    keyNode = undefined;
    // Inside an alias, positions are those of the anchored node it repeats.
    node = resolveAlias(node);
    if (node?.kind === 'map') {
      const pair = pairs(node).get(String(seg));
      if (pair) {
        keyNode = pair.keyNode;
        next = pair.value;
      }
    } else if (node?.kind === 'seq' && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined) return (lastKey ?? node)?.start ?? 0;
    if (keyNode) lastKey = keyNode;
    node = next;
  }
  return (which === 'key' && keyNode ? keyNode : node)?.start ?? 0;
}

function pairs(map: MapNode): Map<string, { keyNode: PosNode; value: PosNode }> {
  if (!map.byKey) {
    // The last occurrence wins: it is the one whose value the loader sees.
    const own = new Map<string, { keyNode: PosNode; value: PosNode }>();
    for (const p of map.pairs) if (p.key !== undefined && p.key !== MERGE_KEY) own.set(p.key, p);
    // Merged keys point where they are written (in the anchored mapping); the mapping's own keys win
    // over merged ones, and of several merged mappings the first that has a key wins, as YAML says.
    const merged = new Map<string, { keyNode: PosNode; value: PosNode }>();
    for (const p of map.pairs) {
      if (p.key !== MERGE_KEY) continue;
      const value = resolveAlias(p.value);
      const sources = value?.kind === 'seq' ? value.items.map(resolveAlias) : [value];
      for (const source of sources) {
        if (source?.kind !== 'map' || source === map) continue;
        for (const [key, pair] of pairs(source)) if (!merged.has(key)) merged.set(key, pair);
      }
    }
    map.byKey = new Map([...merged, ...own]);
  }
  return map.byKey;
}

function resolveAlias(node: PosNode | undefined): PosNode | undefined {
  return node?.kind === 'leaf' && node.target ? node.target : node;
}

/** The tree of node positions from the parser's flat event stream (one document at most). */
export function buildTree(events: Event[], text: string): PosNode | undefined {
  let root: PosNode | undefined;
  const open: (MapNode | SeqNode)[] = [];
  /** Anchored nodes by name; a later anchor of the same name replaces an earlier one. */
  const anchors = new Map<string, PosNode>();
  const anchor = (e: { anchorStart: number; anchorEnd: number }, node: PosNode) => {
    if (e.anchorStart >= 0) anchors.set(text.slice(e.anchorStart, e.anchorEnd), node);
  };
  /** A mapping's key waiting for its value. */
  const pendingKey: ({ node: PosNode; key: string | undefined } | undefined)[] = [];
  const add = (node: PosNode, key?: string) => {
    const parent = open.at(-1);
    const pending = pendingKey.at(-1);
    // An empty value (`key:`) is where its text would be: after the key's colon, else its collection.
    if (node.start < 0) {
      node.start =
        pending?.node.kind === 'leaf' && pending.node.end !== undefined
          ? pending.node.end + 1
          : (parent?.start ?? 0);
    }
    if (!parent) root = node;
    else if (parent.kind === 'seq') parent.items.push(node);
    else {
      if (pending) {
        parent.pairs.push({ key: pending.key, keyNode: pending.node, value: node });
        pendingKey[pendingKey.length - 1] = undefined;
      } else {
        pendingKey[pendingKey.length - 1] = { node, key };
      }
    }
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node: MapNode | SeqNode =
          e.type === EVENT_ID.MAPPING
            ? { kind: 'map', start: e.start, pairs: [] }
            : { kind: 'seq', start: e.start, items: [] };
        anchor(e, node);
        add(node);
        open.push(node);
        pendingKey.push(undefined);
        break;
      }
      case EVENT_ID.SCALAR: {
        const node: LeafNode = { kind: 'leaf', start: scalarStart(e, text), end: scalarEnd(e) };
        anchor(e, node);
        add(node, keyOf(e, text));
        break;
      }
      case EVENT_ID.ALIAS:
        add({
          kind: 'leaf',
          start: e.anchorStart - 1,
          target: anchors.get(text.slice(e.anchorStart, e.anchorEnd)),
        });
        break;
      case EVENT_ID.POP:
        if (open.length) {
          open.pop();
          pendingKey.pop();
        }
        break;
    }
  }
  return root;
}

/**
 * Where a scalar starts as the yaml library counts it (which the messages always did): at its opening
 * quote, at the `|` or `>` of a block scalar; -1 for an empty value (it has no text).
 */
export function scalarStart(e: ScalarEvent, text: string): number {
  if (e.valueStart < 0) return -1;
  if (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED)
    return e.valueStart - 1;
  if (e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) {
    // The content starts on a line of its own; the header is the last `|`/`>` before it.
    const header = Math.max(text.lastIndexOf('|', e.valueStart - 1), text.lastIndexOf('>', e.valueStart - 1));
    return header >= 0 ? header : e.valueStart;
  }
  return e.valueStart;
}

/** Where a scalar's text ends: after its closing quote. */
function scalarEnd(e: ScalarEvent): number {
  const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
  return quoted ? e.valueEnd + 1 : e.valueEnd;
}

/** Plain scalars that the core schema reads as something other than a string. */
const NON_STRING = /^(?:[-+.0-9~]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$|$)/;

/**
 * A scalar as a mapping key: the string JavaScript gives the resolved value (`1.0:` is key "1"),
 * so that it matches the paths of the constructed value.
 */
export function keyOf(e: ScalarEvent, text: string): string {
  const raw = getScalarValue(text, e);
  if (e.style !== SCALAR_STYLE.PLAIN || e.tagStart >= 0 || !NON_STRING.test(raw)) return raw;
  const doc = { type: EVENT_ID.DOCUMENT, explicitStart: false, explicitEnd: false, directives: [] } as Event;
  return String(constructFromEvents([doc, e, { type: EVENT_ID.POP }], { source: text })[0]);
}
