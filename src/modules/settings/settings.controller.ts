import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { IssuerSettingsResponse, UpdateIssuerSettingsRequest } from './dto/issuer-settings.dto';
import { IssuerSettingsService } from './issuer-settings.service';

@ApiTags('settings')
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly issuer: IssuerSettingsService) {}

  @Get('issuer')
  @Roles('ADMIN', 'AUDITOR')
  @ApiOperation({ summary: '発信者の設定（団体名、所在地、代表者、発信者、公印、文書記号、問い合わせ先）' })
  @ApiOkResponse({ type: IssuerSettingsResponse })
  @ApiErrors(401, 403)
  get(): Promise<IssuerSettingsResponse> {
    return this.issuer.get();
  }

  @Put('issuer')
  @Roles('ADMIN')
  @ApiOperation({ summary: '発信者の設定を変更する（発行済みの文書は変わらない）' })
  @ApiOkResponse({ type: IssuerSettingsResponse })
  @ApiErrors(400, 401, 403, 409)
  update(
    @CurrentActor() actor: Actor,
    @Body() body: UpdateIssuerSettingsRequest,
  ): Promise<IssuerSettingsResponse> {
    return this.issuer.update(actor, body);
  }
}
