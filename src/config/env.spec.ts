import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './env';

/**
 * Every setting loadConfig reads, each with a wrong value: the start stops with a ConfigError that names it
 * (main.ts prints the message and exits 1). The list is checked against the names loadConfig actually reads, so
 * a new setting without a case here fails the last test.
 */
describe('loadConfig: a wrong value of any setting stops the start, naming the setting', () => {
  let root: string;
  let dataDir: string;
  let base: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'itaku-guard-env-'));
    dataDir = join(root, 'data');
    writeFileSync(join(root, 'a-file'), 'not a folder');
    base = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'admin@example.lg.jp',
      ADMIN_PASSWORD: 'a long enough passphrase',
      CLAUSES_DIR: join(process.cwd(), 'templates/clauses'),
    };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const WRONG: Record<string, () => string> = {
    NODE_ENV: () => 'staging',
    HOST: () => 'http://example.jp:3000',
    PORT: () => '70000',
    DATA_DIR: () => join(root, 'a-file'),
    DATABASE_URL: () => 'postgres://db.example.jp/itaku',
    STORAGE: () => 'disk',
    ORG_NAME: () => 'あ'.repeat(101),
    PRODUCT_NAME: () => 'あ'.repeat(51),
    ORG_ADDRESS: () => '山形県\u202E長井市',
    ORG_REPRESENTATIVE_TITLE: () => '管'.repeat(51),
    ORG_REPRESENTATIVE_NAME: () => '置賜\u0007太郎',
    DOCUMENT_NUMBER_PATTERN: () => '置広情第号',
    ADMIN_EMAIL: () => 'not an address',
    ADMIN_PASSWORD: () => 'short',
    SESSION_IDLE_MINUTES: () => '0',
    SESSION_ABSOLUTE_HOURS: () => '1.5',
    SESSION_CACHE_SECONDS: () => '61',
    TRUST_PROXY: () => 'everyone',
    LOG_LEVEL: () => 'verbose',
    CLAUSES_DIR: () => join(root, 'no-such-folder'),
    ASSESSMENT_DUE_DAYS: () => '-1',
    CHECKLIST_DUE_DAYS: () => '0',
    JOBS_ENABLED: () => 'yes',
    API_DOCS: () => '1',
    ORDER_ESCALATION_DAYS: () => '366',
    SNS_IDLE_DAYS: () => '0',
    DASHBOARD_CACHE_SECONDS: () => '301',
    SMTP_URL: () => 'http://mail.example.jp',
    MAIL_FROM: () => 'no address here',
    APP_URL: () => 'ftp://itaku.example.lg.jp',
    MAIL_POLL_SECONDS: () => '4',
    KEYS_DIR: () => join(dataDir, 'keys'),
    AUDIT_CHECKPOINT_DIR: () => join(dataDir, 'checkpoints'),
    AUDIT_HMAC_KEY: () => 'abcd',
    AUDIT_CHECKPOINT_KEY_FILE: () => join(root, 'no-such.key'),
  };

  it('should start with the base settings (so each refusal below is the wrong value alone)', () => {
    expect(loadConfig(base, root).admin).toEqual({ email: base.ADMIN_EMAIL, password: base.ADMIN_PASSWORD });
  });

  it.each(Object.keys(WRONG))('should refuse a wrong %s with a ConfigError naming it', (name) => {
    const value = WRONG[name]();
    let thrown: unknown;
    try {
      loadConfig({ ...base, [name]: value }, root);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(name);
    expect((thrown as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('should have a wrong-value case for every setting loadConfig reads', () => {
    const read = new Set<string>();
    const env = new Proxy(base, {
      get: (target, key) => {
        if (typeof key === 'string') read.add(key);
        return target[key as string];
      },
    });
    loadConfig(env, root);
    expect([...read].filter((name) => !(name in WRONG)).sort()).toEqual([]);
    expect(
      Object.keys(WRONG)
        .filter((name) => !read.has(name))
        .sort(),
    ).toEqual([]);
  });
});
