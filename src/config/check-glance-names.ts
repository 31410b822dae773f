// Every Glance name on a site points at exactly one build: two builds (images x architectures) that
// `glance_name` templates, or an image named like another's `-arm64` build, would give one name on
// one site are bad input. Without sites.yaml, the names must differ everywhere.
import { InputError } from '../errors.js';
import { glanceName } from '../openstack/glance-name.js';
import { archRefusal, selectedSites } from './image-sites.js';
import type { ResolvedImage, Site } from './types.js';
import type { YamlFile } from '../yaml/yaml-file.js';

export function checkGlanceNames(
  images: Iterable<ResolvedImage>,
  sites: ReadonlyMap<string, Site>,
  file: YamlFile,
): InputError[] {
  const errors: InputError[] = [];
  const taken = new Map<string, string>();
  for (const image of images) {
    for (const arch of image.architectures) {
      const name = glanceName(image, arch);
      const build = `'${image.name}' (${arch})`;
      const where = sites.size
        ? selectedSites(image, sites)
            .filter((s) => archRefusal(s, arch) === undefined)
            .map((s) => s.name)
        : [undefined];
      for (const site of where) {
        const slot = `${site ?? ''}\0${name}`;
        const other = taken.get(slot);
        if (other === undefined) {
          taken.set(slot, build);
          continue;
        }
        errors.push(
          new InputError(
            `${other} and ${build} would both be published as '${name}'${site === undefined ? '' : ` on site ${site}`}`,
            image.glance_name?.[arch] !== undefined
              ? file.pos(['images', image.name, 'glance_name', arch])
              : image.pos,
            'give each build its own name with glance_name, or publish them to different sites',
          ),
        );
        break;
      }
    }
  }
  return errors;
}
