import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExternalServiceApplicationInput } from '../documents/external-service-application';
import type { ExternalServicePermitInput } from '../documents/external-service-permit';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { IssuedDocument } from '../documents/issued-document.entity';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import {
  EXTERNAL_SERVICE_DOCUMENT_KINDS as KINDS,
  EXTERNAL_SERVICE_OWNER,
  ExternalServiceDocumentErrors,
  recordExternalServiceApplication,
  recordExternalServiceDecision,
} from './external-service-documents';
import { ExternalService } from './external-service.entity';
import type { ExternalServiceStep } from './external-service.state';
import { ExternalServiceErrors } from './external-services.errors';

export interface DocumentFile {
  bytes: Buffer;
  fileName: string;
  sha256: string;
}

/**
 * The documents of an external service: the 外部サービス利用申請書 recorded in the applying transaction, the
 * 利用許可通知書 / 不許可通知書 in the deciding one (ExternalServicesService calls `recordApplication` /
 * `recordDecision` there), and their downloads — rendered once from the record, then the stored bytes.
 */
@Injectable()
export class ExternalServiceDocuments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IssuerSettingsService,
    private readonly documents: IssuedDocuments,
    private readonly renderer: DocumentRenderer,
  ) {}

  recordApplication(
    manager: EntityManager,
    service: ExternalService,
    by: string,
    at: Date,
  ): Promise<IssuedDocument> {
    return recordExternalServiceApplication(this.settings, this.documents, manager, service, by, at);
  }

  recordDecision(
    manager: EntityManager,
    service: ExternalService,
    by: string,
    at: Date,
  ): Promise<IssuedDocument> {
    return recordExternalServiceDecision(this.settings, this.documents, manager, service, by, at);
  }

  /**
   * What `step` issues, in its transaction (ExternalServicesService calls this after the update, before the audit
   * row): the 外部サービス利用申請書 at `apply`, the 利用許可通知書 / 不許可通知書 at `approve` / `reject`.
   */
  async issueFor(
    manager: EntityManager,
    step: ExternalServiceStep,
    service: ExternalService,
    by: string,
  ): Promise<void> {
    const at = service.updatedAt;
    if (step === 'apply') await this.recordApplication(manager, service, by, at);
    if (step === 'approve' || step === 'reject') await this.recordDecision(manager, service, by, at);
  }

  /** The 外部サービス利用申請書 as issued at the application. */
  async applicationPdf(id: string): Promise<DocumentFile> {
    const manager = this.dataSource.manager;
    const service = await manager.findOneBy(ExternalService, { id });
    if (!service) throw ExternalServiceErrors.notFound();
    const record = await this.documents.find(manager, EXTERNAL_SERVICE_OWNER, service.id, KINDS.application);
    if (!record) throw ExternalServiceDocumentErrors.noApplication();
    const { bytes, sha256 } = await this.documents.pdf<ExternalServiceApplicationInput>(
      manager,
      record,
      (input) => this.renderer.renderExternalServiceApplication(input),
    );
    return { bytes, sha256, fileName: `gaibu-service-shinsei-${day(record)}.pdf` };
  }

  /** The 利用許可通知書 (or 不許可通知書) as issued at the decision. */
  async decisionPdf(id: string): Promise<DocumentFile> {
    const manager = this.dataSource.manager;
    const service = await manager.findOneBy(ExternalService, { id });
    if (!service) throw ExternalServiceErrors.notFound();
    const record =
      (await this.documents.find(manager, EXTERNAL_SERVICE_OWNER, service.id, KINDS.permit)) ??
      (await this.documents.find(manager, EXTERNAL_SERVICE_OWNER, service.id, KINDS.refusal));
    if (!record) throw ExternalServiceDocumentErrors.noDecision();
    const { bytes, sha256 } = await this.documents.pdf<ExternalServicePermitInput>(manager, record, (input) =>
      this.renderer.renderExternalServicePermit(input),
    );
    const name = record.kind === KINDS.permit ? 'kyoka' : 'fukyoka';
    return { bytes, sha256, fileName: `gaibu-service-${name}-${day(record)}.pdf` };
  }
}

function day(record: IssuedDocument): string {
  return (record.input as { issuedDate?: string }).issuedDate ?? 'document';
}
