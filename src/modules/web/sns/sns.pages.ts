import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import {
  DraftSnsPostRequest,
  SnsAccountReasonRequest,
  SnsAccountStepRequest,
  SnsPostDecisionRequest,
} from '../../sns/dto/sns.dto';
import { SNS_ACCOUNT_TRANSITIONS, canTakeAccountStep } from '../../sns/sns-account.state';
import { SnsPostsService } from '../../sns/sns-posts.service';
import { SnsService } from '../../sns/sns.service';
import { LABELS } from '../glossary';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import {
  linesOf,
  runStepForm,
  typed,
  type FormState,
  type RecordView,
  type StepPage,
} from '../work/work-forms';

const READERS = ['OFFICER', 'ADMIN', 'AUDITOR'] as const;
const STAFF = ['OFFICER', 'ADMIN'] as const;

/**
 * SNSアカウント (第6条第6号ウ) on the web: the register, one account with its posts, incidents and 運用方針, and the
 * forms of the steps the caller may take (the tables in sns-account.state.ts and sns-post.state.ts decide; the
 * 責任者 or an administrator activates, suspends and closes, each asked first; a 発信担当 drafts, the 責任者 decides).
 * Registering and editing an account's entry go through the API (POST/PATCH /api/sns-accounts).
 */
@ApiExcludeController()
@Controller('sns-accounts')
export class SnsPages {
  constructor(
    private readonly sns: SnsService,
    private readonly posts: SnsPostsService,
    private readonly page: WebPage,
  ) {}

  @Get()
  @Roles(...READERS)
  async list(
    @CurrentActor() actor: Actor,
    @Query('cursor') cursor: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const page = await this.sns.list({ limit: 50, ...(typeof cursor === 'string' ? { cursor } : {}) });
    await reply.view(
      'sns/list',
      await this.page.model(actor, reply, 'SNSアカウント', {
        accounts: page.items,
        canRegister: actor.role === 'OFFICER' || actor.role === 'ADMIN',
        nextCursor: page.nextCursor,
      }),
    );
  }

  @Get(':id')
  @Roles(...READERS)
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(actor, reply, id, {}, 200, query);
  }

  @Post(':id/activate')
  @Roles(...SNS_ACCOUNT_TRANSITIONS.activate.roles)
  async activate(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: SnsAccountStepRequest,
      input: { version: formValue.int(body.version) },
      flash: 'sns-activated',
      confirm: async () => {
        const a = await this.sns.get(id);
        return {
          title: 'SNSアカウントの運用開始の確認',
          what: `${LABELS.snsPlatform[a.platform] ?? a.platform}のアカウント「${a.displayName}」（${a.handle}）の運用を開始します。`,
          consequences: [
            '運用を開始すると、このアカウントは、サインインせずに閲覧できる公式アカウント一覧に掲載されます。',
            ...(a.policyDocument ? [] : ['登録内容から運用方針を作成し、文書番号を付して発行します。']),
          ],
        };
      },
      run: (input) => this.sns.activate(actor, id, input),
    });
  }

  @Post(':id/suspend')
  @Roles(...SNS_ACCOUNT_TRANSITIONS.suspend.roles)
  async suspend(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: SnsAccountReasonRequest,
      input: { version: formValue.int(body.version), reason: typed(body.suspendReason) },
      rename: { reason: 'suspendReason' },
      flash: 'sns-suspended',
      confirm: async (input) => {
        const a = await this.sns.get(id);
        return {
          title: 'SNSアカウントの運用停止の確認',
          what: `アカウント「${a.displayName}」（${a.handle}）の運用を停止します。`,
          consequences: ['停止すると、公式アカウント一覧から直ちに外れます。再開は責任者が行います。'],
          details: [{ label: '停止の理由', value: input.reason }],
        };
      },
      run: (input) => this.sns.suspend(actor, id, input),
    });
  }

  @Post(':id/close')
  @Roles(...SNS_ACCOUNT_TRANSITIONS.close.roles)
  async close(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: SnsAccountReasonRequest,
      input: { version: formValue.int(body.version), reason: typed(body.closeReason) },
      rename: { reason: 'closeReason' },
      flash: 'sns-closed',
      confirm: async (input) => {
        const a = await this.sns.get(id);
        return {
          title: 'SNSアカウントの廃止の確認',
          what: `アカウント「${a.displayName}」（${a.handle}）を廃止します。`,
          consequences: [
            '廃止したアカウントは、再び運用することができません。プラットフォーム上のアカウントの削除は、別に行ってください。',
          ],
          details: [{ label: '廃止の理由', value: input.reason }],
          danger: true,
        };
      },
      run: (input) => this.sns.close(actor, id, input),
    });
  }

  @Post(':id/posts')
  @Roles(...STAFF)
  async draftPost(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: DraftSnsPostRequest,
      input: {
        text: typed(body.postText),
        informationClass: formValue.int(body.informationClass),
        submit: true,
      },
      rename: { text: 'postText' },
      fields: { 'SNS.CLASS_NOT_PUBLIC': 'informationClass' },
      flash: 'sns-post-submitted',
      run: (input) => this.posts.draft(actor, id, input),
    });
  }

  @Post(':id/posts/:postId/decision')
  @Roles(...STAFF)
  async decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('postId', UuidPipe) postId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const approved = formValue.bool(body.approved);
    await runStepForm(this.at(actor, reply, id, body), {
      dto: SnsPostDecisionRequest,
      input: {
        version: formValue.int(body.version),
        approved,
        comment: formValue.text(body.decisionComment),
        disaster: formValue.bool(body.disaster),
      },
      rename: { comment: 'decisionComment' },
      flash: approved ? 'sns-post-approved' : 'sns-post-returned',
      run: (input) => this.posts.decide(actor, postId, input),
    });
  }

  /** The account's page with a refused form's state (the step forms show it again). */
  private readonly accountView: RecordView = {
    render: (actor, reply, id, state, status) => this.render(actor, reply, id, state, status),
  };

  /** This account's page: each step's form is posted from it, shown again on it when refused, and ends there. */
  private at(actor: Actor, reply: FastifyReply, id: string, body: Record<string, unknown>): StepPage {
    return { page: this.page, view: this.accountView, url: `/sns-accounts/${id}`, actor, reply, id, body };
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState,
    status: number,
    query?: unknown,
  ): Promise<void> {
    const a = await this.sns.get(id);
    const staff = actor.role === 'OFFICER' || actor.role === 'ADMIN';
    const decides = actor.role === 'ADMIN' || a.managerId === actor.userId;
    const may = (step: 'activate' | 'suspend' | 'close'): boolean =>
      staff && decides && canTakeAccountStep(step, a.status);
    const isPoster = a.posters.some((p) => p.id === actor.userId);
    const fastPath = a.fastPathApprovers.some((p) => p.id === actor.userId);
    const model = await this.page.model(actor, reply, `SNSアカウント（${a.handle}）`, {
      flash: state.flash ?? (query === undefined ? null : flashOf(query, a.handle)),
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: state.values ?? {},
      a,
      purposeLines: linesOf(a.purpose),
      posts: (a.posts ?? []).map((p) => ({
        ...p,
        textLines: linesOf(p.text),
        canDecide: staff && p.status === 'SUBMITTED' && a.status === 'ACTIVE' && (decides || fastPath),
        fastPath: fastPath && !decides,
      })),
      incidents: a.incidents ?? [],
      canActivate: may('activate'),
      canEdit: staff && canTakeAccountStep('edit', a.status),
      canSuspend: may('suspend'),
      canClose: may('close'),
      canPost: staff && isPoster && a.status !== 'CLOSED',
    });
    await reply.status(status).view('sns/detail', model);
  }
}
