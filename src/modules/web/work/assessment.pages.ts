import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ASSESSMENT_KINDS, ASSESSMENT_STATUSES } from '../../assessments/assessment.entity';
import { AssessmentWorkflowService } from '../../assessments/assessment-workflow.service';
import { AssessmentsService } from '../../assessments/assessments.service';
import {
  ListAssessmentsQuery,
  ReturnRequest,
  ReviewRequest,
  SaveAnswersRequest,
  SubmitRequest,
} from '../../assessments/dto/assessment.dto';
import { confirmFirst } from '../confirmation';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { answersOf, verdictsOf } from './assessment-forms';
import { AssessmentPageView } from './assessment-page.view';
import { ListFilters } from './list-filters';
import { reviewConfirmation } from './review-confirmation';
import { runForm, typed, type FormState } from './work-forms';

/**
 * 自己点検 (自己点検票 and 定期報告): the list, one assessment with its answer or review forms, submission and return.
 */
@ApiExcludeController()
@Controller('assessments')
export class AssessmentPages {
  constructor(
    private readonly page: WebPage,
    private readonly assessments: AssessmentsService,
    private readonly workflow: AssessmentWorkflowService,
    private readonly view: AssessmentPageView,
    private readonly filters: ListFilters,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = await this.filters.read(
      actor,
      '/assessments',
      query,
      ListAssessmentsQuery,
      'assessmentStatus',
      ASSESSMENT_STATUSES,
      [{ name: 'kind', group: 'assessmentKind', codes: ASSESSMENT_KINDS }],
    );
    const page = list.query
      ? await this.assessments.list(actor, list.query)
      : { items: [], nextCursor: null };
    const model = await this.page.model(actor, reply, '自己点検', {
      ...list.model(page.nextCursor),
      flash: flashOf(query),
      assessments: page.items,
      staff: actor.role !== 'CONTRACTOR',
    });
    await reply.status(list.query ? 200 : 400).view('work/assessments', model);
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.view.render(actor, reply, id, { flash: flashOf(query) });
  }

  @Post(':id/answers')
  @Roles('CONTRACTOR')
  async saveAnswers(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: SaveAnswersRequest,
      ...answersOf(body),
      body,
      run: (input) => this.workflow.saveAnswers(actor, id, input),
      show: (state, status) => this.show(actor, reply, id, state, status),
      redirect: () => `/assessments/${id}?flash=saved`,
    });
  }

  @Post(':id/submit')
  @Roles('CONTRACTOR')
  async submit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: SubmitRequest,
      input: { version: formValue.int(body.version) },
      body,
      run: (input) => this.workflow.submit(actor, id, input),
      show: (state, status) => this.show(actor, reply, id, state, status),
      redirect: () => `/assessments/${id}?flash=submitted`,
    });
  }

  @Post(':id/review')
  @Roles('OFFICER', 'ADMIN')
  async review(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: ReviewRequest,
      ...verdictsOf(body),
      body,
      // 「確認を完了する」 asks first (confirmation.ts); saving the verdicts does not.
      confirm: async (input) =>
        !input.complete ||
        confirmFirst(this.page, actor, reply, body, async () =>
          reviewConfirmation(await this.assessments.get(actor, id), input),
        ),
      run: (input) => this.workflow.review(actor, id, input),
      show: (state, status) => this.show(actor, reply, id, state, status),
      redirect: (done) => `/assessments/${id}?flash=${done.status === 'REVIEWED' ? 'reviewed' : 'saved'}`,
    });
  }

  @Post(':id/return')
  @Roles('OFFICER', 'ADMIN')
  async returnToContractor(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: ReturnRequest,
      input: { version: formValue.int(body.version), message: typed(body.message) },
      body,
      run: (input) => this.workflow.returnToContractor(actor, id, input),
      show: (state, status) => this.show(actor, reply, id, state, status),
      redirect: () => `/assessments/${id}?flash=returned`,
    });
  }

  private show(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState,
    status: number,
  ): Promise<void> {
    return this.view.render(actor, reply, id, state, status);
  }
}
