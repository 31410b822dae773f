// Runs `packer build` for one image x architecture, on the template as its owners wrote it: an HCL2
// file, a folder of them, or a legacy JSON template. kiln needs nothing from the template: the image
// is the file Packer's `-machine-readable` artifact lines name (relative paths are relative to the
// repository root, where packer runs), moved into the build's output folder. For builders that export
// no file (null), a `manifest` post-processor's `custom_data.kiln_image` names it. kiln passes its own
// variables (kiln_output_dir, kiln_image_name, kiln_arch, kiln_build_key, kiln_git_sha,
// kiln_parent_image) only to a template that declares them: Packer rejects undeclared `-var`s.
// With Packer 1.7 or later and a template that declares `required_plugins`, `packer init` installs
// the plugins first, into kiln's cache (the action saves and restores it).
import { mkdir, readFile, rmdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { workTree } from '../config/source-tree.js';
import type { Arch, ResolvedImage } from '../config/types.js';
import { InputError, WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import { templateBlocks } from '../packer/blocks.js';
import { evaluate, variableValues } from '../packer/expressions.js';
import { loadTemplate, loadVarFile, type PackerTemplate } from '../packer/template.js';
import { moveFile } from './build-index.js';
import { withoutCredentials, builderFailure, type DriverRun } from './driver-run.js';
import { ArtifactFiles, packerStep } from './packer-output.js';

const PACKER_PROGRAM = 'packer';

export interface PackerBuildInput {
  image: ResolvedImage;
  arch: Arch;
  key: string;
  /** The repo root: the template and var files are relative to it; packer runs there. */
  root: string;
  /** Var files as paths relative to the root, in order. */
  varFiles: string[];
  /** Empty folder the image ends up in. */
  outputDir: string;
  gitSha: string;
  parentImage?: string;
  /** Where `packer init` installs plugins (PACKER_PLUGIN_PATH). */
  pluginDir: string;
}

/** kiln's variables a template may declare. */
function kilnVariables(input: PackerBuildInput): Record<string, string | undefined> {
  return {
    kiln_output_dir: input.outputDir,
    kiln_image_name: input.image.name,
    kiln_arch: input.arch,
    kiln_build_key: input.key,
    kiln_git_sha: input.gitSha,
    kiln_parent_image: input.parentImage,
  };
}

function packerArgs(input: PackerBuildInput, template: PackerTemplate): string[] {
  const vars = Object.entries(kilnVariables(input)).filter(
    ([k, v]) => v !== undefined && template.variables.has(k),
  );
  return [
    'build',
    '-machine-readable',
    '-color=false',
    '-force',
    ...input.varFiles.flatMap((f) => ['-var-file', resolve(input.root, f)]),
    ...vars.flatMap(([k, v]) => ['-var', `${k}=${v}`]),
    resolve(input.root, template.path),
  ];
}

/** `packer init` and plugins exist from 1.7 on; before that, every builder is built in. */
export function hasPlugins(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 7);
}

const needsInit = (version: string, template: PackerTemplate) =>
  template.requiredPlugins && hasPlugins(version);

/** Builds the image; resolves to its path inside `outputDir`. */
export async function runPacker(input: PackerBuildInput, run: DriverRun, runner: Runner): Promise<string> {
  const { image } = input;
  if (!image.template) throw new InputError(`packer image ${image.name} has no template`, image.pos);
  const tree = workTree(input.root);
  const template = await loadTemplate(tree, image.template, image.pos);
  const env = {
    ...withoutCredentials(run.env),
    PACKER_NO_COLOR: '1',
    CHECKPOINT_DISABLE: '1',
    PACKER_PLUGIN_PATH: input.pluginDir,
  };
  const target = `${image.name} (${input.arch})`;
  // Both packer runs write into the build's log, in their own process group, stopped together.
  const options = {
    cwd: input.root,
    env,
    logFile: run.logFile,
    signal: run.signal,
    processGroup: true,
    killGraceSeconds: run.killGraceSeconds,
  };
  if (needsInit(image.builder_version, template)) {
    await mkdir(input.pluginDir, { recursive: true });
    const init = await runner(PACKER_PROGRAM, ['init', resolve(input.root, template.path)], options);
    if (init.code !== 0) throw builderFailure('packer init', image.name, input.arch, init, run);
  }
  const artifacts = new ArtifactFiles();
  const res = await runner(PACKER_PROGRAM, packerArgs(input, template), {
    ...options,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      artifacts.add(line);
      const step = packerStep(line);
      if (step) run.onPhase(step);
    },
  });
  if (res.code !== 0) throw builderFailure('packer', image.name, input.arch, res, run);
  const builds = artifacts.builds();
  if (builds.length > 1) {
    throw new WorldError({
      doing: 'finding the image packer built',
      target,
      answer: `builds ${builds.join(', ')} each made files; kiln takes one image per template (give each build its own template)`,
    });
  }
  const found = builds.length === 1 ? artifacts.image(builds[0]) : await manifestImage(input, template);
  if (!found) {
    throw new WorldError({
      doing: 'finding the image packer built',
      target,
      answer:
        'packer listed no artifact file, and no manifest post-processor names one in custom_data.kiln_image',
    });
  }
  return intoOutput(resolve(input.root, found), input, target);
}

/**
 * `custom_data.kiln_image` of the last run in the template's manifest(s) (`output`, by default
 * packer-manifest.json where packer ran).
 */
async function manifestImage(input: PackerBuildInput, template: PackerTemplate): Promise<string | undefined> {
  const tree = workTree(input.root);
  const varFiles = await Promise.all(input.varFiles.map(async (f) => (await loadVarFile(tree, f)).values));
  const scope = { template, vars: variableValues(template, varFiles, kilnVariables(input)) };
  for (const block of templateBlocks(template)) {
    if (block.kind !== 'post-processor' || block.type !== 'manifest') continue;
    const output = evaluate(block.body.output ?? 'packer-manifest.json', scope);
    if (typeof output !== 'string') continue;
    const text = await readFile(resolve(input.root, output), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const manifest = JSON.parse(text) as Manifest;
    const runs = (manifest.builds ?? []).filter((b) => b.packer_run_uuid === manifest.last_run_uuid);
    const name = runs[runs.length - 1]?.custom_data?.kiln_image;
    if (name) return name;
  }
  return undefined;
}

interface Manifest {
  builds?: { packer_run_uuid?: string; custom_data?: Record<string, string> }[];
  last_run_uuid?: string;
}

/** Moves the image into `outputDir` (unless already there), and removes the folder it left if empty. */
async function intoOutput(file: string, input: PackerBuildInput, target: string): Promise<string> {
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) {
    throw new WorldError({
      doing: 'finding the image packer built',
      target,
      answer: `${file} is not a file`,
    });
  }
  const inside = relative(input.outputDir, file);
  if (!inside.startsWith('..') && !isAbsolute(inside)) return file;
  const to = join(input.outputDir, file.slice(dirname(file).length + 1));
  await moveFile(file, to);
  // The builder's own output folder (output-qemu/) would otherwise be left in the checkout.
  const left = relative(input.root, dirname(file));
  if (left && !left.startsWith('..') && !isAbsolute(left)) await rmdir(dirname(file)).catch(() => undefined);
  return to;
}
