// Where the image files of a release can be downloaded (the manifest's `url`): files a person or a
// later workflow step puts under a base URL, or OpenStack Swift (object-store.ts). Both name a build's
// file `<build name>.<format>`, since record file names repeat across architectures.
import type { BuildResult } from './results.js';

export interface ImageStore {
  urlFor(result: BuildResult, buildName: string): string;
  /** Where the build's SBOM is served beside its image, when the build has one. */
  sbomUrlFor(result: BuildResult, buildName: string): string | undefined;
  /** Puts the files of the manifest's builds there (nothing to do for a base URL). */
  upload(builds: { result: BuildResult; buildName: string }[]): Promise<void>;
}

const imageFileName = (result: BuildResult, buildName: string) => `${buildName}.${result.record.format}`;

/** The name a build's SBOM goes under in a store and on the GitHub release. */
export const sbomFileName = (buildName: string) => `${buildName}.sbom.cdx.json`;

export function baseUrlStore(base: string): ImageStore {
  const root = base.replace(/\/+$/, '');
  return {
    urlFor: (result, buildName) => `${root}/${encodeURIComponent(imageFileName(result, buildName))}`,
    sbomUrlFor: (result, buildName) =>
      result.record.sbom ? `${root}/${encodeURIComponent(sbomFileName(buildName))}` : undefined,
    upload: async () => {},
  };
}
