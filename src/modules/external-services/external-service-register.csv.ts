import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { type CsvValue, toExcelCsv } from '../dashboard/csv';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { ExternalServiceRegisterInput } from '../documents/external-service-register';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import {
  ATTENTION_WORDS,
  type AttentionKind,
  attentionOf,
  termsRecheckDue,
  whereAttention,
} from './external-service-attention';
import { CONTRACT_FORM_WORDS, ISMAP_WORDS, MODEL_WORDS } from './external-service-documents';
import type { DocumentFile } from './external-service-documents.service';
import { ExternalService, type ExternalServiceStatus } from './external-service.entity';

/** How the register names each status. */
export const EXTERNAL_SERVICE_STATUS_WORDS: Readonly<Record<ExternalServiceStatus, string>> = {
  DRAFT: '下書き',
  APPLIED: '申請中',
  APPROVED: '承認済み',
  REJECTED: '不承認',
  SUSPENDED: '利用停止中',
  ENDING: '消去確認待ち',
  ENDED: '利用終了',
};

export interface RegisterFilter {
  status?: ExternalServiceStatus;
  confidentialityClass?: number;
  attention?: AttentionKind;
}

/** A register of this many services is the most one request lists (the body has tens). */
export const MAX_REGISTER_ROWS = 2000;

const CSV_HEADER = [
  '名称',
  '提供者',
  '法人番号',
  'サービスの形態',
  '契約の形態',
  '所管課',
  '利用の目的',
  '機密性',
  '個人情報',
  '特定個人情報',
  'データの保存場所',
  '準拠法',
  '管轄裁判所',
  '約款の所在',
  '約款の版',
  '約款の確認日',
  '約款の再確認期限',
  'ISMAP等の区分',
  'ISMAP等の登録番号',
  'ISMAP等の有効期限',
  'ISMAP等の確認日',
  'ISMAP等の更新申請中',
  '代替の評価',
  '外部サービス管理者',
  '見直しの間隔（月）',
  '次回見直し期限',
  '状態',
  '利用終了日',
  '要対応事項',
] as const;

/**
 * The register of external services as CSV (UTF-8 with BOM, formulas neutralised) and as the PDF 台帳, filtered
 * by 機密性 class and status. Both are the register of the moment of the request, not issued records.
 */
@Injectable()
export class ExternalServiceRegister {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IssuerSettingsService,
    private readonly renderer: DocumentRenderer,
  ) {}

  async csv(
    _actor: Actor,
    filter: RegisterFilter,
    now = new Date(),
  ): Promise<{ fileName: string; bytes: Buffer }> {
    const today = todayInJapan(now);
    const { services, managers } = await this.read(this.dataSource.manager, filter, today);
    const yesNo = (b: boolean): string => (b ? '有' : '無');
    const rows = services.map((s): CsvValue[] => [
      s.name,
      s.providerName,
      s.providerCorporateNumber,
      MODEL_WORDS[s.model],
      CONTRACT_FORM_WORDS[s.contractForm],
      s.department,
      s.purpose,
      s.confidentialityClass,
      yesNo(s.personalInfo),
      yesNo(s.specificPersonalInfo),
      s.dataLocation,
      s.governingLaw,
      s.court,
      s.termsUrl,
      s.termsVersion,
      s.termsCheckedOn,
      termsRecheckDue(s),
      s.ismapKind ? ISMAP_WORDS[s.ismapKind] : null,
      s.ismapNumber,
      s.ismapValidUntil,
      s.ismapCheckedOn,
      s.ismapKind ? yesNo(s.ismapRenewalPending) : null,
      s.alternativeEvaluation,
      s.managerUserId ? (managers.get(s.managerUserId) ?? null) : null,
      s.reviewIntervalMonths,
      s.nextReviewOn,
      EXTERNAL_SERVICE_STATUS_WORDS[s.status],
      s.endedOn,
      attentionOf(s, today)
        .map((k) => ATTENTION_WORDS[k])
        .join('、'),
    ]);
    return { fileName: `外部サービス台帳_${today}.csv`, bytes: toExcelCsv(CSV_HEADER, rows) };
  }

  async pdf(actor: Actor, filter: RegisterFilter, now = new Date()): Promise<DocumentFile> {
    const manager = this.dataSource.manager;
    const today = todayInJapan(now);
    const [{ services, managers }, settings] = await Promise.all([
      this.read(manager, filter, today),
      this.settings.current(manager),
    ]);
    const jst = new Date(now.getTime() + 9 * 3600_000).toISOString();
    const input: ExternalServiceRegisterInput = {
      orgName: settings.orgName,
      asOfDate: today,
      asOfTime: jst.slice(11, 16),
      filters: filterWords(filter),
      rows: services.map((s) => ({
        name: s.name,
        providerName: s.providerName,
        model: `${MODEL_WORDS[s.model].replace('サービス', '')}／${s.contractForm === 'TERMS' ? '約款' : '個別契約'}`,
        department: s.department,
        confidentiality: `機密性${s.confidentialityClass}`,
        personalInfo: s.personalInfo ? (s.specificPersonalInfo ? '有（特定）' : '有') : '無',
        ismap:
          s.ismapKind && s.ismapNumber && s.ismapValidUntil
            ? `${ISMAP_WORDS[s.ismapKind]} ${s.ismapNumber}`
            : null,
        ismapValidUntil: s.ismapKind && s.ismapNumber ? s.ismapValidUntil : null,
        status: EXTERNAL_SERVICE_STATUS_WORDS[s.status],
        managerName: s.managerUserId ? (managers.get(s.managerUserId) ?? null) : null,
        nextReviewDate: s.nextReviewOn,
        flags: attentionOf(s, today).map((k) => ATTENTION_WORDS[k]),
      })),
    };
    const bytes = await this.renderer.renderExternalServiceRegister(input, { owner: actor.userId });
    return {
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fileName: `gaibu-service-daicho-${today}.pdf`,
    };
  }

  private async read(
    manager: EntityManager,
    filter: RegisterFilter,
    today: string,
  ): Promise<{ services: ExternalService[]; managers: Map<string, string> }> {
    const qb = manager.createQueryBuilder(ExternalService, 's');
    if (filter.attention) whereAttention(qb, filter.attention, today);
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.confidentialityClass)
      qb.andWhere('s.confidentialityClass = :cls', { cls: filter.confidentialityClass });
    const services = await qb
      .orderBy('s.department', 'ASC')
      .addOrderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .take(MAX_REGISTER_ROWS)
      .getMany();
    const ids = [...new Set(services.flatMap((s) => (s.managerUserId ? [s.managerUserId] : [])))];
    const users = ids.length ? await manager.find(User, { where: { id: In(ids) } }) : [];
    return { services, managers: new Map(users.map((u) => [u.id, u.displayName])) };
  }
}

/** 「機密性2、承認済み」; 「すべて」 without a filter. */
export function filterWords(filter: RegisterFilter): string {
  const parts = [
    ...(filter.confidentialityClass ? [`機密性${filter.confidentialityClass}`] : []),
    ...(filter.status ? [EXTERNAL_SERVICE_STATUS_WORDS[filter.status]] : []),
    ...(filter.attention ? [ATTENTION_WORDS[filter.attention]] : []),
  ];
  return parts.length ? parts.join('、') : 'すべて';
}
