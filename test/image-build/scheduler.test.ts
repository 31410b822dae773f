import { describe, expect, it } from 'vitest';
import {
  remainingChain,
  runSchedule,
  type BuildOutcome,
  type SchedulerItem,
} from '../../src/image-build/scheduler.js';

/** A stand-in builder whose builds finish only when the test says so, recording what ran when. */
function controlledBuilder() {
  const started: string[] = [];
  const pending = new Map<string, { resolve: (o: BuildOutcome) => void; reject: (e: Error) => void }>();
  let running = 0;
  let maxRunning = 0;
  const build = (id: string) =>
    new Promise<BuildOutcome>((resolve, reject) => {
      started.push(id);
      running++;
      maxRunning = Math.max(maxRunning, running);
      pending.set(id, {
        resolve: (o) => {
          running--;
          resolve(o);
        },
        reject: (e) => {
          running--;
          reject(e);
        },
      });
    });
  const settle = async () => {
    for (let n = 0; n < 5; n++) await new Promise((r) => setImmediate(r));
  };
  return {
    build,
    started,
    pending,
    get maxRunning() {
      return maxRunning;
    },
    async finish(id: string, outcome: BuildOutcome | Error = 'built') {
      const p = pending.get(id);
      if (!p) throw new Error(`${id} is not running (running: ${[...pending.keys()].join(', ')})`);
      pending.delete(id);
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
      await settle();
    },
    settle,
  };
}

describe('scheduler', () => {
  it('starts a child only after its parent finished', async () => {
    const b = controlledBuilder();
    const items: SchedulerItem[] = [
      { id: 'child', parent: 'base' },
      { id: 'base' },
      { id: 'grandchild', parent: 'child' },
    ];
    const done = runSchedule(items, b.build, { slots: 4 });
    await b.settle();
    expect(b.started).toEqual(['base']);
    await b.finish('base');
    expect(b.started).toEqual(['base', 'child']);
    await b.finish('child', 'unchanged');
    expect(b.started).toEqual(['base', 'child', 'grandchild']);
    await b.finish('grandchild');
    const results = await done;
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['child', 'unchanged'],
      ['base', 'built'],
      ['grandchild', 'built'],
    ]);
  });

  it('never runs more builds at once than there are slots', async () => {
    const items = Array.from({ length: 10 }, (_, n) => ({ id: `i${n}` }));
    const b = controlledBuilder();
    const done = runSchedule(items, b.build, { slots: 3 });
    await b.settle();
    expect(b.pending.size).toBe(3);
    while (b.pending.size > 0) await b.finish([...b.pending.keys()][0]);
    await done;
    expect(b.maxRunning).toBe(3);
    expect(b.started).toHaveLength(10);
  });

  it('fails only the descendants of a failed build; siblings and unrelated builds still run', async () => {
    const items: SchedulerItem[] = [
      { id: 'base' },
      { id: 'bad', parent: 'base' },
      { id: 'bad-child', parent: 'bad' },
      { id: 'bad-grandchild', parent: 'bad-child' },
      { id: 'sibling', parent: 'base' },
      { id: 'other' },
    ];
    const b = controlledBuilder();
    const done = runSchedule(items, b.build, { slots: 2 });
    await b.settle();
    await b.finish('base');
    await b.finish('other');
    await b.finish('bad', new Error('exit 1'));
    await b.finish('sibling');
    const results = await done;
    const status = Object.fromEntries(results.map((r) => [r.id, r.status]));
    expect(status).toEqual({
      base: 'built',
      bad: 'failed',
      'bad-child': 'parent-failed',
      'bad-grandchild': 'parent-failed',
      sibling: 'built',
      other: 'built',
    });
    expect(results.find((r) => r.id === 'bad-grandchild')!.failedParent).toBe('bad');
    expect((results.find((r) => r.id === 'bad')!.error as Error).message).toBe('exit 1');
    expect(b.started).not.toContain('bad-child');
  });

  it('starts the ready build with the longest remaining chain first', async () => {
    // 'short' comes first in the input but 'chain' heads 3 more builds.
    const items: SchedulerItem[] = [
      { id: 'short', estimate: 5 },
      { id: 'chain', estimate: 2 },
      { id: 'c1', parent: 'chain', estimate: 2 },
      { id: 'c2', parent: 'c1', estimate: 2 },
      { id: 'c3', parent: 'c2', estimate: 2 },
    ];
    expect(remainingChain(items).get('chain')).toBe(8);
    const b = controlledBuilder();
    const done = runSchedule(items, b.build, { slots: 1 });
    await b.settle();
    expect(b.started).toEqual(['chain']);
    await b.finish('chain');
    // Remaining chains: chain 8, c1 6, short 5, c2 4, c3 2.
    for (const id of ['c1', 'short', 'c2', 'c3']) await b.finish(id);
    expect(b.started).toEqual(['chain', 'c1', 'short', 'c2', 'c3']);
    await done;

    const fifo = controlledBuilder();
    const fifoDone = runSchedule(items, fifo.build, { slots: 1, order: 'fifo' });
    await fifo.settle();
    expect(fifo.started).toEqual(['short']);
    for (const id of ['short', 'chain', 'c1', 'c2', 'c3']) await fifo.finish(id);
    await fifoDone;
  });

  it('treats a parent outside the run as already built', async () => {
    const b = controlledBuilder();
    const done = runSchedule([{ id: 'child', parent: 'built-earlier' }], b.build, { slots: 1 });
    await b.settle();
    expect(b.started).toEqual(['child']);
    await b.finish('child');
    expect((await done)[0].status).toBe('built');
  });

  it('starts nothing new once aborted and reports the rest as cancelled', async () => {
    const ac = new AbortController();
    const b = controlledBuilder();
    const done = runSchedule([{ id: 'a' }, { id: 'b' }, { id: 'c', parent: 'a' }], b.build, {
      slots: 1,
      signal: ac.signal,
    });
    await b.settle();
    ac.abort();
    await b.finish('a', new Error('terminated'));
    const results = await done;
    expect(results.map((r) => r.status)).toEqual(['failed', 'cancelled', 'parent-failed']);
    expect(b.started).toEqual(['a']);
  });

  it('turns a build function that throws synchronously into a failed build', async () => {
    const results = await runSchedule(
      [{ id: 'x' }, { id: 'y' }],
      (id) => {
        if (id === 'x') throw new Error('boom');
        return Promise.resolve('built');
      },
      { slots: 2 },
    );
    expect(results.map((r) => r.status)).toEqual(['failed', 'built']);
  });

  it('handles parent chains thousands deep', () => {
    const items = Array.from({ length: 5000 }, (_, n) => ({
      id: `n${n}`,
      parent: n ? `n${n - 1}` : undefined,
    }));
    expect(remainingChain(items).get('n0')).toBe(5000);
  });
});
