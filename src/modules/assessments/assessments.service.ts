import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { contractorScope } from '../../common/auth/scope';
import { todayInJapan } from '../../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt, pageByDate } from '../../common/pagination/keyset';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from '../contracts/contract.entity';
import { EvidenceService } from '../evidence/evidence.service';
import { findVisibleAssessment } from './assessment-access';
import { AssessmentItem } from './assessment-item.entity';
import { crossChecksOf } from './cross-checks';
import { Assessment } from './assessment.entity';
import { isOverdueAssessment, overdueAssessmentCondition } from './overdue';
import type { AssessmentItemResponse, AssessmentResponse, ListAssessmentsQuery } from './dto/assessment.dto';

/** For a contractor's own list: what needs it first (returned, then open by due date, overdue ones first). */
const PRIORITY = "CASE a.status WHEN 'RETURNED' THEN 0 WHEN 'OPEN' THEN 1 WHEN 'SUBMITTED' THEN 2 ELSE 3 END";

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evidence: EvidenceService,
  ) {}

  async list(actor: Actor, query: ListAssessmentsQuery): Promise<Page<AssessmentResponse>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(Assessment, 'a');
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere('a.contractorId = :scope', { scope });
    if (query.contractId) qb.andWhere('a.contractId = :contractId', { contractId: query.contractId });
    if (query.contractorId)
      qb.andWhere('a.contractorId = :contractorId', { contractorId: query.contractorId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.periodFrom) qb.andWhere('a.periodStart >= :periodFrom', { periodFrom: query.periodFrom });
    if (query.periodTo) qb.andWhere('a.periodStart <= :periodTo', { periodTo: query.periodTo });
    if (query.overdue !== undefined) {
      const cond = overdueAssessmentCondition('a');
      qb.andWhere(query.overdue ? `(${cond})` : `NOT (${cond})`, { today: todayInJapan() });
    }
    // The contract and company columns of the list in the same statement as the page.
    qb.leftJoin('a.contract', 'ak')
      .addSelect(['ak.id', 'ak.contractNumber', 'ak.title'])
      .leftJoin('a.contractor', 'ac')
      .addSelect(['ac.id', 'ac.name']);
    // A contractor sees what needs its attention first; staff lists are newest first (and use the index).
    // `sort=due` (the web lists): by due date, the latest period first.
    const page =
      query.sort === 'due'
        ? await pageByDate(qb, query, 'dueDate', 'DESC')
        : scope !== null
          ? await this.pageByPriority(qb, query)
          : await pageByCreatedAt(qb, query, 'DESC');
    const views = await this.viewsOf(manager, page.rows);
    return mapPage(page, (a) => views(a));
  }

  async get(actor: Actor, id: string): Promise<AssessmentResponse> {
    return this.respond(
      this.dataSource.manager,
      actor,
      await findVisibleAssessment(this.dataSource.manager, actor, id),
    );
  }

  /** The assessment with its items as the caller may see them. */
  async respond(manager: EntityManager, actor: Actor, assessment: Assessment): Promise<AssessmentResponse> {
    const items = await manager.find(AssessmentItem, {
      where: { assessmentId: assessment.id },
      order: { position: 'ASC' },
    });
    const evidence = await this.evidence.listForItems(
      manager,
      items.map((i) => i.id),
    );
    const view = (await this.viewsOf(manager, [assessment], items))(assessment);
    // Review notes stay with the body until the review is complete (DESIGN.md, Access rules).
    const showReview = actor.role !== 'CONTRACTOR' || assessment.status === 'REVIEWED';
    const crossChecks =
      actor.role === 'CONTRACTOR' ? undefined : await crossChecksOf(manager, assessment, items);
    return {
      ...view,
      ...(crossChecks ? { crossChecks } : {}),
      items: items.map((i): AssessmentItemResponse => ({
        id: i.id,
        position: i.position,
        clauseCode: i.clauseCode,
        articleNo: i.articleNo,
        clauseTitle: i.clauseTitle,
        questionCode: i.questionCode,
        question: i.question,
        basis: i.basis,
        advisory: i.advisory,
        requiresComment: i.requiresComment,
        requiresEvidence: i.requiresEvidence,
        crossCheck: i.crossCheck,
        answer: i.answer,
        comment: i.comment,
        answeredAt: i.answeredAt?.toISOString() ?? null,
        ...(showReview ? { verdict: i.verdict, reviewNote: i.reviewNote, severity: i.severity } : {}),
        evidence: (evidence.get(i.id) ?? []).map((e) => ({
          id: e.id,
          fileName: e.fileName,
          mediaType: e.mediaType,
          size: e.size,
        })),
      })),
    };
  }

  private async pageByPriority(
    qb: SelectQueryBuilder<Assessment>,
    query: ListAssessmentsQuery,
  ): Promise<{ rows: Assessment[]; nextCursor: string | null; total?: number }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const total = query.withTotal ? await qb.clone().getCount() : undefined;
    const after = decodeCursor(query.cursor, ['integer', 'date', 'id']);
    if (after) {
      qb.andWhere(
        `(${PRIORITY} > :cp OR (${PRIORITY} = :cp AND (a.dueDate > :cd OR (a.dueDate = :cd AND a.id > :cid))))`,
        { cp: Number(after[0]), cd: String(after[1]), cid: String(after[2]) },
      );
    }
    const rows = await qb
      .addSelect(PRIORITY, 'priority')
      .orderBy(PRIORITY, 'ASC')
      .addOrderBy('a.dueDate', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    const rank = { RETURNED: 0, OPEN: 1, SUBMITTED: 2, REVIEWED: 3 } as const;
    return {
      rows: page,
      nextCursor: hasMore ? encodeCursor([rank[last.status], last.dueDate, last.id]) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  /**
   * Builds list views with at most three queries for the whole page (contracts and companies unless joined into
   * the page already, item counts unless known): no N+1.
   */
  private async viewsOf(
    manager: EntityManager,
    rows: Assessment[],
    knownItems?: AssessmentItem[],
  ): Promise<(a: Assessment) => AssessmentResponse> {
    const ids = rows.map((a) => a.id);
    const joined = rows.every((a) => a.contract && a.contractor);
    const [contracts, contractors, counts] = await Promise.all([
      joined
        ? rows.map((a) => a.contract as Contract)
        : ids.length
          ? manager.find(Contract, {
              select: { id: true, contractNumber: true, title: true },
              where: { id: In([...new Set(rows.map((a) => a.contractId))]) },
            })
          : [],
      joined
        ? rows.map((a) => a.contractor as Contractor)
        : ids.length
          ? manager.find(Contractor, {
              select: { id: true, name: true },
              where: { id: In([...new Set(rows.map((a) => a.contractorId))]) },
            })
          : [],
      knownItems
        ? countsFromItems(knownItems)
        : ids.length
          ? manager
              .createQueryBuilder(AssessmentItem, 'i')
              .select('i.assessmentId', 'assessmentId')
              .addSelect('COUNT(*)', 'total')
              .addSelect('COUNT(i.answer)', 'answered')
              .where('i.assessmentId IN (:...ids)', { ids })
              .groupBy('i.assessmentId')
              .getRawMany<{ assessmentId: string; total: string | number; answered: string | number }>()
          : [],
    ]);
    const contractOf = new Map(contracts.map((c) => [c.id, c]));
    const nameOf = new Map(contractors.map((c) => [c.id, c.name]));
    const countOf = new Map(counts.map((c) => [c.assessmentId, c]));
    const today = todayInJapan();
    return (a) => ({
      id: a.id,
      kind: a.kind,
      contractId: a.contractId,
      contractNumber: contractOf.get(a.contractId)?.contractNumber ?? '',
      contractTitle: contractOf.get(a.contractId)?.title ?? '',
      contractorId: a.contractorId,
      contractorName: nameOf.get(a.contractorId) ?? '',
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      dueDate: a.dueDate,
      status: a.status,
      overdue: isOverdueAssessment(a, today),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      reviewedAt: a.reviewedAt?.toISOString() ?? null,
      returnMessage: a.returnMessage,
      score: a.score,
      grade: a.grade,
      answeredCount: Number(countOf.get(a.id)?.answered ?? 0),
      itemCount: Number(countOf.get(a.id)?.total ?? 0),
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    });
  }
}

function countsFromItems(
  items: AssessmentItem[],
): { assessmentId: string; total: number; answered: number }[] {
  const byId = new Map<string, { assessmentId: string; total: number; answered: number }>();
  for (const i of items) {
    const c = byId.get(i.assessmentId) ?? { assessmentId: i.assessmentId, total: 0, answered: 0 };
    c.total += 1;
    if (i.answer !== null) c.answered += 1;
    byId.set(i.assessmentId, c);
  }
  return [...byId.values()];
}
