// kiln's side of the upload benchmark, run as its own process so its peak RSS is kiln's alone:
// authenticate with clouds.yaml, create an image, stream the file with kiln's Glance client (hashing
// on the way, as publish does), print timings and max RSS as JSON (the benchmark deletes the image).
import { connectGlance } from '../../../src/openstack/connect.js';
import { silentLogger } from '../../../src/log.js';

const [file, cloud, name] = process.argv.slice(2) as [string, string, string];
// performance.now() counts from the process's start: the time before the first byte includes Node's
// start-up, loading kiln, authentication and creating the image.
const glance = await connectGlance({ cloud, env: process.env, cwd: process.cwd(), logger: silentLogger });
const image = await glance.createImage({
  name,
  disk_format: 'raw',
  container_format: 'bare',
  visibility: 'private',
});
const uploadStart = performance.now();
const sent = await glance.uploadImage(image.id, file);
const end = performance.now();
console.log(
  JSON.stringify({
    id: image.id,
    bytes: sent.size,
    uploadSeconds: (end - uploadStart) / 1000,
    firstByteSeconds: uploadStart / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
