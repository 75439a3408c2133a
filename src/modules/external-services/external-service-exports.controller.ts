import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { ExternalServiceRegisterQuery } from './dto/external-service-register.dto';
import { type DocumentFile, ExternalServiceDocuments } from './external-service-documents.service';
import { ExternalServiceRegister } from './external-service-register.csv';

const READERS = ['OFFICER', 'ADMIN', 'AUDITOR'] as const;
const PDF = { schema: { type: 'string', format: 'binary' } } as const;

/**
 * The register of external services as CSV and as the PDF 台帳 (the register of the moment), and the documents of
 * one service as issued: the 外部サービス利用申請書 and the 利用許可通知書 / 不許可通知書.
 */
@ApiTags('external-services')
@Controller('api')
export class ExternalServiceExportsController {
  constructor(
    private readonly register: ExternalServiceRegister,
    private readonly documents: ExternalServiceDocuments,
  ) {}

  @Get('external-services.csv')
  @Roles(...READERS)
  @ApiOperation({
    summary: '外部サービス台帳を CSV で出力する（Excel 用の BOM 付き UTF-8。機密性の区分と状態で絞り込み）',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      "UTF-8 with a byte-order mark, CRLF, Japanese header row; formula-like cells prefixed with '",
    ...PDF,
  })
  @ApiErrors(400)
  async csv(
    @CurrentActor() actor: Actor,
    @Query() query: ExternalServiceRegisterQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.register.csv(actor, query);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachment(file.fileName))
      .header('cache-control', 'no-store');
    return file.bytes;
  }

  @Get('external-services.pdf')
  @Roles(...READERS)
  @ApiOperation({
    summary: '外部サービス台帳（PDF。出力の日時現在の登録内容。機密性の区分と状態で絞り込み）',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The register as it stands at the time of the request', ...PDF })
  @ApiErrors(400, 429, 500, 503)
  async pdf(
    @CurrentActor() actor: Actor,
    @Query() query: ExternalServiceRegisterQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.register.pdf(actor, query));
  }

  @Get('external-services/:id/application.pdf')
  @Roles(...READERS)
  @ApiOperation({ summary: '外部サービス利用申請書（PDF。申請の時に作成したもの）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The 外部サービス利用申請書 as issued at the application', ...PDF })
  @ApiErrors(400, 404, 500, 503)
  async application(
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.documents.applicationPdf(id));
  }

  @Get('external-services/:id/decision.pdf')
  @Roles(...READERS)
  @ApiOperation({ summary: '外部サービス利用許可通知書又は不許可通知書（PDF。決定の時に発行したもの）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The 利用許可通知書 (or 不許可通知書) as issued at the decision', ...PDF })
  @ApiErrors(400, 404, 500, 503)
  async decision(
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return send(reply, await this.documents.decisionPdf(id));
  }
}

function send(reply: FastifyReply, doc: DocumentFile): Buffer {
  void reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', attachment(doc.fileName))
    .header('x-document-sha256', doc.sha256)
    .header('cache-control', 'no-store');
  return doc.bytes;
}
