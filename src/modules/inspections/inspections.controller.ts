import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
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
  CancelInspectionRequest,
  ConductInspectionRequest,
  InspectionResponse,
  ListInspectionsQuery,
  PlanInspectionRequest,
  RecordItemsRequest,
  ReportInspectionRequest,
} from './dto/inspection.dto';
import { INSPECTION_TRANSITIONS as STEP } from './inspection.state';
import { InspectionsService } from './inspections.service';

/** 立入検査・書面監査 (特記事項 監査及び検査): the steps follow the table in inspection.state.ts. */
@ApiTags('inspections')
@Controller('api/inspections')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '検査の一覧（新しい順。委託先は自社の結果通知済みのもののみ）' })
  @ApiOkResponse({ type: pageOf(InspectionResponse) })
  @ApiErrors(400)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListInspectionsQuery,
  ): Promise<Page<InspectionResponse>> {
    return this.inspections.list(actor, query);
  }

  @Post()
  @Roles(...STEP.plan.roles)
  @ApiOperation({ summary: '立入検査又は書面監査を計画する（検査項目は契約の特記事項の設問から作成）' })
  @ApiCreatedResponse({ type: InspectionResponse })
  @ApiErrors(400, 422)
  plan(@CurrentActor() actor: Actor, @Body() body: PlanInspectionRequest): Promise<InspectionResponse> {
    return this.inspections.plan(actor, body);
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '検査の内容（検査項目と結果）' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<InspectionResponse> {
    return this.inspections.get(actor, id);
  }

  @Put(':id/items')
  @Roles(...STEP.record.roles)
  @ApiOperation({ summary: '検査項目ごとの結果（適合・不適合・未確認）を記録する' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiErrors(400, 404, 409)
  record(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: RecordItemsRequest,
  ): Promise<InspectionResponse> {
    return this.inspections.recordItems(actor, id, body);
  }

  @Post(':id/conduct')
  @HttpCode(200)
  @Roles(...STEP.conduct.roles)
  @ApiOperation({ summary: '検査の実施（実施日と総評）を記録する' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiErrors(400, 404, 409, 422)
  conduct(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ConductInspectionRequest,
  ): Promise<InspectionResponse> {
    return this.inspections.conduct(actor, id, body);
  }

  @Post(':id/report')
  @HttpCode(200)
  @Roles(...STEP.report.roles)
  @ApiOperation({ summary: '検査の結果を通知する（検査結果通知書を発行する）' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiErrors(400, 404, 409)
  report(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReportInspectionRequest,
  ): Promise<InspectionResponse> {
    return this.inspections.report(actor, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...STEP.cancel.roles)
  @ApiOperation({ summary: '計画した検査を中止する' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiErrors(400, 404, 409)
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CancelInspectionRequest,
  ): Promise<InspectionResponse> {
    return this.inspections.cancel(actor, id, body);
  }

  @Get(':id/result.pdf')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '検査結果通知書（PDF）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The 検査結果通知書 as issued',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 404, 500, 503)
  async result(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.inspections.resultPdf(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName));
    return doc.bytes;
  }
}
