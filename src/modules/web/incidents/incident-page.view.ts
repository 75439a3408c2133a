import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../../common/auth/actor';
import { ContractsService } from '../../contracts/contracts.service';
import { COMMISSION_GROUND_LABELS, COMMISSION_REPORT_KINDS } from '../../incidents/commission-rules';
import type { IncidentResponse } from '../../incidents/dto/incident.dto';
import { INCIDENT_KINDS, PUBLICATION_DECISIONS } from '../../incidents/incident.entity';
import { canTake, INCIDENT_TRANSITIONS, type IncidentStep } from '../../incidents/incident.state';
import { IncidentsService } from '../../incidents/incidents.service';
import { flashOf, WebPage } from '../web-page';
import { choices, currentValue, linesOf, type FormState } from '../work/work-forms';

/** A moment as a `datetime-local` input shows it (Japan time): 2026-12-05T10:30. */
export function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : new Date(at + 9 * 3_600_000).toISOString().slice(0, 16);
}

/**
 * The pages of 事故報告: the contractor's report form, and one incident with its deadlines, lateness, the body's
 * 速報・確報 and the form of each step the caller may take now (the table in incident.state.ts decides which).
 */
@Injectable()
export class IncidentPageView {
  constructor(
    private readonly page: WebPage,
    private readonly incidents: IncidentsService,
    private readonly contracts: ContractsService,
  ) {}

  async renderNew(actor: Actor, reply: FastifyReply, state: FormState = {}, status = 200): Promise<void> {
    const [active, ended] = await Promise.all([
      this.contracts.list(actor, { status: 'ACTIVE', limit: 100 }),
      this.contracts.list(actor, { status: 'ENDED', limit: 100 }),
    ]);
    const values = state.values ?? {};
    const chosen = currentValue(values, 'contractId', null);
    const checked = (name: string): boolean => values[name] === 'true' || values[name] === 'on';
    const model = await this.page.model(actor, reply, '事故の報告', {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values,
      contracts: [...active.items, ...ended.items].map((c) => ({
        id: c.id,
        text: `${c.contractNumber} ${c.title}`,
        selected: c.id === chosen,
      })),
      kindChoices: choices('incidentKind', INCIDENT_KINDS, currentValue(values, 'kind', null)),
      personal: {
        involved: checked('personalInfoInvolved'),
        sensitive: checked('personalInfo.sensitive'),
        myNumber: checked('personalInfo.myNumber'),
        financialHarm: checked('personalInfo.financialHarm'),
        unlawfulPurpose: checked('personalInfo.unlawfulPurpose'),
      },
    });
    await reply.status(status).view('incidents/new', model);
  }

  async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState = {},
    status = 200,
    query?: unknown,
  ): Promise<void> {
    const i = await this.incidents.get(actor, id);
    const staff = actor.role === 'OFFICER' || actor.role === 'ADMIN';
    const may = (step: IncidentStep): boolean =>
      INCIDENT_TRANSITIONS[step].roles.includes(actor.role) && canTake(step, i.status);
    const values = state.values ?? {};
    const openTasks = i.commissionReports.filter((t) => t.doneDate === null);
    const model = await this.page.model(actor, reply, `事故報告（${i.contractNumber}）`, {
      flash: state.flash ?? (query === undefined ? null : flashOf(query, i.contractorName)),
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values,
      i,
      staff,
      summaryLines: linesOf(i.summary),
      informationLines: linesOf(i.informationInvolved),
      containmentLines: linesOf(i.containment),
      reviewNoteLines: linesOf(i.reviewNote),
      detailRequestLines: linesOf(i.detailRequest),
      closingNoteLines: linesOf(i.closingNote),
      detail: i.detailedReport
        ? {
            cause: linesOf(i.detailedReport.cause),
            damageScope: linesOf(i.detailedReport.damageScope),
            measuresTaken: linesOf(i.detailedReport.measuresTaken),
            recurrencePrevention: linesOf(i.detailedReport.recurrencePrevention),
          }
        : null,
      grounds: i.commissionGrounds.map((g) => COMMISSION_GROUND_LABELS[g]),
      canReview: may('review'),
      canRequestDetail: may('requestDetail'),
      // Once the written report is in, asking again is for more: the button says so.
      requestLabel: i.detailedReport
        ? '追加の報告（事故報告書の再提出）を求める'
        : '事故報告書の提出を求める',
      // What closing would leave open: a warning, not a refusal (the tasks stay on the home page).
      closeWarnings: [
        ...(openTasks.length ? ['個人情報保護委員会への速報・確報が未了です。'] : []),
        ...(i.publication === null ? ['公表の判断が未記録です。'] : []),
      ],
      canSubmitDetail: may('submitDetail'),
      canClose: may('close'),
      canRecordCommission: staff && openTasks.length > 0,
      canPublish: staff,
      canOrder: actor.role === 'ADMIN',
      commissionChoices: choices(
        'commissionReportKind',
        COMMISSION_REPORT_KINDS.filter((k) => openTasks.some((t) => t.kind === k)),
        currentValue(values, 'commissionKind', openTasks[0]?.kind ?? null),
      ),
      publicationChoices: choices(
        'publicationDecision',
        PUBLICATION_DECISIONS,
        currentValue(values, 'publicationDecision', i.publication?.decision ?? null),
      ),
      publicationNoteLines: linesOf(i.publication?.note),
    });
    await reply.status(status).view('incidents/detail', model);
  }

  /** The list, newest first: a contractor sees its own company's only. */
  list(
    actor: Actor,
    query: { open?: boolean; cursor?: string },
  ): Promise<{ items: IncidentResponse[]; nextCursor: string | null }> {
    return this.incidents.list(actor, { limit: 50, ...query });
  }
}
