// The elements path: where DIB elements come from, in the order DIB searches them (ELEMENTS_PATH).
// 1. the project's `elements/` (read through the SourceTree, so `plan --since` sees it at a commit),
// 2. each third-party repo's elements dir in its local checkout at the pinned commit
//    (`<cache>/third-party/<name>/<ref>/<elements_dir>`, see cache-dir.ts; build makes the checkouts),
// 3. DIB's built-in elements: the installed DIB's elements dir, or, without DIB, only the names from
//    the committed list of DIB 3.13 (src/config/dib-elements.json) so that names can still be checked.
import { join } from 'node:path';
import dibList from './dib-elements.json' with { type: 'json' };
import { cacheDir, thirdPartyCheckoutDir } from './cache-dir.js';
import { dibElementsDir, elementNamesIn } from './dib-elements-dir.js';
import type { SourceTree } from './source-tree.js';
import type { KilnConfig, ThirdPartyRepo } from './types.js';

export type ElementSource = 'project' | 'third-party' | 'dib';

/** The project's own elements, relative to the repository root. */
export const PROJECT_ELEMENTS_DIR = 'elements';

export interface ElementLocation {
  name: string;
  source: ElementSource;
  /**
   * The element's own dir: tree-relative for `project` (read it through the SourceTree), absolute for
   * `third-party` and `dib`. Undefined when only the name is known (DIB not installed, or a
   * third-party repo not checked out that declares `provides`): its files cannot be read.
   */
  dir?: string;
  repo?: ThirdPartyRepo;
}

export interface ElementsDir {
  source: ElementSource;
  /** Tree-relative (`elements`) for the project, absolute otherwise; undefined when not on disk. */
  dir?: string;
  repo?: ThirdPartyRepo;
  /** Element names found in (or declared for) this dir. */
  names: ReadonlySet<string>;
}

export interface ElementsPath {
  /** In search order; the first dir that has a name wins (as with DIB's ELEMENTS_PATH). */
  dirs: ElementsDir[];
  /** Third-party repos without a local checkout and without `provides`: their names are unknown. */
  unverifiable: ThirdPartyRepo[];
}

export interface ElementsPathOptions {
  tree: SourceTree;
  env?: NodeJS.ProcessEnv;
  /**
   * DIB's built-in element names. Undefined: the installed DIB's (with its dir), else the committed
   * DIB 3.13 list. null: always the committed list. A set: exactly these names (tests).
   */
  builtinElements?: ReadonlySet<string> | null;
}

/** The DIB 3.13 built-in element names committed with kiln (for machines without DIB). */
export const COMMITTED_DIB_ELEMENTS: ReadonlySet<string> = new Set(dibList.elements);
export const COMMITTED_DIB_VERSION: string = dibList.dib_version;

export async function elementsPath(
  config: Pick<KilnConfig, 'root' | 'thirdParty'>,
  options: ElementsPathOptions,
): Promise<ElementsPath> {
  const dirs: ElementsDir[] = [
    { source: 'project', dir: PROJECT_ELEMENTS_DIR, names: await projectElements(options.tree) },
  ];
  const unverifiable: ThirdPartyRepo[] = [];
  const cache = cacheDir(options.env ?? {}, config.root);
  for (const repo of config.thirdParty.values()) {
    const dir = join(thirdPartyCheckoutDir(cache, repo), repo.elements_dir);
    const names = await elementNamesIn(dir);
    if (names.length > 0) dirs.push({ source: 'third-party', dir, repo, names: new Set(names) });
    else if (repo.provides) dirs.push({ source: 'third-party', repo, names: new Set(repo.provides) });
    else unverifiable.push(repo);
  }
  dirs.push(await dibDir(options.builtinElements));
  return { dirs, unverifiable };
}

/** Where `name` comes from, or undefined when no dir on the path has it. */
export function locateElement(name: string, path: ElementsPath): ElementLocation | undefined {
  for (const d of path.dirs) {
    if (!d.names.has(name)) continue;
    const dir =
      d.dir === undefined ? undefined : d.source === 'project' ? `${d.dir}/${name}` : join(d.dir, name);
    return { name, source: d.source, dir, repo: d.repo };
  }
  return undefined;
}

async function projectElements(tree: SourceTree): Promise<Set<string>> {
  const names = new Set<string>();
  const start = PROJECT_ELEMENTS_DIR.length + 1;
  for (const f of await tree.listFiles(PROJECT_ELEMENTS_DIR)) {
    // elements/<name>/<file>: a file directly in elements/ (a README) is not an element.
    const cut = f.path.indexOf('/', start);
    if (cut > 0) names.add(f.path.slice(start, cut));
  }
  return names;
}

async function dibDir(builtin: ReadonlySet<string> | null | undefined): Promise<ElementsDir> {
  if (builtin) return { source: 'dib', names: builtin };
  if (builtin === undefined) {
    const dir = await dibElementsDir();
    if (dir) return { source: 'dib', dir, names: new Set(await elementNamesIn(dir)) };
  }
  return { source: 'dib', names: COMMITTED_DIB_ELEMENTS };
}
