// Runs a reusable workflow's jobs in order on this machine, as the runner would: `${{ }}`
// expressions through GitHub's own evaluator (@actions/expressions), job and step `if:`, the matrix
// from a job output, step and job outputs, `run:` steps through bash. `uses: ./.kiln` runs the
// bundled action (action.yml's defaults applied). Stood in for, as GitHub's hosted parts:
// actions/checkout (the workspace is the image repository; `.kiln` is this run's bundle) and the
// artifact actions, with their documented path semantics: upload-artifact stores the files that
// its `path` globs match (@actions/glob, as the action itself uses), relative to the least common
// ancestor of the search paths; download-artifact with `pattern:` extracts every matching
// artifact into a folder of its own, named after it, under `path`.
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, sep } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import * as glob from '@actions/glob';
import { parse } from 'yaml';
import { ACTION, runAction } from '../action/run-action.js';

type Ctx = Record<string, unknown>;
interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: unknown };
  outputs?: Record<string, string>;
  steps: Step[];
}
export interface StepRecord {
  job: string;
  step: string;
  outcome: 'success' | 'failure' | 'skipped';
  log: string;
}
export interface WorkflowRun {
  steps: StepRecord[];
  /** Artifact name -> folder holding what was uploaded. */
  artifacts: Map<string, string>;
  jobOutputs: Record<string, Record<string, string>>;
}

const CONTEXTS = ['inputs', 'secrets', 'github', 'job', 'runner', 'matrix', 'needs', 'steps', 'env', 'vars'];

/** One expression's value (status functions answered from the job's state). */
export function evaluate(expr: string, ctx: Ctx, failed = false): unknown {
  const text = expr
    .replace(/\balways\(\)/g, 'true')
    .replace(/\bsuccess\(\)/g, String(!failed))
    .replace(/\bfailure\(\)/g, String(failed))
    .replace(/\bcancelled\(\)/g, 'false');
  const lexed = new Lexer(text).lex();
  const tree = new Parser(lexed.tokens, CONTEXTS, []).parse();
  const context = JSON.parse(JSON.stringify(ctx), data.reviver) as data.Dictionary;
  const result = new Evaluator(tree, context).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer)) as unknown;
}

/** A value with `${{ }}` in it: the expression's value when it is the whole string, else text. */
export function expand(value: unknown, ctx: Ctx, failed = false): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(value);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], ctx, failed);
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => {
    const v = evaluate(e, ctx, failed);
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

const truthy = (v: unknown) => !(v === false || v === 0 || v === '' || v === null || v === undefined);
const condition = (text: string | undefined, ctx: Ctx, failed: boolean) =>
  text === undefined ? !failed : truthy(expand(text.includes('${{') ? text : `\${{ ${text} }}`, ctx, failed));

export interface RunOptions {
  /** The image repository (the workspace of every job). */
  workspace: string;
  inputs: Record<string, string>;
  secrets: Record<string, string>;
  github: Record<string, string>;
  /** Environment of every step (the stand-in services' addresses). */
  env: Record<string, string>;
}

export async function runReusableWorkflow(file: string, options: RunOptions): Promise<WorkflowRun> {
  const workflow = parse(readFileSync(file, 'utf8')) as {
    on: { workflow_call: { inputs: Record<string, { default?: unknown }> } };
    jobs: Record<string, Job>;
  };
  const inputs = Object.fromEntries(
    Object.entries(workflow.on.workflow_call.inputs).map(([k, v]) => [
      k,
      options.inputs[k] ?? v.default ?? '',
    ]),
  );
  const run: WorkflowRun = { steps: [], artifacts: new Map(), jobOutputs: {} };
  const results: Record<string, string> = {};
  const scratch = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'workflow-'));
  // The `.kiln` checkout: action.yml and the bundle this test run built.
  const kiln = join(options.workspace, '.kiln');
  mkdirSync(join(kiln, 'dist'), { recursive: true });
  cpSync('action.yml', join(kiln, 'action.yml'));
  cpSync(dirname(ACTION), join(kiln, 'dist'), { recursive: true });
  const actionInputs = (
    parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }
  ).inputs;

  for (const [name, job] of Object.entries(workflow.jobs)) {
    const needs = Object.fromEntries(
      [job.needs ?? []].flat().map((n) => [n, { result: results[n], outputs: run.jobOutputs[n] ?? {} }]),
    );
    const base: Ctx = { inputs, secrets: options.secrets, github: options.github, needs, vars: {} };
    const failedNeed = Object.values(needs).some((n) => n.result !== 'success');
    if (!condition(job.if, base, failedNeed)) {
      results[name] = 'skipped';
      continue;
    }
    const matrix = job.strategy ? (expand(job.strategy.matrix, base) as { include: Ctx[] }).include : [{}];
    let jobFailed = false;
    for (const [i, entry] of matrix.entries()) {
      const temp = join(scratch, `${name}-${i}-temp`);
      mkdirSync(temp, { recursive: true });
      const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
      let failed = false;
      for (const [n, step] of job.steps.entries()) {
        const ctx: Ctx = { ...base, matrix: entry, steps, runner: { temp, os: 'Linux' }, job: {} };
        const label = step.name ?? step.id ?? `step ${n}`;
        if (!condition(step.if, ctx, failed)) {
          run.steps.push({ job: `${name}[${i}]`, step: label, outcome: 'skipped', log: '' });
          continue;
        }
        const withs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, String(expand(v, ctx, failed) ?? '')]),
        );
        const env = { ...options.env, RUNNER_TEMP: temp, ...githubEnv(options.github) };
        let outcome: { ok: boolean; log: string; outputs?: Record<string, string> };
        if (step.uses === './.kiln') {
          const defaults = Object.fromEntries(
            Object.entries(actionInputs).map(([k, v]) => [k, String(expand(v.default ?? '', ctx) ?? '')]),
          );
          const res = await runAction({ ...defaults, ...withs }, { workspace: options.workspace, env });
          outcome = { ok: res.code === 0, log: res.stdout + res.stderr, outputs: res.outputs };
        } else if (step.uses?.startsWith('actions/checkout@')) {
          outcome = { ok: true, log: 'checkout: stood in for (the workspace and .kiln are in place)' };
        } else if (step.uses?.startsWith('actions/upload-artifact@')) {
          outcome = await uploadArtifact(withs, run.artifacts, scratch);
        } else if (step.uses?.startsWith('actions/download-artifact@')) {
          outcome = downloadArtifact(withs, run.artifacts);
        } else if (step.run !== undefined) {
          const script = String(expand(step.run, ctx, failed));
          const res = spawnSync('bash', ['-e', '-c', script], {
            cwd: options.workspace,
            env,
            encoding: 'utf8',
          });
          outcome = { ok: res.status === 0, log: res.stdout + res.stderr };
        } else {
          throw new Error(`${name}: step '${label}' uses ${step.uses}, which this runner does not know`);
        }
        if (step.id)
          steps[step.id] = { outputs: outcome.outputs ?? {}, outcome: outcome.ok ? 'success' : 'failure' };
        run.steps.push({
          job: `${name}[${i}]`,
          step: label,
          outcome: outcome.ok ? 'success' : 'failure',
          log: outcome.log,
        });
        if (!outcome.ok) failed = true;
      }
      jobFailed ||= failed;
      // A matrix job's outputs: the last entry's, as GitHub documents for matrix jobs.
      const ctx: Ctx = { ...base, matrix: entry, steps, runner: { temp } };
      run.jobOutputs[name] = Object.fromEntries(
        Object.entries(job.outputs ?? {}).map(([k, v]) => [k, String(expand(v, ctx) ?? '')]),
      );
    }
    results[name] = jobFailed ? 'failure' : 'success';
  }
  return run;
}

/** The GITHUB_* variables the runner sets from the github context (the token is not one). */
function githubEnv(github: Record<string, string>): Record<string, string> {
  const names = ['repository', 'sha', 'ref_name', 'ref_type', 'api_url', 'server_url', 'run_id'];
  return Object.fromEntries(
    names.filter((k) => github[k]).map((k) => [`GITHUB_${k.toUpperCase()}`, github[k]]),
  );
}

/** actions/upload-artifact: the matched files, relative to the least common ancestor of the search paths. */
export async function uploadArtifact(
  withs: Record<string, string>,
  artifacts: Map<string, string>,
  scratch: string,
): Promise<{ ok: boolean; log: string }> {
  const globber = await glob.create(withs.path, { matchDirectories: false });
  const files = await globber.glob();
  const searchPaths = globber.getSearchPaths();
  if (files.length === 0) {
    const ok = withs['if-no-files-found'] !== 'error';
    return { ok, log: `No files were found with the provided path: ${withs.path}` };
  }
  const root = searchPaths.length === 1 ? searchPaths[0] : leastCommonAncestor(searchPaths);
  const dest = join(scratch, 'artifacts', withs.name);
  if (artifacts.has(withs.name)) return { ok: false, log: `an artifact named ${withs.name} already exists` };
  for (const f of files) {
    const to = join(dest, relative(root, f));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(f, to);
  }
  artifacts.set(withs.name, dest);
  return {
    ok: true,
    log: `uploaded ${files.length} files as ${withs.name}: ${files.map((f) => relative(root, f)).join(', ')}`,
  };
}

function leastCommonAncestor(paths: string[]): string {
  const parts = paths.map((p) => p.split(sep));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return common.join(sep) || sep;
}

/** actions/download-artifact with `pattern`: each matching artifact into `path/<name>/`. */
export function downloadArtifact(
  withs: Record<string, string>,
  artifacts: Map<string, string>,
): { ok: boolean; log: string } {
  const pattern = new RegExp(
    `^${withs.pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  const names = [...artifacts.keys()].filter((n) => pattern.test(n));
  for (const n of names) {
    const to = withs['merge-multiple'] === 'true' ? withs.path : join(withs.path, n);
    mkdirSync(to, { recursive: true });
    cpSync(artifacts.get(n)!, to, { recursive: true });
  }
  return { ok: true, log: `downloaded ${names.join(', ')}` };
}
