import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import {
  CloseIncidentRequest,
  DetailedReportRequest,
  PublicationRequest,
  RecordCommissionReportRequest,
  RequestDetailedReportRequest,
  ReviewIncidentRequest,
} from '../../incidents/dto/incident.dto';
import { IncidentStepsService } from '../../incidents/incident-steps.service';
import { INCIDENT_TRANSITIONS } from '../../incidents/incident.state';
import { IncidentsService } from '../../incidents/incidents.service';
import { WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { runStepForm, typed, type StepPage } from '../work/work-forms';
import { IncidentPageView } from './incident-page.view';

const STAFF = ['OFFICER', 'ADMIN'] as const;
const STEP = INCIDENT_TRANSITIONS;

/**
 * The steps of an incident, each a form on its page. The page's fields are named apart from the API's (one page
 * holds several forms): `rename` maps the API's field to the page's, so a refusal shows beside the right field.
 */
@ApiExcludeController()
@Controller('incidents/:id')
export class IncidentStepPages {
  constructor(
    private readonly steps: IncidentStepsService,
    private readonly incidents: IncidentsService,
    private readonly view: IncidentPageView,
    private readonly page: WebPage,
  ) {}

  @Post('review')
  @Roles(...STEP.review.roles)
  async review(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: ReviewIncidentRequest,
      input: { version: formValue.int(body.version), note: formValue.text(body.reviewNote) },
      rename: { note: 'reviewNote' },
      flash: 'incident-reviewed',
      run: (input) => this.steps.review(actor, id, input),
    });
  }

  @Post('detailed-report-request')
  @Roles(...STEP.requestDetail.roles)
  async requestDetail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: RequestDetailedReportRequest,
      input: { version: formValue.int(body.version), message: typed(body.detailRequest) },
      rename: { message: 'detailRequest' },
      flash: 'incident-detail-requested',
      run: (input) => this.steps.requestDetail(actor, id, input),
    });
  }

  @Post('detailed-report')
  @Roles(...STEP.submitDetail.roles)
  async submitDetail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: DetailedReportRequest,
      input: {
        version: formValue.int(body.version),
        cause: typed(body.cause),
        damageScope: typed(body.damageScope),
        measuresTaken: typed(body.measuresTaken),
        recurrencePrevention: typed(body.recurrencePrevention),
      },
      flash: 'incident-detailed-report',
      run: (input) => this.steps.submitDetail(actor, id, input),
    });
  }

  @Post('close')
  @Roles(...STEP.close.roles)
  async close(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: CloseIncidentRequest,
      input: { version: formValue.int(body.version), note: typed(body.closingNote) },
      rename: { note: 'closingNote' },
      flash: 'incident-closed',
      // Closing ends the handling of the incident for good: asked first (confirmation.ts).
      confirm: async (input) => {
        const i = await this.incidents.get(actor, id);
        return {
          title: '事故対応の完了の確認',
          what: `${i.contractorName}から報告された事故（契約「${i.contractTitle}」）への対応を完了とします。`,
          consequences: [
            '完了とした後は、事故報告書の提出を改めて求めることはできません。再発防止策の実施を求める場合は、改善指示を発出してください。',
          ],
          details: [{ label: '確認の結果', value: input.note }],
        };
      },
      run: (input) => this.steps.close(actor, id, input),
    });
  }

  @Post('commission-reports')
  @Roles(...STAFF)
  async commissionReport(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: RecordCommissionReportRequest,
      input: {
        version: formValue.int(body.version),
        kind: typed(body.commissionKind),
        doneDate: typed(body.doneDate),
        note: formValue.text(body.commissionNote),
      },
      rename: { kind: 'commissionKind', note: 'commissionNote' },
      fields: {
        'INCIDENT.DONE_BEFORE_REPORTED': 'doneDate',
        'INCIDENT.DONE_IN_FUTURE': 'doneDate',
        'INCIDENT.FINAL_BEFORE_PROMPT': 'commissionKind',
        'INCIDENT.COMMISSION_REPORT_ALREADY_RECORDED': 'commissionKind',
      },
      flash: 'incident-commission-recorded',
      run: (input) => this.steps.recordCommissionReport(actor, id, input),
    });
  }

  @Post('publication')
  @Roles(...STAFF)
  async publication(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: PublicationRequest,
      input: {
        version: formValue.int(body.version),
        decision: typed(body.publicationDecision),
        date: typed(body.publicationDate),
        note: formValue.text(body.publicationNote),
      },
      rename: { decision: 'publicationDecision', date: 'publicationDate', note: 'publicationNote' },
      flash: 'incident-publication',
      run: (input) => this.steps.recordPublication(actor, id, input),
    });
  }

  /** This incident's page: each step's form is posted from it, shown again on it when refused, and ends there. */
  private at(actor: Actor, reply: FastifyReply, id: string, body: Record<string, unknown>): StepPage {
    return { page: this.page, view: this.view, url: `/incidents/${id}`, actor, reply, id, body };
  }
}
