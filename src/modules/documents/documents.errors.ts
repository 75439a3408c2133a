import { DomainError } from '../../common/errors/domain-error';

/** Every render thread is busy and the waiting line is full: the caller should retry later (503). */
export class RendererBusyError extends DomainError {
  constructor(details?: { capacity: number }) {
    super(
      'UNAVAILABLE',
      'DOCUMENT.RENDERER_BUSY',
      '帳票の作成が混み合っています。しばらくしてから、もう一度操作してください。',
      details,
    );
    this.name = 'RendererBusyError';
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
