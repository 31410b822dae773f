// `plan --since` takes shortcuts (git-changes.ts, since-tree.ts, KeyReuse in build-key.ts): the work
// tree's digests, folder listings and element closures stand in for the commit's when git says they
// cannot differ. Checked here against the plain definition, for each kind of change: the images
// --since plans are exactly those whose key differs between a fresh plan of a checkout of the commit
// and a plan of the work tree.
import { appendFileSync, chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planIn } from '../support/plan-in.js';
import { git, gitRepo, IMAGES_YAML, scratch } from './fixture.js';

const keysOf = async (dir: string) =>
  new Map(
    (await planIn(dir, {}, { builtinElements: null })).images.map((i) => [`${i.name}/${i.arch}`, i.key]),
  );

type Change = (dir: string) => void;
const CHANGES: Record<string, Change> = {
  'an install script edited': (d) => appendFileSync(join(d, 'elements/gpu/install.d/30-gpu'), 'echo more\n'),
  'a deep element edited': (d) => appendFileSync(join(d, 'elements/deep-2/README.rst'), 'more\n'),
  'element-deps edited': (d) => writeFileSync(join(d, 'elements/gpu/element-deps'), 'helper\ndeep-1\n'),
  'element-provides added': (d) => writeFileSync(join(d, 'elements/helper/element-provides'), 'gpu-helper\n'),
  'a file added to an element': (d) => writeFileSync(join(d, 'elements/common/install.d/11-more'), 'x\n'),
  'a file deleted': (d) => rmSync(join(d, 'elements/deep-2/README.rst')),
  'a mode changed': (d) => chmodSync(join(d, 'elements/helper/install.d/20-helper'), 0o644),
  'a file moved with git mv (a staged rename)': (d) =>
    void git(d, 'mv', 'elements/gpu/install.d/30-gpu', 'elements/gpu/install.d/31-gpu'),
  'a file moved to another element with git mv': (d) =>
    void git(d, 'mv', 'elements/deep-2/README.rst', 'elements/helper/README.rst'),
  'a new element an image uses': (d) => {
    mkdirSync(join(d, 'elements/extra'));
    writeFileSync(join(d, 'elements/extra/element-deps'), 'helper\n');
    writeFileSync(join(d, 'elements/ml/element-deps'), 'extra\n');
  },
  'the config edited': (d) =>
    writeFileSync(
      join(d, 'config/images.yaml'),
      IMAGES_YAML.replace('elements: [ml]', 'elements: [ml, helper]'),
    ),
  'a script edited and element-deps elsewhere': (d) => {
    appendFileSync(join(d, 'elements/gpu/install.d/30-gpu'), 'echo more\n');
    writeFileSync(join(d, 'elements/other-el/element-deps'), 'deep-2\n');
  },
  'a Packer script edited beside an element': (d) => {
    appendFileSync(join(d, 'packer/scripts/node.sh'), 'echo more\n');
    appendFileSync(join(d, 'elements/ml/package-installs.yaml'), 'curl:\n');
  },
};

describe('plan --since against a fresh plan of the commit', () => {
  for (const [what, change] of Object.entries(CHANGES)) {
    it(`plans exactly the images whose keys changed: ${what}`, async () => {
      const dir = gitRepo('since-oracle');
      const atCommit = scratch('since-oracle-commit');
      git(dir, 'worktree', 'add', '-q', '--detach', atCommit, 'HEAD');
      change(dir);

      const [before, after] = await Promise.all([keysOf(atCommit), keysOf(dir)]);
      const differ = [...after].filter(([id, key]) => before.get(id) !== key).map(([id]) => id);
      const planned = (await planIn(dir, { since: 'HEAD' }, { builtinElements: null })).images.map(
        (i) => `${i.name}/${i.arch}`,
      );
      expect(differ.length, 'the change must change some key').toBeGreaterThan(0);
      expect(planned.sort()).toEqual(differ.sort());
    });
  }
});
