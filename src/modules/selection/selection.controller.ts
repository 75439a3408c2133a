import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { attachment } from '../../common/http/attachment';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { PutSelectionRequest, SelectionResponse } from './dto/selection.dto';
import { SelectionService } from './selection.service';

/** The selection record (選定) of a contract: staff only; the contractor never sees it. */
@ApiTags('selection')
@Controller('api/contracts/:id')
export class SelectionController {
  constructor(private readonly selection: SelectionService) {}

  @ApiOperation({ summary: '委託先の選定の記録（確認項目・認証の注意・選定理由）' })
  @Get('selection')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiOkResponse({ type: SelectionResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SelectionResponse> {
    return this.selection.get(actor, id);
  }

  @ApiOperation({ summary: '委託先の選定を記録する（契約の承認前に限る）' })
  @Put('selection')
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: SelectionResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  put(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: PutSelectionRequest,
  ): Promise<SelectionResponse> {
    return this.selection.put(actor, id, body);
  }

  @ApiOperation({ summary: '委託先選定調書（PDF）。契約の承認の際に作成したもの' })
  @Get('selection.pdf')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF; X-Document-SHA256 carries its hash',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 403, 404, 429, 500, 503)
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.selection.pdf(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName))
      .header('x-document-sha256', doc.sha256)
      .header('cache-control', 'no-store');
    return doc.bytes;
  }
}
