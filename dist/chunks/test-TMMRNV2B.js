import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  testImages
} from "./chunk-NGOHT3J5.js";
import {
  setupQemu
} from "./chunk-D4V5F3ZY.js";
import "./chunk-KV5WP3WD.js";
import "./chunk-FYLOGLWY.js";
import {
  resultRows
} from "./chunk-VBFRXFRQ.js";
import "./chunk-PIT5HA5U.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-A5FHVTGY.js";
import "./chunk-Y5RLNFB6.js";
import {
  jobArches
} from "./chunk-QBOOBJUL.js";
import {
  statusGraph
} from "./chunk-CBDUIAZ3.js";
import "./chunk-XQKFXZ5F.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import {
  loadConfig
} from "./chunk-UM724M6O.js";
import "./chunk-PX4DNTTS.js";
import "./chunk-5TRAMWJB.js";
import "./chunk-GU4XJBG7.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-E7RB4GAI.js";
import "./chunk-GTTBYWCY.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/test.ts
var testAction = async ({ inputs, logger, env, runner, signal, tmp }) => {
  if (inputs.images.length === 0) {
    throw new InputError(
      `input '${"images" /* Images */}' is required for test`,
      void 0,
      "pass the matrix entry's images"
    );
  }
  const config = await loadConfig({ cwd: inputs.root, env, configDir: inputs.configDir });
  if (inputs.setupTools) {
    const images = inputs.images.map((n) => config.images.get(n)).filter((i) => i !== void 0);
    const arches = jobArches(inputs.architectures, images);
    await logger.group(
      "Set up qemu for the boot test",
      () => setupQemu({ arches, runner, logger, env, isRoot: process.getuid?.() === 0 })
    );
  }
  const outcomes = await testImages(
    { names: inputs.images, output: inputs.resultsDir, config },
    { runner, logger, env, signal, tmpDir: tmp }
  );
  const outcome = (name, arch) => outcomes.find((o) => o.name === name && o.arch === arch);
  const rows = (await resultRows(inputs.resultsDir, inputs.images, "skipped")).map((r) => {
    const o = outcome(r.name, r.arch);
    return o ? { ...r, status: o.result.status, detail: o.result.details.split("\n")[0] || void 0 } : r;
  });
  const failed = outcomes.filter((o) => o.result.status === "failed");
  return {
    outputs: {
      ["tested" /* Tested */]: JSON.stringify(
        outcomes.map((o) => ({ name: o.name, arch: o.arch, status: o.result.status, record: o.recordPath }))
      ),
      ["results-dir" /* ResultsDir */]: inputs.resultsDir
    },
    summary: { title: "kiln test", rows, graph: statusGraph(rows, config) },
    failure: failed.length > 0 ? `${failed.length} of ${outcomes.length} images failed their tests: ${failed.map((o) => `${o.name}/${o.arch}`).join(", ")}` : void 0
  };
};
export {
  testAction
};
