// Decides, line by line, whether a boot has shown what the image's test config asks for: with
// cloud-init, kiln's own report (booted, every command's result, done); without it, a marker regex
// (by default a login prompt). Also an optional extra marker from the config, and console lines that
// mean the boot is over for good (so a broken image fails at once, not at the timeout). Pure: no qemu.
import type { ImageTestConfig } from '../config/types.js';
import { parseGuestLine, type GuestCommand } from './guest-script.js';

/** A getty prompt ("debian login: "), which a normal image reaches when nothing else is configured. */
const DEFAULT_LOGIN_MARKER = '\\blogin:\\s*$';

/**
 * Terminal states of a boot: nothing after them can make it pass. Only unambiguous messages of
 * firmware, GRUB, the kernel and systemd; anything less certain waits for the timeout.
 */
const FATAL_CONSOLE = [
  /Kernel panic - not syncing/,
  /Failed to boot both default and fallback entries/,
  /No bootable device/,
  /Boot failed: not a bootable disk/,
  /You are in emergency mode/,
  /Give root password for maintenance/,
];

interface CommandResult {
  rc: number;
  output: string;
}

export class BootExpectations {
  private readonly marker?: RegExp;
  private markerSeen = false;
  private booted = false;
  private done = false;
  /** The first console line that ended the boot for good. */
  fatal?: string;
  private readonly results = new Map<number, CommandResult>();

  /**
   * @param nonce the tag of this boot's seed (cloud-init mode), or undefined when the image has no
   *   cloud-init and only the marker can be waited for
   */
  constructor(
    private readonly boot: ImageTestConfig['boot'],
    private readonly nonce: string | undefined,
  ) {
    const marker = boot.marker ?? (nonce ? undefined : DEFAULT_LOGIN_MARKER);
    if (marker !== undefined) this.marker = new RegExp(marker);
  }

  /** Feeds one complete console line. */
  line(text: string): void {
    if (this.marker?.test(text)) this.markerSeen = true;
    if (this.fatal === undefined && FATAL_CONSOLE.some((re) => re.test(text))) this.fatal = text.trim();
    if (!this.nonce) return;
    const event = parseGuestLine(text, this.nonce);
    if (event?.kind === 'booted') this.booted = true;
    else if (event?.kind === 'done') this.done = true;
    else if (event?.kind === 'command') this.results.set(event.index, { rc: event.rc, output: event.output });
  }

  /** Feeds the unfinished last line (prompts end without a newline). */
  partial(text: string): void {
    if (text && this.marker?.test(text)) this.markerSeen = true;
  }

  /** Everything expected has appeared, or the boot has failed for good: the guest can be stopped. */
  get complete(): boolean {
    if (this.fatal !== undefined) return true;
    const markerOk = !this.marker || this.markerSeen;
    return markerOk && (!this.nonce || this.done);
  }

  /** What appeared, for a passing result. */
  summary(): string {
    const parts: string[] = [];
    if (this.nonce) parts.push('cloud-init ran the smoke-test seed');
    if (this.marker) parts.push(`console matched /${this.marker.source}/`);
    const cmds = this.boot.commands.map(
      (c, i) => `${c.run} -> ${JSON.stringify(this.results.get(i)?.output.trim() ?? '')}`,
    );
    if (cmds.length) parts.push(`commands: ${cmds.join('; ')}`);
    return parts.join('; ');
  }

  /** Why the boot does not pass (empty when it does). Call after the guest stopped. */
  failures(): string[] {
    const out: string[] = [];
    if (this.fatal !== undefined) out.push(`the boot failed: ${JSON.stringify(this.fatal)}`);
    if (this.marker && !this.markerSeen) out.push(`the console never matched /${this.marker.source}/`);
    if (!this.nonce && this.boot.commands.length > 0) {
      out.push('test.boot.commands need cloud-init in the image to run them, and the image has none');
    }
    if (this.nonce) {
      if (!this.booted)
        out.push("cloud-init never ran kiln's smoke-test seed (no report on the serial console)");
      else if (!this.done) out.push('the guest did not finish the smoke-test commands');
    }
    this.boot.commands.forEach((c, i) => {
      const r = this.results.get(i);
      if (r) {
        const problem = commandProblem(c, r);
        if (problem) out.push(problem);
      } else if (this.booted) out.push(`command ${JSON.stringify(c.run)} reported nothing`);
    });
    return out;
  }
}

function commandProblem(c: GuestCommand, r: CommandResult): string | undefined {
  const output = r.output.trim();
  if (r.rc === 0 && new RegExp(c.expect, 'm').test(output)) return undefined;
  return `command ${JSON.stringify(c.run)} exited ${r.rc} with output ${JSON.stringify(output)}, expected exit 0 and /${c.expect}/`;
}
