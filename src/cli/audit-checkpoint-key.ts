import 'reflect-metadata';
import { loadConfig } from '../config/env';
import { checkpointKeyCommand } from '../modules/audit/checkpoint-key-command';
import { EXIT, parseArgs, UsageError } from './args';

const USAGE = `npm run audit:checkpoint-key [-- --replace]

Shows the id of the audit checkpoint signing key the database records (SHA-256 of the public key) beside the id of
the key this environment reads (AUDIT_CHECKPOINT_KEY_FILE or KEYS_DIR/audit-checkpoint.key). An instance whose key
differs from the recorded one is refused at start-up. Exits 2 when they differ.
With --replace, records this environment's key as the signing key, with an audit row (audit.checkpoint-key.replace).
Replace the key with every instance stopped: put the new key in place on every instance, run this once, start
them, and make a checkpoint at once (SECURITY.md, Audit checkpoints).`;

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), { values: [], flags: ['help', 'replace'] });
  if (flags.has('help')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const state = await checkpointKeyCommand(loadConfig(), flags.has('replace'), (line) => console.log(line));
  if (state === 'same') console.log('the keys are the same; nothing to do');
  return state === 'differs' ? EXIT.refused : EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:checkpoint-key failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? EXIT.refused : EXIT.failed);
  },
);
