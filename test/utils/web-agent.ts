import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { TestContext } from './test-app';

/** The CSRF token a page's form carries ('' when it has none, so a test of a missing token reads plainly). */
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser-like agent signed in through the web form (cookie session), as a person at the sign-in page is. */
export async function webSignIn(ctx: TestContext, email: string, password: string): Promise<TestAgent> {
  const agent = request.agent(ctx.app.getHttpServer());
  const form = await agent.get('/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), email, password });
  if (res.status !== 303) throw new Error(`web sign-in of ${email} answered ${res.status}`);
  return agent;
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
): Promise<Response> {
  const html = (await agent.get(page)).text;
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  const body = new URLSearchParams([['_csrf', csrfOf(html)], ...pairs]);
  return agent.post(action).type('form').send(body.toString());
}
