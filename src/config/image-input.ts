// One image's own settings from images.yaml, for the checks that follow schema validation. An
// image with a schema error (already reported) is still checked on everything else it says, so
// that one run lists all its problems: the offending keys are set aside and the rest validated.
// Not when the bad key is `builder`: which checks apply depends on it.
import { imageSchema, type ImageInput } from './schema.js';

export interface ImageInputResult {
  input?: ImageInput;
  /** Some keys were set aside: checks that need the whole image (builder fields) are skipped. */
  partial: boolean;
}

export function parseImageInput(raw: unknown): ImageInputResult {
  const full = imageSchema.safeParse(raw);
  if (full.success) return { input: full.data, partial: false };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { partial: true };
  const bad = new Set<string>();
  for (const issue of full.error.issues) {
    if (issue.path.length > 0) bad.add(String(issue.path[0]));
    else if (issue.code === 'unrecognized_keys') issue.keys.forEach((k) => bad.add(k));
    else return { partial: true };
  }
  if (bad.has('builder')) return { partial: true };
  const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
  const parsed = imageSchema.safeParse(rest);
  return { input: parsed.success ? parsed.data : undefined, partial: true };
}
