// Scheduler quality: random forests of 200 builds of random lengths on 4 slots, run through kiln's
// real scheduler on a simulated clock (exact, no timer noise). Reports makespan divided by the lower
// bound max(critical path, total work / slots) for kiln's longest-chain-first order next to a plain
// first-come-first-served order on the same graphs. Target for kiln: <= 1.05.
import {
  remainingChain,
  runSchedule,
  type BuildOutcome,
  type SchedulerItem,
} from '../../src/image-build/scheduler.js';
import { target } from './support/report.js';

const BUILDS = 200;
const SLOTS = 4;
const GRAPHS = 30;

/** Small deterministic PRNG so every run measures the same graphs. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomForest(seed: number): SchedulerItem[] {
  const rnd = mulberry32(seed);
  const items: SchedulerItem[] = [];
  for (let n = 0; n < BUILDS; n++) {
    // Image catalogues: some roots, many children; chains form when children have children.
    const parent = n > 0 && rnd() < 0.7 ? `b${Math.floor(rnd() * n)}` : undefined;
    items.push({ id: `b${n}`, parent, estimate: Math.round(5 + rnd() * rnd() * 120) });
  }
  return items;
}

/** Makespan of the real scheduler when each build takes exactly its estimate. */
async function makespan(items: SchedulerItem[], order: 'critical-path' | 'fifo'): Promise<number> {
  const length = new Map(items.map((i) => [i.id, i.estimate!]));
  let now = 0;
  const running: { end: number; resolve: (o: BuildOutcome) => void }[] = [];
  let finished = false;
  const done = runSchedule(
    items,
    (id) => new Promise<BuildOutcome>((resolve) => running.push({ end: now + length.get(id)!, resolve })),
    { slots: SLOTS, order },
  ).then(() => {
    finished = true;
  });
  for (;;) {
    await new Promise((r) => setImmediate(r));
    if (finished) break;
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    next.resolve('built');
  }
  await done;
  return now;
}

export async function run(): Promise<void> {
  const ratios = { kiln: [] as number[], fifo: [] as number[] };
  for (let g = 0; g < GRAPHS; g++) {
    const items = randomForest(1000 + g);
    const total = items.reduce((s, i) => s + i.estimate!, 0);
    const critical = Math.max(...remainingChain(items).values());
    const bound = Math.max(critical, total / SLOTS);
    ratios.kiln.push((await makespan(items, 'critical-path')) / bound);
    ratios.fifo.push((await makespan(items, 'fifo')) / bound);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const fmt = (xs: number[]) => `mean ${mean(xs).toFixed(3)}  max ${Math.max(...xs).toFixed(3)}`;
  console.log(
    `${GRAPHS} random graphs of ${BUILDS} builds on ${SLOTS} slots; makespan / max(critical path, work/${SLOTS}):`,
  );
  console.log(`  kiln (longest chain first): ${fmt(ratios.kiln)}`);
  console.log(`  plain FIFO:                 ${fmt(ratios.fifo)}`);
  // A simulated clock: the machine's load does not enter the result.
  target(
    'kiln makespan / lower bound',
    `mean ${mean(ratios.kiln).toFixed(3)}`,
    '<= 1.05',
    mean(ratios.kiln) <= 1.05,
  );
}
