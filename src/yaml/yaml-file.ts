// A parsed YAML file that still knows where every node came from, so that any later check can point
// at `file:line:col`: kiln's config files and clouds.yaml alike. YAML syntax errors, duplicate keys
// and aliases that expand too far become InputErrors here (document-checks.ts).
//
// js-yaml's event parser reads the file once and gives the source offset of every node; the value is
// constructed from those same events. That is several times faster than the yaml library's document
// model, which matters for a catalogue of a thousand images: `kiln plan` parses it on every run. The
// yaml library is loaded only when a file has a syntax error (syntax-errors.ts), because it reports
// every error at once. Positions are worked out only when one is read (node-positions.ts).
import { constructFromEvents, CORE_SCHEMA, mergeTag, parseEvents, YAMLException, type Event } from 'js-yaml';
import type { InputError, SourcePos } from '../errors.js';
import { aliasBomb, MAX_EXPANDED_NODES, repeatedKeys } from './document-checks.js';
import { buildTree, offsetOf, type PathSegment, type PosNode } from './node-positions.js';
import type { syntaxErrors } from './syntax-errors.js';

/**
 * YAML merge keys (`<<: *base`), which real catalogues and clouds.yaml files use to share settings,
 * are not in the YAML 1.2 core schema; kiln reads them everywhere it reads YAML. The merged-key budget
 * is the alias one.
 */
const LOAD_OPTIONS = { schema: CORE_SCHEMA.withTags(mergeTag), maxTotalMergeKeys: MAX_EXPANDED_NODES };

/** A file read: `file` is undefined when the text is not YAML at all, and then `errors` say why. */
export interface ParsedYaml {
  file?: YamlFile;
  errors: InputError[];
}

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
   * Parses `text`; `file` is the name used in messages. A syntax error loads the yaml library to
   * report every one of them.
   */
  static async parse(file: string, text: string): Promise<ParsedYaml> {
    const read = YamlFile.read(file, text);
    if (!('notYaml' in read)) return read;
    return { errors: (await import('./syntax-errors.js')).syntaxErrors(file, text, read.notYaml) };
  }

  /**
   * Parses `text` without awaiting, for callers that cannot: they pass syntax-errors.ts's
   * `syntaxErrors`, so load the yaml library up front.
   */
  static parseSync(file: string, text: string, describe: typeof syntaxErrors): ParsedYaml {
    const read = YamlFile.read(file, text);
    return 'notYaml' in read ? { errors: describe(file, text, read.notYaml) } : read;
  }

  /** The file, or `notYaml`: js-yaml's error (undefined when the text holds several documents). */
  private static read(file: string, text: string): ParsedYaml | { notYaml: YAMLException | undefined } {
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
      return { notYaml: err };
    }
    if (docs.length > 1) return { notYaml: undefined };
    const value = docs.length ? docs[0] : null;
    const yf = new YamlFile(file, text, events, value);
    const at = (offset: number) => yf.at(offset);
    const bomb = aliasBomb(events, value, at);
    if (bomb) return { errors: [bomb] };
    return { file: yf, errors: repeats ? repeatedKeys(events, text, at) : [] };
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
    return offsetOf(this.tree.root, path, which);
  }
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
