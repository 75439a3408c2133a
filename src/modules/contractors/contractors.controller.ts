import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { ContractorsService } from './contractors.service';
import {
  ArchiveContractorRequest,
  CreateCertificationRequest,
  CreateContractorRequest,
  ListContractorsQuery,
  UpdateContractorRequest,
} from './dto/contractor.requests';
import { CertificationResponse, ContractorResponse } from './dto/contractor.response';

@ApiTags('contractors')
@Controller('api/contractors')
export class ContractorsController {
  constructor(private readonly contractors: ContractorsService) {}

  @ApiOperation({ summary: '委託先の一覧・検索' })
  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: pageOf(ContractorResponse), description: 'A CONTRACTOR sees only its own company' })
  @ApiErrors(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListContractorsQuery,
  ): Promise<Page<ContractorResponse>> {
    return this.contractors.list(actor, query);
  }

  @ApiOperation({ summary: '委託先を登録する' })
  @Post()
  @Roles('OFFICER', 'ADMIN')
  @ApiCreatedResponse({ type: ContractorResponse })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() body: CreateContractorRequest): Promise<ContractorResponse> {
    return this.contractors.create(actor, body);
  }

  @ApiOperation({ summary: '委託先の詳細' })
  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: ContractorResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ContractorResponse> {
    return this.contractors.get(actor, id);
  }

  @ApiOperation({ summary: '委託先を変更する' })
  @Patch(':id')
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: ContractorResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateContractorRequest,
  ): Promise<ContractorResponse> {
    return this.contractors.update(actor, id, body);
  }

  @ApiOperation({ summary: '委託先をアーカイブする（削除はしない）' })
  @Post(':id/archive')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOkResponse({ type: ContractorResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  archive(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: ArchiveContractorRequest,
  ): Promise<ContractorResponse> {
    return this.contractors.archive(actor, id, body);
  }

  @ApiOperation({ summary: '委託先の認証（ISMS 等）の一覧' })
  @Get(':id/certifications')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOkResponse({ type: CertificationResponse, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  listCertifications(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
  ): Promise<CertificationResponse[]> {
    return this.contractors.listCertifications(actor, id);
  }

  @ApiOperation({ summary: '委託先に認証を登録する' })
  @Post(':id/certifications')
  @Roles('OFFICER', 'ADMIN')
  @ApiCreatedResponse({ type: CertificationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  addCertification(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CreateCertificationRequest,
  ): Promise<CertificationResponse> {
    return this.contractors.addCertification(actor, id, body);
  }

  @ApiOperation({ summary: '委託先の認証を削除する' })
  @Delete(':id/certifications/:certificationId')
  @HttpCode(204)
  @Roles('OFFICER', 'ADMIN')
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  removeCertification(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('certificationId', UuidPipe) certificationId: string,
  ): Promise<void> {
    return this.contractors.removeCertification(actor, id, certificationId);
  }
}
