import { HttpException, HttpStatus } from '@nestjs/common';
import { isConnectionError, translateDbError } from './db-errors';
import { DomainError, statusOf } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

/** Fastify's own errors (raised before a route handler runs), by their stable codes. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'REQUEST.TOO_LARGE',
    message: 'リクエストが大きすぎます。',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    message: 'この形式のリクエストは受け付けられません。',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
    message: 'JSON の本文が空です。',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
    message: 'JSON の形式が正しくありません。',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'REQUEST.BAD_CONTENT_LENGTH',
    message: 'Content-Length が本文の長さと一致しません。',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'REQUEST.BAD_URL', message: 'URL の形式が正しくありません。' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    message: 'multipart/form-data で送信してください。',
  },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'REQUEST.TOO_LARGE', message: 'ファイルが大きすぎます。' },
  FST_FILES_LIMIT: { status: 413, code: 'REQUEST.TOO_MANY_FILES', message: 'ファイルの数が多すぎます。' },
  FST_PARTS_LIMIT: { status: 413, code: 'REQUEST.TOO_MANY_PARTS', message: '項目の数が多すぎます。' },
  FST_CSRF_INVALID_TOKEN: {
    status: 403,
    code: 'CSRF.INVALID_TOKEN',
    message:
      'フォームの有効期限が切れたか、不正な送信です。ページを開き直してから、もう一度送信してください。',
  },
  FST_CSRF_MISSING_SECRET: {
    status: 403,
    code: 'CSRF.MISSING_SECRET',
    message:
      'フォームの有効期限が切れたか、不正な送信です。ページを開き直してから、もう一度送信してください。',
  },
  FST_FIELDS_LIMIT: { status: 413, code: 'REQUEST.TOO_MANY_FIELDS', message: '項目の数が多すぎます。' },
  FST_PROTO_VIOLATION: {
    status: 400,
    code: 'REQUEST.FORBIDDEN_FIELD_NAME',
    message: '使用できない項目名が含まれています。',
  },
  FST_NO_FORM_DATA: { status: 400, code: 'REQUEST.NO_FORM_DATA', message: 'フォームの内容がありません。' },
  FST_MP_PREMATURE_CLOSE: {
    status: 400,
    code: 'REQUEST.INCOMPLETE_UPLOAD',
    message: 'アップロードが途中で終了しました。',
  },
};

export interface ClassifiedError {
  body: Omit<ErrorBody, 'requestId'>;
  /** True when the error is ours (a bug or an outage), to be logged with its stack. */
  internal: boolean;
}

/** Turns anything thrown while serving a request into the one error shape. Never leaks internals. */
export function classifyError(thrown: unknown): ClassifiedError {
  // Nest wraps Fastify's own 4xx errors (body parsing, limits) in an HttpException; classify the original.
  const cause =
    thrown instanceof HttpException ? (thrown.cause as { code?: unknown } | undefined) : undefined;
  const error = cause && (typeof cause.code === 'string' || cause instanceof SyntaxError) ? cause : thrown;
  if (error instanceof DomainError) {
    return {
      body: body(statusOf(error.kind), error.code, error.message, error.details),
      internal: error.kind === 'INTERNAL',
    };
  }
  const db = translateDbError(error);
  if (db) return { body: body(statusOf(db.kind), db.code, db.message), internal: false };
  if (isConnectionError(error)) {
    return {
      body: body(
        503,
        'SERVICE.DATABASE_UNAVAILABLE',
        'データベースに接続できません。しばらくしてから再度お試しください。',
      ),
      internal: true,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404)
      return { body: body(404, 'ROUTE.NOT_FOUND', 'このURLは存在しません。'), internal: false };
    return { body: body(status, `HTTP.${status}`, HttpStatus[status] ?? 'Error'), internal: status >= 500 };
  }
  const fastify = error as { code?: unknown; statusCode?: unknown } | null;
  if (fastify && typeof fastify.code === 'string' && FASTIFY_ERRORS[fastify.code]) {
    const known = FASTIFY_ERRORS[fastify.code];
    return { body: body(known.status, known.code, known.message), internal: false };
  }
  if (error instanceof SyntaxError && fastify?.statusCode === 400) {
    return { body: body(400, 'REQUEST.MALFORMED_JSON', 'JSON の形式が正しくありません。'), internal: false };
  }
  if (
    fastify &&
    typeof fastify.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  ) {
    return {
      body: body(fastify.statusCode, `REQUEST.${fastify.statusCode}`, 'リクエストを処理できません。'),
      internal: false,
    };
  }
  return { body: body(500, 'INTERNAL', 'サーバー内部でエラーが発生しました。'), internal: true };
}

function body(
  statusCode: number,
  code: string,
  message: string,
  details?: unknown,
): Omit<ErrorBody, 'requestId'> {
  return details === undefined ? { statusCode, code, message } : { statusCode, code, message, details };
}
