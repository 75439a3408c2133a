import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/env';
import { createTestDatabase, type TestDatabase } from '../utils/test-db';
import { ADMIN } from '../utils/test-app';

/** Screenshots of the main pages, kept as test artifacts (git-ignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface BrowserContext {
  app: NestFastifyApplication;
  baseUrl: string;
  browser: Browser;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app listening on a loopback port, and Debian's Chromium (never a downloaded browser), started with the
 * flags this machine needs (no background networking: the network is closed).
 */
export async function startBrowserTest(): Promise<BrowserContext> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    db,
    close: async () => {
      await browser.close();
      await app.close();
      await db.drop();
    },
  };
}

/** A fresh browser session (its own cookies) signed in through the sign-in form. */
export async function signIn(ctx: BrowserContext, email: string, password: string): Promise<Page> {
  const page = await (
    await ctx.browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } })
  ).newPage();
  await page.goto(`${ctx.baseUrl}/login`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL(`${ctx.baseUrl}/`);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
