import type { EntityManager } from 'typeorm';
import { todayInJapan } from '../../common/clock';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import {
  type IncidentReceiptInput,
  printedIncidentReceiptText,
  validateIncidentReceiptInput,
} from '../documents/incident-receipt';
import type { IssuedDocument } from '../documents/issued-document.entity';
import type { IssuedDocuments } from '../documents/issued-documents.service';
import { assertPrintable } from '../documents/pdf-fonts';
import type { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import { durationText, minutesLate } from './incident-deadlines';
import { INCIDENT_KIND_LABELS, warekiDateTime } from './incident-notices';
import type { Incident } from './incident.entity';

/** The owner type of a 事故報告受付通知書 record. */
export const INCIDENT_OWNER = 'incident';

/**
 * The 事故報告受付通知書 of an incident taken up, as a record in the review's transaction: what it prints — the
 * addressee, the signer and the contact of that day, the report and its deadlines as frozen on the incident — with
 * its 文書番号. Checked printable first, so a report whose text could not be printed is refused now, not later.
 */
export async function recordIncidentReceipt(
  settingsService: IssuerSettingsService,
  documents: IssuedDocuments,
  manager: EntityManager,
  incident: Incident,
  issuedBy: string,
  at: Date,
): Promise<IssuedDocument> {
  const settings = await settingsService.current(manager);
  const [contract, contractor, clause, issuer] = await Promise.all([
    manager.findOneByOrFail(Contract, { id: incident.contractId }),
    manager.findOneByOrFail(Contractor, { id: incident.contractorId }),
    manager.findOneBy(ContractClause, { contractId: incident.contractId, clauseCode: 'INCIDENT_REPORT' }),
    manager.findOneBy(User, { id: issuedBy }),
  ]);
  const signer = settings.signers.IMPROVEMENT_NOTICE;
  const issuedDate = todayInJapan(at);
  const late = minutesLate(incident.firstReportDueAt, incident.reportedAt);
  const input: Omit<IncidentReceiptInput, 'documentNumber'> = {
    issuedDate,
    orgName: settings.orgName,
    issuerTitle: signer.title.trim() || '情報セキュリティ管理者',
    issuerName: signer.name.trim() || null,
    sealOmitted: settings.sealOmitted,
    contractor: { name: contractor.name, representativeName: contractor.representativeName },
    contract: { contractNumber: contract.contractNumber, title: contract.title },
    incident: {
      kind: INCIDENT_KIND_LABELS[incident.kind],
      detectedAt: warekiDateTime(incident.detectedAt),
      reportedAt: warekiDateTime(incident.reportedAt),
      occurredAt: incident.occurredAt ? warekiDateTime(incident.occurredAt) : null,
      summary: incident.summary,
      informationInvolved: incident.informationInvolved,
      containment: incident.containment,
      personalInfo: incident.personalInfoInvolved
        ? {
            persons: incident.personsAffected,
            sensitive: incident.sensitivePersonalInfo,
            myNumber: incident.specificPersonalInfo,
          }
        : null,
    },
    clause: clause?.articleNo
      ? { articleNo: clause.articleNo, title: clause.title ?? '事故発生時の報告' }
      : null,
    firstReport: {
      hours: incident.reportHours,
      dueAt: warekiDateTime(incident.firstReportDueAt),
      lateBy: late > 0 ? durationText(late) : null,
    },
    writtenReport: {
      days: incident.writtenReportDays,
      dueDate: incident.writtenReportDueDate,
      submitted: incident.detailedReportAt !== null,
    },
    contact: {
      department: settings.contactSection.trim() || contract.department,
      name: settings.contactPerson.trim() || issuer?.displayName || signer.title,
      ...(settings.contactPhone.trim() ? { phone: settings.contactPhone.trim() } : {}),
      ...(settings.contactEmail.trim()
        ? { email: settings.contactEmail.trim() }
        : issuer?.email
          ? { email: issuer.email }
          : {}),
    },
  };
  validateIncidentReceiptInput({ ...input, documentNumber: null });
  assertPrintable(printedIncidentReceiptText({ ...input, documentNumber: null }));
  return documents.issue(manager, {
    kind: 'INCIDENT_RECEIPT',
    ownerType: INCIDENT_OWNER,
    ownerId: incident.id,
    issuedOn: issuedDate,
    issuedAt: at,
    issuedBy,
    numberPattern: settings.documentNumberPattern,
    build: (documentNumber) => ({ ...input, documentNumber }),
  });
}
