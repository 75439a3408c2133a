import 'reflect-metadata';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/env';
import { AuditService } from '../modules/audit/audit.service';
import type { AuditVerifyResponse } from '../modules/audit/dto/audit.dto';
import { EXIT, parseArgs, UsageError } from './args';

const USAGE = `npm run audit:verify -- [--full]

Checks the audit log of the instance configured by the environment (DATABASE_URL, DATA_DIR, KEYS_DIR, ...), as
GET /api/audit-events/verify does, without a running server. By default from the last checkpoint (the everyday
check: the checkpoint's signature and row, then every row written since); --full walks the whole chain from its
first row (periodically, and after a restore). Reads in pages of rows: memory stays flat however long the log.
Exit code 2 when the chain is broken.`;

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), { values: [], flags: ['full', 'help'] });
  if (flags.has('help')) {
    console.log(USAGE);
    return EXIT.ok;
  }
  // No jobs, no listening: only the verification runs in this process.
  const config = loadConfig({ ...process.env, JOBS_ENABLED: 'false', LOG_LEVEL: 'warn' });
  const app = await createApp(config);
  try {
    await app.init();
    const started = Date.now();
    const result = await app
      .get(AuditService)
      .verify(undefined, { from: flags.has('full') ? 'start' : 'checkpoint' });
    console.log(describe(result, (Date.now() - started) / 1000));
    return result.ok ? EXIT.ok : EXIT.refused;
  } finally {
    await app.close();
  }
}

function describe(r: AuditVerifyResponse, seconds: number): string {
  const scope = r.startSeq === undefined ? 'from the first row' : `from checkpoint seq ${r.startSeq}`;
  const anchor = r.checkpoint
    ? `checkpoint seq ${r.checkpoint.seq} (${r.checkpoint.source}${r.checkpoint.file ? ` ${r.checkpoint.file}` : ''})`
    : 'no checkpoint known';
  return r.ok
    ? `audit chain intact: ${r.checked} rows checked ${scope} in ${seconds.toFixed(1)} s; ${anchor}`
    : `audit chain BROKEN at seq ${r.firstBrokenSeq} (${r.problem}) after ${r.checked} rows checked ${scope}; ${anchor}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit check failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? EXIT.refused : EXIT.failed);
  },
);
