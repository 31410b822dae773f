// A parsed YAML config file that still knows where every node came from, so that any later check
// can point at `file:line:col`. YAML syntax errors and duplicate keys become InputErrors here.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError, type SourcePos } from '../errors.js';

export type PathSegment = string | number;

export class YamlFile {
  readonly file: string;
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  private constructor(file: string, doc: Document.Parsed, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }

  /** Parses `text`; `file` is the name used in messages. */
  static parse(file: string, text: string): { file: YamlFile; errors: InputError[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const yf = new YamlFile(file, doc, lines);
    const errors = doc.errors.map((e) => {
      const message =
        e.code === 'DUPLICATE_KEY'
          ? 'duplicate key: each key may appear only once in a mapping'
          : firstLine(e.message);
      return new InputError(
        message,
        yf.at(e.pos[0]),
        e.code === 'DUPLICATE_KEY' ? undefined : 'invalid YAML',
      );
    });
    return { file: yf, errors };
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
        const pair = node.items.find((p) => isPair(p) && keyValue(p.key) === String(seg));
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
