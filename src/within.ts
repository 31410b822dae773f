// Containment of '/'-separated paths as plain strings (no normalising, no file system): /proc's
// absolute paths and source trees' root-relative paths alike.

/** `path` is `dir` or inside it. */
export const within = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);
