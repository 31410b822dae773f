// `kiln test` core (also called by the action): for each build record of the named images, static
// checks, then the boot smoke test, then the result written into record.json. A failed check is a
// result ("failed"), not an error; errors are bad input (exit 2 before anything runs) or failures of
// the host (a missing program), which leave the record untouched.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeRecord, type BuildRecord, type TestResult } from '../record/record.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { KilnConfig, ResolvedImage } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import { accelChoiceFromEnv, type AccelChoice } from './accel.js';
import { bootSmokeTest } from './boot-smoke.js';
import { fileRulesFor } from './file-checks.js';
import type { RecordWithImage } from '../record/record-files.js';
import { findRecordsToTest } from './find-records.js';
import { staticChecks } from './static-checks.js';

/** Written beside record.json: the whole serial console of the latest boot. */
const CONSOLE_LOG_FILE = 'console.log';

export interface TestImagesRequest {
  names: string[];
  /** The build output folder holding `<name>/<arch>/record.json`. */
  output: string;
  /** Default: KILN_QEMU_ACCEL from deps.env, else auto. */
  accel?: AccelChoice;
}

export interface TestImagesDeps {
  config: KilnConfig;
  runner: Runner;
  logger: Logger;
  /** Read for PATH (is qemu-system-aarch64 installed?). */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  now?: () => Date;
  /** Parent of the scratch folders (raw copies, overlays); default the OS temp folder. */
  tmpDir?: string;
}

export interface ImageTestOutcome {
  name: string;
  arch: string;
  recordPath: string;
  result: TestResult;
}

function selectImages(config: KilnConfig, names: readonly string[]): ResolvedImage[] {
  if (names.length === 0) throw new InputError('kiln test: name at least one image');
  const errors: InputError[] = [];
  const images: ResolvedImage[] = [];
  for (const name of names) {
    const image = config.images.get(name);
    if (!image) {
      const hint = didYouMean(name, config.images.keys()) ?? `images are defined in ${config.files.images}`;
      errors.push(new InputError(`unknown image '${name}'`, undefined, hint));
      continue;
    }
    images.push(image);
  }
  if (errors.length) throw new InputErrors(errors);
  return images;
}

async function testOne(
  target: RecordWithImage,
  image: ResolvedImage,
  req: TestImagesRequest,
  deps: TestImagesDeps,
) {
  const { record } = target;
  const workDir = await mkdtemp(join(deps.tmpDir ?? tmpdir(), 'kiln-test-'));
  try {
    const found = await staticChecks(
      {
        imagePath: target.file,
        format: record.format,
        virtual_size: record.virtual_size,
        rules: fileRulesFor(image.test),
        workDir,
      },
      deps.runner,
      deps.signal,
    );
    if (found.problems.length > 0) {
      return {
        status: 'failed' as const,
        details: ['static checks failed (boot not attempted):', ...found.problems.map((p) => `- ${p}`)].join(
          '\n',
        ),
      };
    }
    deps.logger.info(`static checks passed: ${found.summary}`);
    if (!image.test.boot.enabled) {
      return { status: 'passed' as const, details: `${found.summary}; boot test disabled in images.yaml` };
    }
    const boot = await bootSmokeTest(
      {
        imagePath: target.file,
        format: record.format,
        arch: record.arch,
        boot: image.test.boot,
        hasCloudInit: found.hasCloudInit,
        workDir,
        consoleLog: join(dirname(target.path), CONSOLE_LOG_FILE),
      },
      { runner: deps.runner, logger: deps.logger, env: deps.env, signal: deps.signal, accel: req.accel },
    );
    return { status: boot.status, details: `${boot.details}\nstatic checks: ${found.summary}` };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Writes the result into the record as it is on disk now (atomically). */
async function saveResult(recordPath: string, result: TestResult): Promise<void> {
  const record = JSON.parse(await readFile(recordPath, 'utf8')) as BuildRecord;
  await writeRecord(dirname(recordPath), { ...record, test: result });
}

export async function testImages(
  request: TestImagesRequest,
  deps: TestImagesDeps,
): Promise<ImageTestOutcome[]> {
  const req = { ...request, accel: request.accel ?? accelChoiceFromEnv(deps.env) };
  const images = selectImages(deps.config, req.names);
  const targets = await findRecordsToTest(req.output, req.names);
  const now = deps.now ?? (() => new Date());
  const outcomes: ImageTestOutcome[] = [];
  for (const target of targets) {
    const { name, arch } = target.record;
    const image = images.find((i) => i.name === name)!;
    const result = await deps.logger.group(`kiln test ${name} (${arch})`, async () => {
      const { status, details } = await testOne(target, image, req, deps);
      return { status, at: now().toISOString(), details };
    });
    await saveResult(target.path, result);
    const line = `${name} (${arch}): ${result.status}\n${result.details}`;
    if (result.status === 'failed') deps.logger.error(line);
    else deps.logger.info(line);
    outcomes.push({ name, arch, recordPath: target.path, result });
  }
  return outcomes;
}
