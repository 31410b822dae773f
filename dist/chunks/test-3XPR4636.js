import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  testImages
} from "./chunk-T5GQBJLL.js";
import {
  resultRows
} from "./chunk-EZOCSSP3.js";
import "./chunk-BLE43MUF.js";
import "./chunk-JTVS32PB.js";
import "./chunk-XW7PKT2X.js";
import {
  setupQemu
} from "./chunk-PX2WR4UF.js";
import "./chunk-KV5WP3WD.js";
import "./chunk-YU4BCPTU.js";
import "./chunk-MEIOC2ET.js";
import {
  actionInvocation
} from "./chunk-E7FKK6SQ.js";
import {
  testDeps
} from "./chunk-EF6PQXA6.js";
import {
  jobArches
} from "./chunk-BYGGE2JT.js";
import {
  statusGraph
} from "./chunk-CBDUIAZ3.js";
import "./chunk-XQKFXZ5F.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import {
  loadConfig
} from "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/test.ts
var testAction = async (ctx) => {
  const { inputs, logger, env, runner, tmp } = ctx;
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
    { names: inputs.images, output: inputs.resultsDir },
    testDeps(actionInvocation(ctx), config, { tmpDir: tmp })
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
