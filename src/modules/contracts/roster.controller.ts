import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { attachment } from '../../common/http/attachment';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { AcknowledgeRosterRequest, RosterResponse } from './dto/roster.dto';
import { RosterService } from './roster.service';

/** The roster (従事者名簿) as the body sees it: its acknowledgement (受理) and the printable roster. */
@ApiTags('workers')
@Controller('api/contracts/:id')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  @ApiOperation({ summary: '従事者名簿の受理の状況' })
  @Get('roster')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: RosterResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<RosterResponse> {
    return this.roster.get(actor, id);
  }

  @ApiOperation({ summary: '従事者名簿を受理する（表示した版を受理）' })
  @Post('roster/acknowledgement')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: RosterResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: AcknowledgeRosterRequest,
  ): Promise<RosterResponse> {
    return this.roster.acknowledge(actor, id, body);
  }

  @ApiOperation({ summary: '従事者名簿（PDF）。現在の名簿と受理の状況を印刷する' })
  @Get('workers.pdf')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
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
    const doc = await this.roster.pdf(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName))
      .header('x-document-sha256', doc.sha256)
      .header('cache-control', 'no-store');
    return doc.bytes;
  }
}
