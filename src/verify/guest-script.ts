// What the guest runs at first boot (through cloud-init's runcmd) and how its report is read back
// from the serial console. Every report line carries a per-boot nonce, so nothing else on the
// console (nor an image that prints old text) can pass for it; the script itself never contains the
// full tag, so cloud-init echoing the script cannot fake it either. Command output travels base64
// encoded on one line, because kernel messages may interleave with the console.
import { stringify } from 'yaml';

export interface GuestCommand {
  run: string;
  expect: string;
}

/** Bytes of each command's output that come back (enough for a version string or a status). */
const MAX_COMMAND_OUTPUT = 4096;
/** Seconds one guest command may take before `timeout` kills it. */
const COMMAND_TIMEOUT_S = 60;

export type GuestEvent =
  { kind: 'booted' } | { kind: 'command'; index: number; rc: number; output: string } | { kind: 'done' };

function script(nonce: string, tty: string, commands: readonly GuestCommand[]): string {
  const calls = commands.map((c, i) => `run ${i} '${Buffer.from(c.run).toString('base64')}'`);
  return [
    '#!/bin/sh',
    '# kiln boot smoke test: reports to the serial console',
    `say() { printf '%s-%s %s\\n' KILN '${nonce}' "$*" >> ${tty}; }`,
    'run() {',
    '  cmd=$(printf %s "$2" | base64 -d)',
    `  out=$(timeout ${COMMAND_TIMEOUT_S} sh -c "$cmd" 2>&1 </dev/null); rc=$?`,
    `  say "cmd $1 rc=$rc out=$(printf %s "$out" | head -c ${MAX_COMMAND_OUTPUT} | base64 | tr -d '\\n')"`,
    '}',
    'say booted',
    ...calls,
    'say done',
    '',
  ].join('\n');
}

/** cloud-init user-data that runs the commands and reports on `tty` (the guest's serial device). */
export function userData(nonce: string, tty: string, commands: readonly GuestCommand[]): string {
  const config = {
    write_files: [
      { path: '/run/kiln-smoke-test.sh', permissions: '0700', content: script(nonce, tty, commands) },
    ],
    runcmd: [['sh', '/run/kiln-smoke-test.sh']],
  };
  return `#cloud-config\n${stringify(config)}`;
}

export function metaData(nonce: string): string {
  return `instance-id: kiln-smoke-${nonce}\nlocal-hostname: kiln-smoke-test\n`;
}

/** The report in one console line, if the line holds one for this boot's nonce. */
export function parseGuestLine(line: string, nonce: string): GuestEvent | undefined {
  const at = line.indexOf(`KILN-${nonce} `);
  if (at === -1) return undefined;
  const rest = line.slice(at + nonce.length + 6).trim();
  if (rest === 'booted') return { kind: 'booted' };
  if (rest === 'done') return { kind: 'done' };
  const m = /^cmd (\d+) rc=(\d+) out=([A-Za-z0-9+/=]*)$/.exec(rest);
  if (!m) return undefined;
  return {
    kind: 'command',
    index: Number(m[1]),
    rc: Number(m[2]),
    output: Buffer.from(m[3], 'base64').toString('utf8'),
  };
}
