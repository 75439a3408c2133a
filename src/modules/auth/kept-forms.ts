import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { MAX_EVIDENCE_BYTES } from '../evidence/media-types';
import { hashToken } from './auth.service';
import { Session } from './session.entity';

/** The cookie that holds the random id of a kept form (never the form itself). */
export const KEPT_FORM_COOKIE = 'ig_kept';
/** How long a form posted after the session ended is kept for its user to sign in again. */
export const KEPT_FORM_MINUTES = 30;
/**
 * The most a kept form may hold, as JSON, and the most fields: enough for a long checklist's answers and comments
 * (the self-assessment page posts up to 1,100 fields). A larger form is not kept.
 */
const MAX_FORM_BYTES = 1024 * 1024;
const MAX_FIELDS = 1_100;
/** The most kept in this process at once, in forms and in bytes; the oldest goes first. */
const MAX_ENTRIES = 500;
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
/** The most file bytes read (and dropped) from one multipart form; past that the form is not kept. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;
/** What a multipart form's parts may be while it is read only for its fields (its files are read and dropped). */
const MULTIPART_READ_LIMITS = {
  fileSize: MAX_EVIDENCE_BYTES,
  // Every question has a file input, and an input left empty still sends a part.
  files: MAX_FIELDS,
  fields: MAX_FIELDS,
  fieldNameSize: 100,
  fieldSize: 4_000 * 4 + 1_024,
  parts: MAX_FIELDS * 2,
  headerPairs: 20,
};
/** Never kept, whatever the form: the CSRF token (dead with the session) and anything that looks like a secret. */
const NEVER_KEPT = /^_csrf$|pass|secret|token/iu;

export const KEPT_FORM_NOTICE =
  '保存されていない入力内容を復元しました。内容を確認して、もう一度保存してください。';

/** Added to the notice when files had been chosen: they are never kept. */
export const FILES_NOT_KEPT = '添付するファイルは保持されないため、もう一度選択してください。';

export type KeptFields = Record<string, string | string[]>;

interface KeptForm {
  userId: string;
  /** The page the form was on (path and query, no flash), where it is given back. */
  page: string;
  /** The path the form was posted to: the page may hold several forms, only this one is filled. */
  action: string;
  fields: KeptFields;
  /** Files were chosen: they are never kept, and the notice says to choose them again. */
  hadFiles: boolean;
  bytes: number;
  expiresAt: number;
}

/** What a form page shows after signing in again: the notice and the fields to fill (templates: `kept`). */
export interface RestoredForm {
  notice: string;
  action: string;
  fields: KeptFields;
  /** The fields as JSON, for the page's data attribute (escaped by the template like any value). */
  json: string;
}

/**
 * Forms posted after the session ended (issue 15): kept in this process's memory, not the database, so a form's
 * contents (personal data, findings) never reach a backup, and lost on a restart like an unsaved form.
 *
 * Safety: a form is kept only when the request's session cookie names a session that ended by time (idle or
 * absolute expiry): the form is bound to that session's user, who is known without any new sign-in. The
 * CSRF check already passed (the token is bound to that same session cookie), so the form came from that user's
 * own page. It is given back only to a request signed in as that same user, from the browser holding the random
 * id (HttpOnly cookie), on the page it was posted from, once, within KEPT_FORM_MINUTES. Signing in as anyone
 * else in that browser drops it. A request whose cookie names no session (or a revoked one) keeps nothing.
 * Only urlencoded forms are kept (never an upload), never a password or the CSRF token.
 */
@Injectable()
export class KeptForms {
  private readonly forms = new Map<string, KeptForm>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Keeps the form of a POST refused for an ended session, when it can be kept safely. Answers the page to come
   * back to after signing in, or null when nothing was kept.
   */
  async keepExpiredPost(request: FastifyRequest, reply: FastifyReply, token: string): Promise<string | null> {
    if (request.method !== 'POST') return null;
    const type = request.headers['content-type'] ?? '';
    const multipart = /^multipart\/form-data/iu.test(type);
    if (!multipart && !/^application\/x-www-form-urlencoded/iu.test(type)) return null;
    const page = formPageOf(request);
    if (!page) return null;
    const row = await this.dataSource.manager.findOne(Session, {
      select: { id: true, userId: true, revokedAt: true },
      where: { tokenHash: hashToken(token) },
    });
    if (!row || row.revokedAt) return null;
    const posted = multipart ? await multipartFieldsOf(request) : { body: request.body, hadFiles: false };
    const fields = posted && keptFieldsOf(posted.body);
    if (!posted || !fields) return null;
    const bytes = Buffer.byteLength(JSON.stringify(fields));
    this.sweep(Date.now());
    for (const [id, form] of this.forms) {
      if (form.userId === row.userId) this.forms.delete(id);
    }
    while (this.forms.size >= MAX_ENTRIES || this.totalBytes() + bytes > MAX_TOTAL_BYTES) {
      const oldest = this.forms.keys().next().value;
      if (oldest === undefined) break;
      this.forms.delete(oldest);
    }
    const id = randomBytes(24).toString('base64url');
    this.forms.set(id, {
      userId: row.userId,
      page,
      action: request.url.split('?')[0],
      fields,
      hadFiles: posted.hadFiles,
      bytes,
      expiresAt: Date.now() + KEPT_FORM_MINUTES * 60_000,
    });
    void reply.setCookie(KEPT_FORM_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      maxAge: KEPT_FORM_MINUTES * 60,
    });
    return page;
  }

  /**
   * On a signed-in page view: the form kept for this user on this page, taken (it is given back once), or null.
   * A kept form of another user is dropped, never shown.
   */
  take(request: FastifyRequest, reply: FastifyReply, userId: string): RestoredForm | null {
    const id = request.cookies?.[KEPT_FORM_COOKIE];
    if (!id) return null;
    this.sweep(Date.now());
    const form = this.forms.get(id);
    if (!form || form.userId !== userId) {
      this.drop(request, reply);
      return null;
    }
    if (form.page.split('?')[0] !== request.url.split('?')[0]) return null;
    this.drop(request, reply);
    return {
      notice: form.hadFiles ? `${KEPT_FORM_NOTICE}${FILES_NOT_KEPT}` : KEPT_FORM_NOTICE,
      action: form.action,
      fields: form.fields,
      json: JSON.stringify(form.fields),
    };
  }

  /** After signing in: a form kept for someone else in this browser is dropped at once. */
  afterSignIn(request: FastifyRequest, reply: FastifyReply, userId: string): void {
    const id = request.cookies?.[KEPT_FORM_COOKIE];
    if (!id) return;
    const form = this.forms.get(id);
    if (!form || form.userId !== userId || form.expiresAt <= Date.now()) this.drop(request, reply);
  }

  /** How many forms are kept now (for the tests). */
  get size(): number {
    this.sweep(Date.now());
    return this.forms.size;
  }

  private totalBytes(): number {
    let total = 0;
    for (const form of this.forms.values()) total += form.bytes;
    return total;
  }

  private drop(request: FastifyRequest, reply: FastifyReply): void {
    const id = request.cookies?.[KEPT_FORM_COOKIE];
    if (id) this.forms.delete(id);
    void reply.clearCookie(KEPT_FORM_COOKIE, { path: '/' });
  }

  private sweep(now: number): void {
    for (const [id, form] of this.forms) {
      if (form.expiresAt <= now) this.forms.delete(id);
    }
  }
}

/**
 * The fields kept for a form posted to a path under `prefix`, for a page that fills its own form on the server,
 * so that it works without the script too (the self-assessment page); undefined when none was given back.
 */
export function restoredValuesFor(reply: FastifyReply, prefix: string): KeptFields | undefined {
  const kept = reply.locals?.kept as RestoredForm | undefined;
  return kept?.action.startsWith(prefix) ? kept.fields : undefined;
}

/**
 * The page a form was posted from: the Referer, when it is a page of this site (the Referrer-Policy is
 * same-origin, so a browser sends it to this site only), without its flash message. Null without one.
 */
function formPageOf(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  if (typeof referer !== 'string' || referer.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  if (url.host !== request.headers.host || !/^https?:$/u.test(url.protocol)) return null;
  if (
    url.pathname.startsWith('/login') ||
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('//')
  ) {
    return null;
  }
  url.searchParams.delete('flash');
  const query = url.searchParams.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/**
 * The fields of a multipart form (the self-assessment page posts its answers with their files). Each file is read
 * to its end and dropped: files are never kept. Null when the body cannot be read.
 */
async function multipartFieldsOf(
  request: FastifyRequest,
): Promise<{ body: Record<string, string | string[]>; hadFiles: boolean } | null> {
  const body: Record<string, string | string[]> = {};
  let hadFiles = false;
  let drained = 0;
  // throwFileSizeLimit (read by the plugin, missing from its option type): a large file is cut, not an error.
  const options = { limits: MULTIPART_READ_LIMITS, throwFileSizeLimit: false } as Parameters<
    FastifyRequest['parts']
  >[0];
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'file') {
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          drained += chunk.length;
          if (drained > MAX_DRAINED_BYTES) return null;
          if (chunk.length > 0) hadFiles = true;
        }
        continue;
      }
      if (typeof part.value !== 'string' || part.valueTruncated) continue;
      const before = body[part.fieldname];
      body[part.fieldname] =
        before === undefined ? part.value : [...(Array.isArray(before) ? before : [before]), part.value];
    }
  } catch {
    return null;
  }
  return { body, hadFiles };
}

/** The posted fields worth keeping: strings only, no secrets; null when none, too many or too large. */
function keptFieldsOf(body: unknown): KeptFields | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields: KeptFields = {};
  let count = 0;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (NEVER_KEPT.test(name) || name.length > 100) continue;
    if (typeof value === 'string') {
      fields[name] = value;
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      fields[name] = value;
    } else {
      continue;
    }
    count += 1;
  }
  if (count === 0 || count > MAX_FIELDS) return null;
  if (Buffer.byteLength(JSON.stringify(fields)) > MAX_FORM_BYTES) return null;
  return fields;
}

declare module 'fastify' {
  interface FastifyReply {
    /** @fastify/view's per-reply template data (merged under the page's own model). */
    locals: Record<string, unknown> | null;
  }
}
