// What is wrong with a file that is not YAML: the yaml library goes on after the first error and
// reports them all, where js-yaml stops at one. yaml-file.ts loads this only for such a file (callers
// that cannot await pass it in, loading the yaml library up front).
import type { YAMLException } from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import { InputError, type SourcePos } from '../errors.js';

/**
 * Every syntax error of a file js-yaml rejected, as the yaml library describes them (it goes on
 * after the first). Should the yaml library find nothing wrong, js-yaml's own error is reported.
 */
export function syntaxErrors(file: string, text: string, err?: YAMLException): InputError[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  const found = (Array.isArray(docs) ? docs : []).flatMap((d) =>
    d.errors.map((e) => new InputError(firstLine(e.message), at(e.pos[0]), 'invalid YAML')),
  );
  if (found.length) return found;
  if (Array.isArray(docs) && docs.length > 1) {
    return [
      new InputError(
        'a config file holds one YAML document, not several',
        at(docs[1].range[0]),
        'invalid YAML',
      ),
    ];
  }
  const mark = err?.mark;
  const pos = mark ? { file, line: mark.line + 1, col: mark.column + 1 } : { file, line: 1, col: 1 };
  return [new InputError(firstLine(err?.reason ?? 'invalid YAML'), pos, 'invalid YAML')];
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
