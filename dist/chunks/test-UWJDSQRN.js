import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  testImages
} from "./chunk-2O2FWW7K.js";
import {
  setupQemu
} from "./chunk-W6VJM2V2.js";
import "./chunk-KV5WP3WD.js";
import {
  resultRows
} from "./chunk-XOJQHSCC.js";
import "./chunk-XW5F6YFG.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import {
  jobArches
} from "./chunk-OJSTDWVK.js";
import {
  statusGraph
} from "./chunk-E2WUPO2S.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-Y6THQUYM.js";
import {
  loadConfig
} from "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-LSNICYBZ.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
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
