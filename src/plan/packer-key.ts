// The inputs of a Packer image's build key: its template file(s) (not sibling templates in the same
// folder), its var files, and every file or folder the template reads (src/packer/analysis.ts),
// each with its digest. Also the files an image's `inputs:` globs match, for any builder.
import { InputError } from '../errors.js';
import type { SourceTree } from '../config/source-tree.js';
import type { ResolvedImage } from '../config/types.js';
import { analysePackerImage } from '../packer/analysis.js';
import { expandGlob } from '../packer/globs.js';
import { fileDigest, folderDigest } from './tree-digest.js';

export interface KeyedPath {
  path: string;
  digest: string;
}

export interface PackerKeyInputs {
  template: KeyedPath[];
  var_files: KeyedPath[];
  referenced: KeyedPath[];
  /** References kiln could not resolve (plan's notes). */
  notes: InputError[];
}

/** Digests of files and folders, each computed once. */
export class PathDigests {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  constructor(private readonly tree: SourceTree) {}

  /** A folder's digest (all files below it), else the file's; undefined when neither exists. */
  of(path: string): Promise<string | undefined> {
    let digest = this.cache.get(path);
    if (!digest) {
      digest = this.tree
        .listFiles(path)
        .then((files) => (files.length > 0 ? folderDigest(this.tree, path) : fileDigest(this.tree, path)));
      this.cache.set(path, digest);
    }
    return digest;
  }

  async keyed(paths: Iterable<string>, missing: (path: string) => InputError): Promise<KeyedPath[]> {
    const sorted = [...new Set(paths)].sort();
    const digests = await Promise.all(sorted.map((p) => this.of(p)));
    return sorted.map((path, i) => {
      if (digests[i] === undefined) throw missing(path);
      return { path, digest: digests[i] };
    });
  }
}

export async function packerKeyInputs(
  tree: SourceTree,
  image: ResolvedImage,
  digests: PathDigests,
): Promise<PackerKeyInputs> {
  if (!image.template) throw new InputError(`Packer image '${image.name}' has no template`, image.pos);
  const analysis = await analysePackerImage(tree, image);
  if (analysis.errors.length > 0) throw analysis.errors[0];
  const missing = (path: string) =>
    new InputError(`'${path}' read by image '${image.name}' not found in ${tree.label}`, image.pos);
  return {
    template: await digests.keyed(
      analysis.template.files.map((f) => f.path),
      missing,
    ),
    var_files: await digests.keyed(analysis.varFiles, missing),
    referenced: await digests.keyed(analysis.referenced.keys(), missing),
    notes: analysis.notes,
  };
}

/** The files an image's `inputs:` globs match; a glob that matches nothing is bad input. */
export async function inputFiles(
  tree: SourceTree,
  image: ResolvedImage,
  digests: PathDigests,
): Promise<KeyedPath[]> {
  const paths: string[] = [];
  for (const glob of image.inputs) {
    const matches = await expandGlob(tree, glob);
    if (matches.length === 0) {
      throw new InputError(
        `inputs entry '${glob}' of image '${image.name}' matches no file in ${tree.label}`,
        image.pos,
        'globs are relative to the repository root',
      );
    }
    paths.push(...matches);
  }
  return digests.keyed(paths, (path) => new InputError(`input '${path}' vanished`, image.pos));
}
