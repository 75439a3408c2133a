import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isWebRequest } from '../../modules/web/web-setup';
import { classifyError, type ErrorBody } from './error-response';

/** Retry-After for a 429 or 503 whose error states no time of its own. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The one place where errors become HTTP answers: `{statusCode, code, message, details?, requestId}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    sendError(exception, request, reply, this.logger);
  }
}

export function sendError(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const { body, internal } = classifyError(exception);
  if (internal) {
    logger.error(
      { requestId: request.id, method: request.method, url: request.url, err: describe(exception) },
      'request failed',
    );
  }
  if (reply.sent) return;
  // Every 429 and 503 says when to come back: the error's own figure, else a short default.
  if (body.statusCode === 429 || body.statusCode === 503) {
    const stated = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    const seconds =
      Number.isSafeInteger(stated) && (stated as number) > 0
        ? (stated as number)
        : DEFAULT_RETRY_AFTER_SECONDS;
    void reply.header('retry-after', String(seconds));
  }
  if (isWebRequest(request)) {
    sendErrorPage(body, request, reply);
    return;
  }
  void reply
    .status(body.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({ ...body, requestId: request.id });
}

/**
 * Where a signed-out visitor is sent: the sign-in page, back to the page asked for (GET), or to the form whose
 * post was kept when the session had ended (issue 15), with a message that says why.
 */
function signInUrlAfter(code: string, request: FastifyRequest): string {
  const kept = (request as FastifyRequest & { keptFormPage?: string }).keptFormPage;
  const next = kept ?? (request.method === 'GET' ? request.url : null);
  const query: string[] = [];
  if (next) query.push(`next=${encodeURIComponent(next)}`);
  if (kept) query.push('flash=expired');
  else if (code === 'AUTH.SESSION_EXPIRED') query.push('flash=timeout');
  return `/login${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

function describe(error: unknown): { name?: string; message?: string; stack?: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { message: String(error) };
}

/**
 * The web UI's answer to an error: a signed-out visitor goes to the sign-in page (and comes back after), every
 * other error is a Japanese page with the same status code.
 */
function sendErrorPage(
  body: Omit<ErrorBody, 'requestId'>,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (body.statusCode === 401) {
    void reply.status(303).header('cache-control', 'no-store').redirect(signInUrlAfter(body.code, request));
    return;
  }
  const titles: Record<number, string> = {
    400: '入力内容に誤りがあります',
    403: 'この操作を行う権限がありません',
    404: 'ページが見つかりません',
    409: '他の操作と競合しました',
    413: '送信内容が大きすぎます',
    422: '処理できませんでした',
  };
  void reply
    .status(body.statusCode)
    .header('cache-control', 'no-store')
    .view('error', {
      title: titles[body.statusCode] ?? 'エラーが発生しました',
      statusCode: body.statusCode,
      message: body.message,
      code: body.code,
      requestId: request.id,
    });
}
