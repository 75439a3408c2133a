import 'reflect-metadata';
import { createBackup } from '../backup/backup';
import { loadConfig } from '../config/env';
import { EXIT, parseArgs, UsageError } from './args';

const USAGE = `npm run backup -- [--out <folder>]

Backs up the running instance configured by the environment (DATABASE_URL, DATA_DIR, ...) into a new folder
<folder>/itaku-guard-backup-<time>: a consistent database snapshot, the stored documents and evidence it names,
the latest audit checkpoint and manifest.json. <folder> defaults to <DATA_DIR>-backups.
The audit keys are NOT included: keep KEYS_DIR (or AUDIT_HMAC_KEY) apart from the backups.`;

async function main(): Promise<number> {
  const { values, flags } = parseArgs(process.argv.slice(2), { values: ['out'], flags: ['help'] });
  if (flags.has('help')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const config = loadConfig();
  const outDir = values.out ?? `${config.dataDir}-backups`;
  const result = await createBackup(config, { outDir, log: (line) => console.log(line) });
  const m = result.manifest;
  console.log(
    `backup complete in ${(result.durationMs / 1000).toFixed(1)} s: ${m.parts.length} parts, ` +
      `${result.bytes} bytes, audit chain head seq ${m.auditChainHead.seq}`,
  );
  console.log(result.dir);
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? EXIT.refused : EXIT.failed);
  },
);
