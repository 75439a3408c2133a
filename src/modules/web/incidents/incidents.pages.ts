import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ReportIncidentRequest } from '../../incidents/dto/incident.dto';
import { INCIDENT_TRANSITIONS } from '../../incidents/incident.state';
import { IncidentsService } from '../../incidents/incidents.service';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { runForm, typed } from '../work/work-forms';
import { IncidentPageView } from './incident-page.view';

/** `2026-12-05T10:30` from a datetime-local field is Japan time: the API takes it with its offset. */
export function withJapanOffset(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/u.test(text) ? `${text}+09:00` : text;
}

/** The report form's fields, mapped to the API's request (the personal information under `personalInfo.…`). */
export function reportInput(body: Record<string, unknown>): Record<string, unknown> {
  const on = (name: string): boolean => formValue.bool(body[name]) === true;
  const persons = body['personalInfo.persons'];
  return {
    contractId: typed(body.contractId),
    kind: typed(body.kind),
    occurredAt: withJapanOffset(body.occurredAt),
    detectedAt: withJapanOffset(body.detectedAt) ?? typed(body.detectedAt),
    summary: typed(body.summary),
    informationInvolved: typed(body.informationInvolved),
    containment: formValue.text(body.containment),
    personalInfo: on('personalInfoInvolved')
      ? {
          persons:
            formValue.int(persons) ?? (typeof persons === 'string' && persons.trim() ? persons : undefined),
          sensitive: on('personalInfo.sensitive'),
          myNumber: on('personalInfo.myNumber'),
          financialHarm: on('personalInfo.financialHarm'),
          unlawfulPurpose: on('personalInfo.unlawfulPurpose'),
        }
      : undefined,
  };
}

/** 事故報告: the list, the contractor's report form and one incident (its step forms are in IncidentStepPages). */
@ApiExcludeController()
@Controller('incidents')
export class IncidentPages {
  constructor(
    private readonly page: WebPage,
    private readonly incidents: IncidentsService,
    private readonly view: IncidentPageView,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const open = query.open === 'true';
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 400 ? query.cursor : undefined;
    const page = await this.view.list(actor, { ...(open ? { open } : {}), ...(cursor ? { cursor } : {}) });
    const base = open ? '/incidents?open=true' : '/incidents';
    const model = await this.page.model(actor, reply, '事故報告', {
      flash: flashOf(query),
      incidents: page.items,
      open,
      canReport: INCIDENT_TRANSITIONS.report.roles.includes(actor.role),
      nextUrl: page.nextCursor
        ? `${base}${open ? '&' : '?'}cursor=${encodeURIComponent(page.nextCursor)}`
        : null,
      firstUrl: cursor ? base : null,
    });
    await reply.view('incidents/list', model);
  }

  @Get('new')
  @Roles(...INCIDENT_TRANSITIONS.report.roles)
  async reportForm(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.view.renderNew(actor, reply);
  }

  @Post()
  @Roles(...INCIDENT_TRANSITIONS.report.roles)
  async report(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: ReportIncidentRequest,
      input: reportInput(body),
      body,
      pageErrors:
        formValue.bool(body.personalInfoInvolved) === true || !hasPersonalDetail(body)
          ? {}
          : {
              personalInfoInvolved:
                '個人情報の内容を入力した場合は、「個人情報が含まれる」を選んでください。',
            },
      fields: {
        'INCIDENT.OCCURRED_AFTER_DETECTED': 'occurredAt',
        'INCIDENT.OCCURRED_IN_FUTURE': 'occurredAt',
        'INCIDENT.DETECTED_IN_FUTURE': 'detectedAt',
        'CONTRACT.NOT_FOUND': 'contractId',
        'INCIDENT.CONTRACT_NOT_SIGNED': 'contractId',
      },
      run: (input) => this.incidents.report(actor, input),
      show: (state, status) => this.view.renderNew(actor, reply, state, status),
      redirect: (incident) => `/incidents/${incident.id}?flash=incident-reported`,
    });
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.view.render(actor, reply, id, {}, 200, query);
  }
}

/** Personal-information details typed without ticking 「個人情報が含まれる」 would be lost: ask instead. */
function hasPersonalDetail(body: Record<string, unknown>): boolean {
  return (
    formValue.text(body['personalInfo.persons']) !== undefined ||
    ['sensitive', 'myNumber', 'financialHarm', 'unlawfulPurpose'].some(
      (name) => formValue.bool(body[`personalInfo.${name}`]) === true,
    )
  );
}
