import { Controller, Delete, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { EvidenceResponse, readEvidenceUpload, UPLOAD_BODY_SCHEMA } from './dto/evidence.dto';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_MEDIA_TYPES } from './media-types';

@ApiTags('evidence')
@Controller('api/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post()
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiOperation({
    summary:
      '自己点検の設問、改善指示又は返還・廃棄報告（消去証明書）に証跡ファイルを添付する（形式は内容で判定、10 MiB まで）',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({ type: EvidenceResponse })
  @ApiErrors(400, 404, 409, 413, 415)
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<EvidenceResponse> {
    return this.evidence.upload(actor, await readEvidenceUpload(request));
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '証跡ファイルをダウンロードする（保存時のハッシュと照合してから送信）' })
  @ApiProduces(...EVIDENCE_MEDIA_TYPES)
  @ApiOkResponse({
    description: 'The stored bytes, as an attachment',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 404, 500)
  async download(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StreamableFile> {
    const file = await this.evidence.download(actor, id);
    // Sent piece by piece; with the length announced, a download cut off by a changed piece is seen as incomplete.
    return new StreamableFile(file.content.stream(), {
      type: file.contentType,
      disposition: attachment(file.fileName),
      length: file.content.size,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  @ApiOperation({ summary: '証跡ファイルの添付を取り消す（自己点検が提出前・差戻し中のときのみ）' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404, 409)
  remove(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.evidence.remove(actor, id);
  }
}
