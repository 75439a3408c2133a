import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
import { restoredValuesFor } from '../../auth/kept-forms';
import { EvidenceService } from '../../evidence/evidence.service';
import { confirmFirst } from '../confirmation';
import { flashOf, WebPage } from '../web-page';
import { reviewConfirmation, reviewMayComplete } from './review-confirmation';
import { formValue } from '../web-urls';
import { acceptArticleOf, answersOf, filesOf, verdictsOf } from './assessment-forms';
import { AssessmentPageView, showOf, type PageOptions } from './assessment-page.view';
import { readPageForm } from './evidence-form';
import { ListFilters } from './list-filters';
import { runForm, typed, type FormState } from './work-forms';

/** Said at the top of the page when the answers were saved but the assessment could not be submitted. */
const SAVED_NOT_SUBMITTED = '回答を保存しました。提出はまだしていません。';

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
    private readonly evidence: EvidenceService,
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
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Answers posted after the session ended come back filled in on the server (issue 15; kept-forms.ts).
    const values = restoredValuesFor(reply, `/assessments/${id}/`);
    await this.view.render(actor, reply, id, { flash: flashOf(query), ...(values ? { values } : {}) }, 200, {
      show: showOf(query.show),
    });
  }

  /**
   * The answer form (multipart, so that each question's file goes with the answers, or urlencoded without
   * files): saves every chosen answer and comment, attaches every chosen file to its question, and with
   * 「提出する」 (intent=submit) then submits. Nothing is saved or attached unless every answer and file would be
   * taken; when submission is refused the answers stay saved and the page lists the questions at fault.
   * Either way the page comes back with everything as typed.
   */
  @Post(':id/answers')
  @Roles('CONTRACTOR')
  async saveAnswers(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { body, files } = await readPageForm(request);
    const submit = body.intent === 'submit';
    const show = showOf(body.show);
    const answers = answersOf(body);
    const assessment = await this.assessments.get(actor, id);
    const attach = await filesOf(files, new Set((assessment.items ?? []).map((i) => i.id)));
    const saving = answers.itemIds.length > 0;
    const pageErrors = { ...answers.pageErrors, ...attach.errors };
    // Files alone, or a submission of what is already saved, need no answer in the form.
    if (attach.uploads.length > 0 || submit) delete pageErrors.items;
    let saved = false;
    await runForm(reply, {
      dto: saving ? SaveAnswersRequest : SubmitRequest,
      input: saving ? answers.input : { version: formValue.int(body.version) },
      itemIds: answers.itemIds,
      pageErrors,
      body,
      run: async (input) => {
        let version = input.version;
        if (saving) {
          version = (await this.workflow.saveAnswers(actor, id, input as SaveAnswersRequest)).version;
          saved = true;
        }
        for (const upload of attach.uploads) {
          await this.evidence.upload(actor, upload);
          saved = true;
        }
        return submit ? this.workflow.submit(actor, id, { version }) : null;
      },
      show: (state, status) =>
        this.show(actor, reply, id, { ...state, flash: saved ? SAVED_NOT_SUBMITTED : null }, status, {
          show,
          unattached: saved ? {} : attach.chosen,
        }),
      redirect: (done) =>
        done
          ? `/assessments/${id}?flash=submitted`
          : `/assessments/${id}?${show && show !== 'invalid' ? `show=${show}&` : ''}flash=saved`,
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
    const show = showOf(body.show);
    // 「第n条の未判定の設問をすべて適合とする」: the article's items still without a verdict join the verdicts typed.
    const article = formValue.int(body.acceptArticle);
    const accept =
      article === undefined
        ? null
        : acceptArticleOf(await this.assessments.get(actor, id), article, body, verdictsOf(body));
    const verdicts = accept?.form ?? verdictsOf(body);
    const acceptErrors: Record<number, string> =
      accept?.error && article !== undefined ? { [article]: accept.error } : {};
    await runForm(reply, {
      dto: ReviewRequest,
      ...verdicts,
      body,
      // 「確認を完了する」 asks first (confirmation.ts); saving the verdicts does not.
      confirm: async (input, edit) => {
        if (!input.complete) return true;
        const assessment = await this.assessments.get(actor, id);
        if (!reviewMayComplete(assessment, input)) return true;
        return confirmFirst(this.page, actor, reply, body, reviewConfirmation(assessment, input), edit);
      },
      run: (input) => this.workflow.review(actor, id, input),
      show: (state, status) => this.show(actor, reply, id, state, status, { show, acceptErrors }),
      redirect: (done) => {
        const filter = show && show !== 'invalid' ? `show=${show}&` : '';
        if (accept) return `/assessments/${id}?${filter}flash=saved&at=article-${article}#article-${article}`;
        return `/assessments/${id}?${done.status === 'REVIEWED' ? '' : filter}flash=${done.status === 'REVIEWED' ? 'reviewed' : 'saved'}`;
      },
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
    options: PageOptions = {},
  ): Promise<void> {
    return this.view.render(actor, reply, id, state, status, options);
  }
}
