import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { ContractServicesService } from './contract-services.service';
import { ContractServicesResponse, SetContractServicesRequest } from './dto/contract-services.dto';

/** The external services a contract uses (its cloud clause cites them; approval needs them APPROVED). */
@ApiTags('external-services')
@Controller('api/contracts/:id/external-services')
export class ContractServicesController {
  constructor(private readonly services: ContractServicesService) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR')
  @ApiOperation({ summary: '契約で利用する外部サービス' })
  @ApiOkResponse({ type: ContractServicesResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ContractServicesResponse> {
    return this.services.get(actor, id);
  }

  @Put()
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '契約で利用する外部サービスを指定する（契約が下書きの間に限る）' })
  @ApiOkResponse({ type: ContractServicesResponse })
  @ApiErrors(400, 404, 409, 422)
  set(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SetContractServicesRequest,
  ): Promise<ContractServicesResponse> {
    return this.services.set(actor, id, body);
  }
}
