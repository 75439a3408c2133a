#!/usr/bin/env node
// `engines.node` in package.json must agree with what the installed packages declare (issue 14, item 8): every
// Node version our range allows must be one each package allows too. A package that asks for more is either a
// reason to narrow our range or listed below with the reason it is accepted; a listed one that no longer
// disagrees (or is no longer installed in that version) fails the check too, so the list cannot go stale.
// Also checks that the Node running CI is within the range. Uses npm's own semver (installed with the tree).
'use strict';
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const semver = require('semver');

/**
 * Packages whose declared engines.node is narrower than ours, accepted on purpose. Each is pinned by a runtime
 * dependency that has no release for Node 20 in its range, and the whole suite (SQLite, MariaDB, browser, faults)
 * passes on Node 20.20 with them. They are ES modules that the CommonJS build loads with require(), which Node 20
 * does by default only from 20.19 on: hence our lower bound (it was 20.11, where loading them fails).
 * Node 20 reached its end of life on 2026-04-30: moving to Node 22 empties this list (README, "Requirements").
 */
const ACCEPTED = {
  'file-type@22.3.0': 'pinned exactly by @nestjs/common 12.5.1 (and a direct dependency, upload sniffing)',
  'cookie@2.0.2': '@fastify/cookie 11 and light-my-request 6 (Fastify inject) require ^2',
  'content-disposition@3.1.0': '@fastify/static 10 (required by @nestjs/swagger on Fastify) requires ^3',
};

const root = join(__dirname, '..');
const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node;
if (!ours || !semver.validRange(ours)) {
  console.error(`check-engines: package.json has no valid engines.node (${ours})`);
  process.exit(1);
}

const found = new Map(); // name@version → declared range
function walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (entry.startsWith('@')) {
      walk(path);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    const range = pkg.engines?.node;
    if (typeof range === 'string') found.set(`${pkg.name}@${pkg.version}`, range);
    walk(join(path, 'node_modules'));
  }
}
walk(join(root, 'node_modules'));

const problems = [];
const accepted = [];
for (const [pkg, range] of [...found].sort()) {
  if (!semver.validRange(range)) continue; // nonsense ranges are ignored by npm too
  if (semver.subset(ours, range)) continue;
  if (ACCEPTED[pkg]) accepted.push(`${pkg} (${range}): ${ACCEPTED[pkg]}`);
  else problems.push(`${pkg} declares node ${range}, narrower than ours (${ours})`);
}
for (const pkg of Object.keys(ACCEPTED)) {
  if (!found.has(pkg)) problems.push(`${pkg} is listed as accepted but not installed: update the list`);
  else if (semver.subset(ours, found.get(pkg))) problems.push(`${pkg} now agrees: remove it from the list`);
}
if (!semver.satisfies(process.version, ours)) {
  problems.push(`this Node (${process.version}) is outside engines.node (${ours})`);
}

console.log(`engines.node ${ours}; ${found.size} installed packages declare a node range`);
for (const line of accepted) console.log(`  accepted: ${line}`);
if (problems.length) {
  for (const line of problems) console.error(`check-engines: ${line}`);
  process.exit(1);
}
