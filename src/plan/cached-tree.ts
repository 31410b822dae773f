// A SourceTree that lists each folder once and reads each file once. After `elements/` has been
// listed (to find the element names), listing `elements/<name>` for hashing is a slice of that
// listing, a file the listing does not have (most elements have no element-provides) is known to be
// absent without asking the disk, and element-deps read for the closure is not read again for the
// element's digest. Planning 1,000 images would otherwise walk and read every element twice.
import { readFiles, type SourceTree, type TreeEntry } from '../config/source-tree.js';

interface Listing {
  entries: TreeEntry[];
  paths: Set<string>;
}

export function cachedTree(tree: SourceTree): SourceTree {
  const listings = new Map<string, Promise<Listing>>();
  const done = new Map<string, Listing>();
  const files = new Map<string, Promise<Buffer | undefined>>();

  /** The finished listing of a folder above `path`, if any. */
  const enclosing = (path: string): Listing | undefined => {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      const listing = done.get(path.slice(0, cut));
      if (listing) return listing;
    }
    return undefined;
  };

  return {
    root: tree.root,
    label: tree.label,
    knownDigest: tree.knownDigest?.bind(tree),
    readFile(path) {
      let file = files.get(path);
      if (!file) {
        file = enclosing(path)?.paths.has(path) === false ? Promise.resolve(undefined) : tree.readFile(path);
        files.set(path, file);
      }
      return file;
    },
    async readFiles(paths) {
      const out = new Array<Buffer | undefined>(paths.length);
      const pending: Promise<void>[] = [];
      const ask: number[] = [];
      paths.forEach((path, i) => {
        const file = files.get(path);
        if (file) pending.push(file.then((bytes) => void (out[i] = bytes)));
        else if (enclosing(path)?.paths.has(path) !== false) ask.push(i);
      });
      if (ask.length > 0) {
        const batch = readFiles(
          tree,
          ask.map((i) => paths[i]),
        );
        ask.forEach((i, j) =>
          files.set(
            paths[i],
            batch.then((got) => got[j]),
          ),
        );
        const got = await batch;
        ask.forEach((i, j) => (out[i] = got[j]));
      }
      await Promise.all(pending);
      return out;
    },
    async listFiles(dir) {
      const key = dir.replace(/\/+$/, '');
      const above = enclosing(`${key}/`);
      if (above) return slice(above.entries, `${key}/`);
      let listing = listings.get(key);
      if (!listing) {
        listing = tree.listFiles(key).then((entries) => {
          const l = { entries, paths: new Set(entries.map((e) => e.path)) };
          done.set(key, l);
          return l;
        });
        listings.set(key, listing);
      }
      return (await listing).entries;
    },
  };
}

/** The entries below `prefix` in a path-sorted listing: one contiguous run. */
function slice(entries: TreeEntry[], prefix: string): TreeEntry[] {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].path < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < entries.length && entries[end].path.startsWith(prefix)) end++;
  return entries.slice(lo, end);
}
