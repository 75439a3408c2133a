import 'reflect-metadata';
import { moveFilesToDatabase } from '../common/storage/move-to-database';
import { buildDataSourceOptions } from '../config/data-source';
import { loadConfig } from '../config/env';
import { openDatabase } from '../database/database.module';
import { TransactionService } from '../database/transaction.service';
import { AuditWriter } from '../modules/audit/audit.writer';
import { EXIT, parseArgs, UsageError } from './args';

const USAGE = `npm run storage:migrate

Moves the documents and evidence stored under DATA_DIR into the database configured by DATABASE_URL (for
STORAGE=database): each file is copied in pieces, read back from the database and its SHA-256 computed again.
Files already in the database are only checked, so it can be run again at any time. The files under DATA_DIR are
left in place. Exits 1, listing them, when a file does not match its SHA-256 or a row names a file the database
does not hold.`;

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), { values: [], flags: ['help'] });
  if (flags.has('help')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const config = loadConfig();
  // Migrated on opening, as the app does: the tables of the blobs exist from then on.
  // On the first reachable node of a cluster, as the app opens it (`?failover=`).
  const failover = config.database.type === 'better-sqlite3' ? [] : config.database.failover;
  const dataSource = await openDatabase(buildDataSourceOptions(config.database), failover);
  try {
    const tx = new TransactionService(dataSource, new AuditWriter(config));
    const report = await moveFilesToDatabase(
      config.dataDir,
      dataSource,
      (work) => tx.run((t) => work(t.manager)),
      (line) => console.log(line),
    );
    for (const path of report.skipped) console.log(`skipped (not a stored file): ${path}`);
    if (report.orphanedChunksRemoved) {
      console.log(`removed ${report.orphanedChunksRemoved} piece(s) left by interrupted writes`);
    }
    const problems = [...report.mismatches, ...report.missing];
    if (problems.length) {
      console.error(`storage:migrate found ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
      return EXIT.failed;
    }
    const { documents, evidence } = report.stores;
    console.log(
      `every file checked: ${documents.moved + evidence.moved} moved, ` +
        `${documents.alreadyThere + evidence.alreadyThere} already in the database; every row naming a file finds it`,
    );
    return EXIT.ok;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`storage:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? EXIT.refused : EXIT.failed);
  },
);
