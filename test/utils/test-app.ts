import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { createTestDatabase, type TestDatabase } from './test-db';

export const ADMIN = { email: 'admin@example.lg.jp', password: 'correct horse battery staple' };

export interface TestContext {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  http: () => TestAgent;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on a fresh database (migrated at start-up, as in production). When the start fails (a
 * test expecting a bad setting or catalogue to stop it), the database and temp folder made for it are removed
 * before the error is passed on: nothing else holds them then.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestContext> {
  const db = await createTestDatabase();
  let app: NestFastifyApplication | undefined;
  let config: AppConfig;
  try {
    config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...env,
    });
    app = await createApp(config, options);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await db.drop();
    throw error;
  }
  return {
    app,
    config,
    db,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export async function login(ctx: TestContext, email: string, password: string): Promise<string> {
  const res = await ctx.http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
