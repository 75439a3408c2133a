import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { isValidCorporateNumber } from '../contractors/corporate-number';
import { User } from '../users/user.entity';
import type {
  ApplyExternalServiceRequest,
  ConfirmErasureRequest,
  CreateExternalServiceRequest,
  DecideExternalServiceRequest,
  EndExternalServiceRequest,
  ExternalServiceResponse,
  ListExternalServicesQuery,
  ReviewExternalServiceRequest,
  UpdateExternalServiceRequest,
} from './dto/external-service.dto';
import { whereAttention } from './external-service-attention';
import { ExternalServiceDocuments } from './external-service-documents.service';
import { ExternalService } from './external-service.entity';
import { assertApprovable, ismapLapsed, ismapValidOn, verdicts } from './external-service.rules';
import { canTake, EXTERNAL_SERVICE_TRANSITIONS, type ExternalServiceStep } from './external-service.state';
import { ExternalServiceErrors } from './external-services.errors';

/** The audit action of each step, written out so every code is found where it is written. */
const AUDIT_ACTIONS: Readonly<Record<ExternalServiceStep, { action: string }>> = {
  register: { action: 'external_service.register' },
  edit: { action: 'external_service.update' },
  apply: { action: 'external_service.apply' },
  approve: { action: 'external_service.approve' },
  reject: { action: 'external_service.reject' },
  reviewContinue: { action: 'external_service.review' },
  reviewSuspend: { action: 'external_service.suspend' },
  end: { action: 'external_service.end' },
  confirmErasure: { action: 'external_service.confirm_erasure' },
};

/** The fields that may change while the service is in use: what is monitored, not what was approved. */
const MONITORED_FIELDS = new Set<string>([
  'termsUrl',
  'termsVersion',
  'termsCheckedOn',
  'termsChecklist',
  'ismapKind',
  'ismapNumber',
  'ismapScope',
  'ismapValidUntil',
  'ismapCheckedOn',
  'ismapSourceUrl',
  'ismapRenewalPending',
  'alternativeEvaluation',
  'otherCertifications',
  'fallbackAndBackup',
  'managerUserId',
  'reviewIntervalMonths',
]);

const EMPTY_CHECKLIST = {
  confidentiality: null,
  noSecondaryUse: null,
  unilateralChanges: null,
  erasureAtEnd: null,
};

/** Adds whole months to a 'YYYY-MM-DD' date, keeping to the month's last day (01-31 + 1 → 02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The register of external services (Article 6(6)(イ)) and the steps of their use. */
@Injectable()
export class ExternalServicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly documents: ExternalServiceDocuments,
  ) {}

  async create(actor: Actor, input: CreateExternalServiceRequest): Promise<ExternalServiceResponse> {
    const now = new Date();
    const service: ExternalService = {
      id: randomUUID(),
      name: input.name,
      providerName: input.providerName,
      providerCorporateNumber: input.providerCorporateNumber ?? null,
      model: input.model,
      contractForm: input.contractForm,
      department: input.department,
      purpose: input.purpose,
      confidentialityClass: input.confidentialityClass,
      personalInfo: input.personalInfo,
      specificPersonalInfo: input.specificPersonalInfo,
      dataLocation: input.dataLocation ?? null,
      governingLaw: input.governingLaw ?? null,
      court: input.court ?? null,
      termsUrl: input.termsUrl ?? null,
      termsVersion: input.termsVersion ?? null,
      termsCheckedOn: input.termsCheckedOn ?? null,
      termsChecklist: { ...EMPTY_CHECKLIST, ...input.termsChecklist },
      ismapKind: input.ismapKind ?? null,
      ismapNumber: input.ismapNumber ?? null,
      ismapScope: input.ismapScope ?? null,
      ismapValidUntil: input.ismapValidUntil ?? null,
      ismapCheckedOn: input.ismapCheckedOn ?? null,
      ismapSourceUrl: input.ismapSourceUrl ?? null,
      ismapRenewalPending: input.ismapRenewalPending ?? false,
      alternativeEvaluation: input.alternativeEvaluation ?? null,
      otherCertifications: input.otherCertifications ?? null,
      fallbackAndBackup: input.fallbackAndBackup ?? null,
      managerUserId: input.managerUserId ?? null,
      reviewIntervalMonths: input.reviewIntervalMonths ?? 12,
      conditions: null,
      decisionReason: null,
      status: 'DRAFT',
      createdBy: actor.userId,
      appliedBy: null,
      appliedAt: null,
      decidedBy: null,
      decidedAt: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      nextReviewOn: null,
      endedOn: null,
      endedBy: null,
      erasureConfirmedBy: null,
      erasureConfirmedAt: null,
      erasureNote: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    assertConsistent(service);
    return this.tx.run(async (t) => {
      await assertManager(t.manager, service.managerUserId);
      await insertRows(t.manager, ExternalService, service);
      await t.audit({
        actor,
        ...AUDIT_ACTIONS.register,
        entityType: 'external_service',
        entityId: service.id,
        summary: { name: service.name, confidentialityClass: service.confidentialityClass },
      });
      return this.respond(t.manager, service);
    });
  }

  async list(_actor: Actor, query: ListExternalServicesQuery): Promise<Page<ExternalServiceResponse>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(ExternalService, 's');
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.confidentialityClass)
      qb.andWhere('s.confidentialityClass = :cls', { cls: query.confidentialityClass });
    if (query.attention) whereAttention(qb, query.attention, todayInJapan());
    const page = await pageByCreatedAt(qb, query, 'DESC');
    const view = await this.viewsOf(manager, page.rows);
    return mapPage(page, view);
  }

  async get(_actor: Actor, id: string): Promise<ExternalServiceResponse> {
    const manager = this.dataSource.manager;
    return this.respond(manager, await findService(manager, id));
  }

  /** Changes the registration: every field while DRAFT or APPLIED; while in use, only the monitored ones. */
  update(actor: Actor, id: string, input: UpdateExternalServiceRequest): Promise<ExternalServiceResponse> {
    const { version, ...fields } = input;
    return this.step(actor, id, version, 'edit', async (t, service) => {
      const given = Object.keys(fields).filter(
        (k) => (fields as Record<string, unknown>)[k] !== undefined,
      ) as (keyof typeof fields)[];
      if (service.status === 'APPROVED' || service.status === 'SUSPENDED') {
        const locked = given.filter((k) => !MONITORED_FIELDS.has(k));
        if (locked.length) throw ExternalServiceErrors.fieldLocked(locked);
      }
      const changes: Partial<ExternalService> = {};
      for (const key of given) {
        const value = fields[key];
        if (key === 'termsChecklist')
          changes.termsChecklist = { ...service.termsChecklist, ...(value as object) };
        else (changes as Record<string, unknown>)[key] = value;
      }
      if (changes.ismapRenewalPending === null) changes.ismapRenewalPending = false;
      if (changes.reviewIntervalMonths === null) changes.reviewIntervalMonths = 12;
      assertConsistent({ ...service, ...changes });
      if (given.includes('managerUserId')) await assertManager(t.manager, changes.managerUserId ?? null);
      return { changes, summary: { fields: given } };
    });
  }

  apply(actor: Actor, id: string, input: ApplyExternalServiceRequest): Promise<ExternalServiceResponse> {
    return this.step(actor, id, input.version, 'apply', () =>
      Promise.resolve({
        changes: { appliedBy: actor.userId, appliedAt: new Date() },
        summary: {},
      }),
    );
  }

  /** Approves with conditions (the selection rules must pass on today's Japan date) or rejects with a reason. */
  decide(actor: Actor, id: string, input: DecideExternalServiceRequest): Promise<ExternalServiceResponse> {
    const today = todayInJapan();
    // Checked once the service is found and in the right state: a missing one answers 404 whatever the body.
    if (input.decision === 'APPROVE') {
      const conditions = input.conditions?.trim() ? input.conditions : null;
      return this.step(actor, id, input.version, 'approve', (_t, service) => {
        if (conditions === null) throw ExternalServiceErrors.conditionsRequired();
        assertApprovable(service, today);
        return Promise.resolve({
          changes: {
            conditions,
            decisionReason: null,
            decidedBy: actor.userId,
            decidedAt: new Date(),
            nextReviewOn: addMonths(today, service.reviewIntervalMonths),
          },
          summary: { decision: 'APPROVE', conditions },
        });
      });
    }
    const reason = input.reason?.trim() ? input.reason : null;
    return this.step(actor, id, input.version, 'reject', () => {
      if (reason === null) throw ExternalServiceErrors.reasonRequired();
      return Promise.resolve({
        changes: { decisionReason: reason, decidedBy: actor.userId, decidedAt: new Date() },
        summary: { decision: 'REJECT', reason },
      });
    });
  }

  /**
   * The periodic review: CONTINUE keeps (or puts back) the service in use — the selection rules are checked again
   * on today's date — and sets the next review; SUSPEND stops its use until a later review continues it.
   */
  review(actor: Actor, id: string, input: ReviewExternalServiceRequest): Promise<ExternalServiceResponse> {
    const today = todayInJapan();
    const step: ExternalServiceStep = input.outcome === 'CONTINUE' ? 'reviewContinue' : 'reviewSuspend';
    return this.step(actor, id, input.version, step, (_t, service) => {
      if (!input.note.trim()) throw ExternalServiceErrors.reasonRequired();
      if (step === 'reviewContinue') assertApprovable(service, today);
      return Promise.resolve({
        changes: {
          reviewedBy: actor.userId,
          reviewedAt: new Date(),
          reviewNote: input.note,
          nextReviewOn: addMonths(today, service.reviewIntervalMonths),
          decisionReason: step === 'reviewSuspend' ? input.note : null,
        },
        summary: { outcome: input.outcome, note: input.note },
      });
    });
  }

  end(actor: Actor, id: string, input: EndExternalServiceRequest): Promise<ExternalServiceResponse> {
    return this.step(actor, id, input.version, 'end', () => {
      if (input.endedOn > todayInJapan()) throw ExternalServiceErrors.endedInFuture();
      return Promise.resolve({
        changes: { endedOn: input.endedOn, endedBy: actor.userId, nextReviewOn: null },
        summary: { endedOn: input.endedOn },
      });
    });
  }

  confirmErasure(actor: Actor, id: string, input: ConfirmErasureRequest): Promise<ExternalServiceResponse> {
    return this.step(actor, id, input.version, 'confirmErasure', () => {
      if (!input.note.trim()) throw ExternalServiceErrors.reasonRequired();
      return Promise.resolve({
        changes: {
          erasureConfirmedBy: actor.userId,
          erasureConfirmedAt: new Date(),
          erasureNote: input.note,
        },
        summary: { note: input.note },
      });
    });
  }

  private step(
    actor: Actor,
    id: string,
    version: number,
    step: ExternalServiceStep,
    run: (
      t: { manager: EntityManager },
      service: ExternalService,
    ) => Promise<{ changes?: Partial<ExternalService>; summary: Record<string, unknown> }>,
  ): Promise<ExternalServiceResponse> {
    return this.tx.run(async (t) => {
      const service = await findService(t.manager, id);
      if (service.version !== version)
        throw new StaleVersionError('EXTERNAL_SERVICE', { currentVersion: service.version });
      const transition = EXTERNAL_SERVICE_TRANSITIONS[step];
      if (!canTake(step, service.status))
        throw ExternalServiceErrors.wrongState(service.status, transition.label);
      const { changes, summary } = await run(t, service);
      const next: Partial<ExternalService> = {
        ...changes,
        ...(transition.to ? { status: transition.to } : {}),
        version: service.version + 1,
        updatedAt: new Date(),
      };
      const result = await t.manager.update(
        ExternalService,
        { id, version: service.version, status: service.status },
        next,
      );
      if (!result.affected) throw new StaleVersionError('EXTERNAL_SERVICE');
      // The step's documents in its transaction: 利用申請書 at apply, 利用許可通知書 / 不許可通知書 at the decision.
      await this.documents.issueFor(t.manager, step, { ...service, ...next }, actor.userId);
      await t.audit({
        actor,
        ...AUDIT_ACTIONS[step],
        entityType: 'external_service',
        entityId: id,
        summary: { name: service.name, from: service.status, to: next.status ?? service.status, ...summary },
      });
      return this.respond(t.manager, { ...service, ...next });
    });
  }

  async respond(manager: EntityManager, service: ExternalService): Promise<ExternalServiceResponse> {
    const view = await this.viewsOf(manager, [service]);
    return view(service);
  }

  private async viewsOf(
    manager: EntityManager,
    rows: ExternalService[],
  ): Promise<(s: ExternalService) => ExternalServiceResponse> {
    const userIds = [...new Set(rows.flatMap((r) => (r.managerUserId ? [r.managerUserId] : [])))];
    const users = userIds.length
      ? await manager.find(User, { select: { id: true, displayName: true }, where: { id: In(userIds) } })
      : [];
    const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
    const today = todayInJapan();
    return (s) =>
      externalServiceView(s, today, s.managerUserId ? (nameOf.get(s.managerUserId) ?? null) : null);
  }
}

export async function findService(manager: EntityManager, id: string): Promise<ExternalService> {
  const service = await manager.findOneBy(ExternalService, { id });
  if (!service) throw ExternalServiceErrors.notFound();
  return service;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function externalServiceView(
  s: ExternalService,
  today: string,
  managerName: string | null,
): ExternalServiceResponse {
  return {
    id: s.id,
    name: s.name,
    providerName: s.providerName,
    providerCorporateNumber: s.providerCorporateNumber,
    model: s.model,
    contractForm: s.contractForm,
    department: s.department,
    purpose: s.purpose,
    confidentialityClass: s.confidentialityClass,
    personalInfo: s.personalInfo,
    specificPersonalInfo: s.specificPersonalInfo,
    dataLocation: s.dataLocation,
    governingLaw: s.governingLaw,
    court: s.court,
    termsUrl: s.termsUrl,
    termsVersion: s.termsVersion,
    termsCheckedOn: s.termsCheckedOn,
    termsChecklist: { ...EMPTY_CHECKLIST, ...s.termsChecklist },
    ismapKind: s.ismapKind,
    ismapNumber: s.ismapNumber,
    ismapScope: s.ismapScope,
    ismapValidUntil: s.ismapValidUntil,
    ismapCheckedOn: s.ismapCheckedOn,
    ismapSourceUrl: s.ismapSourceUrl,
    ismapRenewalPending: s.ismapRenewalPending,
    ismapValid: ismapValidOn(s, today),
    ismapLapsed: ismapLapsed(s, today),
    alternativeEvaluation: s.alternativeEvaluation,
    otherCertifications: s.otherCertifications,
    fallbackAndBackup: s.fallbackAndBackup,
    managerUserId: s.managerUserId,
    managerName,
    reviewIntervalMonths: s.reviewIntervalMonths,
    conditions: s.conditions,
    decisionReason: s.decisionReason,
    status: s.status,
    verdicts: verdicts(s, today),
    appliedAt: iso(s.appliedAt),
    decidedBy: s.decidedBy,
    decidedAt: iso(s.decidedAt),
    reviewedAt: iso(s.reviewedAt),
    reviewNote: s.reviewNote,
    nextReviewOn: s.nextReviewOn,
    endedOn: s.endedOn,
    erasureConfirmedAt: iso(s.erasureConfirmedAt),
    erasureNote: s.erasureNote,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** Checks that hold whatever the state: the 法人番号's check digit, 特定個人情報 ⊂ 個人情報, a complete ISMAP record. */
function assertConsistent(s: ExternalService): void {
  if (s.providerCorporateNumber !== null && !isValidCorporateNumber(s.providerCorporateNumber))
    throw ExternalServiceErrors.corporateNumberInvalid();
  if (s.specificPersonalInfo && !s.personalInfo) throw ExternalServiceErrors.specificWithoutPersonal();
  const ismapFields = [s.ismapNumber, s.ismapValidUntil, s.ismapCheckedOn, s.ismapSourceUrl];
  if (s.ismapKind !== null && ismapFields.some((f) => f === null))
    throw ExternalServiceErrors.ismapIncomplete();
  if (s.ismapKind === null && (ismapFields.some((f) => f !== null) || s.ismapRenewalPending))
    throw ExternalServiceErrors.ismapIncomplete();
}

async function assertManager(manager: EntityManager, userId: string | null): Promise<void> {
  if (userId === null) return;
  const user = await manager.findOne(User, { select: { id: true, role: true }, where: { id: userId } });
  if (!user || user.role === 'CONTRACTOR') throw ExternalServiceErrors.managerInvalid();
}
