import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  ApplyExternalServiceRequest,
  ConfirmErasureRequest,
  CreateExternalServiceRequest,
  DecideExternalServiceRequest,
  EndExternalServiceRequest,
  ExternalServiceResponse,
  ListExternalServicesQuery,
  ReviewExternalServiceRequest,
  UpdateExternalServiceRequest,
} from './dto/external-service.dto';
import { EXTERNAL_SERVICE_TRANSITIONS as STEP } from './external-service.state';
import { ExternalServicesService } from './external-services.service';

const READERS = ['OFFICER', 'ADMIN', 'AUDITOR'] as const;

/** 外部サービス (Article 6(6)(イ)): the register and the steps of use, following external-service.state.ts. */
@ApiTags('external-services')
@Controller('api/external-services')
export class ExternalServicesController {
  constructor(private readonly services: ExternalServicesService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: '外部サービスの一覧（新しい順。機密性の区分と状態で絞り込み）' })
  @ApiOkResponse({ type: pageOf(ExternalServiceResponse) })
  @ApiErrors(400)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListExternalServicesQuery,
  ): Promise<Page<ExternalServiceResponse>> {
    return this.services.list(actor, query);
  }

  @Post()
  @Roles(...STEP.register.roles)
  @ApiOperation({ summary: '外部サービスを登録する（下書き）' })
  @ApiCreatedResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 422)
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateExternalServiceRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.create(actor, body);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: '外部サービスの登録内容（選定基準の判定を含む）' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ExternalServiceResponse> {
    return this.services.get(actor, id);
  }

  @Patch(':id')
  @Roles(...STEP.edit.roles)
  @ApiOperation({ summary: '外部サービスの登録内容を変更する（承認後はISMAP・約款等の記録のみ）' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateExternalServiceRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.update(actor, id, body);
  }

  @Post(':id/apply')
  @HttpCode(200)
  @Roles(...STEP.apply.roles)
  @ApiOperation({ summary: '外部サービスの利用を申請する' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404, 409)
  apply(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ApplyExternalServiceRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.apply(actor, id, body);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles(...STEP.approve.roles)
  @ApiOperation({ summary: '外部サービスの利用を承認（条件付き）又は不承認とする' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404, 409, 422)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: DecideExternalServiceRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.decide(actor, id, body);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles(...STEP.reviewContinue.roles)
  @ApiOperation({ summary: '外部サービスの定期見直しを記録する（利用継続又は利用停止）' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404, 409, 422)
  review(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReviewExternalServiceRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.review(actor, id, body);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles(...STEP.end.roles)
  @ApiOperation({ summary: '外部サービスの利用の終了を記録する（データ消去の確認待ち）' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404, 409)
  end(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: EndExternalServiceRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.end(actor, id, body);
  }

  @Post(':id/erasure-confirmation')
  @HttpCode(200)
  @Roles(...STEP.confirmErasure.roles)
  @ApiOperation({ summary: 'データ消去を確認し、外部サービスの利用を終了とする' })
  @ApiOkResponse({ type: ExternalServiceResponse })
  @ApiErrors(400, 404, 409)
  confirmErasure(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ConfirmErasureRequest,
  ): Promise<ExternalServiceResponse> {
    return this.services.confirmErasure(actor, id, body);
  }
}
