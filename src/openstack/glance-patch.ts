// JSON-patch operations for Glance custom properties. Glance answers 409 to `add` of a property that
// exists and to `replace`/`remove` of one that does not, so the op depends on the image as listed.
import type { GlanceImage, PatchOp } from './glance-types.js';

export function setProps(image: GlanceImage, props: Record<string, string>): PatchOp[] {
  return Object.entries(props)
    .filter(([k, v]) => image[k] !== v)
    .map(([k, v]) => ({ op: k in image ? 'replace' : 'add', path: `/${k}`, value: v }));
}

export function removeProps(image: GlanceImage, keys: string[]): PatchOp[] {
  return keys.filter((k) => k in image).map((k) => ({ op: 'remove', path: `/${k}` }));
}

export const rename = (name: string): PatchOp => ({ op: 'replace', path: '/name', value: name });
