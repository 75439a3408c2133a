import { resolve } from 'node:path';
import { BackupRefused } from '../backup/manifest';
import { checkBackup } from '../backup/restore';
import { EXIT, parseArgs, UsageError } from './args';

const USAGE = `npm run backup:verify -- --from <backup folder>

Checks a backup without restoring it and without any configuration: manifest.json parses and is intact, every
part is present with its recorded size and SHA-256, and the folder holds nothing else. Exit code 2 when it is
damaged. (A full check is a test restore into an empty instance: npm run restore.)`;

async function main(): Promise<number> {
  const { values, flags } = parseArgs(process.argv.slice(2), { values: ['from'], flags: ['help'] });
  if (flags.has('help')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!values.from) throw new UsageError('--from is required');
  const manifest = await checkBackup(resolve(values.from));
  const bytes = manifest.parts.reduce((sum, p) => sum + p.size, 0);
  console.log(
    `backup intact: taken ${manifest.snapshotAt} by itaku-guard ${manifest.app.version}, ${manifest.parts.length} ` +
      `parts, ${bytes} bytes, audit chain head seq ${manifest.auditChainHead.seq}`,
  );
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof BackupRefused ? `backup damaged: ${message}` : `check failed: ${message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof BackupRefused || error instanceof UsageError ? EXIT.refused : EXIT.failed);
  },
);
