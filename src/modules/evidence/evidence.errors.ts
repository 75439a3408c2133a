import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../common/errors/domain-error';
import { EVIDENCE_MEDIA_TYPES, MAX_EVIDENCE_BYTES } from './media-types';

export const EvidenceErrors = {
  notFound: () => new NotFoundError('EVIDENCE.NOT_FOUND', '指定された証跡ファイルが見つかりません。'),
  fileRequired: () =>
    new InvalidInputError(
      'EVIDENCE.FILE_REQUIRED',
      '添付するファイルを「file」として 1 件送信してください。',
    ),
  ownerRequired: () =>
    new InvalidInputError(
      'EVIDENCE.OWNER_REQUIRED',
      '添付先として、自己点検の設問（itemId）、改善指示（orderId）又は返還・廃棄報告（closeOutId）のいずれか一つを指定してください。',
    ),
  empty: () => new InvalidInputError('EVIDENCE.EMPTY_FILE', '空のファイルは添付できません。'),
  tooLarge: () =>
    new DomainError('TOO_LARGE', 'EVIDENCE.TOO_LARGE', 'ファイルが大きすぎます（上限 10 MiB）。', {
      maxBytes: MAX_EVIDENCE_BYTES,
    }),
  typeNotAllowed: () =>
    new DomainError(
      'UNSUPPORTED_MEDIA',
      'EVIDENCE.TYPE_NOT_ALLOWED',
      '添付できるのは PDF、PNG、JPEG、Excel（.xlsx）、Word（.docx）と UTF-8 のテキスト・CSV です。',
      { allowed: EVIDENCE_MEDIA_TYPES },
    ),
  notRemovable: () =>
    new ConflictError('EVIDENCE.NOT_REMOVABLE', 'この証跡は記録の一部のため削除できません。'),
  removeForbidden: () =>
    new ForbiddenError('EVIDENCE.REMOVE_FORBIDDEN', '職員が添付した証跡は削除できません。'),
  /** Ours, not the client's: the stored bytes no longer match the hash recorded at upload. */
  storedFileInvalid: () =>
    new DomainError(
      'INTERNAL',
      'EVIDENCE.STORED_FILE_INVALID',
      '保存されている証跡ファイルが記録と一致しないため、提供できません。管理者に連絡してください。',
    ),
};
