import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from './env';

type Env = Record<string, string | undefined>;

/**
 * The audit trail's keys and where its checkpoints go. None of them lives in DATA_DIR: whoever can read or
 * restore the data folder (a copied volume, a stolen backup) must not be able to re-sign the chain, nor to
 * sign a checkpoint that would hide it (issue 13, item 4).
 */
export interface AuditKeysConfig {
  /** Secret files (the chain's HMAC key, the checkpoint signing key): KEYS_DIR, by default `<DATA_DIR>-keys`. */
  keysDir: string;
  /** HMAC-SHA-256 key of the chain. */
  hmacKey: Buffer;
  checkpoint: {
    /** Where every checkpoint is written as a file (AUDIT_CHECKPOINT_DIR, by default `<DATA_DIR>-checkpoints`). */
    dir: string;
    /** Ed25519 private key that signs checkpoints. */
    signingKey: KeyObject;
    publicKey: KeyObject;
    /** The public key as PEM (SPKI), also written next to the checkpoints for the operator. */
    publicKeyPem: string;
    /** SHA-256 of the public key (DER SPKI), hex: names the key a checkpoint was signed with. */
    keyId: string;
  };
  /** Where each key was read from, and what this start did (generated, moved), for the start-up log. */
  notices: string[];
}

export function loadAuditKeys(env: Env, cwd: string, dataDir: string): AuditKeysConfig {
  const notices: string[] = [];
  const keysDir = outsideDataDir(
    'KEYS_DIR',
    resolve(cwd, str(env, 'KEYS_DIR') ?? `${dataDir}-keys`),
    dataDir,
  );
  const checkpointDir = outsideDataDir(
    'AUDIT_CHECKPOINT_DIR',
    resolve(cwd, str(env, 'AUDIT_CHECKPOINT_DIR') ?? `${dataDir}-checkpoints`),
    dataDir,
  );
  const hmacKey = loadHmacKey(env, keysDir, dataDir, notices);
  const signing = loadSigningKey(env, cwd, keysDir, dataDir, notices);
  const publicKey = createPublicKey(signing);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = publicKeyId(publicKey);
  notices.push(`audit checkpoints are written to ${checkpointDir} (signing key ${keyId})`);
  return {
    keysDir,
    hmacKey,
    checkpoint: { dir: checkpointDir, signingKey: signing, publicKey, publicKeyPem, keyId },
    notices,
  };
}

/** SHA-256 of a public key (DER SPKI), hex: names the checkpoint signing key without revealing anything. */
export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function outsideDataDir(variable: string, path: string, dataDir: string): string {
  if (isInside(path, dataDir)) {
    throw new ConfigError(variable, `must be outside DATA_DIR (${dataDir}), got ${path}`);
  }
  return path;
}

/**
 * AUDIT_HMAC_KEY (hex or base64, at least 32 bytes) or, when absent, KEYS_DIR/audit-hmac.key, generated once so
 * that restarts keep verifying the same chain. A key left in DATA_DIR by an earlier version is moved there.
 */
function loadHmacKey(env: Env, keysDir: string, dataDir: string, notices: string[]): Buffer {
  const raw = str(env, 'AUDIT_HMAC_KEY');
  if (raw !== undefined) {
    const key =
      /^[0-9a-fA-F]+$/.test(raw) && raw.length % 2 === 0
        ? Buffer.from(raw, 'hex')
        : Buffer.from(raw, 'base64');
    if (key.length < 32)
      throw new ConfigError('AUDIT_HMAC_KEY', 'must hold at least 32 bytes (64 hex digits)');
    notices.push('audit chain key: AUDIT_HMAC_KEY');
    return key;
  }
  const file = join(keysDir, 'audit-hmac.key');
  const legacy = join(dataDir, 'audit-hmac.key');
  if (!existsSync(file) && existsSync(legacy)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    copyFileSync(legacy, file);
    readHmacFile(file);
    unlinkSync(legacy);
    notices.push(`audit chain key moved out of DATA_DIR: ${legacy} -> ${file}`);
  } else if (existsSync(legacy)) {
    notices.push(`${legacy} is not used (the key is ${file}); remove it from DATA_DIR`);
  }
  if (existsSync(file)) {
    notices.push(`audit chain key: ${file}`);
    return readHmacFile(file);
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  notices.push(`audit chain key generated: ${file} (keep it secret and backed up apart from the data)`);
  return key;
}

function readHmacFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new ConfigError('AUDIT_HMAC_KEY', `is absent and ${file} holds no valid key`);
  return key;
}

/**
 * AUDIT_CHECKPOINT_KEY_FILE (an Ed25519 private key, PKCS#8 PEM) or KEYS_DIR/audit-checkpoint.key, generated on
 * the first start with its public key beside it (audit-checkpoint.pub).
 */
function loadSigningKey(
  env: Env,
  cwd: string,
  keysDir: string,
  dataDir: string,
  notices: string[],
): KeyObject {
  const given = str(env, 'AUDIT_CHECKPOINT_KEY_FILE');
  const file = given
    ? outsideDataDir('AUDIT_CHECKPOINT_KEY_FILE', resolve(cwd, given), dataDir)
    : join(keysDir, 'audit-checkpoint.key');
  if (!existsSync(file)) {
    if (given) throw new ConfigError('AUDIT_CHECKPOINT_KEY_FILE', `names no file (${file})`);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    writeFileSync(join(keysDir, 'audit-checkpoint.pub'), publicKey.export({ type: 'spki', format: 'pem' }), {
      mode: 0o644,
    });
    notices.push(`audit checkpoint signing key generated: ${file} (public key beside it)`);
    return privateKey;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch {
    throw new ConfigError('AUDIT_CHECKPOINT_KEY_FILE', `${file} holds no readable private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError('AUDIT_CHECKPOINT_KEY_FILE', `${file} must hold an Ed25519 key`);
  }
  notices.push(`audit checkpoint signing key: ${file}`);
  return key;
}

function str(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  return value.trim();
}
