// A parsed YAML config file that still knows where every node came from, so that any later check
// can point at `file:line:col`. YAML syntax errors and duplicate keys become InputErrors here.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { InputError, type SourcePos } from '../errors.js';

export type PathSegment = string | number;

export class YamlFile {
  readonly file: string;
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;
  /** Pairs of each mapping by key, built on first lookup (a catalogue has thousands of images). */
  private readonly pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

  private constructor(file: string, doc: Document.Parsed, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }

  /** Parses `text`; `file` is the name used in messages. */
  static parse(file: string, text: string): { file: YamlFile; errors: InputError[] } {
    const lines = new LineCounter();
    // The yaml library's own duplicate-key check is quadratic in the size of a mapping: ours is not.
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
    const yf = new YamlFile(file, doc, lines);
    const errors = doc.errors.map(
      (e) => new InputError(firstLine(e.message), yf.at(e.pos[0]), 'invalid YAML'),
    );
    return { file: yf, errors: [...errors, ...yf.duplicateKeys()] };
  }

  /** Keys that appear twice in one mapping (the later one is reported; its value would win). */
  private duplicateKeys(): InputError[] {
    const errors: InputError[] = [];
    visit(this.doc, {
      Map: (_, map) => {
        const seen = new Set<string>();
        for (const pair of map.items) {
          const key = keyValue(pair.key);
          if (key === undefined) continue;
          if (seen.has(key)) {
            errors.push(
              new InputError(
                `duplicate key '${key}': each key may appear only once in a mapping`,
                this.rangeStart(pair.key as Node),
              ),
            );
          }
          seen.add(key);
        }
      },
    });
    return errors;
  }

  /** The plain JavaScript value of the document (null for an empty file). */
  value(): unknown {
    return this.doc.toJS({ maxAliasCount: 1000 });
  }

  /** Position of a character offset. */
  at(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  /**
   * Position of the node at `path`: its key (`'key'`) or its value (`'value'`). When the path runs
   * past what exists (a missing key), the deepest node that exists is used: the key that introduces
   * the mapping the missing key belongs in.
   */
  pos(path: readonly PathSegment[], which: 'key' | 'value' = 'value'): SourcePos {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    let lastKey: Node | undefined;
    for (const seg of path) {
      let next: unknown;
      keyNode = undefined;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(seg));
        if (pair) {
          keyNode = pair.key as Node;
          next = pair.value ?? pair.key;
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (next === undefined) return this.rangeStart(lastKey ?? (node as Node | undefined));
      if (keyNode) lastKey = keyNode;
      node = next;
    }
    return this.rangeStart(which === 'key' && keyNode ? keyNode : (node as Node | undefined));
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let index = this.pairsByKey.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        const key = isPair(p) ? keyValue(p.key) : undefined;
        // The last occurrence: it is the one whose value the loader sees.
        if (key !== undefined) index.set(key, p);
      }
      this.pairsByKey.set(map, index);
    }
    return index;
  }

  private rangeStart(node: Node | undefined | null): SourcePos {
    const offset = node && 'range' in node && node.range ? node.range[0] : 0;
    return this.at(offset);
  }
}

function keyValue(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
