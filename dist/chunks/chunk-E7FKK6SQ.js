import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  invocation
} from "./chunk-EF6PQXA6.js";

// src/action/context.ts
function actionInvocation(ctx, env = ctx.env) {
  return invocation({
    cwd: ctx.inputs.root,
    env,
    logger: ctx.logger,
    signal: ctx.signal,
    runner: ctx.runner
  });
}

export {
  actionInvocation
};
