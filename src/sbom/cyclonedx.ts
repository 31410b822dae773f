// The image's software bill of materials as a CycloneDX 1.5 JSON document: the image file as the
// metadata component (its build key and hashes), each installed package as a component with its
// package URL (purl spec: `pkg:deb/<distro>/<name>@<version>?arch=<arch>&distro=<id>-<version>`).
// Written by hand rather than with @cyclonedx/cyclonedx-library: its peer dependency on ajv 8 clashes
// with the ajv 6 the lint tools need, and the few fields kiln writes need no library.
import { createHash } from 'node:crypto';
import type { BuildRecord } from '../record/record.js';
import { KILN_VERSION } from '../version.js';
import type { Distro, InstalledPackage } from './package-lists.js';

export const SBOM_FILE = 'sbom.cdx.json';

interface Property {
  name: string;
  value: string;
}

export interface CycloneDxComponent {
  type: string;
  'bom-ref': string;
  name: string;
  version: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  properties?: Property[];
}

export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: {
    timestamp: string;
    tools: { components: { type: string; name: string; version: string }[] };
    component: CycloneDxComponent;
  };
  components: CycloneDxComponent[];
}

/** purl version and qualifier values are percent-encoded; `~` stays (unreserved), `:` and `+` do not. */
const purlEncode = (s: string) => encodeURIComponent(s);

function packagePurl(pkg: InstalledPackage, distro: Distro): string {
  const qualifiers = [`arch=${purlEncode(pkg.arch)}`];
  if (distro.versionId) qualifiers.push(`distro=${purlEncode(`${distro.id}-${distro.versionId}`)}`);
  return `pkg:deb/${purlEncode(distro.id)}/${purlEncode(pkg.name)}@${purlEncode(pkg.version)}?${qualifiers.join('&')}`;
}

/** A UUID from the image's sha512: the same image always gets the same serial number (and bytes). */
function serialOf(record: BuildRecord): string {
  const h = createHash('sha256').update(`kiln-sbom:${record.sha512}`).digest('hex');
  const v = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `urn:uuid:${v}`;
}

export function imageSbom(
  record: BuildRecord,
  packages: InstalledPackage[],
  distro: Distro,
  source: string,
): CycloneDxBom {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: serialOf(record),
    version: 1,
    metadata: {
      timestamp: record.built_at,
      tools: { components: [{ type: 'application', name: 'kiln', version: KILN_VERSION }] },
      component: {
        type: 'operating-system',
        'bom-ref': `kiln-image:${record.key}`,
        name: record.name,
        version: record.key,
        hashes: [
          { alg: 'SHA-256', content: record.sha256 },
          { alg: 'SHA-512', content: record.sha512 },
        ],
        properties: [
          { name: 'kiln:build_key', value: record.key },
          { name: 'kiln:arch', value: record.arch },
          { name: 'kiln:disk_format', value: record.format },
          { name: 'kiln:git_sha', value: record.git_sha },
          { name: 'kiln:distro', value: [distro.id, distro.versionId].filter(Boolean).join('-') },
          { name: 'kiln:package_source', value: source },
        ],
      },
    },
    components: packages.map((p) => {
      const purl = packagePurl(p, distro);
      return {
        type: 'library',
        'bom-ref': purl,
        name: p.name,
        version: p.version,
        purl,
        properties: [{ name: 'kiln:package:arch', value: p.arch }],
      };
    }),
  };
}

/** The packages an SBOM lists (name, version, arch), for comparing two builds. */
export function sbomPackages(bom: Pick<CycloneDxBom, 'components'>): InstalledPackage[] {
  return (bom.components ?? []).map((c) => ({
    name: c.name,
    version: c.version,
    arch: c.properties?.find((p) => p.name === 'kiln:package:arch')?.value ?? '',
  }));
}
