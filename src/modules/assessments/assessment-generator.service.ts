import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type EntityManager } from 'typeorm';
import type { RequestOrigin } from '../../common/auth/actor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { insertRows } from '../../database/insert';
import { LeaseService } from '../../database/lease.service';
import { TransactionService } from '../../database/transaction.service';
import { addDays, todayInJapan } from '../../common/clock';
import { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { ContractClause, type FrozenQuestion } from '../contracts/contract-clause.entity';
import { Contract } from '../contracts/contract.entity';
import { AssessmentItem } from './assessment-item.entity';
import { AssessmentErrors } from './assessments.errors';
import { Assessment, type AssessmentKind } from './assessment.entity';
import { checklistPeriods, type Period, reportPeriods } from './periods';

const CONTRACT_BATCH = 500;
const INSERT_CHUNK = 500;
/** One generation at a time: a second caller waits this long for the first to finish, then answers 409. */
const GENERATION_LEASE = { ttlMs: 120_000, waitMs: 60_000 };

export interface GenerationResult {
  asOf: string;
  contractsChecked: number;
  assessmentsCreated: number;
  itemsCreated: number;
}

type Actorish = RequestOrigin & { userId?: string | null; role?: string | null };

/**
 * Creates every missing assessment of every ACTIVE contract up to a date. Idempotent (one assessment per
 * contract and period start, enforced by a unique key) and safe with several app instances: a lease (a row every
 * node of a cluster sees, see database/lease.ts) lets one generation run at a time.
 */
@Injectable()
export class AssessmentGeneratorService {
  private readonly logger = new Logger('AssessmentGenerator');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly catalogue: ClauseCatalogueService,
    private readonly leases: LeaseService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async generate(asOf: string, actor: Actorish): Promise<GenerationResult> {
    const result: GenerationResult = { asOf, contractsChecked: 0, assessmentsCreated: 0, itemsCreated: 0 };
    const leased = await this.leases.withLease('assessment-generation', GENERATION_LEASE, async () => {
      let afterId = '';
      for (;;) {
        const batch = await this.dataSource.manager
          .createQueryBuilder(Contract, 'c')
          .where("c.status = 'ACTIVE'")
          .andWhere('c.startDate <= :asOf', { asOf })
          .andWhere('c.id > :afterId', { afterId })
          .orderBy('c.id', 'ASC')
          .take(CONTRACT_BATCH)
          .getMany();
        if (batch.length === 0) break;
        afterId = batch[batch.length - 1].id;
        result.contractsChecked += batch.length;
        const created = await this.generateBatch(batch, asOf, actor);
        result.assessmentsCreated += created.assessments;
        result.itemsCreated += created.items;
        if (batch.length < CONTRACT_BATCH) break;
      }
    });
    if (!leased) throw AssessmentErrors.generationRunning();
    if (result.assessmentsCreated > 0) this.logger.log(result, 'assessments generated');
    return result;
  }

  private async generateBatch(
    contracts: Contract[],
    asOf: string,
    actor: Actorish,
  ): Promise<{ assessments: number; items: number }> {
    const ids = contracts.map((c) => c.id);
    const manager = this.dataSource.manager;
    const existing = await manager.find(Assessment, {
      select: { id: true, contractId: true, kind: true, periodStart: true },
      where: { contractId: In(ids) },
    });
    const have = new Set(existing.map((a) => `${a.contractId}|${a.kind}|${a.periodStart}`));
    const missing = contracts.flatMap((contract) =>
      this.duePeriods(contract, asOf)
        .filter(({ kind, period }) => !have.has(`${contract.id}|${kind}|${period.start}`))
        .map(({ kind, period }) => ({ contract, kind, period })),
    );
    if (missing.length === 0) return { assessments: 0, items: 0 };

    const clauses = await manager.find(ContractClause, {
      where: { contractId: In([...new Set(missing.map((m) => m.contract.id))]), articleNo: Not(IsNull()) },
      order: { articleNo: 'ASC' },
    });
    const clausesOf = groupBy(clauses, (c) => c.contractId);
    const previous = await this.previousAnswers(
      manager,
      existing.filter((a) => a.kind === 'CHECKLIST'),
    );

    const now = new Date();
    const assessments: Assessment[] = [];
    const items: AssessmentItem[] = [];
    for (const { contract, kind, period } of missing) {
      const assessment = newAssessment(contract, kind, period, now);
      assessments.push(assessment);
      // A checklist starts from the answers of the previous checklist; a report asks about a new period.
      const carried = kind === 'CHECKLIST' ? previous.get(contract.id) : undefined;
      items.push(...this.itemsOf(assessment.id, kind, clausesOf.get(contract.id) ?? [], carried));
    }

    await this.tx.run(async (t) => {
      for (const chunk of chunks(assessments, INSERT_CHUNK)) await insertRows(t.manager, Assessment, chunk);
      for (const chunk of chunks(items, INSERT_CHUNK)) await insertRows(t.manager, AssessmentItem, chunk);
      await t.audit({
        actor,
        action: 'assessment.generate',
        entityType: 'assessment',
        entityId: null,
        summary: {
          asOf,
          created: assessments.map((a) => ({
            id: a.id,
            contractId: a.contractId,
            kind: a.kind,
            periodStart: a.periodStart,
          })),
        },
      });
    });
    return { assessments: assessments.length, items: items.length };
  }

  /**
   * A CHECKLIST asked outside the yearly cycle (after an incident, before an inspection): from today, due
   * `CHECKLIST_DUE_DAYS` later unless the officer sets a date. One per contract and day.
   */
  async createOnDemand(
    manager: EntityManager,
    contract: Contract,
    today: string,
    dueDate: string | undefined,
  ): Promise<Assessment> {
    const clauses = await manager.find(ContractClause, {
      where: { contractId: contract.id, articleNo: Not(IsNull()) },
      order: { articleNo: 'ASC' },
    });
    const period = { start: today, end: today, due: dueDate ?? addDays(today, this.config.checklistDueDays) };
    const assessment = newAssessment(contract, 'CHECKLIST', period, new Date());
    const latest = await manager.find(Assessment, {
      select: { id: true, contractId: true, kind: true, periodStart: true },
      where: { contractId: contract.id, kind: 'CHECKLIST' },
    });
    const carried = (await this.previousAnswers(manager, latest)).get(contract.id);
    await insertRows(manager, Assessment, [assessment]);
    const items = this.itemsOf(assessment.id, 'CHECKLIST', clauses, carried);
    for (const chunk of chunks(items, INSERT_CHUNK)) await insertRows(manager, AssessmentItem, chunk);
    return assessment;
  }

  /** The contract's CHECKLIST and REPORT periods that should exist by `asOf`. */
  private duePeriods(contract: Contract, asOf: string): { kind: AssessmentKind; period: Period }[] {
    const approvedOn = contract.approvedAt ? todayInJapan(contract.approvedAt) : contract.startDate;
    return [
      ...checklistPeriods(contract, { asOf, approvedOn, dueDays: this.config.checklistDueDays }).map(
        (period) => ({ kind: 'CHECKLIST' as const, period }),
      ),
      ...reportPeriods(contract, { asOf, approvedOn, dueDays: this.config.assessmentDueDays }).map(
        (period) => ({ kind: 'REPORT' as const, period }),
      ),
    ];
  }

  /**
   * The items of a new assessment from the questions signed with the contract's clauses. A contract signed
   * before the 定期報告 form existed has no frozen report items: its reports ask today's form, under its own
   * 定期報告 article (whose text named no topics, so no paragraph is cited).
   */
  private itemsOf(
    assessmentId: string,
    kind: AssessmentKind,
    clauses: ContractClause[],
    carried: Map<string, Pick<AssessmentItem, 'answer' | 'comment'>> | undefined,
  ): AssessmentItem[] {
    const wanted = (q: FrozenQuestion): boolean => (kind === 'REPORT') === (q.form === 'REPORT');
    let sources = clauses.flatMap((clause) =>
      (clause.questions ?? []).filter(wanted).map((question) => ({ clause, question })),
    );
    if (kind === 'REPORT' && sources.length === 0) sources = this.legacyReportItems(clauses);
    return sources.map(({ clause, question }, i) => {
      const before = carried?.get(question.code);
      return {
        id: randomUUID(),
        assessmentId,
        position: i + 1,
        clauseCode: clause.clauseCode,
        articleNo: clause.articleNo ?? 0,
        clauseTitle: clause.title ?? '',
        questionCode: question.code,
        question: question.text,
        basis: question.basis ?? null,
        advisory: question.advisory ?? false,
        requiresComment: question.requires?.includes('comment') ?? false,
        requiresEvidence: question.requires?.includes('evidence') ?? false,
        crossCheck: question.crossCheck ?? null,
        answer: before?.answer ?? null,
        comment: before?.comment ?? null,
        answeredAt: null,
        answeredBy: null,
        verdict: null,
        reviewNote: null,
        severity: null,
      };
    });
  }

  private legacyReportItems(
    clauses: ContractClause[],
  ): { clause: ContractClause; question: FrozenQuestion }[] {
    const form = this.catalogue.catalogue.clauses.find((def) => def.reportItems.length > 0);
    const clause = form && clauses.find((c) => c.clauseCode === form.code);
    if (!form || !clause) return [];
    return form.reportItems.map((q) => ({
      clause,
      question: { code: q.code, text: q.text, basis: null, crossCheck: q.crossCheck, form: 'REPORT' },
    }));
  }

  /** Per contract, the answers of its latest existing assessment, by question code. */
  private async previousAnswers(
    manager: EntityManager,
    existing: Pick<Assessment, 'id' | 'contractId' | 'kind' | 'periodStart'>[],
  ): Promise<Map<string, Map<string, Pick<AssessmentItem, 'answer' | 'comment'>>>> {
    const latest = new Map<string, Pick<Assessment, 'id' | 'periodStart'>>();
    for (const a of existing) {
      const current = latest.get(a.contractId);
      if (!current || current.periodStart < a.periodStart) latest.set(a.contractId, a);
    }
    const result = new Map<string, Map<string, Pick<AssessmentItem, 'answer' | 'comment'>>>();
    if (latest.size === 0) return result;
    const byAssessment = new Map([...latest].map(([contractId, a]) => [a.id, contractId]));
    const rows = await manager.find(AssessmentItem, {
      select: { assessmentId: true, questionCode: true, answer: true, comment: true },
      where: { assessmentId: In([...byAssessment.keys()]), answer: Not(IsNull()) },
    });
    for (const row of rows) {
      const contractId = byAssessment.get(row.assessmentId) ?? '';
      const answers = result.get(contractId) ?? new Map<string, Pick<AssessmentItem, 'answer' | 'comment'>>();
      answers.set(row.questionCode, { answer: row.answer, comment: row.comment });
      result.set(contractId, answers);
    }
    return result;
  }
}

function newAssessment(contract: Contract, kind: AssessmentKind, period: Period, now: Date): Assessment {
  return {
    id: randomUUID(),
    contractId: contract.id,
    contractorId: contract.contractorId,
    kind,
    periodStart: period.start,
    periodEnd: period.end,
    dueDate: period.due,
    status: 'OPEN',
    submittedAt: null,
    submittedBy: null,
    reviewedAt: null,
    reviewedBy: null,
    returnMessage: null,
    score: null,
    grade: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

function* chunks<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
