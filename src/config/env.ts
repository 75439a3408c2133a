import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { isUnsafeText } from '../common/validation/unsafe-text';
import { loadAuditKeys, type AuditKeysConfig } from './audit-keys';

/**
 * The whole configuration, read and validated once at start-up. Nothing else in the app reads process.env:
 * a wrong value stops the app here with a message that names the variable.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  /** Where documents and evidence are stored (STORAGE): under DATA_DIR, or in the database for several instances. */
  storage: 'folder' | 'database';
  orgName: string;
  /** The product's name as people see it: page titles, the header, mail subjects and footers (PRODUCT_NAME). */
  productName: string;
  /** What the issuer settings start from until an ADMIN edits them (the body's address, representative, 文書記号). */
  issuerDefaults: {
    orgAddress: string;
    representativeTitle: string;
    representativeName: string;
    documentNumberPattern: string;
  };
  admin: { email: string; password: string } | null;
  auditHmacKey: Buffer;
  /** The audit trail's keys (outside DATA_DIR) and where its signed checkpoints are written. */
  auditKeys: AuditKeysConfig;
  session: { idleMinutes: number; absoluteHours: number; cacheSeconds: number };
  /** Passed to Fastify: false (default), true, a hop count, or a list of proxy addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  clausesDir: string;
  /** Days after a period's end until its 定期報告 (REPORT) is due. */
  assessmentDueDays: number;
  /** Days after its creation until the annual self-assessment checklist (CHECKLIST) is due. */
  checklistDueDays: number;
  /** Run the daily jobs (assessment generation) in this process. */
  jobsEnabled: boolean;
  /** The OpenAPI document and Swagger UI at /api/docs (API_DOCS=true|false; false by default in production). */
  apiDocs: boolean;
  /** An improvement order overdue by more than this many days is flagged for measures under the contract. */
  orderEscalationDays: number;
  /** An ACTIVE official SNS account with no post for this many days is reminded to its 責任者 and 発信担当. */
  snsIdleDays: number;
  /** A dashboard computed this long ago is answered again while nothing was written in this process (0: never). */
  dashboardCacheSeconds: number;
  /** Outgoing mail server from SMTP_URL; null when unset (notifications then stay in the app only). */
  smtp: SmtpConfig | null;
  /** The From header of notification e-mails. */
  mailFrom: string;
  /** The app's public address, put in front of a notification's link in its e-mail (no trailing slash). */
  appUrl: string;
  /** How often a job-running instance sends the notifications not yet e-mailed. */
  mailPollSeconds: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps:// — TLS from the start (port 465); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
}

export type DatabaseConfig =
  | { type: 'better-sqlite3'; file: string }
  | {
      type: 'mysql' | 'mariadb';
      host: string;
      port: number;
      username: string;
      password: string;
      database: string;
      poolSize: number;
      /**
       * Further nodes of a cluster (`?failover=host:port,host:port`): when the host cannot be reached, new
       * connections go to the next one that can (mysql2 knows one host only; see database/failover.ts).
       */
      failover: { host: string; port: number }[];
    };

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The product's name unless PRODUCT_NAME says otherwise. */
export const DEFAULT_PRODUCT_NAME = '委託先情報セキュリティ管理';

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const dataDir = notAFile('DATA_DIR', resolve(cwd, str(env, 'DATA_DIR') ?? './data'));
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const auditKeys = loadAuditKeys(env, cwd, dataDir);
  return {
    nodeEnv,
    host: parseHost(str(env, 'HOST')),
    port: int(env, 'PORT', 3000, 0, 65535),
    dataDir,
    database: parseDatabaseUrl(str(env, 'DATABASE_URL'), dataDir),
    storage: oneOf(env, 'STORAGE', ['folder', 'database'] as const, 'folder'),
    // The same limits as the issuer settings these start (PUT /api/settings/issuer).
    orgName: text(env, 'ORG_NAME', 100) ?? '置賜広域行政事務組合',
    productName: text(env, 'PRODUCT_NAME', 50) ?? DEFAULT_PRODUCT_NAME,
    issuerDefaults: {
      orgAddress: text(env, 'ORG_ADDRESS', 200) ?? '',
      representativeTitle: text(env, 'ORG_REPRESENTATIVE_TITLE', 50) ?? '管理者',
      representativeName: text(env, 'ORG_REPRESENTATIVE_NAME', 100) ?? '',
      documentNumberPattern: parseDocumentNumberPattern(str(env, 'DOCUMENT_NUMBER_PATTERN')),
    },
    admin: parseAdmin(env),
    auditHmacKey: auditKeys.hmacKey,
    auditKeys,
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
      cacheSeconds: int(env, 'SESSION_CACHE_SECONDS', 5, 0, 60),
    },
    trustProxy: parseTrustProxy(str(env, 'TRUST_PROXY')),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    clausesDir: existingFolder('CLAUSES_DIR', resolve(cwd, str(env, 'CLAUSES_DIR') ?? 'templates/clauses')),
    assessmentDueDays: int(env, 'ASSESSMENT_DUE_DAYS', 14, 0, 365),
    checklistDueDays: int(env, 'CHECKLIST_DUE_DAYS', 30, 1, 365),
    jobsEnabled: bool(env, 'JOBS_ENABLED', nodeEnv !== 'test'),
    apiDocs: bool(env, 'API_DOCS', nodeEnv !== 'production'),
    orderEscalationDays: int(env, 'ORDER_ESCALATION_DAYS', 30, 1, 365),
    snsIdleDays: int(env, 'SNS_IDLE_DAYS', 30, 1, 365),
    dashboardCacheSeconds: int(env, 'DASHBOARD_CACHE_SECONDS', 10, 0, 300),
    smtp: parseSmtpUrl(str(env, 'SMTP_URL')),
    mailFrom: parseMailFrom(str(env, 'MAIL_FROM')),
    appUrl: parseAppUrl(str(env, 'APP_URL')),
    mailPollSeconds: int(env, 'MAIL_POLL_SECONDS', 30, 5, 3600),
  };
}

/** A 文書記号 with exactly one `{n}` for the serial number, e.g. 置広情第{n}号. */
export function isDocumentNumberPattern(value: string): boolean {
  return value.split('{n}').length === 2 && !/[{}]/.test(value.replace('{n}', '')) && value.length <= 50;
}

function parseDocumentNumberPattern(value: string | undefined): string {
  if (value === undefined) return '置広情第{n}号';
  if (!isDocumentNumberPattern(value)) {
    throw new ConfigError('DOCUMENT_NUMBER_PATTERN', 'must contain {n} exactly once and no other braces');
  }
  return value;
}

/** Text shown in documents and pages: within `max` code points, no control or invisible characters. */
function text(env: Env, name: string, max: number): string | undefined {
  const value = str(env, name);
  if (value === undefined) return undefined;
  if ([...value].length > max) throw new ConfigError(name, `must be at most ${max} characters`);
  if (isUnsafeText(value)) {
    throw new ConfigError(name, 'must not contain control, zero-width or direction-override characters');
  }
  return value;
}

/** An address to listen on: an IP address or a host name, nothing else (no scheme, port or path). */
function parseHost(value: string | undefined): string {
  if (value === undefined) return '0.0.0.0';
  const hostname =
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (!isIP(value) && !hostname.test(value)) {
    throw new ConfigError('HOST', `must be an IP address or a host name, got "${value}"`);
  }
  return value;
}

function notAFile(name: string, path: string): string {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new ConfigError(name, `must name a folder, but ${path} is a file`);
  }
  return path;
}

function existingFolder(name: string, path: string): string {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(name, `must name an existing folder (${path})`);
  }
  return path;
}

function str(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  return value.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `must be true or false, got "${raw}"`);
  return raw === 'true';
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  const name = 'DATABASE_URL';
  if (raw === undefined) return { type: 'better-sqlite3', file: join(dataDir, 'itaku-guard.sqlite') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL (expected sqlite:<file>, mysql://… or mariadb://…)');
  }
  switch (url.protocol) {
    case 'sqlite:': {
      const path = decodeURIComponent(url.pathname || url.host);
      if (!path) throw new ConfigError(name, 'names no SQLite file');
      return { type: 'better-sqlite3', file: isAbsolute(path) ? path : resolve(dataDir, path) };
    }
    case 'mysql:':
    case 'mariadb:': {
      const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
      if (!url.hostname) throw new ConfigError(name, 'names no host');
      if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
        throw new ConfigError(
          name,
          'must name a database made of letters, digits and _ (mysql://user:pass@host:3306/db)',
        );
      }
      const poolSize = url.searchParams.get('poolSize');
      if (poolSize !== null && !/^\d{1,3}$/.test(poolSize)) {
        throw new ConfigError(name, 'poolSize must be a whole number');
      }
      const failover = parseFailover(url.searchParams.get('failover'));
      return {
        // TypeORM must use its mariadb type on MariaDB: with "mysql" it mistakes JSON for longtext (TOOLCHAIN.md).
        type: url.protocol === 'mysql:' ? 'mysql' : 'mariadb',
        host: url.hostname,
        port: url.port ? Number(url.port) : 3306,
        username: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password),
        database,
        poolSize: poolSize === null ? 20 : Math.max(1, Number(poolSize)),
        failover,
      };
    }
    default:
      throw new ConfigError(
        name,
        `has an unsupported scheme "${url.protocol}" (use sqlite:, mysql: or mariadb:)`,
      );
  }
}

/** `host:port,host:port` (port 3306 when left out): the other nodes of a Galera or Group Replication cluster. */
function parseFailover(raw: string | null): { host: string; port: number }[] {
  if (raw === null) return [];
  return raw.split(',').map((entry) => {
    const match = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:]+\])(?::(\d{1,5}))?$/.exec(entry.trim());
    const port = match?.[2] === undefined ? 3306 : Number(match[2]);
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(
        'DATABASE_URL',
        `failover must list host:port pairs separated by commas, got "${entry}"`,
      );
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

function parseAdmin(env: Env): AppConfig['admin'] {
  const email = str(env, 'ADMIN_EMAIL');
  const password = env.ADMIN_PASSWORD;
  if (email === undefined && (password === undefined || password === '')) return null;
  if (email === undefined) throw new ConfigError('ADMIN_EMAIL', 'must be set when ADMIN_PASSWORD is set');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new ConfigError('ADMIN_EMAIL', 'is not an e-mail address');
  if (password === undefined || password.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be set and at least 12 characters long');
  }
  return { email: email.toLowerCase(), password };
}

function parseTrustProxy(raw: string | undefined): AppConfig['trustProxy'] {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((s) => s.trim());
  if (entries.some((e) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e))) {
    throw new ConfigError(
      'TRUST_PROXY',
      'must be false, true, a hop count or a comma-separated list of addresses/CIDRs',
    );
  }
  return entries;
}

/** SMTP_URL: smtp://[user:pass@]host[:port] or smtps://…; the password is percent-encoded in the URL. */
export function parseSmtpUrl(raw: string | undefined): SmtpConfig | null {
  const name = 'SMTP_URL';
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      'is not a URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)',
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(name, `has an unsupported scheme "${url.protocol}" (use smtp: or smtps:)`);
  }
  if (!url.hostname) throw new ConfigError(name, 'names no host');
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    throw new ConfigError(name, 'must hold only user, password, host and port (smtp://user:pass@host:587)');
  }
  const secure = url.protocol === 'smtps:';
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new ConfigError(name, 'has a user or password that is not properly percent-encoded');
  }
  if (pass !== '' && user === '') throw new ConfigError(name, 'has a password but no user');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user === '' ? null : { user, pass },
  };
}

function parseMailFrom(raw: string | undefined): string {
  if (raw === undefined) return 'itaku-guard <no-reply@localhost>';
  // No control characters: the value becomes a mail header.
  const named = /^[^<>\p{Cc}]*<[^\s@<>]+@[^\s@<>]+>$/u;
  if (!named.test(raw) && !/^[^\s@<>]+@[^\s@<>]+$/.test(raw)) {
    throw new ConfigError('MAIL_FROM', 'must be an e-mail address or "Name <address>"');
  }
  return raw;
}

function parseAppUrl(raw: string | undefined): string {
  if (raw === undefined) return 'http://localhost:3000';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('APP_URL', 'is not a URL (expected e.g. https://itaku-guard.example.lg.jp)');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new ConfigError('APP_URL', 'must be an http:// or https:// address without query or fragment');
  }
  return url.toString().replace(/\/+$/, '');
}
