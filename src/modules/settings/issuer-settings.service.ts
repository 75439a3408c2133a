import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import type { IssuerSettingsResponse, UpdateIssuerSettingsRequest } from './dto/issuer-settings.dto';
import { IssuerSettings } from './issuer-settings.entity';

const ROW_ID = 'issuer';

type TextField = 'orgAddress' | 'representativeName' | 'contactSection' | 'contactPerson' | 'contactPhone';

/** Fields a document prints, with the label the settings page shows when one is still blank. */
const REQUIRED_FOR_DOCUMENTS: readonly [TextField | 'signer', string][] = [
  ['orgAddress', '所在地'],
  ['representativeName', '代表者の氏名'],
  ['signer', '発信者の氏名'],
  ['contactSection', '問い合わせ先の課・係'],
  ['contactPerson', '問い合わせ先の担当者'],
  ['contactPhone', '問い合わせ先の電話番号'],
];

/**
 * The issuer settings: the saved row, or until an ADMIN saves it the defaults from the environment. Every change
 * is one transaction with its audit row and checks the version read (0 before the first save).
 */
@Injectable()
export class IssuerSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** What documents print now, read in the caller's transaction. */
  async current(manager: EntityManager = this.dataSource.manager): Promise<IssuerSettings> {
    return (await manager.findOneBy(IssuerSettings, { id: ROW_ID })) ?? this.defaults();
  }

  async get(): Promise<IssuerSettingsResponse> {
    return toResponse(await this.current());
  }

  async update(actor: Actor, input: UpdateIssuerSettingsRequest): Promise<IssuerSettingsResponse> {
    return this.tx.run(async (t) => {
      const saved = await t.manager.findOneBy(IssuerSettings, { id: ROW_ID });
      const current = saved?.version ?? 0;
      if (input.version !== current) throw new StaleVersionError('SETTINGS', { currentVersion: current });
      const { version: _read, ...fields } = input;
      const next: IssuerSettings = {
        ...fields,
        signers: {
          IMPROVEMENT_NOTICE: { ...input.signers.IMPROVEMENT_NOTICE },
          SUBCONTRACT_DECISION: { ...input.signers.SUBCONTRACT_DECISION },
        },
        id: ROW_ID,
        version: current + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      };
      if (saved) {
        const result = await t.manager.update(IssuerSettings, { id: ROW_ID, version: current }, next);
        if (!result.affected) throw new StaleVersionError('SETTINGS');
      } else {
        // Two first saves racing: the primary key lets one in; the other answers 409 (duplicate key).
        await insertRows(t.manager, IssuerSettings, next);
      }
      await t.audit({
        actor,
        action: 'settings.issuer.update',
        entityType: 'issuer_settings',
        entityId: null,
        summary: { version: next.version, changed: changedFields(saved ?? this.defaults(), next) },
      });
      return toResponse(next);
    });
  }

  private defaults(): IssuerSettings {
    const d = this.config.issuerDefaults;
    const signer = { title: '情報セキュリティ管理者', name: '' };
    return {
      id: ROW_ID,
      orgName: this.config.orgName,
      orgAddress: d.orgAddress,
      representativeTitle: d.representativeTitle,
      representativeName: d.representativeName,
      signers: { IMPROVEMENT_NOTICE: { ...signer }, SUBCONTRACT_DECISION: { ...signer } },
      sealOmitted: true,
      documentNumberPattern: d.documentNumberPattern,
      contactSection: '',
      contactPerson: '',
      contactPhone: '',
      contactEmail: '',
      version: 0,
      updatedAt: new Date(0),
      updatedBy: null,
    };
  }
}

function changedFields(before: IssuerSettings, after: IssuerSettings): string[] {
  const keys = Object.keys(after) as (keyof IssuerSettings)[];
  return keys.filter(
    (k) =>
      !['version', 'updatedAt', 'updatedBy', 'id'].includes(k) &&
      JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

function toResponse(s: IssuerSettings): IssuerSettingsResponse {
  const missing = REQUIRED_FOR_DOCUMENTS.filter(([key]) =>
    key === 'signer'
      ? Object.values(s.signers).some((signer) => signer.name.trim() === '')
      : s[key].trim() === '',
  ).map(([, label]) => label);
  return {
    orgName: s.orgName,
    orgAddress: s.orgAddress,
    representativeTitle: s.representativeTitle,
    representativeName: s.representativeName,
    signers: {
      IMPROVEMENT_NOTICE: { ...s.signers.IMPROVEMENT_NOTICE },
      SUBCONTRACT_DECISION: { ...s.signers.SUBCONTRACT_DECISION },
    },
    sealOmitted: s.sealOmitted,
    documentNumberPattern: s.documentNumberPattern,
    contactSection: s.contactSection,
    contactPerson: s.contactPerson,
    contactPhone: s.contactPhone,
    contactEmail: s.contactEmail,
    version: s.version,
    updatedAt: s.version === 0 ? null : s.updatedAt.toISOString(),
    missing,
  };
}
