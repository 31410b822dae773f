import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import "./chunk-XW7PKT2X.js";
import {
  imagesFileSchema,
  sitesFileSchema,
  thirdPartyFileSchema,
  toJSONSchema
} from "./chunk-DJTE6M5J.js";
import "./chunk-YDNOFHPX.js";
import {
  EXIT_OK,
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/config/json-schema.ts
var SCHEMA_KINDS = ["images", "sites", "third-party"];
var SOURCES = {
  images: { schema: imagesFileSchema, title: "kiln images.yaml: the images to build" },
  sites: { schema: sitesFileSchema, title: "kiln sites.yaml: the clouds images are published to" },
  "third-party": {
    schema: thirdPartyFileSchema,
    title: "kiln third-party.yaml: pinned repos of DIB elements"
  }
};
function jsonSchema(kind) {
  const { schema, title } = SOURCES[kind];
  const generated = toJSONSchema(schema, { target: "draft-7", io: "input" });
  return { ...generated, title };
}
function schemaText(kind) {
  return JSON.stringify(jsonSchema(kind), null, 2) + "\n";
}

// src/cli/commands/schema.ts
var schemaCommand = {
  name: "schema",
  summary: "print the JSON Schema of images.yaml (or sites, third-party) for editors",
  usage: `kiln schema [${SCHEMA_KINDS.join("|")}]`,
  options: {},
  flags: {},
  operands: { [SCHEMA_KINDS.join("|")]: "which config file (default images)" },
  async run(_values, positionals, ctx) {
    const kind = positionals[0] ?? "images";
    if (positionals.length > 1 || !SCHEMA_KINDS.includes(kind)) {
      throw new InputError(
        `kiln schema: unknown config file '${positionals.join(" ")}'`,
        void 0,
        `usage: ${this.usage}`
      );
    }
    ctx.stdout(schemaText(kind));
    return EXIT_OK;
  }
};
export {
  schemaCommand
};
