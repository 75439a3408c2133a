import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import { TransactionService } from '../../database/transaction.service';
import { EDITABLE_STATUSES, findVisibleAssessment } from './assessment-access';
import { AssessmentItem } from './assessment-item.entity';
import { Assessment, type AssessmentStatus } from './assessment.entity';
import { AssessmentErrors } from './assessments.errors';
import { AssessmentsService } from './assessments.service';
import { todayInJapan } from '../../common/clock';
import { Contract } from '../contracts/contract.entity';
import { ContractErrors } from '../contracts/contracts.errors';
import { AssessmentGeneratorService } from './assessment-generator.service';
import type {
  AssessmentResponse,
  CreateAssessmentRequest,
  ReturnRequest,
  ReviewRequest,
  SaveAnswersRequest,
  SubmitRequest,
} from './dto/assessment.dto';
import { Evidence } from '../evidence/evidence.entity';
import { answersFor, needsComment } from './answer-rules';
import { openReviewedFindings } from './open-findings';
import { scoreOf } from './scoring';

/**
 * The assessment's state machine: OPEN →(submit) SUBMITTED →(return) RETURNED →(submit) SUBMITTED
 * →(complete review) REVIEWED. Answers change only while OPEN or RETURNED; each step checks the version read
 * and writes its audit row in the same transaction.
 */
@Injectable()
export class AssessmentWorkflowService {
  constructor(
    private readonly tx: TransactionService,
    private readonly assessments: AssessmentsService,
    private readonly generator: AssessmentGeneratorService,
  ) {}

  /** An officer asks for a CHECKLIST now, outside the yearly cycle (after an incident, before an inspection). */
  async requestChecklist(actor: Actor, input: CreateAssessmentRequest): Promise<AssessmentResponse> {
    const today = todayInJapan();
    if (input.dueDate !== undefined && input.dueDate < today) throw AssessmentErrors.dueDateInPast();
    return this.tx.run(async (t) => {
      const contract = await t.manager.findOneBy(Contract, { id: input.contractId });
      if (!contract) throw ContractErrors.notFound();
      if (contract.status !== 'ACTIVE') throw AssessmentErrors.contractNotActive();
      const same = await t.manager.countBy(Assessment, {
        contractId: contract.id,
        kind: 'CHECKLIST',
        periodStart: today,
      });
      if (same > 0) throw AssessmentErrors.alreadyExists();
      const created = await this.generator.createOnDemand(t.manager, contract, today, input.dueDate);
      await t.audit({
        actor,
        action: 'assessment.request',
        entityType: 'assessment',
        entityId: created.id,
        summary: { contractId: contract.id, kind: 'CHECKLIST', dueDate: created.dueDate },
      });
      return this.assessments.respond(t.manager, actor, created);
    });
  }

  async saveAnswers(actor: Actor, id: string, input: SaveAnswersRequest): Promise<AssessmentResponse> {
    return this.tx.run(async (t) => {
      const assessment = await this.load(
        t.manager,
        actor,
        id,
        input.version,
        EDITABLE_STATUSES,
        '回答の保存',
      );
      const items = await this.itemsById(
        t.manager,
        id,
        input.items.map((i) => i.itemId),
      );
      const allowed = answersFor(assessment.kind);
      const wrongKind = input.items.filter((i) => !allowed.includes(i.answer));
      if (wrongKind.length) {
        throw AssessmentErrors.answerNotAllowed(
          wrongKind.map((i) => i.itemId),
          allowed,
        );
      }
      const missingComment = input.items.filter((i) => {
        const item = items.get(i.itemId);
        if (!item || !needsComment(i.answer, item)) return false;
        const comment = i.comment ?? item.comment ?? '';
        return comment.trim() === '';
      });
      if (missingComment.length) throw AssessmentErrors.commentRequired(missingComment.map((i) => i.itemId));
      const now = new Date();
      for (const input_ of input.items) {
        await t.manager.update(
          AssessmentItem,
          { id: input_.itemId },
          {
            answer: input_.answer,
            ...(input_.comment !== undefined ? { comment: input_.comment } : {}),
            answeredAt: now,
            answeredBy: actor.userId,
          },
        );
      }
      const updated = await this.bump(t.manager, assessment, {});
      await t.audit({
        actor,
        action: 'assessment.answer',
        entityType: 'assessment',
        entityId: id,
        summary: { items: input.items.map((i) => ({ itemId: i.itemId, answer: i.answer })) },
      });
      return this.assessments.respond(t.manager, actor, updated);
    });
  }

  async submit(actor: Actor, id: string, input: SubmitRequest): Promise<AssessmentResponse> {
    return this.tx.run(async (t) => {
      const assessment = await this.load(t.manager, actor, id, input.version, EDITABLE_STATUSES, '提出');
      const open = await t.manager.find(AssessmentItem, {
        select: { id: true },
        where: { assessmentId: id, answer: IsNull() },
      });
      if (open.length) throw AssessmentErrors.unanswered(open.map((i) => i.id));
      await this.checkEvidence(t.manager, id);
      const updated = await this.bump(t.manager, assessment, {
        status: 'SUBMITTED',
        submittedAt: new Date(),
        submittedBy: actor.userId,
      });
      await t.audit({
        actor,
        action: 'assessment.submit',
        entityType: 'assessment',
        entityId: id,
        summary: { status: 'SUBMITTED' },
      });
      return this.assessments.respond(t.manager, actor, updated);
    });
  }

  async review(actor: Actor, id: string, input: ReviewRequest): Promise<AssessmentResponse> {
    return this.tx.run(async (t) => {
      const assessment = await this.load(t.manager, actor, id, input.version, ['SUBMITTED'], '確認');
      await this.itemsById(
        t.manager,
        id,
        input.items.map((i) => i.itemId),
      );
      const incomplete = input.items.filter(
        (i) => i.verdict === 'FINDING' && (!i.note?.trim() || !i.severity),
      );
      if (incomplete.length) throw AssessmentErrors.findingIncomplete(incomplete.map((i) => i.itemId));
      for (const v of input.items) {
        await t.manager.update(
          AssessmentItem,
          { id: v.itemId },
          {
            verdict: v.verdict,
            reviewNote: v.note ?? null,
            severity: v.verdict === 'FINDING' ? (v.severity ?? null) : null,
          },
        );
      }
      let changes: Partial<Assessment> = {};
      let all: AssessmentItem[] = [];
      if (input.complete) {
        all = await t.manager.find(AssessmentItem, { where: { assessmentId: id } });
        const unreviewed = all.filter((i) => i.verdict === null);
        if (unreviewed.length) throw AssessmentErrors.unreviewed(unreviewed.map((i) => i.id));
        // A REPORT states facts of the period: it has no score (scoreOf answers null for YES and NO).
        const { score, grade } = scoreOf(all);
        changes = { status: 'REVIEWED', reviewedAt: new Date(), reviewedBy: actor.userId, score, grade };
      }
      const updated = await this.bump(t.manager, assessment, changes);
      // REVIEWED: its findings count as open from this commit on (the dashboard reads them from open_finding).
      if (input.complete) await openReviewedFindings(t.manager, updated, all);
      await t.audit({
        actor,
        action: input.complete ? 'assessment.review_complete' : 'assessment.review',
        entityType: 'assessment',
        entityId: id,
        summary: {
          items: input.items.map((i) => ({
            itemId: i.itemId,
            verdict: i.verdict,
            severity: i.severity ?? null,
          })),
          ...(input.complete
            ? { status: 'REVIEWED', score: changes.score ?? null, grade: changes.grade ?? null }
            : {}),
        },
      });
      return this.assessments.respond(t.manager, actor, updated);
    });
  }

  async returnToContractor(actor: Actor, id: string, input: ReturnRequest): Promise<AssessmentResponse> {
    return this.tx.run(async (t) => {
      const assessment = await this.load(t.manager, actor, id, input.version, ['SUBMITTED'], '差戻し');
      const updated = await this.bump(t.manager, assessment, {
        status: 'RETURNED',
        returnMessage: input.message,
      });
      await t.audit({
        actor,
        action: 'assessment.return',
        entityType: 'assessment',
        entityId: id,
        summary: { status: 'RETURNED', message: input.message },
      });
      return this.assessments.respond(t.manager, actor, updated);
    });
  }

  /**
   * Questions that ask for evidence need at least one file with a 実施している or 一部実施 answer: the record
   * shows the measure, not only the contractor's word.
   */
  private async checkEvidence(manager: EntityManager, assessmentId: string): Promise<void> {
    const needing = await manager.find(AssessmentItem, {
      select: { id: true },
      where: { assessmentId, requiresEvidence: true, answer: In(['IMPLEMENTED', 'PARTIAL']) },
    });
    if (needing.length === 0) return;
    const files = await manager
      .createQueryBuilder(Evidence, 'e')
      .select('DISTINCT e.ownerId', 'ownerId')
      .where("e.ownerType = 'ASSESSMENT_ITEM'")
      .andWhere('e.ownerId IN (:...ids)', { ids: needing.map((i) => i.id) })
      .getRawMany<{ ownerId: string }>();
    const have = new Set(files.map((f) => f.ownerId));
    const missing = needing.filter((i) => !have.has(i.id)).map((i) => i.id);
    if (missing.length) throw AssessmentErrors.evidenceRequired(missing);
  }

  private async load(
    manager: EntityManager,
    actor: Actor,
    id: string,
    version: number,
    allowed: readonly AssessmentStatus[],
    action: string,
  ): Promise<Assessment> {
    const assessment = await findVisibleAssessment(manager, actor, id);
    if (assessment.version !== version)
      throw new StaleVersionError('ASSESSMENT', { currentVersion: assessment.version });
    if (!allowed.includes(assessment.status)) throw AssessmentErrors.wrongStatus(assessment.status, action);
    return assessment;
  }

  /**
   * Conditional update on id, version and status: of concurrent requests that read the same version exactly
   * one changes the row; the others find nothing to update and answer 409.
   */
  private async bump(
    manager: EntityManager,
    assessment: Assessment,
    changes: Partial<Assessment>,
  ): Promise<Assessment> {
    const next = { ...changes, version: assessment.version + 1, updatedAt: new Date() };
    const result = await manager.update(
      Assessment,
      { id: assessment.id, version: assessment.version, status: assessment.status },
      next,
    );
    if (!result.affected) throw new StaleVersionError('ASSESSMENT');
    return { ...assessment, ...next };
  }

  /** The named items, all of which must belong to this assessment. */
  private async itemsById(
    manager: EntityManager,
    assessmentId: string,
    ids: string[],
  ): Promise<Map<string, AssessmentItem>> {
    const unique = [...new Set(ids)];
    const rows = unique.length ? await manager.findBy(AssessmentItem, { assessmentId, id: In(unique) }) : [];
    const found = new Map(rows.map((r) => [r.id, r]));
    const stranger = unique.find((itemId) => !found.has(itemId));
    if (stranger) throw AssessmentErrors.itemNotFound(stranger);
    return found;
  }
}
