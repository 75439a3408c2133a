import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { formatWareki } from '../../common/dates/wareki';
import { TransactionService } from '../../database/transaction.service';
import { insertRows } from '../../database/insert';
import { Certification } from '../contractors/certification.entity';
import type { Contractor } from '../contractors/contractor.entity';
import { findVisibleContract, lockContract } from '../contracts/contract-access';
import { Contract } from '../contracts/contract.entity';
import { ContractErrors } from '../contracts/contracts.errors';
import {
  type ContractorSelectionInput,
  validateContractorSelectionInput,
} from '../documents/contractor-selection';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { IssuedDocument } from '../documents/issued-document.entity';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import {
  ContractorSelection,
  type CriterionAnswer,
  PROCUREMENT_METHOD_LABELS,
} from './contractor-selection.entity';
import type { PutSelectionRequest, SelectionCriterionResponse, SelectionResponse } from './dto/selection.dto';
import {
  applicableCriteria,
  loadSelectionCatalogue,
  type SelectionCatalogue,
  selectionCatalogueDir,
  type SelectionCriterion,
} from './selection-catalogue';
import { SelectionErrors } from './selection.errors';
import { certificationFlags, describeMissing, missingItems } from './selection-review';

const OWNER = 'contract';
const KIND = 'CONTRACTOR_SELECTION';

/**
 * The selection record (選定) of a contract: read and recorded by staff while the contract is a draft, checked at
 * approval, and fixed then as the issued 委託先選定調書. The contractor never reaches it (the routes admit staff only).
 */
@Injectable()
export class SelectionService implements OnModuleInit {
  private catalogue!: SelectionCatalogue;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly documents: IssuedDocuments,
    private readonly renderer: DocumentRenderer,
    private readonly settings: IssuerSettingsService,
  ) {}

  /** Loaded at start-up: a broken catalogue stops the service (CatalogueError lists every problem). */
  onModuleInit(): void {
    this.catalogue = loadSelectionCatalogue(selectionCatalogueDir());
  }

  async get(actor: Actor, contractId: string): Promise<SelectionResponse> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    return this.respond(manager, contract);
  }

  async put(actor: Actor, contractId: string, input: PutSelectionRequest): Promise<SelectionResponse> {
    return this.tx.run(async (t) => {
      await lockContract(t.manager, contractId);
      const contract = await findVisibleContract(t.manager, actor, contractId);
      const current = await t.manager.findOneBy(ContractorSelection, { contractId });
      // A first record needs no version (0 is the version of "nothing recorded"); a later one the version read.
      if ((current?.version ?? 0) !== (input.version ?? 0)) throw SelectionErrors.stale();
      if (contract.status !== 'DRAFT') throw ContractErrors.wrongStatus(contract.status, '選定の記録');
      const criteria = this.answersOf(contract, input);
      const now = new Date();
      const fields = {
        method: input.method,
        criteria,
        reason: input.reason,
        decidedBy: actor.userId,
        decidedAt: now,
        updatedAt: now,
      };
      if (!current) {
        await insertRows(t.manager, ContractorSelection, {
          contractId,
          ...fields,
          version: 1,
          createdAt: now,
        });
      } else {
        const result = await t.manager.update(
          ContractorSelection,
          { contractId, version: current.version },
          { ...fields, version: current.version + 1 },
        );
        if (!result.affected) throw SelectionErrors.stale();
      }
      const missing = missingItems(fields, this.applicable(contract));
      await t.audit({
        actor,
        action: 'selection.record',
        entityType: 'contract',
        entityId: contractId,
        summary: {
          method: input.method,
          criteria: criteria.map((c) => ({ code: c.code, met: c.met })),
          reason: fields.reason,
          complete: missing.length === 0,
        },
      });
      return this.respond(t.manager, contract);
    });
  }

  /** Approval's check: the record exists with a method, a reason and every applicable criterion answered. */
  async assertComplete(manager: EntityManager, contract: Contract): Promise<ContractorSelection> {
    const row = await manager.findOneBy(ContractorSelection, { contractId: contract.id });
    const applicable = this.applicable(contract);
    const missing = missingItems(row, applicable);
    if (!row || missing.length)
      throw SelectionErrors.incomplete(missing, describeMissing(missing, applicable));
    return row;
  }

  /**
   * Issues the 委託先選定調書 in the approval's transaction: the record is checked again there (an edit may have
   * landed since the first check) and fixed as the document's input, numbered from the issuer's 文書記号.
   */
  async issueAtApproval(
    manager: EntityManager,
    contract: Contract,
    contractor: Contractor,
    actor: Actor,
    now: Date,
  ): Promise<IssuedDocument> {
    const row = await this.assertComplete(manager, contract);
    const settings = await this.settings.current(manager);
    const [decider, approver, certs] = await Promise.all([
      manager.findOneBy(User, { id: row.decidedBy }),
      manager.findOneBy(User, { id: actor.userId }),
      manager.findBy(Certification, { contractorId: contract.contractorId }),
    ]);
    const answers = new Map(row.criteria.map((c) => [c.code, c]));
    const issuedDate = todayInJapan(now);
    const input: Omit<ContractorSelectionInput, 'documentNumber'> = {
      issuedDate,
      orgName: settings.orgName,
      contract: {
        contractNumber: contract.contractNumber,
        title: contract.title,
        department: contract.department,
        startDate: contract.startDate,
        endDate: contract.endDate,
        workLocations: [...contract.workLocations],
        usesCloud: contract.usesCloud,
      },
      contractor: {
        name: contractor.name,
        corporateNumber: contractor.corporateNumber,
        address: contractor.address,
        representativeName: contractor.representativeName,
      },
      method: PROCUREMENT_METHOD_LABELS[row.method],
      criteria: this.applicable(contract).map((c) => {
        const a = answers.get(c.code) as CriterionAnswer;
        return {
          title: c.title,
          requirement: c.requirement,
          met: a.met,
          note: a.note?.trim() ? a.note : null,
          evidence: a.evidence?.trim() ? a.evidence : null,
          certifications: certificationLines(c, certs, contract),
        };
      }),
      reason: row.reason,
      decidedBy: decider?.displayName ?? '（不明）',
      decidedDate: todayInJapan(row.decidedAt),
      approvedBy: approver?.displayName ?? '（不明）',
    };
    // Refuse now what could never be rendered, rather than record it.
    validateContractorSelectionInput({ ...input, documentNumber: null });
    return this.documents.issue(manager, {
      kind: KIND,
      ownerType: OWNER,
      ownerId: contract.id,
      issuedOn: issuedDate,
      issuedAt: now,
      issuedBy: actor.userId,
      numberPattern: settings.documentNumberPattern.trim() || null,
      build: (documentNumber) => ({ ...input, documentNumber }),
    });
  }

  /** The 選定調書 as issued: rendered once from its record, the stored bytes from then on. */
  async pdf(actor: Actor, contractId: string): Promise<{ bytes: Buffer; sha256: string; fileName: string }> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    const record = await this.documents.find(manager, OWNER, contract.id, KIND);
    if (!record) throw SelectionErrors.notIssued();
    const { bytes, sha256 } = await this.documents.pdf<ContractorSelectionInput>(manager, record, (doc) =>
      this.renderer.renderContractorSelection(doc),
    );
    return { bytes, sha256, fileName: `sentei-${record.documentNumber ?? contract.contractNumber}.pdf` };
  }

  /** Whether the contract's selection is complete, for the contract's page. */
  async completeness(
    manager: EntityManager,
    contract: Contract,
  ): Promise<{ complete: boolean; missing: string[] }> {
    const row = await manager.findOneBy(ContractorSelection, { contractId: contract.id });
    const missing = missingItems(row, this.applicable(contract));
    return { complete: missing.length === 0, missing };
  }

  private applicable(contract: Contract): SelectionCriterion[] {
    return applicableCriteria(this.catalogue, contract);
  }

  private answersOf(contract: Contract, input: PutSelectionRequest): CriterionAnswer[] {
    const applicable = new Map(this.applicable(contract).map((c) => [c.code, c]));
    const seen = new Set<string>();
    return input.criteria.map((a, i) => {
      const criterion = applicable.get(a.code);
      if (!criterion) throw SelectionErrors.unknownCriterion(i, a.code);
      if (seen.has(a.code)) throw SelectionErrors.duplicateCriterion(i, a.code);
      seen.add(a.code);
      // Kept as typed (free text is read back byte for byte); blank counts as none for the rules.
      const note = a.note ?? null;
      // A criterion not met can still be accepted, but only with the officer's account of why.
      if (!a.met && !note?.trim()) throw SelectionErrors.noteRequired(i, criterion.title);
      return { code: a.code, met: a.met, note, evidence: a.evidence ?? null };
    });
  }

  private async respond(manager: EntityManager, contract: Contract): Promise<SelectionResponse> {
    const [row, certs, record] = await Promise.all([
      manager.findOneBy(ContractorSelection, { contractId: contract.id }),
      manager.findBy(Certification, { contractorId: contract.contractorId }),
      this.documents.find(manager, OWNER, contract.id, KIND),
    ]);
    const decider = row ? await manager.findOneBy(User, { id: row.decidedBy }) : null;
    const answers = new Map((row?.criteria ?? []).map((c) => [c.code, c]));
    const applicable = this.applicable(contract);
    const criteria: SelectionCriterionResponse[] = applicable.map((c) => {
      const a = answers.get(c.code);
      return {
        code: c.code,
        title: c.title,
        requirement: c.requirement,
        met: a ? a.met : null,
        note: a?.note ?? null,
        evidence: a?.evidence ?? null,
        certifications: certs
          .filter((cert) => c.certifications.includes(cert.type))
          .sort((x, y) => x.type.localeCompare(y.type) || x.validUntil.localeCompare(y.validUntil))
          .map((cert) => ({
            id: cert.id,
            type: cert.type,
            registrationNumber: cert.registrationNumber,
            issuer: cert.issuer,
            validFrom: cert.validFrom,
            validUntil: cert.validUntil,
            scope: cert.scope ?? null,
            flags: certificationFlags(cert, contract),
          })),
      };
    });
    const missing = missingItems(row, applicable);
    return {
      contractId: contract.id,
      editable: contract.status === 'DRAFT',
      method: row?.method ?? null,
      methodLabel: row ? PROCUREMENT_METHOD_LABELS[row.method] : null,
      reason: row?.reason ?? null,
      criteria,
      complete: missing.length === 0,
      missing,
      decidedBy: row ? { id: row.decidedBy, displayName: decider?.displayName ?? '' } : null,
      decidedAt: row ? row.decidedAt.toISOString() : null,
      version: row?.version ?? 0,
      document: record
        ? { documentNumber: record.documentNumber, issuedAt: record.issuedAt.toISOString() }
        : null,
    };
  }
}

const CERTIFICATION_NAMES: Record<Certification['type'], string> = {
  ISMS: 'ISMS（ISO/IEC 27001）',
  PRIVACY_MARK: 'プライバシーマーク',
  ISMAP: 'ISMAP',
  ISMAP_LIU: 'ISMAP-LIU',
  ISO27017: 'ISO/IEC 27017',
  ISO27018: 'ISO/IEC 27018',
  OTHER: 'その他の認証',
};

/** What the 調書 prints for a criterion that looks at certifications when the contractor has none of its kinds. */
export const NO_CERTIFICATION_LINE = '登録なし　※委託先に該当する認証が登録されていない。';

/**
 * The 認証 lines of a criterion in the 調書: each relevant certification with its flags, or, for a criterion that
 * looks at certifications, the flag that none is registered (a missing one is flagged like an expired one).
 */
function certificationLines(c: SelectionCriterion, certs: Certification[], contract: Contract): string[] {
  if (c.certifications.length === 0) return [];
  const relevant = certs.filter((cert) => c.certifications.includes(cert.type));
  return relevant.length
    ? relevant.map((cert) => certificationLine(cert, contract))
    : [NO_CERTIFICATION_LINE];
}

/** 「ISMS（ISO/IEC 27001）IS 123456（令和10年3月31日まで）」 with its flags after it. */
function certificationLine(cert: Certification, contract: Contract): string {
  const flags = certificationFlags(cert, contract).map((f) => `※${f.message}`);
  return [
    `${CERTIFICATION_NAMES[cert.type]}　${cert.registrationNumber}（${formatWareki(cert.validUntil)}まで）`,
    ...flags,
  ].join('');
}
