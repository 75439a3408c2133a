import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { createTestDatabase, type TestDatabase } from '../utils/test-db';
import { ADMIN, type TestContext } from '../utils/test-app';

/** Screenshots of the main pages, kept as test artifacts (git-ignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface BrowserContext {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  browser: Browser;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app listening on a loopback port, and Debian's Chromium (never a downloaded browser), started with the
 * flags this machine needs (no background networking: the network is closed).
 */
export async function startBrowserTest(env: Record<string, string> = {}): Promise<BrowserContext> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    ...env,
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
    config,
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

/** The running app as the API test helpers and factories take it (set-up through the API, not the pages). */
export function apiContext(ctx: BrowserContext): TestContext {
  return {
    app: ctx.app,
    config: ctx.config,
    db: ctx.db,
    dataSource: ctx.app.get(DataSource),
    http: () => request(ctx.app.getHttpServer()),
    close: () => ctx.close(),
  };
}

/** axe-core, evaluated in the page through the DevTools protocol (the pages' CSP allows no injected script). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The accessibility problems axe-core finds on the page as it is now (WCAG 2.2 A and AA and axe's best
 * practices), one line each with the elements concerned; an empty list when there are none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // The whole document (axe's default context); the test files are compiled without the DOM's types.
    const axe = (
      globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
  });
  return violations.map(
    (v) => `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Checks the page with axe-core and keeps a screenshot of it under `name`. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
}
