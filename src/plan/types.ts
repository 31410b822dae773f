// Output of `kiln plan`: one entry per image x architecture, and the GitHub matrix.
import type { Arch, Builder } from '../config/types.js';

export interface PlannedImage {
  name: string;
  arch: Arch;
  builder: Builder;
  /** 64-hex SHA-256 build key. */
  key: string;
  parent?: string;
  /** Name of the group's root image (a parent with all its descendants). */
  group: string;
  /** Why it is in the plan: requested, changed since REF, a changed ancestor, or needed as a parent. */
  reason?: 'requested' | 'changed' | 'descendant' | 'parent';
}

export interface MatrixEntry {
  group: string;
  arch: Arch;
  /** Runner labels for `runs-on`. */
  runner: string[];
  /** Images of the group to build, in topological order, space-separated for CLI use. */
  images: string;
}

export interface Plan {
  images: PlannedImage[];
  matrix: { include: MatrixEntry[] };
  /** What the plan could not see on this machine (e.g. DIB not installed); informational. */
  notes?: string[];
}
