import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManual, ManualError, MANUAL_DIR } from './manual-docs';

// Writes docs/manual/*.md from docs/manual/src/*.src.md and the screenshots in docs/manual/images (the last step
// of `npm run docs`). With --check it writes nothing and fails when a written file would change.
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await buildManual(MANUAL_DIR);
  const stale: string[] = [];
  for (const [name, text] of files) {
    const path = join(MANUAL_DIR, name);
    let current: string | null = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = null;
    }
    if (current === text) continue;
    if (check) stale.push(name);
    else {
      writeFileSync(path, text, 'utf8');
      console.log(`wrote docs/manual/${name}`);
    }
  }
  if (stale.length) {
    console.error(`docs/manual is out of date (${stale.join(', ')}): run npm run docs`);
    process.exitCode = 1;
  } else if (check) console.log('docs/manual is up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ManualError ? error.message : error);
  process.exitCode = 1;
});
