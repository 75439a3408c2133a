import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditKeys } from './audit-keys';
import { ConfigError } from './env';

describe('the audit keys, outside DATA_DIR', () => {
  let root: string;
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'itaku-guard-keys-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
  });

  it('should generate both keys on the first start beside DATA_DIR, and read the same ones after', () => {
    const first = loadAuditKeys({}, root, dataDir);
    expect(first.keysDir).toBe(`${dataDir}-keys`);
    expect(first.checkpoint.dir).toBe(`${dataDir}-checkpoints`);
    expect(first.notices.join('\n')).toContain(`audit chain key generated: ${dataDir}-keys/audit-hmac.key`);
    expect(readFileSync(join(first.keysDir, 'audit-checkpoint.pub'), 'utf8')).toBe(
      first.checkpoint.publicKeyPem,
    );
    const again = loadAuditKeys({}, root, dataDir);
    expect(again.hmacKey.equals(first.hmacKey)).toBe(true);
    expect(again.checkpoint.keyId).toBe(first.checkpoint.keyId);
    expect(again.notices.join('\n')).not.toContain('generated');
  });

  it('should move a key an earlier version left in DATA_DIR, so the chain keeps verifying', () => {
    const legacy = randomBytes(32);
    writeFileSync(join(dataDir, 'audit-hmac.key'), `${legacy.toString('hex')}\n`);
    const keys = loadAuditKeys({}, root, dataDir);
    expect(keys.hmacKey.equals(legacy)).toBe(true);
    expect(existsSync(join(dataDir, 'audit-hmac.key'))).toBe(false);
    expect(readFileSync(join(keys.keysDir, 'audit-hmac.key'), 'utf8').trim()).toBe(legacy.toString('hex'));
    expect(keys.notices.join('\n')).toContain('moved out of DATA_DIR');
  });

  it('should refuse a key or checkpoint folder inside DATA_DIR, naming the variable', () => {
    const variable = (env: Record<string, string>): string => {
      try {
        loadAuditKeys(env, root, dataDir);
      } catch (error) {
        if (error instanceof ConfigError) return error.variable;
        throw error;
      }
      return 'accepted';
    };
    expect(variable({ KEYS_DIR: join(dataDir, 'keys') })).toBe('KEYS_DIR');
    expect(variable({ KEYS_DIR: dataDir })).toBe('KEYS_DIR');
    expect(variable({ AUDIT_CHECKPOINT_DIR: './data/checkpoints' })).toBe('AUDIT_CHECKPOINT_DIR');
    expect(variable({ AUDIT_CHECKPOINT_KEY_FILE: join(dataDir, 'k.pem') })).toBe('AUDIT_CHECKPOINT_KEY_FILE');
    expect(variable({ AUDIT_CHECKPOINT_KEY_FILE: join(root, 'missing.pem') })).toBe(
      'AUDIT_CHECKPOINT_KEY_FILE',
    );
    expect(variable({ KEYS_DIR: join(root, 'elsewhere'), AUDIT_CHECKPOINT_DIR: join(root, 'cp') })).toBe(
      'accepted',
    );
  });
});
