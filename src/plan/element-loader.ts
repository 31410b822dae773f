// Reads elements' element-deps and element-provides, once each, for the closures of many images:
// the project's through the SourceTree (in batches, a level of the dependency graph at a time), the
// pinned ones (third-party checkouts, DIB's built-in elements) from their dirs where they are on this
// machine. All reads are asynchronous, so a closure that follows is pure CPU.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locateElement, type ElementLocation, type ElementsPath } from '../config/elements-path.js';
import { readFiles, type SourceTree } from '../config/source-tree.js';
import { elementFiles, type ElementFiles } from './dib-element-rules.js';

export class ElementLoader {
  /** Element name -> its files, once read (names resolve to one location per loader). */
  private readonly loaded = new Map<string, ElementFiles>();
  private readonly reading = new Map<string, Promise<void>>();
  /** Names whose files and all their dependencies' files are loaded. */
  private readonly complete = new Set<string>();
  private readonly locations = new Map<string, ElementLocation | undefined>();
  private allProjectRead = false;

  /** `onLoaded` hears of each element's files as they arrive. */
  constructor(
    private readonly tree: SourceTree,
    private readonly path: ElementsPath,
    private readonly onLoaded: (name: string, files: ElementFiles) => void,
  ) {}

  /** Where `name` is on the elements path (undefined: no dir has it). */
  locate(name: string): ElementLocation | undefined {
    let location = this.locations.get(name);
    if (location === undefined && !this.locations.has(name)) {
      location = locateElement(name, this.path);
      this.locations.set(name, location);
    }
    return location;
  }

  /** The files of `name`, once read. */
  files(name: string): ElementFiles | undefined {
    return this.loaded.get(name);
  }

  /** Whether `name` and everything it depends on have been loaded. */
  isComplete(name: string): boolean {
    return this.complete.has(name);
  }

  /** Every element whose files (read so far) list `name` in element-provides. */
  providersOf(name: string): string[] {
    return [...this.loaded].filter(([, f]) => f.provides.includes(name)).map(([n]) => n);
  }

  /**
   * Reads the files of `names` and everything they depend on, a level at a time, concurrently.
   * Returns the names met (each now complete), whose files are all loaded if they have any.
   */
  async load(names: Iterable<string>): Promise<Set<string>> {
    let level = [...new Set(names)].filter((n) => !this.complete.has(n));
    const visited = new Set(level);
    while (level.length > 0) {
      // One await per level, not per element: a catalogue's level holds a thousand elements.
      const located = level.filter((name) => this.locate(name));
      await this.startReading(located);
      const next: string[] = [];
      for (const name of located) {
        for (const dep of this.loaded.get(name)!.deps) {
          if (!visited.has(dep.name) && !this.complete.has(dep.name)) {
            visited.add(dep.name);
            next.push(dep.name);
          }
        }
      }
      level = next;
    }
    // A name no dir has (a virtual name, or a typo): read every project element's files too, so
    // that an error can name the element that would provide it (unknown-element.ts).
    if (!this.allProjectRead && [...visited].some((n) => !this.locate(n))) {
      this.allProjectRead = true;
      const project = this.path.dirs.find((d) => d.source === 'project');
      await this.startReading(
        [...(project?.names ?? [])].filter((n) => this.locate(n)?.source === 'project'),
      );
    }
    for (const name of visited) this.complete.add(name);
    return visited;
  }

  /** Reads the files of located `names` not read yet: the project's in one batch from the tree. */
  private startReading(names: readonly string[]): Promise<unknown> {
    const waits: Promise<void>[] = [];
    const project: string[] = [];
    for (const name of names) {
      const reading = this.reading.get(name);
      if (reading) waits.push(reading);
      else if (this.locate(name)!.source === 'project') project.push(name);
      else {
        const read = readPinned(this.locate(name)!).then((files) => this.loadedFiles(name, files));
        this.reading.set(name, read);
        waits.push(read);
      }
    }
    if (project.length > 0) {
      const dir = (name: string) => this.locate(name)!.dir!;
      const paths = project.flatMap((name) => [`${dir(name)}/element-deps`, `${dir(name)}/element-provides`]);
      const batch = readFiles(this.tree, paths).then((bytes) =>
        project.forEach((name, i) => this.loadedFiles(name, elementFiles(bytes[2 * i], bytes[2 * i + 1]))),
      );
      for (const name of project) this.reading.set(name, batch);
      waits.push(batch);
    }
    return Promise.all(waits);
  }

  private loadedFiles(name: string, files: ElementFiles): void {
    this.loaded.set(name, files);
    this.onLoaded(name, files);
  }
}

/** A third-party or DIB element's files where they are on this machine (name-only otherwise). */
async function readPinned(location: ElementLocation): Promise<ElementFiles> {
  const dir = location.dir;
  if (dir === undefined) return { deps: [], provides: [], readable: false };
  const read = async (file: string) => {
    try {
      return await readFile(join(dir, file));
    } catch (err) {
      // A missing file reads as undefined; any other failure (permissions, I/O) is reported.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  };
  const [deps, provides] = await Promise.all([read('element-deps'), read('element-provides')]);
  return elementFiles(deps, provides);
}
