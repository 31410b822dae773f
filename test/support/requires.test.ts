// A test file whose programs are missing is skipped with the reason in its names, never failed for it.
import { expect, it } from 'vitest';
import { describeIfInstalled, itIfInstalled } from './requires.js';

const MISSING = 'kiln-test-no-such-program';

// Probes: the last test checks how each was collected (skipped with its reason, or run).

describeIfInstalled([MISSING, 'node'])('a suite needing a missing program', () => {
  it('never runs', () => {
    throw new Error('ran although a program it needs is missing');
  });
});
describeIfInstalled(['node', { missing: () => [] }])('a suite with everything installed', () => {
  it('runs', () => {});
});
itIfInstalled([{ missing: () => ['some-package (Debian package)'] }])(
  'a test needing a missing package',
  () => {
    throw new Error('ran although a package it needs is missing');
  },
);

it('skips what needs a missing program or package, naming only what is missing; runs the rest', ({
  task,
}) => {
  const tasks = task.file.tasks.map((t) => ({ name: t.name, mode: t.mode }));
  expect(tasks).toEqual([
    {
      name: `a suite needing a missing program [skipped: ${MISSING} not installed; see scripts/setup-host.sh]`,
      mode: 'skip',
    },
    { name: 'a suite with everything installed', mode: 'run' },
    {
      name: 'a test needing a missing package [skipped: some-package (Debian package) not installed; see scripts/setup-host.sh]',
      mode: 'skip',
    },
    { name: task.name, mode: 'run' },
  ]);
});
