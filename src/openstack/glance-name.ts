// The Glance name of a build. By default the image name for its first architecture (the usual one,
// so existing consumers keep finding "debian-12"), `<name>-<arch>` for any further architecture, so
// that every name points at exactly one image. `glance_name` templates override that per
// architecture (Chameleon names arm64 builds `CC-Ubuntu22.04-ARM64`).
import type { Arch, ResolvedImage } from '../config/types.js';

export function glanceName(
  image: Pick<ResolvedImage, 'name' | 'architectures'> & { glance_name?: ResolvedImage['glance_name'] },
  arch: Arch,
): string {
  const template = image.glance_name?.[arch];
  if (template !== undefined) return expandGlanceName(template, image.name, arch);
  const first = image.architectures[0] ?? arch;
  return arch === first ? image.name : `${image.name}-${arch}`;
}

/** `{image}`, `{arch}` and `{ARCH}` of a `glance_name` template filled in. */
function expandGlanceName(template: string, image: string, arch: Arch): string {
  const values: Record<string, string> = { image, arch, ARCH: arch.toUpperCase() };
  return template.replace(/\{(image|arch|ARCH)\}/g, (_, k: string) => values[k]!);
}
