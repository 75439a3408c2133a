import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import type { Page } from '../../common/pagination/cursor';
import { PageQuery, pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  CreateSubcontractRequest,
  DecideSubcontractRequest,
  RegisterSubcontractRequest,
  SubcontractResponse,
  WithdrawSubcontractRequest,
} from './dto/subcontract.dto';
import { SubcontractDecisionsService } from './subcontract-decisions.service';
import { SubcontractsService } from './subcontracts.service';

@ApiTags('subcontracts')
@Controller('api')
export class SubcontractsController {
  constructor(
    private readonly subcontracts: SubcontractsService,
    private readonly decisions: SubcontractDecisionsService,
  ) {}

  @ApiOperation({ summary: '契約の再委託（全階層）の一覧' })
  @Get('contracts/:id/subcontracts')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({
    type: pageOf(SubcontractResponse),
    description: 'Oldest first; a CONTRACTOR sees only its own',
  })
  @ApiErrors(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<SubcontractResponse>> {
    return this.subcontracts.list(actor, id, query);
  }

  @ApiOperation({ summary: '再委託の承認を申請する（特記事項 再委託の制限 第2項の書面）' })
  @Post('contracts/:id/subcontracts')
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiCreatedResponse({ type: SubcontractResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  request(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CreateSubcontractRequest,
  ): Promise<SubcontractResponse> {
    return this.subcontracts.request(actor, id, body);
  }

  @ApiOperation({ summary: '再委託の申請の内容' })
  @Get('subcontracts/:id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: SubcontractResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SubcontractResponse> {
    return this.subcontracts.get(actor, id);
  }

  @ApiOperation({
    summary: '申請された再委託先を事業者として登録する（新規登録又は登録済みの事業者との照合）',
  })
  @Post('subcontracts/:id/registration')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: SubcontractResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  register(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: RegisterSubcontractRequest,
  ): Promise<SubcontractResponse> {
    return this.decisions.register(actor, id, body);
  }

  @ApiOperation({ summary: '再委託の申請を承認又は不承認とし、通知書を発行する' })
  @Post('subcontracts/:id/decision')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: SubcontractResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422, 503)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: DecideSubcontractRequest,
  ): Promise<SubcontractResponse> {
    return this.decisions.decide(actor, id, body);
  }

  @ApiOperation({ summary: '再委託の申請を取り下げる' })
  @Post('subcontracts/:id/withdrawal')
  @HttpCode(200)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiOkResponse({ type: SubcontractResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: WithdrawSubcontractRequest,
  ): Promise<SubcontractResponse> {
    return this.subcontracts.withdraw(actor, id, body);
  }

  @ApiOperation({ summary: '再委託承認通知書又は再委託不承認通知書（PDF、発行時のもの）' })
  @Get('subcontracts/:id/notice.pdf')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The notice as issued', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 401, 403, 404, 500, 503)
  async notice(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.decisions.notice(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName));
    return doc.bytes;
  }
}
