#!/usr/bin/env node
// `npm start` builds only when something it compiles changed. A full `tsc` takes tens of seconds even when
// nothing changed; this compares the newest source with the stamp the last successful build left under dist/.
// No dist (a fresh clone) or a missing stamp: a full build. A source changed, added or removed: `npm run build`
// (incremental, tsconfig.build.json). Exit code: tsc's, so a failed build stops `npm start`.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const stampFile = join(root, 'dist', '.build-stamp.json');
/** What tsconfig.build.json compiles, and what decides how. */
const SOURCES = ['src', 'bench', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function walk(path, files) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) walk(join(path, entry), files);
  } else if (/\.(ts|json)$/.test(path) && !/\.spec\.ts$/.test(path)) {
    files.push({ path: relative(root, path), mtimeMs: stat.mtimeMs });
  }
}

function sources() {
  const files = [];
  for (const source of SOURCES) walk(join(root, source), files);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Why a build is needed, or null when dist is up to date. */
function staleness(files) {
  if (!existsSync(join(root, 'dist', 'src', 'main.js'))) return 'dist/src/main.js is missing';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'no record of a finished build';
  }
  const listed = files.map((f) => f.path).join('\n');
  if (stamp.files !== listed) return 'source files were added or removed';
  const newer = files.find((f) => f.mtimeMs > stamp.builtAtMs);
  return newer ? `${newer.path} changed` : null;
}

const before = sources();
const reason = staleness(before);
if (reason === null) {
  console.log('dist is up to date: no build needed');
  process.exit(0);
}
console.log(`building (${reason})`);
const startedAtMs = Date.now();
const result = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
// The start of the build: a source saved while tsc ran counts as changed next time.
writeFileSync(
  stampFile,
  JSON.stringify({ builtAtMs: startedAtMs, files: before.map((f) => f.path).join('\n') }),
);
