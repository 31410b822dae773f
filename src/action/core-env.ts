// The environment the core (and every builder it starts: DIB, Packer, qemu) gets. The runner puts
// every input in INPUT_* variables, secrets included (clouds-yaml, github-token), and its own tokens
// in ACTIONS_*; none of that may reach a build's environment, where element scripts and templates
// could print it. The cache libraries read those tokens from process.env, not from here.
const RUNNER_SECRETS = /^(INPUT_|ACTIONS_(RUNTIME_TOKEN|ID_TOKEN_REQUEST_TOKEN|ID_TOKEN_REQUEST_URL)$)/;

export function coreEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !RUNNER_SECRETS.test(k)));
}
