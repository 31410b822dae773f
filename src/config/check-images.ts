// Checks of resolved images against the world around images.yaml: elements on the elements path,
// site selectors against sites.yaml, Packer templates and var files in the tree, and fields that
// only make sense for the other builder. Only an image's own settings are checked (inherited ones
// were checked, and reported, at the ancestor that set them).
import { InputError, inputErrorsOf } from '../errors.js';
import { analysePackerImage } from '../packer/analysis.js';
import { positionOf } from '../packer/parse.js';
import { isTemplateFolder, loadVarFile } from '../packer/template.js';
import { didYouMean } from './did-you-mean.js';
import { locateElement, type ElementsPath } from './elements-path.js';
import type { ImageInput } from './schema.js';
import type { SourceTree } from './source-tree.js';
import type { ResolvedImage, Site } from './types.js';
import type { YamlFile } from '../yaml/yaml-file.js';

export interface ImageCheckContext {
  file: YamlFile;
  /** The validated own settings of each image (what the user wrote for it). */
  inputs: Map<string, ImageInput | undefined>;
  /** Images whose own settings had schema errors: only what is left of them is checked. */
  partial: ReadonlySet<string>;
  /** Undefined when sites.yaml itself has errors: selectors are then not checked (no false alarms). */
  sites?: Map<string, Site>;
  /** Undefined when third-party.yaml itself has errors: element names are then not checked. */
  elements?: ElementsPath;
  tree: SourceTree;
}

export interface ImageCheckResult {
  errors: InputError[];
  warnings: InputError[];
}

export async function checkImages(
  images: Iterable<ResolvedImage>,
  ctx: ImageCheckContext,
): Promise<ImageCheckResult> {
  const out: ImageCheckResult = { errors: [], warnings: [] };
  for (const image of images) {
    const own = ctx.inputs.get(image.name);
    if (!own) continue;
    if (ctx.elements) checkElements(image, own, ctx.elements, out);
    if (ctx.sites) checkSites(image, own, ctx.file, ctx.sites, out.errors);
    checkArtifacts(image, own, ctx, out);
    if (ctx.partial.has(image.name)) continue;
    checkBuilderFields(image, own, ctx, out.errors);
    if (image.builder === 'packer' && (await checkPackerFiles(image, own, ctx, out.errors))) {
      await checkPackerTemplate(image, ctx.tree, out);
    }
  }
  // Images sharing a template share its problems: each is said once.
  const once = (list: InputError[]) => [...new Map(list.map((e) => [e.format(), e])).values()];
  return { errors: once(out.errors), warnings: once(out.warnings) };
}

function checkElements(image: ResolvedImage, own: ImageInput, path: ElementsPath, out: ImageCheckResult) {
  for (const name of own.elements ?? []) {
    if (locateElement(name, path)) continue;
    const pos = image.elementPos[name];
    const unverifiable = path.unverifiable.map((r) => r.name);
    if (unverifiable.length) {
      out.warnings.push(
        new InputError(
          `element '${name}' not found locally; assuming it comes from third-party ${unverifiable.join(', ')} (not checked out)`,
          pos,
          "list it under the repo's `provides` in third-party.yaml to have it checked",
        ),
      );
      continue;
    }
    const known = path.dirs.flatMap((d) => [...d.names]);
    out.errors.push(
      new InputError(
        `unknown element '${name}': not in elements/, a third-party repo or DIB's built-in elements`,
        pos,
        didYouMean(name, known),
      ),
    );
  }
}

/**
 * A checksum of zeros marks a value still to be filled in: kiln will refuse the download. An object
 * artifact's site must be a site of sites.yaml (its cloud holds the credentials).
 */
function checkArtifacts(
  image: ResolvedImage,
  own: ImageInput,
  ctx: ImageCheckContext,
  out: ImageCheckResult,
) {
  const { file, sites } = ctx;
  for (const [key, artifact] of Object.entries(own.artifacts ?? {})) {
    if (artifact.site !== undefined && sites && !sites.has(artifact.site)) {
      out.errors.push(
        new InputError(
          `artifact ${key} of image '${image.name}' is in unknown site '${artifact.site}'`,
          file.pos(['images', image.name, 'artifacts', key, 'site']),
          didYouMean(artifact.site, sites.keys()) ??
            (sites.size ? `sites: ${[...sites.keys()].join(', ')}` : 'sites.yaml defines no sites'),
        ),
      );
    }
    if (/^0+$/.test(artifact.sha256)) {
      out.warnings.push(
        new InputError(
          `artifact ${key} of image '${image.name}' has a placeholder sha256 (all zeros): building it will fail`,
          file.pos(['images', image.name, 'artifacts', key, 'sha256']),
          "put the publisher's checksum of the file here",
        ),
      );
    }
  }
}

function checkSites(
  image: ResolvedImage,
  own: ImageInput,
  file: YamlFile,
  sites: Map<string, Site>,
  errors: InputError[],
) {
  if (!own.sites) return;
  const at = (...path: (string | number)[]) => file.pos(['images', image.name, 'sites', ...path]);
  if (own.sites.kind !== undefined) {
    const kinds = [...new Set([...sites.values()].map((s) => s.kind))];
    if (!kinds.includes(own.sites.kind)) {
      errors.push(
        new InputError(
          `site selector kind '${own.sites.kind}' of image '${image.name}' matches no site`,
          at('kind'),
          kinds.length
            ? (didYouMean(own.sites.kind, kinds) ?? `kinds in sites.yaml: ${kinds.join(', ')}`)
            : 'sites.yaml defines no sites',
        ),
      );
    }
  }
  (own.sites.names ?? []).forEach((site, i) => {
    if (sites.has(site)) return;
    errors.push(
      new InputError(
        `site selector of image '${image.name}' names unknown site '${site}'`,
        at('names', i),
        didYouMean(site, sites.keys()) ??
          (sites.size ? `sites: ${[...sites.keys()].join(', ')}` : 'sites.yaml defines no sites'),
      ),
    );
  });
}

function checkBuilderFields(
  image: ResolvedImage,
  own: ImageInput,
  ctx: ImageCheckContext,
  errors: InputError[],
) {
  const at = (key: string) => ctx.file.pos(['images', image.name, key], 'key');
  if (image.builder === 'packer') {
    if (own.elements?.length) {
      errors.push(
        new InputError(
          `packer image '${image.name}' cannot have DIB elements`,
          at('elements'),
          'elements are for builder: dib',
        ),
      );
    }
    if (!image.template) {
      errors.push(
        new InputError(
          `packer image '${image.name}' has no template`,
          image.pos,
          'add `template: packer/<name>.pkr.hcl`',
        ),
      );
    }
  } else {
    for (const key of ['template', 'var_files'] as const) {
      if (own[key] !== undefined) {
        errors.push(
          new InputError(
            `'${key}' only applies to packer images, and '${image.name}' is built with dib`,
            at(key),
            'set `builder: packer`',
          ),
        );
      }
    }
  }
}

/** True when the template and var files are there to be parsed. */
async function checkPackerFiles(
  image: ResolvedImage,
  own: ImageInput,
  ctx: ImageCheckContext,
  errors: InputError[],
): Promise<boolean> {
  const before = errors.length;
  const at = (...path: (string | number)[]) => ctx.file.pos(['images', image.name, ...path]);
  const exists = async (path: string) =>
    isTemplateFolder(path) ? (await ctx.tree.listFiles(path)).length > 0 : !!(await ctx.tree.readFile(path));
  if (own.template !== undefined && !(await exists(own.template))) {
    errors.push(
      new InputError(
        `template file '${own.template}' of image '${image.name}' does not exist`,
        at('template'),
        'paths are relative to the repository root',
      ),
    );
  }
  for (const [i, path] of (own.var_files ? image.var_files : []).entries()) {
    if (await ctx.tree.readFile(path)) continue;
    errors.push(
      new InputError(
        `var file '${own.var_files![i]}' of image '${image.name}' does not exist: no ${path}`,
        at('var_files', i),
      ),
    );
  }
  return errors.length === before && image.template !== undefined;
}

/**
 * Parses the template and var files and checks what they refer to: syntax errors and missing files
 * are errors; references kiln cannot evaluate, and var-file variables the template does not
 * declare (Packer ignores them, so likely a misspelling), are warnings.
 */
async function checkPackerTemplate(image: ResolvedImage, tree: SourceTree, out: ImageCheckResult) {
  try {
    const analysis = await analysePackerImage(tree, image);
    out.errors.push(...analysis.errors);
    out.warnings.push(...analysis.notes);
    const { variables } = analysis.template;
    for (const path of analysis.varFiles) {
      const { text, values } = await loadVarFile(tree, path);
      for (const name of Object.keys(values)) {
        if (variables.has(name)) continue;
        out.warnings.push(
          new InputError(
            `var file sets '${name}', which ${analysis.template.path} does not declare`,
            positionOf(path, text, name),
            didYouMean(name, [...variables.keys()]) ?? 'Packer ignores it',
          ),
        );
      }
    }
  } catch (err) {
    const errors = inputErrorsOf(err);
    if (!errors) throw err;
    out.errors.push(...errors);
  }
}
