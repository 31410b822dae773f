import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  configFiles,
  lockFileFor,
  lockText,
  lockedCommit,
  readLock,
  validate
} from "./chunk-PUPMCPPH.js";
import {
  thirdPartyFileSchema
} from "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-YDMM63TT.js";
import {
  YamlFile
} from "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError,
  InputErrors,
  WorldError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/config/lock-branches.ts
import { readFile, rename, writeFile } from "node:fs/promises";
import { relative } from "node:path";
async function lockBranches(req, deps) {
  const files = configFiles(deps);
  const display = (p) => relative(deps.cwd, p) || p;
  const thirdParty = await parse(display(files.thirdParty), files.thirdParty);
  const lockPath = lockFileFor(files.thirdParty);
  const lockFile = await parse(display(lockPath), lockPath);
  const errors = [];
  const repos = thirdParty && !thirdParty.isEmpty() ? validate(thirdParty, thirdPartyFileSchema, thirdParty.value()) : void 0;
  errors.push(...repos?.errors ?? []);
  const old = readLock(lockFile);
  errors.push(...old.errors);
  const branches = Object.entries(repos?.data?.elements ?? {}).flatMap(
    ([name, r]) => r.branch === void 0 ? [] : [{ name, repo: r.repo, branch: r.branch }]
  );
  if (req.update !== "all") {
    for (const name of req.update)
      if (!branches.some((b) => b.name === name))
        errors.push(
          new InputError(
            `kiln lock --update: '${name}' does not follow a branch in ${display(files.thirdParty)}`,
            void 0,
            branches.length ? `branches: ${branches.map((b) => b.name).join(", ")}` : "no repo has `branch:`"
          )
        );
  }
  if (errors.length) throw new InputErrors(errors);
  const lock = /* @__PURE__ */ new Map();
  const changes = [];
  for (const b of branches) {
    const kept = lockedCommit(b.name, b, old.lock);
    const move = req.update === "all" || req.update.includes(b.name);
    const commit = "commit" in kept && !move ? kept.commit : await remoteHead(b, deps, thirdParty.pos(["elements", b.name, "branch"]));
    lock.set(b.name, { repo: b.repo, branch: b.branch, commit });
    changes.push({ name: b.name, branch: b.branch, commit, was: old.lock.get(b.name)?.commit });
  }
  const text = lockText(lock);
  const before = await readFile(lockPath, "utf8").catch(() => void 0);
  if (text !== before) {
    await writeFile(`${lockPath}.tmp-${process.pid}`, text);
    await rename(`${lockPath}.tmp-${process.pid}`, lockPath);
  }
  return changes;
}
async function parse(display, path) {
  const text = await readFile(path, "utf8").catch(() => void 0);
  if (text === void 0) return void 0;
  const { file, errors } = await YamlFile.parse(display, text);
  if (errors.length || !file) throw new InputErrors(errors);
  return file;
}
async function remoteHead(b, deps, pos) {
  const ref = `refs/heads/${b.branch}`;
  deps.logger.info(`${b.name}: asking ${b.repo} for branch ${b.branch}`);
  const res = await deps.runner("git", ["ls-remote", "--exit-code", b.repo, ref], {
    // Never wait for a password prompt: a private repo needs credentials set up beforehand.
    env: { ...process.env, ...deps.env, GIT_TERMINAL_PROMPT: "0" }
  });
  if (res.code === 2)
    throw new InputError(`branch '${b.branch}' of '${b.name}' does not exist in ${b.repo}`, pos);
  const line = res.stdout.split("\n").find((l) => l.endsWith(`	${ref}`));
  const commit = line?.split("	")[0];
  if (res.code !== 0 || !commit || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new WorldError({
      doing: `resolving branch ${b.branch} with git ls-remote`,
      target: `${b.name} (${b.repo})`,
      answer: res.code !== 0 ? `exit ${res.code}: ${res.stderr.trim().split("\n").slice(-3).join(" ")}` : "no commit in the answer"
    });
  }
  return commit;
}
export {
  lockBranches
};
