// What a complete release holds: every image x architecture of the tag's configuration, with the
// build key the plan computes for it and the name publish gives it.
import { keyConfig, type PlanDeps } from '../plan/plan-builds.js';
import { glanceName } from '../openstack/glance-name.js';
import type { ExpectedBuild } from './manifest.js';

export async function expectedBuilds(project: Pick<PlanDeps, 'config' | 'source'>): Promise<ExpectedBuild[]> {
  const { config, keys } = await keyConfig(project.config, project.source);
  const builds: ExpectedBuild[] = [];
  for (const image of config.images.values()) {
    for (const arch of image.architectures) {
      builds.push({
        image: image.name,
        arch,
        key: keys.get(image.name)!.keys.get(arch)!,
        name: glanceName(image, arch),
        properties: image.properties,
        manifestExtra: image.manifest_extra,
      });
    }
  }
  return builds;
}
