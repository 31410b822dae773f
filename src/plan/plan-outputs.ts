// The plan as GitHub step outputs (the action's outputs and `kiln plan --format github`): each is
// one line of JSON, and GitHub takes at most 1 MB per output (docs/github.md). The matrix is already
// at most 256 jobs; a catalogue large enough to push `images` over the limit gets its entries
// shortened to what identifies a build, then only the first that fit, with a note saying so.
import { InputError } from '../errors.js';
import type { Plan, PlannedImage } from './types.js';

/** GitHub's limit on one job output (1 MB), less room for the output's name and delimiter. */
const MAX_OUTPUT_BYTES = 1_000_000 - 1024;

export interface PlanOutputs {
  matrix: string;
  images: string;
  /** `true` when the plan holds at least one image (GitHub rejects an empty matrix). */
  any: string;
  /** What was left out of an output to fit, for the log and the summary. */
  notes: string[];
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function planOutputs(plan: Plan, maxBytes = MAX_OUTPUT_BYTES): PlanOutputs {
  const matrix = JSON.stringify(plan.matrix);
  if (bytes(matrix) > maxBytes) {
    throw new InputError(
      `the build matrix is ${bytes(matrix)} bytes, more than GitHub's 1 MB per job output`,
      undefined,
      'plan fewer images per run (--since, or a list of images)',
    );
  }
  const { json, note } = imagesOutput(plan.images, maxBytes);
  return { matrix, images: json, any: String(plan.images.length > 0), notes: note ? [note] : [] };
}

function imagesOutput(images: PlannedImage[], maxBytes: number): { json: string; note?: string } {
  const full = JSON.stringify(images);
  if (bytes(full) <= maxBytes) return { json: full };
  const short = images.map(({ name, arch, key, group }) => ({ name, arch, key, group }));
  const json = JSON.stringify(short);
  const why = `the full entries would exceed GitHub's 1 MB per output; \`kiln plan\` prints them all`;
  if (bytes(json) <= maxBytes) {
    return {
      json,
      note: `the images output lists only name, arch, key and group of the ${images.length} planned images: ${why}`,
    };
  }
  // As many whole entries as fit, in plan order (2 bytes for the brackets, 1 per comma).
  let used = 2;
  let fit = 0;
  while (fit < short.length && used + bytes(JSON.stringify(short[fit])) + (fit > 0 ? 1 : 0) <= maxBytes) {
    used += bytes(JSON.stringify(short[fit])) + (fit > 0 ? 1 : 0);
    fit++;
  }
  return {
    json: JSON.stringify(short.slice(0, fit)),
    note: `the images output holds the first ${fit} of the ${images.length} planned images (name, arch, key, group): ${why}`,
  };
}
