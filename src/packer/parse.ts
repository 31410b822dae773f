// Parsing the files a Packer image is made of: HCL2 through HashiCorp's own parser (compiled to
// WebAssembly, @cdktf/hcl2json: HCL in, the same structure as JSON out), JSON with JSON.parse. A
// syntax error is bad input at file:line:col. The WebAssembly module takes about a second to start,
// so it is loaded on the first HCL file only: a catalogue of DIB images never pays for it.
import { InputError, type SourcePos } from '../errors.js';

/**
 * Parsed files by name and content: validate, the keys of the work tree and of `plan --since`'s
 * commit and the build all read the same templates, mostly unchanged.
 */
const parsed = new Map<string, Promise<Record<string, unknown>>>();

/** HCL2 text; `file` (root-relative) is the path errors name. Callers must not change the result. */
export function parseHcl(file: string, text: string): Promise<Record<string, unknown>> {
  const key = `${file}\0${text}`;
  let result = parsed.get(key);
  if (!result) {
    result = parseHclOnce(file, text);
    parsed.set(key, result);
  }
  return result;
}

async function parseHclOnce(file: string, text: string): Promise<Record<string, unknown>> {
  const { hclToJson } = await import('./hcl-wasm.js');
  try {
    return await hclToJson(file, text);
  } catch (err) {
    // "parse config: [file:3,5-6: Summary; Detail.]", one bracketed list for all diagnostics.
    const message = (err as Error).message.replace(/^parse config: \[|\]$/g, '');
    const m = /^(.*?):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: (.*)$/s.exec(message);
    if (!m) throw new InputError(`${file}: not valid HCL2: ${message}`, { file, line: 1, col: 1 });
    throw new InputError(`not valid HCL2: ${m[4].trim()}`, {
      file,
      line: Number(m[2]),
      col: Number(m[3]),
    });
  }
}

/** JSON text; a syntax error names its line and column. */
export function parseJson(file: string, text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError('expected a JSON object', { file, line: 1, col: 1 });
    }
    return value as Record<string, unknown>;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const message = (err as Error).message;
    const offset = /at position (\d+)/.exec(message);
    const pos = offset ? lineCol(text, Number(offset[1])) : { line: 1, col: 1 };
    throw new InputError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      file,
      ...pos,
    });
  }
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/**
 * Where `needle` first appears in `text` (the parser gives values, not positions: a value's
 * position is found where its text is), else the first line.
 */
export function positionOf(file: string, text: string, needle: string): SourcePos {
  const i = text.indexOf(needle);
  return { file, ...(i < 0 ? { line: 1, col: 1 } : lineCol(text, i)) };
}
