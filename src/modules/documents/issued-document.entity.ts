import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';

/** Documents the body issues; each is rendered from the record kept here, never from live data. */
export const ISSUED_DOCUMENT_KINDS = [
  'IMPROVEMENT_NOTICE',
  'SUBCONTRACT_APPROVAL',
  'SUBCONTRACT_REJECTION',
  'INSPECTION_RESULT',
  'INCIDENT_RECEIPT',
  'CONTRACTOR_SELECTION',
  'EXTERNAL_SERVICE_APPLICATION',
  'EXTERNAL_SERVICE_PERMIT',
  'EXTERNAL_SERVICE_REFUSAL',
  'SNS_POLICY',
] as const;
export type IssuedDocumentKind = (typeof ISSUED_DOCUMENT_KINDS)[number];

/**
 * An issued document (DESIGN.md, "Documents are records"): what it prints is fixed at issue as `input` (the
 * addressee's representative, the signer, the contact, the numbers — as they were that day), with its 文書番号.
 * The PDF is rendered from that record once and stored by its SHA-256; every later download is those bytes.
 */
@Entity('issued_document')
@Index('uq_issued_document_owner', ['ownerType', 'ownerId', 'kind'], { unique: true })
@Index('uq_issued_document_serial', ['fiscalYear', 'serial'], { unique: true })
export class IssuedDocument {
  @IdColumn() id!: string;
  @TextColumn(40) kind!: IssuedDocumentKind;
  @TextColumn(30) ownerType!: string;
  @RefColumn() ownerId!: string;
  /** e.g. 置広情第12号; null for a document issued before numbers were kept. */
  @TextColumn(50, { nullable: true }) documentNumber!: string | null;
  @Column({ type: 'int', nullable: true }) fiscalYear!: number | null;
  @Column({ type: 'int', nullable: true }) serial!: number | null;
  /** Everything the document prints, as issued. */
  @Column({ type: 'simple-json' }) input!: object;
  /** Set when first rendered; the stored file is checked against it on every download. */
  @TextColumn(64, { nullable: true }) sha256!: string | null;
  @TimestampColumn() issuedAt!: Date;
  @RefColumn({ nullable: true }) issuedBy!: string | null;
}

/** The last 文書番号 serial used in each fiscal year; locked while numbering, so numbers never repeat or skip. */
@Entity('document_number_counter')
export class DocumentNumberCounter {
  @Column({ type: 'int', primary: true }) fiscalYear!: number;
  @Column({ type: 'int' }) lastSeq!: number;
}
