// Reading the state of one name on one site from Glance alone, and deciding what repairs bring it
// back to "exactly one active image named N". Pure: takes the listed images, returns decisions.
//
// The swap (swap.ts) goes through these states; each one is recognised here:
//   (a) staging uploaded, verified, not yet swapped   -> a verified staging: reused if it carries
//                                                        this build, else deleted
//   (b) old N renamed to its archive name             -> no N, an archive-pending image (has
//       (+ kiln_replaced_by = staging id)                kiln_replaced_by, no kiln:archived tag)
//                                                        whose staging is verified: finish the swap;
//                                                        if that staging is gone: restore the old name
//   (c) staging renamed to N, made visible            -> an image named N still tagged kiln:staging:
//                                                        remove the tag
//   (d) staging tag removed                           -> archive-pending image whose replacement is
//                                                        the current N: add kiln:archived
//   (e) done
// Anything else tagged kiln:staging for N is a leftover of an earlier failed run and is deleted.
import type { GlanceImage } from '../openstack/glance-types.js';
import { isStaging, isVerified, prop, PROP, TAG_ARCHIVED } from './kiln-markers.js';

/** What the image must carry to be "this build" (no-op and staging reuse). */
export interface Wanted {
  name: string;
  key: string;
  sourceSha512: string;
  diskFormat: string;
}

export type Repair =
  | { kind: 'finish-swap'; staging: GlanceImage; archived: GlanceImage }
  | { kind: 'restore-name'; archived: GlanceImage }
  | { kind: 'untag-staging'; image: GlanceImage }
  | { kind: 'tag-archived'; image: GlanceImage }
  | { kind: 'delete-staging'; image: GlanceImage }
  | { kind: 'archive-duplicate'; image: GlanceImage; keeper: GlanceImage };

export interface SiteState {
  /** The active image named N (after the repairs), if any. */
  current?: GlanceImage;
  /** A verified staging image of this very build that can be swapped in without uploading again. */
  reusable?: GlanceImage;
  /** Archived images of N (tagged), newest first. */
  archived: GlanceImage[];
  repairs: Repair[];
  /** Set when the state cannot be repaired safely; nothing may be changed. */
  refusal?: string;
}

const GONE = new Set(['deleted', 'pending_delete']);
const newestFirst = (a: GlanceImage, b: GlanceImage) =>
  b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);

export const carriesBuild = (image: GlanceImage, w: Wanted): boolean =>
  prop(image, PROP.buildKey) === w.key &&
  prop(image, PROP.sourceSha512) === w.sourceSha512 &&
  image.disk_format === w.diskFormat &&
  isVerified(image);

export function describeImage(image: GlanceImage): string {
  return `${image.id} '${image.name}' (${image.status}, created ${image.created_at})`;
}

/** `images`: everything listed for the name N and for `kiln_target=N` (duplicates are fine). */
export function analyse(images: GlanceImage[], projectId: string, w: Wanted): SiteState {
  const byId = new Map<string, GlanceImage>();
  for (const i of images) if (i.owner === projectId && !GONE.has(i.status)) byId.set(i.id, i);
  const own = [...byId.values()].sort(newestFirst);
  const targetsN = (i: GlanceImage) => prop(i, PROP.target) === w.name;
  const stagings = own.filter((i) => isStaging(i) && (targetsN(i) || i.name === w.name));
  const activeN = own.filter((i) => i.name === w.name && i.status === 'active' && !isStaging(i));
  const pending = own.filter(
    (i) =>
      targetsN(i) &&
      i.name !== w.name &&
      !isStaging(i) &&
      prop(i, PROP.replacedBy) !== undefined &&
      !i.tags.includes(TAG_ARCHIVED),
  );
  const repairs: Repair[] = [];
  const used = new Set<string>();

  // (c): a staging that already carries the name is the live image; only its tag is missing.
  const swappedIn = stagings.find((s) => s.name === w.name && isVerified(s));
  let current: GlanceImage | undefined = swappedIn ?? activeN[0];
  if (swappedIn) {
    used.add(swappedIn.id);
    repairs.push({ kind: 'untag-staging', image: swappedIn });
  }

  if (!current) {
    // (b): finish a swap whose staging is verified, else give the old image its name back.
    for (const a of pending) {
      const s = stagings.find((x) => x.id === prop(a, PROP.replacedBy));
      if (s && isVerified(s) && !used.has(s.id)) {
        repairs.push({ kind: 'finish-swap', staging: s, archived: a });
        used.add(s.id).add(a.id);
        current = s;
        break;
      }
    }
    if (!current && pending.length > 0) {
      repairs.push({ kind: 'restore-name', archived: pending[0] });
      used.add(pending[0].id);
      current = pending[0];
    }
  }
  // (d): archived by a swap that completed; add the tag retention looks for.
  for (const a of pending) if (!used.has(a.id)) repairs.push({ kind: 'tag-archived', image: a });

  let refusal: string | undefined;
  const others = activeN.filter((i) => i.id !== current?.id);
  if (current && others.length > 0) {
    // Two or more active N. Repair only when the newest is clearly kiln's verified publish.
    if (prop(current, PROP.buildKey) && isVerified(current)) {
      for (const o of others) repairs.push({ kind: 'archive-duplicate', image: o, keeper: current });
    } else {
      refusal =
        `${activeN.length} active images are named '${w.name}' and the newest is not one kiln published and ` +
        `verified: ${activeN.map(describeImage).join('; ')}. Rename or delete all but one, then run again`;
    }
  }

  let reusable: GlanceImage | undefined;
  for (const s of stagings) {
    if (used.has(s.id)) continue;
    const keep = !reusable && carriesBuild(s, w) && !(current && carriesBuild(current, w));
    if (keep) reusable = s;
    else repairs.push({ kind: 'delete-staging', image: s });
  }

  const archived = own.filter((i) => targetsN(i) && i.tags.includes(TAG_ARCHIVED) && i.name !== w.name);
  if (refusal) return { archived, repairs: [], refusal };
  return { current, reusable, archived, repairs };
}
