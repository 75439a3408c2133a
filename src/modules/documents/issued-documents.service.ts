import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fiscalYearOf } from '../../common/dates/wareki';
import type { ContentStore } from '../../common/storage/content-store';
import { ContentStores } from '../../common/storage/content-stores';
import { insertRows } from '../../database/insert';
import { nextSerial } from '../../database/serial-counter';
import { DocumentErrors } from './documents.errors';
import { DocumentNumberCounter, IssuedDocument, type IssuedDocumentKind } from './issued-document.entity';

export interface IssueRequest<T extends object> {
  kind: IssuedDocumentKind;
  ownerType: string;
  ownerId: string;
  /** 'YYYY-MM-DD' (Japan): the fiscal year of the 文書番号. */
  issuedOn: string;
  issuedAt: Date;
  issuedBy: string | null;
  /** The 文書記号 with `{n}`; null: the document carries no number. */
  numberPattern: string | null;
  /** What the document prints, given its number. */
  build: (documentNumber: string | null) => T;
}

/** 置広情第{n}号 with the serial put in: 置広情第12号. */
export function formatDocumentNumber(pattern: string, serial: number): string {
  return pattern.replace('{n}', String(serial));
}

/**
 * Issued documents as records: issue() fixes what a document prints, with its 文書番号, in the caller's
 * transaction; pdf() renders that record once, stores the bytes by SHA-256 and serves the stored bytes from then
 * on, checked against the hash. Later edits of the contractor, the users or the settings never reach it.
 */
@Injectable()
export class IssuedDocuments {
  private readonly store: ContentStore;

  constructor(stores: ContentStores) {
    this.store = stores.documents;
  }

  async issue<T extends object>(manager: EntityManager, request: IssueRequest<T>): Promise<IssuedDocument> {
    let documentNumber: string | null = null;
    let fiscalYear: number | null = null;
    let serial: number | null = null;
    if (request.numberPattern !== null) {
      fiscalYear = fiscalYearOf(request.issuedOn);
      serial = await nextSerial(manager, DocumentNumberCounter, fiscalYear);
      documentNumber = formatDocumentNumber(request.numberPattern, serial);
    }
    const row: IssuedDocument = {
      id: randomUUID(),
      kind: request.kind,
      ownerType: request.ownerType,
      ownerId: request.ownerId,
      documentNumber,
      fiscalYear,
      serial,
      input: request.build(documentNumber),
      sha256: null,
      issuedAt: request.issuedAt,
      issuedBy: request.issuedBy,
    };
    await insertRows(manager, IssuedDocument, row);
    return row;
  }

  find(manager: EntityManager, ownerType: string, ownerId: string, kind: IssuedDocumentKind) {
    return manager.findOneBy(IssuedDocument, { ownerType, ownerId, kind });
  }

  /**
   * The document's bytes: the stored file once rendered, else rendered now from the record and stored. Two first
   * downloads at once render the same bytes (rendering is deterministic); the first to record the hash wins.
   */
  async pdf<T>(
    manager: EntityManager,
    document: IssuedDocument,
    render: (input: T) => Promise<Buffer>,
  ): Promise<{ bytes: Buffer; sha256: string }> {
    if (document.sha256) {
      const stored = await this.store.get(document.sha256);
      if (!stored) throw DocumentErrors.storedFileInvalid();
      return { bytes: stored, sha256: document.sha256 };
    }
    const bytes = await render(document.input as T);
    // In the caller's transaction when it has one (a notice stored with its decision): with STORAGE=database the
    // blob then commits with the row naming it, and SQLite's one writer is not asked to wait for itself.
    const sha256 = await this.store.put(bytes, { manager });
    await manager
      .createQueryBuilder()
      .update(IssuedDocument)
      .set({ sha256 })
      .where('id = :id AND sha256 IS NULL', { id: document.id })
      .execute();
    const recorded = await manager.findOneByOrFail(IssuedDocument, { id: document.id });
    if (recorded.sha256 !== sha256) throw DocumentErrors.storedFileInvalid();
    return { bytes, sha256 };
  }
}
