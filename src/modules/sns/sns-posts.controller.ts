import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  SnsPostChangeRequest,
  SnsPostDecisionRequest,
  SnsPostDeletionRequest,
  SnsPostPublicationRequest,
  SnsPostResponse,
  SnsPostVersionRequest,
} from './dto/sns.dto';
import { SNS_POST_TRANSITIONS as STEP } from './sns-post.state';
import { SnsPostsService } from './sns-posts.service';

/** Posts of an official account; steps follow sns-post.state.ts. */
@ApiTags('sns')
@Controller('api/sns-posts')
export class SnsPostsController {
  constructor(private readonly posts: SnsPostsService) {}

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiOperation({ summary: '投稿の内容と経過' })
  @ApiOkResponse({ type: SnsPostResponse })
  @ApiErrors(400, 404)
  get(@Param('id', UuidPipe) id: string): Promise<SnsPostResponse> {
    return this.posts.get(id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...STEP.submit.roles)
  @ApiOperation({ summary: '投稿案の承認を申請する（機密性1に限る）' })
  @ApiOkResponse({ type: SnsPostResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsPostVersionRequest,
  ): Promise<SnsPostResponse> {
    return this.posts.submit(actor, id, body);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles(...STEP.approve.roles)
  @ApiOperation({ summary: '投稿案を承認し、又は差し戻す（災害時は指定された承認者が即時に承認）' })
  @ApiOkResponse({ type: SnsPostResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsPostDecisionRequest,
  ): Promise<SnsPostResponse> {
    return this.posts.decide(actor, id, body);
  }

  @Post(':id/publication')
  @HttpCode(200)
  @Roles(...STEP.publish.roles)
  @ApiOperation({ summary: '投稿したURLと日時を記録する' })
  @ApiOkResponse({ type: SnsPostResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsPostPublicationRequest,
  ): Promise<SnsPostResponse> {
    return this.posts.publish(actor, id, body);
  }

  @Post(':id/correction')
  @HttpCode(200)
  @Roles(...STEP.correct.roles)
  @ApiOperation({ summary: '投稿の訂正を理由とともに記録する' })
  @ApiOkResponse({ type: SnsPostResponse })
  @ApiErrors(400, 403, 404, 409)
  correct(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsPostChangeRequest,
  ): Promise<SnsPostResponse> {
    return this.posts.correct(actor, id, body);
  }

  @Post(':id/deletion')
  @HttpCode(200)
  @Roles(...STEP.delete.roles)
  @ApiOperation({ summary: '投稿の削除を理由とともに記録する' })
  @ApiOkResponse({ type: SnsPostResponse })
  @ApiErrors(400, 403, 404, 409)
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SnsPostDeletionRequest,
  ): Promise<SnsPostResponse> {
    return this.posts.delete(actor, id, body);
  }
}
