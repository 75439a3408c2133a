import 'reflect-metadata';
import { resolve } from 'node:path';
import { BackupRefused } from '../backup/manifest';
import { restoreBackup, RestoreFailed } from '../backup/restore';
import { loadConfig } from '../config/env';
import { EXIT, parseArgs, UsageError } from './args';

const USAGE = `npm run restore -- --from <backup folder> [--replace-existing]

Restores a backup into the EMPTY instance configured by the environment (DATABASE_URL, DATA_DIR, and the audit
keys: AUDIT_HMAC_KEY or KEYS_DIR holding the original audit-hmac.key and audit-checkpoint.key). Stop the app
first. A damaged backup (a part missing or changed, a manifest that does not parse), a wrong audit key or a target
that already holds data is refused before anything is written (exit code 2); --replace-existing drops the target
database's tables instead. After the restore, the row counts, every stored file's SHA-256 and the audit chain are
checked; exit code 1 when they do not check out.`;

async function main(): Promise<number> {
  const { values, flags } = parseArgs(process.argv.slice(2), {
    values: ['from'],
    flags: ['help', 'replace-existing'],
  });
  if (flags.has('help')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!values.from) throw new UsageError('--from is required');
  const config = loadConfig();
  const report = await restoreBackup(config, resolve(values.from), {
    replaceExisting: flags.has('replace-existing'),
    log: (line) => console.log(line),
  });
  const rows = Object.values(report.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    `restore complete in ${(report.durationMs / 1000).toFixed(1)} s: ${rows} rows, ${report.filesChecked} stored ` +
      `files checked, audit chain verified (${report.auditRowsVerified} rows` +
      `${report.checkpointChecked ? ', matching the signed checkpoint' : ''}); ${report.sessionsEnded} session(s) ` +
      'from the backup ended: everyone signs in again',
  );
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BackupRefused || error instanceof UsageError) {
      console.error(`restore refused, nothing was written: ${message}`);
      if (error instanceof UsageError) console.error(USAGE);
      process.exit(EXIT.refused);
    }
    if (error instanceof RestoreFailed) {
      console.error(`restore FAILED, do not use this instance: ${message}`);
    } else {
      console.error(`restore failed: ${message}`);
    }
    process.exit(EXIT.failed);
  },
);
