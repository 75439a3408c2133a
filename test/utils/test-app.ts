import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { createApp, openApiDocumentOf } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { ConformanceRecorder } from './openapi-conformance';
import type { OpenApiDocument } from './openapi-junk';
import { createTestDatabase, type TestDatabase } from './test-db';

export const ADMIN = { email: 'admin@example.lg.jp', password: 'correct horse battery staple' };

export interface TestContext {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  http: () => TestAgent;
  /** Every answer of a documented route, checked against the OpenAPI document; close() fails on its problems. */
  conformance?: ConformanceRecorder;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on a fresh database (migrated at start-up, as in production). When the start fails (a
 * test expecting a bad setting or catalogue to stop it), the database and temp folder made for it are removed
 * before the error is passed on: nothing else holds them then.
 *
 * Every answer the app sends is checked against its own OpenAPI document (test/utils/openapi-conformance.ts);
 * close() fails, listing them, when any answer of the test file was undocumented or did not match its schema.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestContext> {
  const db = await createTestDatabase();
  let app: NestFastifyApplication | undefined;
  let config: AppConfig;
  let conformance: ConformanceRecorder;
  try {
    config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // TEST_STORAGE=database runs a suite with the stored files in the database (STORAGE).
      ...(process.env.TEST_STORAGE ? { STORAGE: process.env.TEST_STORAGE } : {}),
      ...env,
    });
    app = await createApp(config, options);
    conformance = new ConformanceRecorder(openApiDocumentOf(app) as unknown as OpenApiDocument);
    watchAnswers(app, conformance);
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
    conformance,
    close: async () => {
      await app.close();
      await db.drop();
      logConformance(conformance);
      if (conformance.problems.length > 0) throw new Error(conformance.failureMessage());
    },
  };
}

/** Hands every answer the app sends, with the route Fastify matched, to the conformance check. */
function watchAnswers(app: NestFastifyApplication, conformance: ConformanceRecorder): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (req, reply, payload, done) => {
      const header = reply.getHeader('content-type');
      const contentType = typeof header === 'string' ? header : undefined;
      // A download's bytes are not decoded: only a JSON body is read (a JSON error may come as a Buffer too).
      const text =
        typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload) && /json/i.test(contentType ?? '')
            ? payload.toString('utf8')
            : null;
      conformance.record({
        method: req.method,
        route: req.routeOptions.url,
        url: req.url,
        status: reply.statusCode,
        contentType,
        text,
        hasBody:
          payload !== null &&
          payload !== undefined &&
          (typeof payload === 'string'
            ? payload.length > 0
            : !Buffer.isBuffer(payload) || payload.length > 0),
      });
      done(null, payload);
    });
}

/** OPENAPI_CONFORMANCE_LOG=<file>: one JSON line per app closed (counts and problems), for a whole-suite summary. */
function logConformance(recorder: ConformanceRecorder): void {
  const file = process.env.OPENAPI_CONFORMANCE_LOG;
  if (!file) return;
  appendFileSync(
    file,
    JSON.stringify({
      testFile: expect.getState().testPath,
      checked: recorder.checked,
      validatedJson: recorder.validatedJson,
      elapsedMs: Math.round(recorder.elapsedMs),
      problems: recorder.problems,
    }) + '\n',
  );
}

export async function login(ctx: TestContext, email: string, password: string): Promise<string> {
  const res = await ctx.http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
