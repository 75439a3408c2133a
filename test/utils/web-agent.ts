import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { TestContext } from './test-app';

/** The CSRF token a page's form carries ('' when it has none, so a test of a missing token reads plainly). */
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The version (optimistic lock) a page's form carries ('' when it has none). */
export const versionOf = (html: string): string => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

export interface SignInOptions {
  /** The page to land on after signing in, sent as the sign-in form's `next`. */
  next?: string;
  /** The Host header of both requests, for tests that ask for pages under one fixed host name. */
  host?: string;
}

/**
 * Signs `agent` in through the web form: opens /login and posts it with that page's CSRF token. Answers the
 * sign-in's response (a 303 to the page the user goes to), for tests that look at where it leads.
 */
export async function postSignIn(
  agent: TestAgent,
  email: string,
  password: string,
  options: SignInOptions = {},
): Promise<Response> {
  const withHost = <T extends { set(name: string, value: string): T }>(req: T): T =>
    options.host ? req.set('Host', options.host) : req;
  const form = await withHost(agent.get('/login'));
  const action = options.next === undefined ? '/login' : `/login?next=${encodeURIComponent(options.next)}`;
  return withHost(agent.post(action))
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password });
}

/** A browser-like agent signed in through the web form (cookie session), as a person at the sign-in page is. */
export async function webSignIn(
  ctx: TestContext,
  email: string,
  password: string,
  options: SignInOptions = {},
): Promise<TestAgent> {
  const agent = request.agent(ctx.app.getHttpServer());
  const res = await postSignIn(agent, email, password, options);
  if (res.status !== 303) throw new Error(`web sign-in of ${email} answered ${res.status}`);
  return agent;
}

export interface SubmitOptions {
  /** Also send the version the page's form carries, as its hidden field would (unless the fields hold one). */
  pageVersion?: boolean;
}

/**
 * Posts a form as a browser does: it opens `page` first and sends that page's CSRF token with the fields.
 * Fields are pairs, so a field may repeat (checkboxes, multiple selects).
 */
export async function submitForm(
  agent: TestAgent,
  page: string,
  action: string,
  fields: [string, string][] | Record<string, string>,
  options: SubmitOptions = {},
): Promise<Response> {
  const html = (await agent.get(page)).text;
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  const version = options.pageVersion && !pairs.some(([name]) => name === 'version') ? versionOf(html) : '';
  const body = new URLSearchParams([
    ['_csrf', csrfOf(html)],
    ...(version ? [['version', version] as [string, string]] : []),
    ...pairs,
  ]);
  return agent.post(action).type('form').send(body.toString());
}
