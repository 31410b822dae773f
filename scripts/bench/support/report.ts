// How every benchmark states its result: each target on a line of its own, "met" or "not met", and
// the machine's load, since on a shared machine wall times include waiting for a CPU.
import { availableParallelism, cpus, loadavg } from 'node:os';

/** `target <what>: <measured> (<goal>): met|not met`. */
export function target(what: string, measured: string, goal: string, met: boolean): void {
  console.log(`target ${what}: ${measured} (${goal}): ${met ? 'met' : 'not met'}`);
}

/** The machine and its 1-minute load average, printed at the end of every benchmark. */
export function machine(): void {
  console.log(
    `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), load (1-minute average) ${loadavg()[0].toFixed(1)}`,
  );
}
