/**
 * What kind of failure an error is. The HTTP status is derived from the kind in one place
 * (the global filter), so services never speak HTTP.
 */
export type ErrorKind =
  | 'INVALID' // 400: the request is malformed or a value is out of range
  | 'UNAUTHENTICATED' // 401
  | 'FORBIDDEN' // 403: the role may not do this
  | 'NOT_FOUND' // 404: missing, or not the caller's to see
  | 'CONFLICT' // 409: stale version, duplicate, or the state does not allow it
  | 'TOO_LARGE' // 413
  | 'UNSUPPORTED_MEDIA' // 415
  | 'RULE' // 422: a business rule refused an otherwise valid request
  | 'TOO_MANY' // 429
  | 'UNAVAILABLE' // 503
  | 'INTERNAL'; // 500: our own fault (a stored file failing its check), logged

/** Thrown by services. `code` is stable (clients and tests rely on it); `message` is for people (Japanese). */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message = '指定された対象が見つかりません。') {
    super('NOT_FOUND', code, message);
  }
}

export class InvalidInputError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super('INVALID', code, message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super('CONFLICT', code, message, details);
  }
}

export class RuleViolation extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super('RULE', code, message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code = 'AUTH.FORBIDDEN', message = 'この操作を行う権限がありません。') {
    super('FORBIDDEN', code, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code = 'AUTH.UNAUTHENTICATED', message = 'サインインが必要です。') {
    super('UNAUTHENTICATED', code, message);
  }
}

/** The row changed since the client read it (optimistic locking). */
export class StaleVersionError extends ConflictError {
  constructor(entity: string, details?: unknown) {
    super(
      `${entity}.STALE_VERSION`,
      '他の操作によって更新されています。最新の内容を読み込んでから、もう一度操作してください。',
      details,
    );
  }
}

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'INVALID':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA':
      return 415;
    case 'RULE':
      return 422;
    case 'TOO_MANY':
      return 429;
    case 'UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
    default: {
      const exhaustive: never = kind;
      return exhaustive;
    }
  }
}
