import { rmSync } from 'node:fs';
import {
  currentRunId,
  dropDatabasesWithPrefix,
  PARENT_TMP_ENV,
  runDatabasePrefix,
  runTempDir,
  serverOf,
} from './test-run';

/**
 * After the last test file, whatever happened: drops the run's databases that a test left behind (a file whose
 * set-up failed halfway, a test killed by its timeout) and removes the run's temp folder. A leftover is reported:
 * each test file should clean up after itself, this is the net under it.
 */
export default async function globalTeardown(): Promise<void> {
  const runId = currentRunId();
  if (!runId) return;
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const server = serverOf(base);
    const dropped = await dropDatabasesWithPrefix(server, runDatabasePrefix(server.baseName, runId));
    if (dropped.length) {
      process.stderr.write(
        `\n[test run ${runId}] dropped ${dropped.length} database(s) a test left behind: ${dropped.join(', ')}\n`,
      );
    }
  }
  const parent = process.env[PARENT_TMP_ENV];
  if (parent) {
    rmSync(runTempDir(parent, runId), { recursive: true, force: true, maxRetries: 3 });
    process.env.TMPDIR = parent;
  }
}
