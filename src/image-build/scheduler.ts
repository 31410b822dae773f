// Runs a forest of builds (a child needs its parent's result) on a fixed number of slots. Among the
// builds that are ready it starts the one with the longest remaining chain of estimated work first
// (critical-path list scheduling), so long parent -> child chains do not end up waiting at the end.
// A failure fails that build's descendants only; everything else still builds. Pure: the caller
// passes the function that does a build.

export interface SchedulerItem {
  id: string;
  /** The build this one needs first; ignored when it is not part of this run (already built). */
  parent?: string;
  /** Estimated duration (any unit, only compared); 1 when unknown. */
  estimate?: number;
}

/** What a build function reports on success: it built, or it reused an earlier build of the same key. */
export type BuildOutcome = 'built' | 'unchanged';

export type ItemStatus = BuildOutcome | 'failed' | 'parent-failed' | 'cancelled';

export interface ItemResult {
  id: string;
  status: ItemStatus;
  error?: unknown;
  /** The failed ancestor, for 'parent-failed'. */
  failedParent?: string;
}

export interface ScheduleOptions {
  /** Builds running at once (>= 1). */
  slots: number;
  /** No new build starts once aborted; those left are 'cancelled'. */
  signal?: AbortSignal;
  /** 'critical-path' (default) or 'fifo' (ready order; the benchmark's peer). */
  order?: 'critical-path' | 'fifo';
  /** Called when a build starts and when it ends. */
  onEvent?: (event: { id: string; phase: 'start' | 'end'; status?: ItemStatus }) => void;
}

/** Each item's estimate plus the longest estimated chain of descendants below it. */
export function remainingChain(items: readonly SchedulerItem[]): Map<string, number> {
  const children = childrenOf(items);
  const memo = new Map<string, number>();
  const byId = new Map(items.map((i) => [i.id, i]));
  // Iterative post-order: parent chains can be thousands deep.
  for (const root of items) {
    const stack: { id: string; expanded: boolean }[] = [{ id: root.id, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (memo.has(top.id)) {
        stack.pop();
        continue;
      }
      const kids = children.get(top.id) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        for (const k of kids) if (!memo.has(k)) stack.push({ id: k, expanded: false });
        continue;
      }
      stack.pop();
      const below = kids.reduce((m, k) => Math.max(m, memo.get(k) ?? 0), 0);
      memo.set(top.id, estimateOf(byId.get(top.id)!) + below);
    }
  }
  return memo;
}

function estimateOf(item: SchedulerItem): number {
  return item.estimate !== undefined && item.estimate > 0 ? item.estimate : 1;
}

function childrenOf(items: readonly SchedulerItem[]): Map<string, string[]> {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string, string[]>();
  for (const i of items) {
    if (i.parent && ids.has(i.parent)) {
      const list = children.get(i.parent) ?? [];
      list.push(i.id);
      children.set(i.parent, list);
    }
  }
  return children;
}

export async function runSchedule(
  items: readonly SchedulerItem[],
  build: (id: string) => Promise<BuildOutcome>,
  options: ScheduleOptions,
): Promise<ItemResult[]> {
  const slots = Math.max(1, Math.floor(options.slots));
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) throw new Error('scheduler: duplicate build ids');
  const children = childrenOf(items);
  const priority = options.order === 'fifo' ? undefined : remainingChain(items);
  const position = new Map(items.map((i, n) => [i.id, n]));
  const results = new Map<string, ItemResult>();

  // Ready builds; with 'fifo' kept in the order they became ready.
  const ready: string[] = items.filter((i) => !i.parent || !ids.has(i.parent)).map((i) => i.id);
  let running = 0;

  const takeNext = (): string | undefined => {
    if (ready.length === 0) return undefined;
    let best = 0;
    if (priority) {
      for (let n = 1; n < ready.length; n++) {
        const a = priority.get(ready[n])!;
        const b = priority.get(ready[best])!;
        if (a > b || (a === b && position.get(ready[n])! < position.get(ready[best])!)) best = n;
      }
    }
    return ready.splice(best, 1)[0];
  };

  const failDescendants = (id: string, failedParent: string) => {
    const stack = [...(children.get(id) ?? [])];
    while (stack.length > 0) {
      const d = stack.pop()!;
      results.set(d, { id: d, status: 'parent-failed', failedParent });
      stack.push(...(children.get(d) ?? []));
    }
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      while (running < slots && !options.signal?.aborted) {
        const id = takeNext();
        if (id === undefined) break;
        running++;
        options.onEvent?.({ id, phase: 'start' });
        let outcome: Promise<BuildOutcome>;
        try {
          outcome = build(id);
        } catch (err) {
          outcome = Promise.reject(err);
        }
        outcome
          .then(
            (status) => {
              results.set(id, { id, status });
              ready.push(...(children.get(id) ?? []));
            },
            (error: unknown) => {
              results.set(id, { id, status: 'failed', error });
              failDescendants(id, id);
            },
          )
          .finally(() => {
            running--;
            options.onEvent?.({ id, phase: 'end', status: results.get(id)!.status });
            pump();
          });
      }
      if (running === 0) resolve();
    };
    pump();
  });

  for (const i of items) if (!results.has(i.id)) results.set(i.id, { id: i.id, status: 'cancelled' });
  return items.map((i) => results.get(i.id)!);
}
