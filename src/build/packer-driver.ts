// Runs `packer build` (Packer 1.6: HCL2 templates, no `packer init`) for one image x architecture.
//
// Template contract (docs/cli/build.md, "Packer template contract"): the template declares
// `variable "kiln_output_dir"` and has a `manifest` post-processor writing
// `${var.kiln_output_dir}/packer-manifest.json`. kiln reads the image file from the last run's first
// `files` entry, or, for builders that export no files (null), from `custom_data.kiln_image`. kiln also passes, when the template declares them: kiln_image_name,
// kiln_arch, kiln_build_key, kiln_git_sha and kiln_parent_image (the parent's image file, for a
// Packer image whose parent kiln built). Packer rejects -var for undeclared variables, hence the check.
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Arch, ResolvedImage } from '../config/types.js';
import { InputError, WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import { withoutCredentials, builderFailure, type DriverRun } from './driver-run.js';

export const PACKER_PROGRAM = 'packer';
export const PACKER_MANIFEST = 'packer-manifest.json';

export interface PackerBuildInput {
  image: ResolvedImage;
  arch: Arch;
  key: string;
  /** The repo root: the template and var files are relative to it; packer runs there. */
  root: string;
  /** Var files as paths relative to the root (or absolute), in order. */
  varFiles: string[];
  /** Empty folder for the template's output and manifest. */
  outputDir: string;
  gitSha: string;
  parentImage?: string;
}

interface Manifest {
  builds?: {
    packer_run_uuid?: string;
    files?: { name: string }[] | null;
    custom_data?: Record<string, string>;
  }[];
  last_run_uuid?: string;
}

/** Names of the variables declared by the template (a file, or a folder of .pkr.hcl files). */
export async function declaredVariables(templatePath: string): Promise<Set<string>> {
  const st = await stat(templatePath);
  const files = st.isDirectory()
    ? (await readdir(templatePath)).filter((f) => f.endsWith('.pkr.hcl')).map((f) => join(templatePath, f))
    : [templatePath];
  const names = new Set<string>();
  for (const f of files) {
    for (const m of (await readFile(f, 'utf8')).matchAll(/^\s*variable\s+"([\w-]+)"/gm)) names.add(m[1]);
  }
  return names;
}

export async function packerArgs(input: PackerBuildInput): Promise<string[]> {
  if (!input.image.template) {
    throw new InputError(`packer image ${input.image.name} has no template`, input.image.pos);
  }
  const template = resolve(input.root, input.image.template);
  const declared = await declaredVariables(template).catch(() => {
    throw new InputError(`packer template ${input.image.template} does not exist`, input.image.pos);
  });
  if (!declared.has('kiln_output_dir')) {
    throw new InputError(
      `packer template ${input.image.template} does not declare variable "kiln_output_dir"`,
      { file: template, line: 1, col: 1 },
      'see "Packer template contract" in docs/cli/build.md',
    );
  }
  const offered: Record<string, string | undefined> = {
    kiln_output_dir: input.outputDir,
    kiln_image_name: input.image.name,
    kiln_arch: input.arch,
    kiln_build_key: input.key,
    kiln_git_sha: input.gitSha,
    kiln_parent_image: input.parentImage,
  };
  const vars = Object.entries(offered).filter(([k, v]) => v !== undefined && declared.has(k));
  return [
    'build',
    '-color=false',
    '-force',
    ...input.varFiles.flatMap((f) => ['-var-file', isAbsolute(f) ? f : resolve(input.root, f)]),
    ...vars.flatMap(([k, v]) => ['-var', `${k}=${v}`]),
    template,
  ];
}

/** The Packer step a log line announces ("==> qemu.node: Starting VM..."), if any. */
export function packerStep(line: string): string | undefined {
  const m = /^==> [\w.-]+: (.+)$/.exec(line.trim());
  return m ? m[1].slice(0, 80) : undefined;
}

/** Builds the image; resolves to the image file's path (from the manifest). */
export async function runPacker(input: PackerBuildInput, run: DriverRun, runner: Runner): Promise<string> {
  const args = await packerArgs(input);
  const res = await runner(PACKER_PROGRAM, args, {
    cwd: input.root,
    env: { ...withoutCredentials(run.env), PACKER_NO_COLOR: '1', CHECKPOINT_DISABLE: '1' },
    logFile: run.logFile,
    signal: run.signal,
    processGroup: true,
    killGraceSeconds: run.killGraceSeconds,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      const step = packerStep(line);
      if (step) run.onPhase(step);
    },
  });
  if (res.code !== 0) throw builderFailure('packer', input.image.name, input.arch, res, run);
  return artifactFromManifest(
    join(input.outputDir, PACKER_MANIFEST),
    input.root,
    `${input.image.name} (${input.arch})`,
  );
}

export async function artifactFromManifest(path: string, cwd: string, target: string): Promise<string> {
  const fail = (answer: string) => new WorldError({ doing: 'reading the packer manifest', target, answer });
  const text = await readFile(path, 'utf8').catch(() => {
    throw fail(
      `${path} is missing: the template needs a manifest post-processor writing it (see docs/cli/build.md)`,
    );
  });
  const manifest = JSON.parse(text) as Manifest;
  const runs = (manifest.builds ?? []).filter((b) => b.packer_run_uuid === manifest.last_run_uuid);
  const last = runs[runs.length - 1];
  const name = last?.files?.[0]?.name ?? last?.custom_data?.kiln_image;
  if (!name) throw fail(`the last run in ${path} lists no file and no custom_data.kiln_image`);
  const file = isAbsolute(name) ? name : resolve(cwd, name);
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    throw fail(`${file} named by ${path} does not exist`);
  return file;
}
