import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { currentRunId, newRunId, PARENT_TMP_ENV, RUN_ENV, runTempDir } from './test-run';

/**
 * Before any test file: the run's id and its own temp folder, which TMPDIR then names for the whole run (the test
 * files, the servers and tools they start). The global teardown removes it, whatever the tests left in it.
 */
export default function globalSetup(): void {
  const runId = currentRunId() ?? newRunId();
  process.env[RUN_ENV] = runId;
  const parent = process.env[PARENT_TMP_ENV] ?? tmpdir();
  process.env[PARENT_TMP_ENV] = parent;
  const dir = runTempDir(parent, runId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.TMPDIR = dir;
}
