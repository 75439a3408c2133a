import { DomainError } from '../../common/errors/domain-error';

/** Every render thread is busy and the waiting line is full: the caller should retry later (503). */
export class RendererBusyError extends DomainError {
  constructor(details?: { capacity: number; retryAfterSeconds?: number }) {
    super(
      'UNAVAILABLE',
      'DOCUMENT.RENDERER_BUSY',
      '帳票の作成が混み合っています。しばらくしてから、もう一度操作してください。',
      { retryAfterSeconds: 2, ...details },
    );
    this.name = 'RendererBusyError';
  }
}

/** One user already has as many documents in the making as a user may: 429, the others are not held up. */
export class RendererUserBusyError extends DomainError {
  constructor(details: { perUser: number }) {
    super(
      'TOO_MANY',
      'DOCUMENT.TOO_MANY_RENDERS',
      '作成中の帳票が多すぎます。作成が終わってから、もう一度操作してください。',
      { retryAfterSeconds: 1, ...details },
    );
    this.name = 'RendererUserBusyError';
  }
}

export const DocumentErrors = {
  storedFileInvalid: () =>
    new DomainError(
      'INTERNAL',
      'DOCUMENT.STORED_FILE_INVALID',
      '保存された文書の PDF が見つからないか、内容が記録と一致しません。管理者に連絡してください。',
    ),
};
