import { In, type EntityManager } from 'typeorm';
import { todayInJapan } from '../../common/clock';
import { Contractor } from '../contractors/contractor.entity';
import { ContractClause } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { Subcontract } from '../contracts/subcontract.entity';
import type { IssuedDocument } from '../documents/issued-document.entity';
import type { IssuedDocuments } from '../documents/issued-documents.service';
import {
  type InspectionResultInput,
  type InspectionResultItem,
  printedInspectionText,
  validateInspectionResultInput,
} from '../documents/inspection-result';
import { assertPrintable } from '../documents/pdf-fonts';
import type { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import { InspectionItem } from './inspection-item.entity';
import type { Inspection } from './inspection.entity';

/** The owner type of a 検査結果通知書 record. */
export const INSPECTION_OWNER = 'inspection';

/**
 * The 検査結果通知書 of a reported inspection as a record, in the reporting transaction: what it prints — the
 * addressee, the signer and the contact of that day, the results per article, each nonconformity with its article
 * and paragraph — with its 文書番号. Checked printable first, so a report that could not be printed is refused now.
 */
export async function recordInspectionResult(
  settingsService: IssuerSettingsService,
  documents: IssuedDocuments,
  manager: EntityManager,
  inspection: Inspection,
  issuedBy: string,
  at: Date,
): Promise<IssuedDocument> {
  const settings = await settingsService.current(manager);
  const [contract, contractor, items, clauses, issuer, sub] = await Promise.all([
    manager.findOneByOrFail(Contract, { id: inspection.contractId }),
    manager.findOneByOrFail(Contractor, { id: inspection.contractorId }),
    manager.find(InspectionItem, { where: { inspectionId: inspection.id }, order: { position: 'ASC' } }),
    manager.find(ContractClause, {
      where: { contractId: inspection.contractId, clauseCode: In(['AUDIT', 'IMPROVEMENT_ORDER']) },
    }),
    manager.findOneBy(User, { id: issuedBy }),
    inspection.subcontractId ? manager.findOneBy(Subcontract, { id: inspection.subcontractId }) : null,
  ]);
  const subcontractor = sub?.contractorId
    ? await manager.findOneBy(Contractor, { id: sub.contractorId })
    : null;
  const signer = settings.signers.IMPROVEMENT_NOTICE;
  const issuedDate = todayInJapan(at);
  const audit = clauses.find((c) => c.clauseCode === 'AUDIT');
  const improvement = clauses.find((c) => c.clauseCode === 'IMPROVEMENT_ORDER');
  const articles = new Map<number, InspectionResultInput['articles'][number]>();
  for (const item of items) {
    const row = articles.get(item.articleNo) ?? {
      articleNo: item.articleNo,
      title: item.clauseTitle,
      conforming: 0,
      nonconforming: 0,
      notChecked: 0,
    };
    if (item.result === 'CONFORMING') row.conforming++;
    else if (item.result === 'NONCONFORMING') row.nonconforming++;
    else row.notChecked++;
    articles.set(item.articleNo, row);
  }
  const asItem = (i: InspectionItem): InspectionResultItem => ({
    articleNo: i.articleNo,
    basis: i.basis,
    clauseTitle: i.clauseTitle,
    question: i.question,
    note: i.note ?? '',
  });
  const found = items.filter((i) => i.result === 'NONCONFORMING');
  const input: Omit<InspectionResultInput, 'documentNumber'> = {
    issuedDate,
    orgName: settings.orgName,
    issuerTitle: signer.title.trim() || '情報セキュリティ管理者',
    issuerName: signer.name.trim() || null,
    sealOmitted: settings.sealOmitted,
    contractor: { name: contractor.name, representativeName: contractor.representativeName },
    contract: { contractNumber: contract.contractNumber, title: contract.title },
    inspection: {
      kind: inspection.kind,
      conductedDate: inspection.conductedOn ?? inspection.plannedOn,
      announced: inspection.announced,
      place: inspection.place,
      subcontractorName: subcontractor?.name ?? null,
      inspectors: inspection.inspectors.map((i) => i.name),
      purpose: inspection.purpose?.trim() ? inspection.purpose : null,
      summary: inspection.summary?.trim() ? inspection.summary : null,
    },
    authority: audit?.articleNo ? auditAuthority(audit) : null,
    improvement: improvement?.articleNo
      ? { articleNo: improvement.articleNo, title: improvement.title ?? '改善の指示', paragraph: 1 }
      : null,
    articles: [...articles.values()].sort((a, b) => a.articleNo - b.articleNo),
    nonconformities: found.filter((i) => !i.advisory).map(asItem),
    recommendations: found.filter((i) => i.advisory).map(asItem),
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
  // Checked before it is recorded: a record that could not be printed is refused now, not at every download.
  validateInspectionResultInput({ ...input, documentNumber: null });
  assertPrintable(printedInspectionText({ ...input, documentNumber: null }));
  return documents.issue(manager, {
    kind: 'INSPECTION_RESULT',
    ownerType: INSPECTION_OWNER,
    ownerId: inspection.id,
    issuedOn: issuedDate,
    issuedAt: at,
    issuedBy,
    numberPattern: settings.documentNumberPattern,
    build: (documentNumber) => ({ ...input, documentNumber }),
  });
}

/** Where the signed 監査及び検査 clause gives 甲 the power to inspect (第1項) and to do so without notice (第3項). */
function auditAuthority(clause: ContractClause): InspectionResultInput['authority'] {
  const paragraphs = (clause.renderedText ?? '').split('\n');
  const find = (pattern: RegExp): number | null => {
    const i = paragraphs.findIndex((p) => pattern.test(p));
    return i < 0 ? null : i + 1;
  };
  return {
    articleNo: clause.articleNo as number,
    title: clause.title ?? '監査及び検査',
    paragraph: find(/立ち入り|監査若しくは検査を行わせる/u) ?? 1,
    unannouncedParagraph: find(/事前に通知することなく/u),
  };
}
