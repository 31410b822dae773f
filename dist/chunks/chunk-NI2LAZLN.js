import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/log.ts
var Masker = class {
  values = /* @__PURE__ */ new Set();
  add(value) {
    if (value && value.length >= 4) this.values.add(value);
  }
  mask(text) {
    let out = text;
    for (const v of this.values) out = out.split(v).join("***");
    return out;
  }
};
function streamLogger(options = {}) {
  const write = options.write ?? ((t) => void process.stderr.write(t));
  const masker = options.masker ?? new Masker();
  const where = (pos) => pos ? `${pos.file}:${pos.line}:${pos.col}: ` : "";
  const line = (text) => write(masker.mask(text) + "\n");
  return {
    info: (m) => line(m),
    warn: (m, pos) => line(`warning: ${where(pos)}${m}`),
    error: (m, pos) => line(`error: ${where(pos)}${m}`),
    debug: (m) => {
      if (options.debug) line(`debug: ${m}`);
    },
    async group(title, fn) {
      line(`== ${title}`);
      return fn();
    },
    secret: (v) => masker.add(v)
  };
}

export {
  Masker,
  streamLogger
};
