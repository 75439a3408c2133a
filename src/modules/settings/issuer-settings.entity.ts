import { Column, Entity } from 'typeorm';
import { RefColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';

/** A document kind the body issues, each signed by the official the 専決規程 names. */
export const SIGNED_DOCUMENT_KINDS = ['IMPROVEMENT_NOTICE', 'SUBCONTRACT_DECISION'] as const;
export type SignedDocumentKind = (typeof SIGNED_DOCUMENT_KINDS)[number];

export interface Signer {
  /** 職名, e.g. 情報セキュリティ管理者 or 管理者. */
  title: string;
  /** 氏名. */
  name: string;
}

/**
 * The body as its documents name it (DESIGN.md, "Documents are records"): one row, edited by the ADMIN and
 * audited. Issued documents copy what they print at issue, so a later edit never changes one.
 */
@Entity('issuer_settings')
export class IssuerSettings {
  /** Always `issuer`: the settings are one row. */
  @Column({ type: 'varchar', length: 20, primary: true }) id!: string;
  @TextColumn(100) orgName!: string;
  @TextColumn(200) orgAddress!: string;
  /** e.g. 管理者 (the representative of a 一部事務組合). */
  @TextColumn(50) representativeTitle!: string;
  @TextColumn(100) representativeName!: string;
  @Column({ type: 'simple-json' }) signers!: Record<SignedDocumentKind, Signer>;
  /** 公印省略: the documents say so instead of leaving a place for the seal. */
  @Column({ type: 'boolean' }) sealOmitted!: boolean;
  /** The 文書記号 with `{n}` for the serial of the fiscal year, e.g. 置広情第{n}号. */
  @TextColumn(50) documentNumberPattern!: string;
  @TextColumn(100) contactSection!: string;
  @TextColumn(100) contactPerson!: string;
  @TextColumn(30) contactPhone!: string;
  @TextColumn(254) contactEmail!: string;
  @VersionColumn() version!: number;
  @TimestampColumn() updatedAt!: Date;
  @RefColumn({ nullable: true }) updatedBy!: string | null;
}
