// Packer's `-machine-readable` output: `<timestamp>,<target>,<type>,<data>...`, commas inside data
// written as `%!(PACKER_COMMA)` and newlines as `\n`. kiln reads two kinds of line: `ui` lines (the
// step a build is at) and `artifact` lines, which list each artifact's files
// (`<ts>,<build>,artifact,<n>,file,<m>,<path>`, the path as the builder wrote it: relative paths are
// relative to where packer ran).

interface MachineLine {
  target: string;
  type: string;
  data: string[];
}

function parseMachineLine(line: string): MachineLine | undefined {
  const parts = line.replace(/\r$/, '').split(',');
  if (parts.length < 3 || !/^\d+$/.test(parts[0])) return undefined;
  const data = parts.slice(3).map((d) => d.replaceAll('%!(PACKER_COMMA)', ',').replaceAll('\\n', '\n'));
  return { target: parts[1], type: parts[2], data };
}

/** The step a `ui` line announces ("==> qemu.node: Starting VM..."), if any. */
export function packerStep(line: string): string | undefined {
  const parsed = parseMachineLine(line);
  const text = parsed ? (parsed.type === 'ui' ? (parsed.data[1] ?? '') : '') : line;
  const m = /^==> [\w.-]+: (.+)$/.exec(text.trim());
  return m ? m[1].slice(0, 80) : undefined;
}

/** Collects the file artifacts of a run, line by line. */
export class ArtifactFiles {
  /** Build name -> artifact number -> its first file. */
  private readonly files = new Map<string, Map<number, string>>();

  add(line: string): void {
    const parsed = parseMachineLine(line);
    if (parsed?.type !== 'artifact' || parsed.data[1] !== 'file' || parsed.data[2] !== '0') return;
    const n = Number(parsed.data[0]);
    let byNumber = this.files.get(parsed.target);
    if (!byNumber) this.files.set(parsed.target, (byNumber = new Map()));
    byNumber.set(n, parsed.data.slice(3).join(','));
  }

  /** Builds that produced files. */
  builds(): string[] {
    return [...this.files.keys()];
  }

  /**
   * The image: the first file of the build's last artifact (post-processors such as a conversion
   * add artifacts after the builder's own; `manifest` repeats its input).
   */
  image(build: string): string | undefined {
    const byNumber = this.files.get(build);
    if (!byNumber) return undefined;
    return byNumber.get(Math.max(...byNumber.keys()));
  }
}
