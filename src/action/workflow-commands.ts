// The runner's side of the action protocol: inputs from INPUT_* variables, workflow commands on
// stdout (`::error file=F,line=L,col=C::message`, `::add-mask::`, groups), outputs and the job summary
// through the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. Written out here (escaping as @actions/core
// does) rather than importing @actions/core, whose HTTP client (undici, ~0.8 MB) would otherwise load
// on every start: the action's cold start for `plan` must stay close to bare Node. Commands that
// need @actions/cache or @actions/tool-cache load those (and @actions/core) on demand.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

export type CommandProperties = Record<string, string | number | undefined>;

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The input as the runner passes it: `INPUT_<NAME>` (upper-cased, spaces as `_`, dashes kept). */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}

export function issueCommand(command: string, message: string, properties: CommandProperties = {}): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function appendTo(variable: string, text: string): void {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: not running in a GitHub Actions step`);
  if (!existsSync(file)) throw new Error(`${variable} points at a missing file: ${file}`);
  appendFileSync(file, text, 'utf8');
}

/** A step output, as a heredoc with a random delimiter so that no value can end it early. */
export function setOutput(name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendTo('GITHUB_OUTPUT', `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
}

/** Appends Markdown to the job summary; false when the step has no summary file. */
export function appendSummary(markdown: string): boolean {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  appendTo('GITHUB_STEP_SUMMARY', markdown + EOL);
  return true;
}
