import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { SEVERITIES, type Severity } from '../../assessments/assessment-item.entity';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { AssessmentResponse } from '../../assessments/dto/assessment.dto';
import { ContractsService } from '../../contracts/contracts.service';
import { EvidenceService } from '../../evidence/evidence.service';
import type { OrderEventResponse } from '../../improvement-orders/dto/order.dto';
import type { OrderEventType } from '../../improvement-orders/improvement-order-event.entity';
import { isOpen } from '../../improvement-orders/order-lifecycle';
import { OrdersService } from '../../improvement-orders/orders.service';
import { InspectionsService } from '../../inspections/inspections.service';
import type { IncidentResponse } from '../../incidents/dto/incident.dto';
import { IncidentsService } from '../../incidents/incidents.service';
import { User, type Role } from '../../users/user.entity';
import { LABELS } from '../labels';
import { japaneseDate } from '../view-helpers';
import { WebPage } from '../web-page';
import { choices, currentValue, linesOf, listOf, type FormState } from './work-forms';

/** What the free text of each timeline step is. */
const BODY_HEADINGS: Partial<Record<OrderEventType, string>> = {
  ISSUED: '指示の内容',
  PLAN_ACCEPTED: '所見',
  PLAN_REJECTED: '差戻しの理由',
  COMPLETION_REPORTED: '完了報告',
  WITHDRAWN: '取下げの理由',
};

/** Who may download the 改善指示書 (as its API route). */
const NOTICE_READERS: readonly Role[] = ['ADMIN', 'AUDITOR', 'CONTRACTOR'];

/** Where an order comes from on the issue form: the findings of a reviewed assessment, or one contract. */
export interface IssueSource {
  assessmentId?: string;
  contractId?: string;
  /** A reported inspection whose nonconformities the order cites; `itemId`: the one the user came from. */
  inspectionId?: string;
  itemId?: string;
  /** An incident of the contract the order answers (source INCIDENT). */
  incidentId?: string;
}

/**
 * The pages of one improvement order (its facts, basis, findings, timeline and the form of the next step for the
 * caller) and of the issue form. Shared by the pages and by the forms that show them again after a refusal.
 */
@Injectable()
export class OrderPageView {
  constructor(
    private readonly page: WebPage,
    private readonly orders: OrdersService,
    private readonly assessments: AssessmentsService,
    private readonly contracts: ContractsService,
    private readonly evidence: EvidenceService,
    private readonly dataSource: DataSource,
    private readonly inspections: InspectionsService,
    private readonly incidents: IncidentsService,
  ) {}

  async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState = {},
    status = 200,
  ): Promise<void> {
    const order = await this.orders.get(actor, id);
    const events = order.events ?? [];
    const names = await this.displayNames([order.issuedBy, ...events.map((e) => e.actorId)]);
    const admin = actor.role === 'ADMIN';
    const contractor = actor.role === 'CONTRACTOR';
    const canComplete = contractor && order.status === 'IN_PROGRESS';
    // The order is visible to the caller (orders.get checked it), so its files are too.
    const uploaded = canComplete ? await this.evidence.listForOrder(this.dataSource.manager, order.id) : [];
    const cited = state.values ? listOf(state.values.evidenceIds) : uploaded.map((e) => e.id);
    const timeline = events.map((e) => eventView(e, names));
    const verified = currentValue(state.values, 'accepted', null);
    const model = await this.page.model(actor, reply, `改善指示 ${order.orderNumber}`, {
      origin: await this.originOf(actor, order.source, order.sourceId),
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: state.values ?? {},
      o: order,
      issuedByName: names.get(order.issuedBy) ?? '',
      descriptionLines: linesOf(order.description),
      factsLines: linesOf(order.facts),
      findings: (order.findings ?? []).map((f) => ({
        ...f,
        commentLines: linesOf(f.comment),
        reviewNoteLines: linesOf(f.reviewNote),
      })),
      timeline,
      latestPlan: timeline.filter((e) => e.type === 'PLAN_SUBMITTED').pop() ?? null,
      canNotice: NOTICE_READERS.includes(actor.role),
      canPlan: contractor && order.status === 'ISSUED',
      canDecide: admin && order.status === 'PLAN_SUBMITTED',
      canComplete,
      canVerify: admin && order.status === 'COMPLETION_REPORTED',
      canWithdraw: admin && isOpen(order.status),
      uploaded: uploaded.map((e) => ({ ...e, checked: cited.includes(e.id) })),
      verifyChoices: [
        { value: 'true', label: '改善されたことを確認した（完了とする）', checked: verified === 'true' },
        { value: 'false', label: '改善が不十分である（再対応を求める）', checked: verified === 'false' },
      ],
    });
    await reply.status(status).view('work/order', model);
  }

  /**
   * Where the facts were first found (事実を確認した端緒): 「立入検査（令和8年12月6日実施）」 linked to the inspection,
   * 「事故報告（令和8年12月6日受付）」 linked to the incident; null for the other sources (the label says it).
   */
  private async originOf(
    actor: Actor,
    source: string,
    sourceId: string | null,
  ): Promise<{ href: string; text: string } | null> {
    if (!sourceId) return null;
    try {
      if (source === 'INSPECTION') {
        const i = await this.inspections.get(actor, sourceId);
        return {
          href: `/inspections/${i.id}`,
          text: `${LABELS.inspectionKind[i.kind]}（${japaneseDate(i.conductedOn ?? i.plannedOn)}実施）`,
        };
      }
      if (source === 'INCIDENT') {
        const incident = await this.incidents.get(actor, sourceId);
        return {
          href: `/incidents/${incident.id}`,
          text: `事故報告（${japaneseDate(incident.reportedAt)}受付）`,
        };
      }
    } catch {
      // A source the caller may not open is named by its kind only.
    }
    return null;
  }

  /** 改善指示の発出: the findings of a reviewed assessment to cite, or a clause of the contract, and the order's text. */
  async renderNew(
    actor: Actor,
    reply: FastifyReply,
    source: IssueSource,
    state: FormState = {},
    status = 200,
  ): Promise<void> {
    const assessment = source.assessmentId ? await this.assessments.get(actor, source.assessmentId) : null;
    const inspection = source.inspectionId ? await this.inspections.get(actor, source.inspectionId) : null;
    const incident = source.incidentId ? await this.incidents.get(actor, source.incidentId) : null;
    const contractId =
      assessment?.contractId ?? inspection?.contractId ?? incident?.contractId ?? source.contractId;
    const contract = contractId ? await this.contracts.get(actor, contractId) : null;
    const choosable = contract
      ? []
      : (await this.contracts.list(actor, { status: 'ACTIVE', limit: 100 })).items;
    const findings = findingsOf(assessment);
    // From an incident, the facts start from the incident as reported (the officer edits them before issuing).
    const values = state.values ?? (incident ? { facts: incidentFacts(incident) } : undefined);
    const chosen = values ? listOf(values.findingItemIds) : findings.map((f) => f.id);
    const clauseCode = currentValue(values, 'clauseCode', null);
    // An inspection's nonconformities with a duty that no open order holds yet; the one the user came from checked.
    const open = (inspection?.status === 'REPORTED' ? (inspection.items ?? []) : []).filter(
      (item) => item.result === 'NONCONFORMING' && !item.advisory && !item.orderId,
    );
    const chosenItems = values
      ? listOf(values.nonconformityItemIds)
      : open.filter((item) => !source.itemId || item.id === source.itemId).map((item) => item.id);
    const model = await this.page.model(actor, reply, '改善指示の発出', {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: values ?? {},
      assessment,
      notReviewed: assessment !== null && assessment.status !== 'REVIEWED',
      inspection,
      nonconformities: open.map((item) => ({ ...item, checked: chosenItems.includes(item.id) })),
      incident,
      ownFacts: assessment === null && inspection === null && incident === null,
      contract,
      contractOptions: choosable.map((c) => ({
        value: c.id,
        label: `${c.contractNumber} ${c.title}（${c.contractorName}）`,
      })),
      findings: findings.map((f) => ({ ...f, checked: chosen.includes(f.id) })),
      clauses: (contract?.clauses ?? []).map((c) => ({ ...c, selected: c.code === clauseCode })),
      severities: choices('severity', SEVERITIES, currentValue(values, 'severity', highest(findings))),
    });
    await reply.status(status).view('work/order-new', model);
  }

  /** Display names of the people on the timeline, in one query. */
  private async displayNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    if (unique.length === 0) return new Map();
    const users = await this.dataSource.manager.find(User, {
      select: { id: true, displayName: true },
      where: { id: In(unique) },
    });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}

/** The facts an order from an incident starts from: what was reported, and a first report that came late. */
function incidentFacts(i: IncidentResponse): string {
  const late = i.firstReport.lateness.late
    ? `乙は、事故を知った時から${i.firstReport.hours}時間以内に甲に報告すべきところ、その期限を${i.firstReport.lateness.byText}経過して報告した。`
    : '';
  const written = i.writtenReport.lateness?.late
    ? `乙は、事故報告書を提出期限から${i.writtenReport.lateness.byText}遅れて提出した。`
    : i.writtenReport.overdue
      ? '乙は、提出期限を経過しても事故報告書を提出していない。'
      : '';
  return [i.summary, late, written].filter(Boolean).join('\n');
}

function eventView(event: OrderEventResponse, names: Map<string, string>) {
  return {
    ...event,
    actorName: event.actorId ? (names.get(event.actorId) ?? '') : 'システム（自動記録）',
    bodyHeading: BODY_HEADINGS[event.type] ?? '内容',
    bodyLines: linesOf(event.body),
    rootCauseLines: linesOf(event.rootCause),
    correctiveActionLines: linesOf(event.correctiveAction),
    preventiveActionLines: linesOf(event.preventiveAction),
    effectivenessNoteLines: linesOf(event.effectivenessNote),
  };
}

/**
 * The FINDING items of a reviewed assessment (an order cites only those), other than 推奨事項: a finding on a
 * recommendation states no duty of the contract, so it is no basis for an order (ORDER.FINDING_ADVISORY).
 */
function findingsOf(assessment: AssessmentResponse | null): NonNullable<AssessmentResponse['items']> {
  if (assessment?.status !== 'REVIEWED') return [];
  return (assessment.items ?? []).filter((i) => i.verdict === 'FINDING' && !i.advisory);
}

/** The order's severity starts at the gravest of its findings. */
function highest(findings: NonNullable<AssessmentResponse['items']>): Severity | null {
  return [...SEVERITIES].reverse().find((s) => findings.some((f) => f.severity === s)) ?? null;
}
