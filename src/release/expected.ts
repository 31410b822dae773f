// What a complete release holds: every image x architecture of the tag's configuration, with the
// build key the plan computes for it and the name publish gives it.
import type { Logger } from '../log.js';
import { loadAndKey } from '../plan/plan-builds.js';
import { glanceName } from '../openstack/glance-name.js';
import type { ExpectedBuild } from './manifest.js';

export async function expectedBuilds(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configDir?: string;
  logger: Logger;
}): Promise<{ builds: ExpectedBuild[]; sites: Awaited<ReturnType<typeof loadAndKey>>['config']['sites'] }> {
  const { config, keys } = await loadAndKey(options);
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
  return { builds, sites: config.sites };
}
