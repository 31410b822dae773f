// Placeholder until the action issue lands: the GitHub Action adapter's run().
import * as core from '@actions/core';

export async function run(): Promise<void> {
  core.setFailed('kiln action: not implemented yet');
}
