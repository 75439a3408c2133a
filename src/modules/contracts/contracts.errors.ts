import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '../../common/errors/domain-error';
import type { ContractStatus } from './contract.entity';

export const ContractErrors = {
  notFound: () => new NotFoundError('CONTRACT.NOT_FOUND', '指定された契約が見つかりません。'),
  numberTaken: () => new ConflictError('CONTRACT.NUMBER_TAKEN', 'この契約番号は既に登録されています。'),
  invalidPeriod: () =>
    new InvalidInputError(
      'CONTRACT.INVALID_PERIOD',
      '契約期間の終了日は開始日以降の日付を指定してください。',
    ),
  contractorUnavailable: () =>
    new RuleViolation(
      'CONTRACT.CONTRACTOR_UNAVAILABLE',
      '委託先が存在しないか、契約できない状態（停止中・アーカイブ済み）です。',
    ),
  officerUnavailable: () =>
    new RuleViolation(
      'CONTRACT.OFFICER_UNAVAILABLE',
      '担当者には、有効な契約担当者または管理者を指定してください。',
    ),
  wrongStatus: (status: ContractStatus, action: string) =>
    new ConflictError('CONTRACT.INVALID_STATE', `現在の状態（${status}）では「${action}」を行えません。`, {
      status,
    }),
  clausesInvalid: (errors: unknown) =>
    new InvalidInputError('CONTRACT.CLAUSES_INVALID', '条項の指定に誤りがあります。', { errors }),
  clausesRefused: (errors: unknown) =>
    new RuleViolation('CONTRACT.CLAUSES_REFUSED', '条項の選択が規則に反しています。', { errors }),
  micItemsUncovered: (items: { item: number; label: string }[]) =>
    new RuleViolation(
      'CONTRACT.MIC_ITEMS_UNCOVERED',
      `契約書に定めるべき事項のうち、選択された条項で定められていないものがあります（${items
        .map((i) => `${i.item}「${i.label}」`)
        .join('、')}）。該当する条項を追加してください。`,
      { items },
    ),
  workLocationAmbiguous: () =>
    new InvalidInputError(
      'CONTRACT.WORK_LOCATION_AMBIGUOUS',
      '作業場所は workLocations（一覧）又は workLocation（1か所）のいずれか一方で指定してください。',
    ),
  workLocationDuplicate: (places: string[]) =>
    new InvalidInputError(
      'CONTRACT.WORK_LOCATION_DUPLICATE',
      `同じ作業場所が重複して指定されています（${places.map((p) => `「${p}」`).join('、')}）。`,
      { places },
    ),
  workLocationInUse: (workers: { name: string; workLocation: string }[]) =>
    new RuleViolation(
      'CONTRACT.WORK_LOCATION_IN_USE',
      `従事者名簿に、変更後の作業場所に含まれない場所で作業する従事者がいます（${workers
        .map((w) => `${w.name}：${w.workLocation}`)
        .join('、')}）。先に従事者名簿を変更してください。`,
      { workers },
    ),
  documentMissing: () =>
    new DomainError(
      'INTERNAL',
      'DOCUMENT.STORED_FILE_INVALID',
      '保存された特記事項の PDF が見つからないか、内容が記録と一致しません。管理者に連絡してください。',
    ),
};
