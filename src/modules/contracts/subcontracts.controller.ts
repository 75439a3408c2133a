import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { PageQuery, pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  CreateSubcontractRequest,
  DecideSubcontractRequest,
  SubcontractResponse,
} from './dto/subcontract.dto';
import { SubcontractsService } from './subcontracts.service';

@ApiTags('subcontracts')
@Controller('api')
export class SubcontractsController {
  constructor(private readonly subcontracts: SubcontractsService) {}

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

  @ApiOperation({ summary: '再委託の承認を申請する' })
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

  @ApiOperation({ summary: '再委託の申請を承認または不承認とする' })
  @Post('subcontracts/:id/decision')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: SubcontractResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: DecideSubcontractRequest,
  ): Promise<SubcontractResponse> {
    return this.subcontracts.decide(actor, id, body);
  }
}
