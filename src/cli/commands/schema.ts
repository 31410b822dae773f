// `kiln schema`: print the JSON Schema of a config file (default images).
import { SCHEMA_KINDS, schemaText, type SchemaKind } from '../../config/json-schema.js';
import { EXIT_OK, InputError } from '../../errors.js';
import type { Command } from '../command.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of images.yaml (or sites, third-party) for editors',
  usage: `kiln schema [${SCHEMA_KINDS.join('|')}]`,
  options: {},
  flags: {},
  operands: { [SCHEMA_KINDS.join('|')]: 'which config file (default images)' },
  async run(_values, positionals, ctx) {
    const kind = positionals[0] ?? 'images';
    if (positionals.length > 1 || !(SCHEMA_KINDS as readonly string[]).includes(kind)) {
      throw new InputError(
        `kiln schema: unknown config file '${positionals.join(' ')}'`,
        undefined,
        `usage: ${this.usage}`,
      );
    }
    ctx.stdout(schemaText(kind as SchemaKind));
    return EXIT_OK;
  },
};
