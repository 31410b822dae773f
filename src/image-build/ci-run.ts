// The CI run a build is made in, as a link: GitHub Actions' run page from the variables every job
// has. It goes into the image's provenance file and the build record (as CC-Images' build tag goes
// into DIB_CC_PROVENANCE), never into the build key: the same inputs are the same build wherever made.
export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  if (!server || !repo || !run) return undefined;
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${run}`;
}
