// Loading a generated catalogue of 1,000 images (parent chains 50 deep) with kiln's loader, next to
// its floor: the yaml library parsing the same text with source positions (which the loader does
// first). Interleaved rounds, medians; the ratio is what validation, inheritance and the checks
// cost on top of parsing. Target: under 3x.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { machine, target } from './support/report.js';

const IMAGES = 1000;
const CHAIN = 50;
const ROUNDS = 15;

function catalogue(): string {
  const lines = ['images:'];
  for (let i = 0; i < IMAGES; i++) {
    lines.push(`  img-${i}:`);
    if (i % CHAIN) lines.push(`    parent: img-${i - 1}`, `    env: { STEP_${i}: "on" }`);
    else lines.push('    elements: [debian-minimal, vm, kiln-common]', '    env: { DIB_RELEASE: bookworm }');
    lines.push(`    properties: { build: "${i}" }`);
  }
  return lines.join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kiln-bench-config-'));
  mkdirSync(join(root, 'config'));
  mkdirSync(join(root, 'elements', 'kiln-common'), { recursive: true });
  writeFileSync(join(root, 'elements', 'kiln-common', 'element-deps'), '');
  writeFileSync(join(root, 'config', 'images.yaml'), catalogue());
  const text = readFileSync(join(root, 'config', 'images.yaml'), 'utf8');
  const builtinElements = new Set(['debian-minimal', 'vm']);
  const load = () => loadConfig({ cwd: root, env: {}, builtinElements });
  const parse = () => parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false });
  await load(); // warm-up: module loading and JIT
  parse();
  const loads: number[] = [];
  const parses: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    parses.push(await time(parse));
    loads.push(await time(load));
  }
  const [l, p] = [median(loads), median(parses)];
  console.log(`catalogue: ${IMAGES} images, parent chains ${CHAIN} deep, ${text.split('\n').length} lines`);
  console.log(`yaml parseDocument (peer): ${p.toFixed(1)} ms (median of ${ROUNDS})`);
  console.log(`kiln loadConfig:           ${l.toFixed(1)} ms`);
  target('loadConfig / parse', `${(l / p).toFixed(2)}x`, '< 3x', l / p < 3);
  machine();
}
