import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  CreateSnsAccountRequest,
  DraftSnsPostRequest,
  ListSnsAccountsQuery,
  ReportSnsIncidentRequest,
  SnsAccountReasonRequest,
  SnsAccountResponse,
  SnsAccountStepRequest,
  SnsIncidentResponse,
  SnsPostResponse,
  UpdateSnsAccountRequest,
} from './dto/sns.dto';
import { SNS_ACCOUNT_TRANSITIONS as STEP } from './sns-account.state';
import { SNS_POST_TRANSITIONS as POST_STEP } from './sns-post.state';
import { SnsIncidentsService } from './sns-incidents.service';
import { SnsPostsService } from './sns-posts.service';
import { SnsService } from './sns.service';

/** The social-media account register (情報セキュリティポリシー 第6条第6号ウ); steps follow sns-account.state.ts. */
@ApiTags('sns')
@Controller('api/sns-accounts')
export class SnsAccountsController {
  constructor(
    private readonly sns: SnsService,
    private readonly posts: SnsPostsService,
    private readonly incidents: SnsIncidentsService,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiOperation({ summary: 'SNSアカウントの一覧（新しい順）' })
  @ApiOkResponse({ type: pageOf(SnsAccountResponse) })
  @ApiErrors(400)
  list(@Query() query: ListSnsAccountsQuery): Promise<Page<SnsAccountResponse>> {
    return this.sns.list(query);
  }

  @Post()
  @Roles(...STEP.register.roles)
  @ApiOperation({ summary: 'SNSアカウントを登録する（下書き）' })
  @ApiCreatedResponse({ type: SnsAccountResponse })
  @ApiErrors(400, 422)
  register(@CurrentActor() actor: Actor, @Body() body: CreateSnsAccountRequest): Promise<SnsAccountResponse> {
    return this.sns.register(actor, body);
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiOperation({ summary: 'SNSアカウントの登録内容（最近の投稿及び事案を含む）' })
  @ApiOkResponse({ type: SnsAccountResponse })
  @ApiErrors(400, 404)
  get(@Param('id', UuidPipe) id: string): Promise<SnsAccountResponse> {
    return this.sns.get(id);
  }

  @Get(':id/policy.pdf')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiOperation({ summary: 'SNSアカウントの運用方針（PDF。運用開始時に発行したもの）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The 運用方針 as issued', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 404, 500, 503)
  async policy(
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.sns.policyPdf(id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName));
    return doc.bytes;
  }

  @Patch(':id')
  @Roles(...STEP.edit.roles)
  @ApiOperation({ summary: 'SNSアカウントの登録内容を変更する' })
  @ApiOkResponse({ type: SnsAccountResponse })
  @ApiErrors(400, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateSnsAccountRequest,
  ): Promise<SnsAccountResponse> {
    return this.sns.update(actor, id, body);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...STEP.activate.roles)
  @ApiOperation({
    summary: 'SNSアカウントの運用を開始又は再開する（責任者、二要素認証及びウェブサイトへの掲載が必要）',
  })
  @ApiOkResponse({ type: SnsAccountResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  activate(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsAccountStepRequest,
  ): Promise<SnsAccountResponse> {
    return this.sns.activate(actor, id, body);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Roles(...STEP.suspend.roles)
  @ApiOperation({ summary: 'SNSアカウントの運用を停止する（理由が必要）' })
  @ApiOkResponse({ type: SnsAccountResponse })
  @ApiErrors(400, 403, 404, 409)
  suspend(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsAccountReasonRequest,
  ): Promise<SnsAccountResponse> {
    return this.sns.suspend(actor, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STEP.close.roles)
  @ApiOperation({ summary: 'SNSアカウントを廃止する（理由が必要）' })
  @ApiOkResponse({ type: SnsAccountResponse })
  @ApiErrors(400, 403, 404, 409)
  close(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsAccountReasonRequest,
  ): Promise<SnsAccountResponse> {
    return this.sns.close(actor, id, body);
  }

  @Post(':id/posts')
  @Roles(...POST_STEP.draft.roles)
  @ApiOperation({ summary: '投稿案を作成する（発信担当。承認の申請は機密性1に限る）' })
  @ApiCreatedResponse({ type: SnsPostResponse })
  @ApiErrors(400, 403, 404, 422)
  draftPost(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: DraftSnsPostRequest,
  ): Promise<SnsPostResponse> {
    return this.posts.draft(actor, id, body);
  }

  @Post(':id/incidents')
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: 'なりすまし又は乗っ取りを記録する（乗っ取りは運用を停止する）' })
  @ApiCreatedResponse({ type: SnsIncidentResponse })
  @ApiErrors(400, 404, 409, 422)
  reportIncident(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReportSnsIncidentRequest,
  ): Promise<SnsIncidentResponse> {
    return this.incidents.report(actor, id, body);
  }
}
