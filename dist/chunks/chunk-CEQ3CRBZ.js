import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import {
  __toESM
} from "./chunk-NRF5ZCPO.js";

// src/yaml/syntax-errors.ts
var import_yaml = __toESM(require_dist(), 1);
function syntaxErrors(file, text, err) {
  const lines = new import_yaml.LineCounter();
  const docs = (0, import_yaml.parseAllDocuments)(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const at = (offset) => ({ file, ...lines.linePos(offset) });
  const found = (Array.isArray(docs) ? docs : []).flatMap(
    (d) => d.errors.map((e) => new InputError(firstLine(e.message), at(e.pos[0]), "invalid YAML"))
  );
  if (found.length) return found;
  if (Array.isArray(docs) && docs.length > 1) {
    return [
      new InputError(
        "a config file holds one YAML document, not several",
        at(docs[1].range[0]),
        "invalid YAML"
      )
    ];
  }
  const mark = err?.mark;
  const pos = mark ? { file, line: mark.line + 1, col: mark.column + 1 } : { file, line: 1, col: 1 };
  return [new InputError(firstLine(err?.reason ?? "invalid YAML"), pos, "invalid YAML")];
}
function firstLine(message) {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

export {
  syntaxErrors
};
