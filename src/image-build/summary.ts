// The end-of-run summary of `kiln build`: counts first (what a person at 2 a.m. looks for), then one
// line per image x arch with where its record is or why it was not built.
import type { ItemStatus } from './scheduler.js';

/** What happened to an image x arch: the scheduler's outcomes, or promoted from a site before it. */
export type BuildStatus = ItemStatus | 'promoted';

export interface SummaryItem {
  name: string;
  arch: string;
  key: string;
  status: BuildStatus;
  build?: { recordPath: string };
  error?: string;
  failedParent?: string;
  /** Package changes against the build this one replaces (package-changes.ts). */
  packageChanges?: string[];
}

const LABEL: Record<BuildStatus, string> = {
  built: 'built',
  promoted: 'promoted',
  unchanged: 'unchanged',
  failed: 'FAILED',
  'parent-failed': 'not built',
  cancelled: 'cancelled',
};

export function summarize(items: readonly SummaryItem[]): string {
  const count = (s: BuildStatus) => items.filter((i) => i.status === s).length;
  const parts = [
    `${count('built')} built`,
    `${count('unchanged')} unchanged (reused from the build index)`,
    ...(count('promoted') > 0 ? [`${count('promoted')} promoted`] : []),
    `${count('failed')} failed`,
    `${count('parent-failed')} not built because a parent failed`,
  ];
  if (count('cancelled') > 0) parts.push(`${count('cancelled')} cancelled`);
  const width = Math.max(0, ...items.map((i) => `${i.name}/${i.arch}`.length));
  const lines = items.map((i) => {
    const what = `${LABEL[i.status].padEnd(9)}  ${`${i.name}/${i.arch}`.padEnd(width)}`;
    switch (i.status) {
      case 'built':
        return [
          `  ${what}  ${i.build?.recordPath ?? ''}`,
          ...(i.packageChanges ?? []).map((l) => `      ${l}`),
        ].join('\n');
      case 'unchanged':
      case 'promoted':
        return `  ${what}  ${i.build?.recordPath ?? ''}`;
      case 'failed':
        return `  ${what}  ${(i.error ?? '').split('\n')[0]}`;
      case 'parent-failed':
        return `  ${what}  parent ${i.failedParent} failed`;
      default:
        return `  ${what}  interrupted before it started`;
    }
  });
  return [`build summary: ${parts.join(', ')}`, ...lines].join('\n');
}
