// Upload progress for people reading the log: percent and MB/s every few seconds, not a line per
// chunk. The clock is a parameter so the throttling can be tested without waiting.
import type { UploadProgress } from '../openstack/glance-types.js';
import type { Logger } from '../log.js';

const MB = 1e6;

export function progressLogger(
  label: string,
  logger: Logger,
  now: () => number = Date.now,
  everyMs = 5000,
): (p: UploadProgress) => void {
  const start = now();
  let last = start;
  return ({ sent, total }) => {
    const t = now();
    if (t - last < everyMs && sent < total) return;
    last = t;
    const pct = total > 0 ? Math.floor((sent / total) * 100) : 100;
    const rate = sent / MB / Math.max((t - start) / 1000, 0.001);
    logger.info(
      `${label}: ${pct}% (${(sent / MB).toFixed(0)} of ${(total / MB).toFixed(0)} MB), ${rate.toFixed(0)} MB/s`,
    );
  };
}
