// A parsed YAML config file that still knows where every node came from, so that any later check
// can point at `file:line:col`. YAML syntax errors and duplicate keys become InputErrors here.
//
// js-yaml's event parser reads the file once and gives the source offset of every node; the value is
// constructed from those same events. That is several times faster than the yaml library's document
// model, which matters for a catalogue of a thousand images: `kiln plan` parses it on every run. The
// yaml library is loaded only when a file has a syntax error (yaml-syntax-errors.ts), because it
// reports every error at once.
import {
  constructFromEvents,
  CORE_SCHEMA,
  EVENT_ID,
  getScalarValue,
  mergeTag,
  parseEvents,
  SCALAR_STYLE,
  YAMLException,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { InputError, type SourcePos } from '../errors.js';

export type PathSegment = string | number;

/** A node of the document reduced to what positions need: where it starts and what it holds. */
type PosNode = MapNode | SeqNode | LeafNode;
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

/**
 * How many nodes a document may expand to through aliases (js-yaml shares aliased objects, but every
 * later stage walks them): a few aliased lists are fine, an exponential "billion laughs" is not.
 */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * YAML merge keys (`<<: *base`), which real catalogues use to share settings, are not in the YAML
 * 1.2 core schema; kiln reads them everywhere it reads YAML. The merged-key budget is the alias one.
 */
const LOAD_OPTIONS = { schema: CORE_SCHEMA.withTags(mergeTag), maxTotalMergeKeys: MAX_EXPANDED_NODES };
const MERGE_KEY = '<<';

export class YamlFile {
  readonly file: string;
  private readonly text: string;
  private readonly events: Event[];
  private readonly _value: unknown;
  /** Node positions, built from the events on the first position asked for. */
  private tree?: { root: PosNode | undefined };
  /** Offsets where each line starts, built on first use. */
  private lineStarts?: number[];

  private constructor(file: string, text: string, events: Event[], value: unknown) {
    this.file = file;
    this.text = text;
    this.events = events;
    this._value = value;
  }

  /**
   * Parses `text`; `file` is the name used in messages. `file` is undefined when the text is not
   * YAML at all (syntax errors, several documents): then `errors` say why.
   */
  static async parse(file: string, text: string): Promise<{ file?: YamlFile; errors: InputError[] }> {
    let events: Event[];
    let docs: unknown[];
    // js-yaml stops at the first repeated key unless `json` is set (then the later value wins):
    // only a file that has one is scanned for all of them.
    let repeats = false;
    try {
      events = parseEvents(text, { filename: file });
      try {
        docs = constructFromEvents(events, { ...LOAD_OPTIONS, source: text });
      } catch (err) {
        if (!(err instanceof YAMLException && err.reason === 'duplicated mapping key')) throw err;
        docs = constructFromEvents(events, { ...LOAD_OPTIONS, source: text, json: true });
        repeats = true;
      }
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      return { errors: (await import('./yaml-syntax-errors.js')).syntaxErrors(file, text, err) };
    }
    if (docs.length > 1)
      return { errors: (await import('./yaml-syntax-errors.js')).syntaxErrors(file, text) };
    const value = docs.length ? docs[0] : null;
    const yf = new YamlFile(file, text, events, value);
    const alias = events.find((e) => e.type === EVENT_ID.ALIAS);
    if (alias && expandsBeyond(value, MAX_EXPANDED_NODES)) {
      return {
        errors: [
          new InputError(
            `aliases expand this document to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes`,
            yf.at(alias.anchorStart - 1),
            'invalid YAML',
          ),
        ],
      };
    }
    const duplicates = (repeats ? duplicateKeys(events, text) : []).map(
      ({ key, offset }) =>
        new InputError(`duplicate key '${key}': each key may appear only once in a mapping`, yf.at(offset)),
    );
    return { file: yf, errors: duplicates };
  }

  /** The plain JavaScript value of the document (null for an empty file; a repeated key's last value). */
  value(): unknown {
    return this._value;
  }

  /** True when the document holds nothing (an empty or comments-only file, or a lone `null`). */
  isEmpty(): boolean {
    return this._value === null || this._value === undefined;
  }

  /** Position of a character offset (line and column from 1). */
  at(offset: number): SourcePos {
    return positionIn(this.file, (this.lineStarts ??= lineStarts(this.text)), offset);
  }

  /**
   * Position of the node at `path`: its key (`'key'`) or its value (`'value'`). When the path runs
   * past what exists (a missing key), the deepest node that exists is used: the key that introduces
   * the mapping the missing key belongs in.
   *
   * Worked out when first read: loading a catalogue records a position for every image and element,
   * and only the few that end up in a message are ever looked at.
   */
  pos(path: readonly PathSegment[], which: 'key' | 'value' = 'value'): SourcePos {
    const segments = [...path];
    let found: SourcePos | undefined;
    const get = () => (found ??= this.at(this.offsetOf(segments, which)));
    return {
      file: this.file,
      get line() {
        return get().line;
      },
      get col() {
        return get().col;
      },
    };
  }

  private offsetOf(path: readonly PathSegment[], which: 'key' | 'value'): number {
    this.tree ??= { root: buildTree(this.events, this.text) };
    let node = this.tree.root;
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
function buildTree(events: Event[], text: string): PosNode | undefined {
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
function scalarStart(e: ScalarEvent, text: string): number {
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
function keyOf(e: ScalarEvent, text: string): string {
  const raw = getScalarValue(text, e);
  if (e.style !== SCALAR_STYLE.PLAIN || e.tagStart >= 0 || !NON_STRING.test(raw)) return raw;
  const doc = { type: EVENT_ID.DOCUMENT, explicitStart: false, explicitEnd: false, directives: [] } as Event;
  return String(constructFromEvents([doc, e, { type: EVENT_ID.POP }], { source: text })[0]);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionIn(file: string, starts: number[], offset: number): SourcePos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file, line: lo + 1, col: offset - starts[lo] + 1 };
}
