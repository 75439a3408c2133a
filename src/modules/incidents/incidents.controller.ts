import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
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
  CloseIncidentRequest,
  DetailedReportRequest,
  IncidentResponse,
  ListIncidentsQuery,
  PublicationRequest,
  RecordCommissionReportRequest,
  ReportIncidentRequest,
  RequestDetailedReportRequest,
  ReviewIncidentRequest,
} from './dto/incident.dto';
import { IncidentStepsService } from './incident-steps.service';
import { INCIDENT_TRANSITIONS } from './incident.state';
import { IncidentsService } from './incidents.service';

const STEP = INCIDENT_TRANSITIONS;

/** 事故報告 (特記事項 事故発生時の報告): the steps follow the table in incident.state.ts. */
@ApiTags('incidents')
@Controller('api/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly steps: IncidentStepsService,
  ) {}

  @ApiOperation({ summary: '事故報告の一覧（新しい順。委託先は自社のもののみ）' })
  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: pageOf(IncidentResponse) })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: ListIncidentsQuery): Promise<Page<IncidentResponse>> {
    return this.incidents.list(actor, query);
  }

  @ApiOperation({ summary: '事故を報告する（第一報。報告日時はサーバーの時刻）' })
  @Post()
  @Roles(...STEP.report.roles)
  @ApiCreatedResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 422)
  report(@CurrentActor() actor: Actor, @Body() body: ReportIncidentRequest): Promise<IncidentResponse> {
    return this.incidents.report(actor, body);
  }

  @ApiOperation({ summary: '事故報告の内容（期限、遅延、状態、個人情報保護委員会への報告）' })
  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<IncidentResponse> {
    return this.incidents.get(actor, id);
  }

  @ApiOperation({ summary: '事故報告受付通知書（PDF、受付の時に発行したもの）' })
  @Get(':id/receipt.pdf')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The 事故報告受付通知書 as issued',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 403, 404, 500, 503)
  async receipt(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.incidents.receiptPdf(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName));
    return doc.bytes;
  }

  @ApiOperation({ summary: '事故報告を受け付け、確認を始め、事故報告受付通知書を発行する' })
  @Post(':id/review')
  @HttpCode(200)
  @Roles(...STEP.review.roles)
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  review(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ReviewIncidentRequest,
  ): Promise<IncidentResponse> {
    return this.steps.review(actor, id, body);
  }

  @ApiOperation({ summary: '事故報告書（原因、被害の範囲、講じた措置及び再発防止策）の提出を求める' })
  @Post(':id/detailed-report-request')
  @HttpCode(200)
  @Roles(...STEP.requestDetail.roles)
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  requestDetail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: RequestDetailedReportRequest,
  ): Promise<IncidentResponse> {
    return this.steps.requestDetail(actor, id, body);
  }

  @ApiOperation({ summary: '事故報告書を提出する（特記事項 事故発生時の報告 第2項）' })
  @Post(':id/detailed-report')
  @HttpCode(200)
  @Roles(...STEP.submitDetail.roles)
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  submitDetail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: DetailedReportRequest,
  ): Promise<IncidentResponse> {
    return this.steps.submitDetail(actor, id, body);
  }

  @ApiOperation({ summary: '事故への対応を完了とする' })
  @Post(':id/close')
  @HttpCode(200)
  @Roles(...STEP.close.roles)
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  close(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CloseIncidentRequest,
  ): Promise<IncidentResponse> {
    return this.steps.close(actor, id, body);
  }

  @ApiOperation({
    summary: '個人情報保護委員会への速報又は確報を報告済みとして記録する（個人情報保護法第68条）',
  })
  @Post(':id/commission-reports')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  recordCommissionReport(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: RecordCommissionReportRequest,
  ): Promise<IncidentResponse> {
    return this.steps.recordCommissionReport(actor, id, body);
  }

  @ApiOperation({ summary: '事故の公表について判断を記録する（公表する・しない、日付、理由）' })
  @Post(':id/publication')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  recordPublication(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: PublicationRequest,
  ): Promise<IncidentResponse> {
    return this.steps.recordPublication(actor, id, body);
  }
}
