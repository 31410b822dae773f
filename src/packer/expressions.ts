// Evaluates the small part of Packer's expression languages that names files: `${path.root}`,
// `${path.cwd}`, `${var.x}`, `${local.x}` (HCL2) and `{{template_dir}}`, `{{pwd}}`, `{{user `x`}}`
// (legacy JSON), with variables from the var files over the template's defaults. Anything else
// (function calls, conditionals, build-time values) cannot be known before the build: the caller
// reports it rather than guess.
import type { PackerTemplate } from './template.js';

export interface Scope {
  template: PackerTemplate;
  /** Variable values: declared defaults, then var files, then kiln's own (`kiln_*`). */
  vars: Record<string, unknown>;
}

export type Value = string | string[];

const HCL_INTERPOLATION = /\$\{\s*([^{}]*?)\s*\}/g;
const JSON_INTERPOLATION = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The value of a string (or list of strings) from the template; undefined when it cannot be known. */
export function evaluate(value: unknown, scope: Scope, depth = 0): Value | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => evaluate(v, scope, depth));
    if (items.some((i) => i === undefined)) return undefined;
    return (items as Value[]).flat();
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || depth > 8) return undefined;
  const json = scope.template.kind === 'json';
  // A whole-string reference may be a list (`scripts = var.scripts`).
  const whole = (json ? /^\{\{\s*([^{}]*?)\s*\}\}$/ : /^\$\{\s*([^{}]*?)\s*\}$/).exec(value);
  if (whole) {
    const v = term(whole[1], scope, depth);
    if (v !== undefined) return v;
  }
  let unknown = false;
  const out = value.replace(json ? JSON_INTERPOLATION : HCL_INTERPOLATION, (_, expr: string) => {
    const v = term(expr, scope, depth);
    if (typeof v !== 'string') unknown = true;
    return typeof v === 'string' ? v : '';
  });
  return unknown ? undefined : out;
}

function term(expr: string, scope: Scope, depth: number): Value | undefined {
  const dir = scope.template.dir || '.';
  if (scope.template.kind === 'json') {
    if (expr === 'template_dir') return dir;
    if (expr === 'pwd') return '.';
    const user = /^user\s+[`"]([\w-]+)[`"]$/.exec(expr);
    return user ? evaluate(scope.vars[user[1]], scope, depth + 1) : undefined;
  }
  if (expr === 'path.root') return dir;
  if (expr === 'path.cwd') return '.';
  const ref = /^(var|local)\.([\w-]+)$/.exec(expr);
  if (!ref) return undefined;
  const raw = ref[1] === 'var' ? scope.vars[ref[2]] : scope.template.locals[ref[2]];
  return evaluate(raw, scope, depth + 1);
}

/** Variable values for a build: declared defaults, then each var file in order, then `extra`. */
export function variableValues(
  template: PackerTemplate,
  varFiles: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [name, v] of template.variables) if (v.default !== undefined) vars[name] = v.default;
  for (const values of varFiles) Object.assign(vars, values);
  return Object.assign(vars, extra);
}
