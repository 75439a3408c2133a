import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { CloseOutService } from './close-out.service';
import { CloseOutResponse, ConfirmCloseOutRequest, SubmitCloseOutRequest } from './dto/close-out.dto';

@ApiTags('close-out')
@Controller('api/contracts/:id/close-out')
export class CloseOutController {
  constructor(private readonly closeOuts: CloseOutService) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({
    summary: '契約終了後の返還・廃棄報告（状態・期限・報告内容・消去証明書）。終了前の契約は 409',
  })
  @ApiOkResponse({ type: CloseOutResponse })
  @ApiErrors(400, 404, 409)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CloseOutResponse> {
    return this.closeOuts.get(actor, id);
  }

  @Post()
  @HttpCode(200)
  @Roles('CONTRACTOR')
  @ApiOperation({
    summary:
      '返還・廃棄報告を提出する（受託者及び承認された再委託先ごとに、返還・消去の内容と消去証明書を添えて）',
  })
  @ApiOkResponse({ type: CloseOutResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  submit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SubmitCloseOutRequest,
  ): Promise<CloseOutResponse> {
    return this.closeOuts.submit(actor, id, body);
  }

  @Post('confirmation')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({
    summary: '返還・廃棄報告を確認する（契約は完結）、又は理由を付して差し戻す',
  })
  @ApiOkResponse({ type: CloseOutResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  confirm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ConfirmCloseOutRequest,
  ): Promise<CloseOutResponse> {
    return this.closeOuts.decide(actor, id, body);
  }
}
