import { createHash, createHmac } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canonicalJson } from '../modules/audit/audit-chain';
import { SHA256_HEX } from './stored-files';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'itaku-guard-backup';
export const MANIFEST_FORMAT_VERSION = 1;

export type PartKind = 'database' | 'document' | 'evidence' | 'audit-checkpoint';

export interface BackupPart {
  /** Relative to the backup folder, with forward slashes. */
  path: string;
  kind: PartKind;
  size: number;
  sha256: string;
}

export type DatabaseEngine = 'sqlite' | 'mysql';

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_FORMAT_VERSION;
  /** When the backup started and when its database snapshot was complete (ISO 8601, UTC). */
  startedAt: string;
  snapshotAt: string;
  app: { name: string; version: string };
  database: {
    engine: DatabaseEngine;
    /** better-sqlite3 online backup, or the dump tool and its version line. */
    method: string;
    serverVersion: string | null;
  };
  /** The migrations applied in the snapshot, in order. */
  migrations: string[];
  /** Rows per table in the snapshot, every table included. */
  rowCounts: Record<string, number>;
  /** The audit chain's head in the snapshot. */
  auditChainHead: { seq: number; hash: string };
  /**
   * HMAC of a fixed text under the audit key: lets a restore tell "this is not the key the chain was written with"
   * before it writes anything, without the backup holding the key (which is kept apart from it, on purpose).
   */
  auditKeyFingerprint: string;
  /** The latest signed audit checkpoint copied into the backup, when the instance exports checkpoints. */
  auditCheckpoint: { path: string; seq: number | null; hash: string | null } | null;
  /**
   * Where the instance kept its stored files (STORAGE): 'folder' (also when absent: backups made before it was
   * recorded), the files being parts; 'database', the files being rows of the database part, checked in it.
   */
  storage?: 'folder' | 'database';
  parts: BackupPart[];
  /** SHA-256 of the canonical JSON of every other field: a damaged manifest is refused, not half-believed. */
  checksum: string;
}

/** Why a backup cannot be used; the restore and the check stop on it before writing anything. */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

const KEY_FINGERPRINT_TEXT = 'itaku-guard audit key fingerprint v1';

export function auditKeyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update(KEY_FINGERPRINT_TEXT).digest('hex');
}

export function manifestChecksum(manifest: Omit<BackupManifest, 'checksum'>): string {
  const { checksum: _ignored, ...rest } = manifest as BackupManifest;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    hash.update(buffer);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * The only paths a backup may hold: the database, content-addressed files named by their hash, and the checkpoint
 * folder. A restore writes nothing else, so a planted `../` path can never reach outside DATA_DIR.
 */
const PART_PATHS: Record<PartKind, RegExp> = {
  database: /^database\.(sqlite|sql)$/,
  document: /^documents\/([0-9a-f]{2})\/([0-9a-f]{64})\.pdf$/,
  evidence: /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/,
  'audit-checkpoint': /^audit-checkpoint\/[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/,
};

/** Reads and checks the manifest's shape and checksum. Throws BackupRefused with the reason. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw new BackupRefused(`the backup folder ${dir} does not exist`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new BackupRefused(`${file} is missing: this folder is not a complete backup`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BackupRefused(`${file} does not parse as JSON (${(error as Error).message})`);
  }
  const problem = manifestShapeProblem(value);
  if (problem) throw new BackupRefused(`${file} is not a valid backup manifest: ${problem}`);
  const manifest = value as BackupManifest;
  if (manifestChecksum(manifest) !== manifest.checksum) {
    throw new BackupRefused(`${file} has been altered or damaged: its checksum does not match its content`);
  }
  return manifest;
}

/**
 * Checks every part against the manifest: present, the recorded size and SHA-256, a content-addressed file named
 * by its own hash, and no file in the folder that the manifest does not list. Answers the problems found (all of
 * them, so the operator sees the extent of the damage at once).
 */
export async function partProblems(dir: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  const listed = new Set(manifest.parts.map((p) => p.path));
  for (const part of manifest.parts) {
    const path = join(dir, ...part.path.split('/'));
    let actual: { sha256: string; size: number };
    try {
      // A link could point anywhere: a part is a regular file of the backup folder or nothing.
      if (!(await lstat(path)).isFile()) {
        problems.push(`${part.path}: not a regular file`);
        continue;
      }
      actual = await sha256File(path);
    } catch {
      problems.push(`${part.path}: missing`);
      continue;
    }
    if (actual.size !== part.size) {
      problems.push(`${part.path}: ${actual.size} bytes, the manifest says ${part.size}`);
    } else if (actual.sha256 !== part.sha256) {
      problems.push(`${part.path}: SHA-256 ${actual.sha256} does not match the manifest's ${part.sha256}`);
    }
  }
  for (const file of await listFiles(dir)) {
    if (file !== MANIFEST_FILE && !listed.has(file)) {
      problems.push(`${file}: not listed in the manifest`);
    }
  }
  return problems;
}

/** Every entry under dir that is not a folder (files, links, anything else), relative, with forward slashes. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

function manifestShapeProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a JSON object';
  if (value.format !== MANIFEST_FORMAT) return `format is not "${MANIFEST_FORMAT}"`;
  if (value.formatVersion !== MANIFEST_FORMAT_VERSION) {
    return `format version ${String(value.formatVersion)} is not ${MANIFEST_FORMAT_VERSION}, the one this version reads`;
  }
  for (const field of ['startedAt', 'snapshotAt'] as const) {
    if (typeof value[field] !== 'string' || Number.isNaN(Date.parse(value[field])))
      return `${field} is not a time`;
  }
  if (!isObject(value.app) || typeof value.app.name !== 'string' || typeof value.app.version !== 'string') {
    return 'app is not {name, version}';
  }
  const db = value.database;
  if (!isObject(db) || (db.engine !== 'sqlite' && db.engine !== 'mysql') || typeof db.method !== 'string') {
    return 'database is not {engine: sqlite|mysql, method}';
  }
  if (!Array.isArray(value.migrations) || !value.migrations.every((m) => typeof m === 'string')) {
    return 'migrations is not a list of names';
  }
  const counts = value.rowCounts;
  if (
    !isObject(counts) ||
    !Object.values(counts).every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
  ) {
    return 'rowCounts is not a map of table to row count';
  }
  const head = value.auditChainHead;
  if (!isObject(head) || !Number.isSafeInteger(head.seq) || typeof head.hash !== 'string') {
    return 'auditChainHead is not {seq, hash}';
  }
  if (typeof value.auditKeyFingerprint !== 'string' || !SHA256_HEX.test(value.auditKeyFingerprint)) {
    return 'auditKeyFingerprint is not a SHA-256 value';
  }
  if (value.auditCheckpoint !== null && !isObject(value.auditCheckpoint))
    return 'auditCheckpoint is malformed';
  if (value.storage !== undefined && value.storage !== 'folder' && value.storage !== 'database') {
    return 'storage is neither folder nor database';
  }
  if (!Array.isArray(value.parts)) return 'parts is not a list';
  const seen = new Set<string>();
  let databases = 0;
  for (const part of value.parts as unknown[]) {
    if (!isObject(part)) return 'a part is not an object';
    const { path, kind, size, sha256 } = part;
    if (typeof path !== 'string' || typeof kind !== 'string' || !(kind in PART_PATHS)) {
      return `part ${JSON.stringify(path)} has no known kind`;
    }
    const match = PART_PATHS[kind as PartKind].exec(path);
    if (!match) return `part ${JSON.stringify(path)} is not a path a ${kind} may have`;
    if (!Number.isSafeInteger(size) || (size as number) < 0) return `part ${path} has no size`;
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) return `part ${path} has no SHA-256`;
    // A content-addressed file is named by its hash: the name, its folder and the recorded hash must agree.
    if (
      (kind === 'document' || kind === 'evidence') &&
      (match[2] !== sha256 || match[1] !== sha256.slice(0, 2))
    ) {
      return `part ${path} is not named by its SHA-256`;
    }
    if (seen.has(path)) return `part ${path} is listed twice`;
    seen.add(path);
    if (kind === 'database') databases++;
  }
  if (databases !== 1) return `it lists ${databases} database parts, not one`;
  if (typeof value.checksum !== 'string') return 'checksum is missing';
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
