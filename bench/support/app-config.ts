// The configuration every in-process bench app starts from: production mode, silent, no jobs, a fresh administrator.
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { projectRoot } from './report';

export interface BenchApp {
  admin: { email: string; password: string };
  config: AppConfig;
}

/** DATA_DIR `dataDir`, the bench's database (undefined: SQLite under DATA_DIR), an administrator of its own. */
export function benchAppConfig(dataDir: string, databaseUrl: string | undefined): BenchApp {
  const admin = { email: 'bench-admin@example.lg.jp', password: randomBytes(12).toString('hex') };
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      JOBS_ENABLED: 'false',
    },
    projectRoot(),
  );
  return { admin, config };
}
