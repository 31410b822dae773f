// Every workflow and action.yml through GitHub's own validator (@actions/languageservice), with a file
// provider so a caller's `with:`/`secrets:` are checked against the local reusable workflow; plus the
// rules the validator does not know: steps that run kiln pass only inputs action.yml declares and
// read only outputs it declares, action.yml and src/action/constants.ts agree, third-party actions are
// pinned to commit SHAs, every workflow sets least-privilege permissions, PRs get no secrets.
import { validate } from '@actions/languageservice';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Input, Output } from '../../src/action/constants.js';
import { planIn } from '../support/plan-in.js';

const ROOT = resolve('.');
const WORKFLOWS = join(ROOT, '.github/workflows');
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));

/** Local reusable workflows (`uses: ./.github/workflows/x.yml`) are read from the repository. */
function fileProvider(overrides: Record<string, string> = {}) {
  return {
    async getFileContent(ref: { path?: string }) {
      const path = String(ref.path ?? '').replace(/^\.\//, '');
      return { name: path, content: overrides[path] ?? readFileSync(join(ROOT, path), 'utf8') };
    },
  };
}

// The language service caches parses by document URI: every call gets a URI of its own.
let calls = 0;
async function diagnostics(
  uri: string,
  text: string,
  overrides: Record<string, string> = {},
): Promise<string[]> {
  const doc = TextDocument.create(uri.replace('file:///', `file:///run${++calls}/`), 'yaml', 1, text);
  const found = await validate(doc, { fileProvider: fileProvider(overrides) });
  return found.map((d) => `${uri}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
}

const read = (f: string) => readFileSync(join(WORKFLOWS, f), 'utf8');
const actionYml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  steps?: Step[];
  with?: Record<string, unknown>;
  secrets?: unknown;
  permissions?: unknown;
}
const parsed = (f: string) =>
  parse(read(f)) as { on: unknown; permissions?: unknown; jobs: Record<string, Job> };

describe('workflows and action.yml pass GitHub’s validator', () => {
  it.each(files)('%s has no diagnostics', async (f) => {
    expect(await diagnostics(`file:///.github/workflows/${f}`, read(f))).toEqual([]);
  });

  it('action.yml has no diagnostics', async () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    expect(await diagnostics('file:///action.yml', text)).toEqual([]);
    const bad = text.replace('\noutputs:\n', '\nnot-a-key: 1\noutputs:\n');
    expect(bad).not.toBe(text);
    expect((await diagnostics('file:///action.yml', bad)).join('\n')).toMatch(/not-a-key/);
  });

  it('reports a caller passing an input the reusable workflow does not declare', async () => {
    const bad = read('pr.yml').replace('stages: build,test', 'stages: build,test\n      no-such-input: x');
    expect(bad).not.toBe(read('pr.yml'));
    const found = await diagnostics('file:///.github/workflows/pr.yml', bad);
    expect(found.join('\n')).toMatch(/no-such-input/);
  });

  it('reports a caller passing a secret the reusable workflow does not declare', async () => {
    const bad = read('main.yml').replace(
      'clouds-yaml: ${{ secrets.KILN_CLOUDS_YAML }}',
      'clouds-yaml: ${{ secrets.KILN_CLOUDS_YAML }}\n      bogus-secret: x',
    );
    const found = await diagnostics('file:///.github/workflows/main.yml', bad);
    expect(found.join('\n')).toMatch(/bogus-secret/);
  });

  it('reports a caller missing an input the reusable workflow requires', async () => {
    const kiln = read('kiln.yml').replace(
      '      stages:\n        description: "Stages to run after plan, comma-separated: build, test, publish, release."\n        type: string\n        default: build,test',
      '      stages:\n        description: x\n        type: string\n        required: true',
    );
    expect(kiln).not.toBe(read('kiln.yml'));
    const caller = 'on: push\npermissions: {}\njobs:\n  a:\n    uses: ./.github/workflows/kiln.yml\n';
    const found = await diagnostics('file:///.github/workflows/x.yml', caller, {
      '.github/workflows/kiln.yml': kiln,
    });
    expect(found.join('\n')).toMatch(/stages/);
  });
});

describe('kiln steps match action.yml', () => {
  it('action.yml declares exactly the inputs and outputs of src/action/constants.ts', () => {
    expect(Object.keys(actionYml.inputs).sort()).toEqual(Object.values(Input).sort());
    expect(Object.keys(actionYml.outputs).sort()).toEqual(Object.values(Output).sort());
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  const kilnSteps = files.flatMap((f) =>
    Object.entries(parsed(f).jobs).flatMap(([job, j]) =>
      (j.steps ?? [])
        .filter((s) => s.uses === './.kiln')
        .map((s) => ({ where: `${f} ${job}`, step: s, job: j })),
    ),
  );

  it('the reusable workflow runs kiln from its own checkout in every job', () => {
    expect(kilnSteps.length).toBeGreaterThanOrEqual(4);
    for (const { where, job } of kilnSteps) {
      const checkout = (job.steps ?? []).find((s) => s.with?.path === '.kiln');
      expect(checkout?.with?.ref, where).toBe('${{ inputs.kiln-ref || job.workflow_sha }}');
      expect(checkout?.with?.repository, where).toBe(
        '${{ inputs.kiln-repository || job.workflow_repository }}',
      );
    }
  });

  it('kiln steps pass only declared inputs, with a valid command', () => {
    for (const { where, step } of kilnSteps) {
      for (const k of Object.keys(step.with ?? {}))
        expect(Object.keys(actionYml.inputs), `${where}: ${k}`).toContain(k);
      expect(['plan', 'build', 'test', 'publish', 'release']).toContain(step.with?.command);
    }
  });

  it('workflows read only declared outputs of kiln steps', () => {
    for (const f of files) {
      const text = read(f);
      const ids = new Set(
        kilnSteps
          .filter((s) => s.where.startsWith(f))
          .map((s) => s.step.id)
          .filter(Boolean),
      );
      for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (ids.has(m[1])) expect(Object.keys(actionYml.outputs), `${f}: ${m[0]}`).toContain(m[2]);
      }
    }
  });
});

describe('the reusable workflow and the plan agree', () => {
  it('reads only fields a real matrix entry has', async () => {
    const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'wf-plan-'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/images.yaml'), 'images:\n  base:\n    elements: [debian-minimal, vm]\n');
    const plan = await planIn(dir);
    const fields = Object.keys(plan.matrix.include[0]);
    const used = [...new Set([...read('kiln.yml').matchAll(/\bmatrix\.([\w-]+)/g)].map((m) => m[1]))];
    expect(used.sort()).toEqual(['arch', 'group', 'images', 'runner']);
    for (const f of used) expect(fields).toContain(f);
  });
});

describe('workflow hygiene', () => {
  it.each(files)('%s pins third-party actions to a full commit SHA with a version comment', (f) => {
    const uses = Object.values(parsed(f).jobs).flatMap((j) => [
      j.uses,
      ...(j.steps ?? []).map((s) => s.uses),
    ]);
    const remote = uses.filter((u): u is string => !!u && !u.startsWith('./'));
    for (const ref of remote) {
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      // The version the SHA stands for, for humans and update bots.
      expect(read(f)).toMatch(new RegExp(`uses: ${ref} # v\\d+\\.\\d+\\.\\d+`));
    }
  });

  it.each(files)('%s sets least-privilege permissions at the top', (f) => {
    expect(parsed(f).permissions).toEqual({ contents: 'read' });
  });

  it('only the release job may write, and only contents', () => {
    for (const f of files) {
      for (const [name, job] of Object.entries(parsed(f).jobs)) {
        if (job.permissions === undefined) continue;
        expect(`${f} ${name}`).toMatch(/^(kiln\.yml release|release\.yml images)$/);
        expect(job.permissions).toEqual({ contents: 'write' });
      }
    }
  });

  it('one release job per tag at a time, never cancelled half-way', () => {
    const job = parse(read('kiln.yml')).jobs.release;
    expect(job.concurrency).toEqual({
      group: 'kiln-release-${{ github.repository }}-${{ inputs.tag || github.ref_name }}',
      'cancel-in-progress': false,
    });
    const step = (job.steps as Step[]).find((s) => s.with?.command === 'release');
    expect(step?.with?.['make-latest']).toBe('${{ inputs.make-latest }}');
  });

  it('pull requests run without secrets and never with pull_request_target', () => {
    const pr = parsed('pr.yml');
    expect(Object.keys(pr.on as object)).toEqual(['pull_request']);
    for (const f of files) expect(Object.keys(parsed(f).on as object)).not.toContain('pull_request_target');
    expect(pr.jobs.images.secrets).toBeUndefined();
    expect(String(pr.jobs.images.with?.stages)).not.toMatch(/publish|release/);
  });

  it('build jobs never fail fast and never upload images', () => {
    const build = parse(read('kiln.yml')).jobs.build;
    expect(build.strategy['fail-fast']).toBe(false);
    const upload = (build.steps as Step[]).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path).trim().split('\n')).toEqual([
      '${{ runner.temp }}/kiln-results/**/record.json',
      '${{ runner.temp }}/kiln-results/**/publish-*.json',
    ]);
  });

  it("a tag promotes main's staging builds and uploads image files from the build jobs", () => {
    const release = parsed('release.yml').jobs.images!.with!;
    expect(release['promote-from']).toBe('${{ vars.KILN_STAGING_SITES }}');
    expect(release['object-store']).toBe('${{ vars.KILN_OBJECT_STORE_SITE }}');
    const jobs = parse(read('kiln.yml')).jobs as Record<string, { steps: Step[] }>;
    const kilnStep = (job: string, command: string, extra?: string) =>
      jobs[job]!.steps.find((s) => s.with?.command === command && (!extra || s.with?.[extra] !== undefined));
    const build = kilnStep('build', 'build')!;
    expect(build.with!['promote-from']).toBe('${{ inputs.promote-from }}');
    // Credentials reach the build step only when promoting (PR runs stay credential-free).
    expect(build.with!['clouds-yaml']).toBe("${{ inputs.promote-from != '' && secrets.clouds-yaml || '' }}");
    const steps = jobs.build!.steps;
    const upload = kilnStep('build', 'release', 'upload-only')!;
    expect(upload.with).toMatchObject({
      'upload-only': 'true',
      'object-store': '${{ inputs.object-store }}',
    });
    // After publish, where the image files still are (the last step removes them).
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(kilnStep('build', 'publish')!));
    expect(kilnStep('release', 'release')!.with!['object-store']).toBe('${{ inputs.object-store }}');
  });
});
