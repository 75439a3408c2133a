import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { pageOf, PageQuery } from '../../common/pagination/page.query';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditService } from './audit.service';
import {
  AuditCheckpointResponse,
  AuditEventResponse,
  AuditVerifyResponse,
  ListAuditEventsQuery,
  VerifyCheckpointRequest,
  VerifyQuery,
} from './dto/audit.dto';

@ApiTags('audit')
@Controller('api/audit-events')
@Roles('ADMIN', 'AUDITOR')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  @ApiOperation({ summary: '監査ログの一覧（新しい順）' })
  @Get()
  @ApiOkResponse({ type: pageOf(AuditEventResponse) })
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    return this.audit.list(query);
  }

  @ApiOperation({
    summary:
      '監査ログのハッシュチェーンを検証する（最後のチェックポイントとの照合を含む。from=checkpoint で最後のチェックポイント以降のみ）',
  })
  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResponse })
  @ApiErrors(400, 401, 403)
  verify(@Query() query: VerifyQuery): Promise<AuditVerifyResponse> {
    return this.audit.verify(undefined, { from: query.from });
  }

  @ApiOperation({
    summary:
      '監査ログのハッシュチェーンを、保管しているチェックポイント（書き出されたファイルの内容）と照合する',
  })
  @Post('verify')
  @HttpCode(200)
  @ApiOkResponse({ type: AuditVerifyResponse })
  @ApiErrors(400, 401, 403)
  verifyAgainst(@Body() body: VerifyCheckpointRequest): Promise<AuditVerifyResponse> {
    return this.audit.verify({
      seq: body.seq,
      hash: body.hash,
      at: body.at,
      keyId: body.keyId,
      signature: body.signature,
    });
  }

  @ApiOperation({ summary: '監査ログのチェックポイントの一覧（新しい順）' })
  @Get('checkpoints')
  @ApiOkResponse({ type: pageOf(AuditCheckpointResponse) })
  @ApiErrors(400, 401, 403)
  listCheckpoints(@Query() query: PageQuery): Promise<Page<AuditCheckpointResponse>> {
    return this.checkpoints.list(query);
  }

  @ApiOperation({
    summary: '監査ログのチェックポイントを作成し、ファイルに書き出して管理者に通知する',
  })
  @Post('checkpoints')
  @Roles('ADMIN')
  @ApiCreatedResponse({ type: AuditCheckpointResponse })
  @ApiErrors(401, 403)
  createCheckpoint(@CurrentActor() actor: Actor): Promise<AuditCheckpointResponse> {
    return this.checkpoints.create(actor);
  }
}
