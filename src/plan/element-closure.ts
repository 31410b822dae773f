// The element closure of an image: its elements plus everything their `element-deps` pull in,
// resolved along the elements path the way DIB does (dib-element-rules.ts defines it).
//
// Two parts with different jobs. The *keyed* part follows only the project's own elements (read
// through the SourceTree), because their files are the same on every machine; a third-party or DIB
// element counts by its pin (commit, DIB version), which already fixes its own dependencies. So a
// build key never depends on whether DIB or a checkout happens to be present where `plan` runs.
// The *full* closure then follows pinned elements too where their files are on this machine; it
// finds dependencies nobody provides, and says where it had to stop.
//
// ElementResolver (element-resolver.ts) computes closures: element-loader.ts reads the files,
// element-graph.ts walks them, child-closure.ts extends a parent's closure for its child.
import type { ElementLocation } from '../config/elements-path.js';

export interface ElementClosure {
  /** The elements a build key covers, sorted by name. */
  keyed: ElementLocation[];
  /** Names reached by the keyed part that no dir on the path has (virtual names, or unknown). */
  unresolvedKeyed: string[];
  /** Every element found, sorted by name (keyed ones plus what pinned elements pulled in here). */
  all: string[];
  /** Pinned elements whose files are not on this machine, so their dependencies were not followed. */
  opaque: ElementLocation[];
  /** Names nobody here has, that an opaque element may provide (only when `opaque` is not empty). */
  unverified: string[];
  /**
   * With a parent closure given: what the keyed part has that the parent's has not (the parent's
   * key, part of a child's, covers the rest).
   */
  added?: { keyed: ElementLocation[]; unresolvedKeyed: string[] };
}

/** A parent image's elements and closure, for the closure of a child (whose elements extend them). */
export interface ParentClosure {
  elements: readonly string[];
  closure: ElementClosure;
}
