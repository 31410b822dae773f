// The clouds.yaml secret: every secret value inside it is masked before anything else runs, the file
// is written 0600 in a 0700 temp folder, and removed at the end of the step (also after a failure).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import { Input } from './constants.js';

/** Keys whose values are credentials (Keystone password, application credential, token, ...). */
const SECRET_KEY = /pass(word)?|secret|token|credential|private|key$/i;

/** Every string value under a secret-looking key, at any depth. */
export function secretValues(node: unknown, underSecretKey = false): string[] {
  if (typeof node === 'string' || typeof node === 'number') return underSecretKey ? [String(node)] : [];
  if (Array.isArray(node)) return node.flatMap((v) => secretValues(v, underSecretKey));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => secretValues(v, underSecretKey || SECRET_KEY.test(k)));
  }
  return [];
}

export interface CloudsFile {
  /** The clouds.yaml path; OS_CLIENT_CONFIG_FILE points here. */
  path: string;
  remove(): Promise<void>;
}

export async function writeCloudsYaml(text: string, tmpRoot: string, logger: Logger): Promise<CloudsFile> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    // Only the position: yaml's own message quotes the source, which holds the secrets.
    const at = doc.errors[0].linePos?.[0];
    throw new InputError(
      `input '${Input.CloudsYaml}' is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}`,
    );
  }
  const data: unknown = doc.toJS();
  for (const v of secretValues(data)) logger.secret(v);
  if (!data || typeof data !== 'object' || !('clouds' in data)) {
    throw new InputError(
      `input '${Input.CloudsYaml}' has no 'clouds:' mapping`,
      undefined,
      'it must hold a clouds.yaml',
    );
  }
  const dir = await mkdtemp(join(tmpRoot, 'kiln-clouds-'));
  const path = join(dir, 'clouds.yaml');
  await writeFile(path, text, { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
