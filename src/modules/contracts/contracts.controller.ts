import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { attachment } from '../../common/http/attachment';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { ContractDocumentsService } from './contract-documents.service';
import { ContractsService } from './contracts.service';
import {
  CloseContractRequest,
  CreateContractRequest,
  ListContractsQuery,
  PutContractClausesRequest,
  UpdateContractRequest,
  VersionRequest,
} from './dto/contract.requests';
import { ContractResponse } from './dto/contract.response';

const STAFF_AND_OWN_CONTRACTOR = ['OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR'] as const;

@ApiTags('contracts')
@Controller('api/contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly documents: ContractDocumentsService,
  ) {}

  @Get()
  @Roles(...STAFF_AND_OWN_CONTRACTOR)
  @ApiOperation({ summary: '契約の一覧（委託先・状態・担当課・終了間近で絞り込み）' })
  @ApiOkResponse({ type: pageOf(ContractResponse), description: 'A CONTRACTOR sees only its own contracts' })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListContractsQuery): Promise<Page<ContractResponse>> {
    return this.contracts.list(actor, query);
  }

  @Post()
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '契約を起案する（適用される条項を既定で選択）' })
  @ApiCreatedResponse({ type: ContractResponse })
  @ApiErrors(400, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() body: CreateContractRequest): Promise<ContractResponse> {
    return this.contracts.create(actor, body);
  }

  @Get(':id')
  @Roles(...STAFF_AND_OWN_CONTRACTOR)
  @ApiOperation({ summary: '契約の詳細（条項を含む）' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiErrors(400, 404, 422)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    // Already JSON: the clause texts are serialized once per contract version (ContractsService.getJson).
    const json = await this.contracts.getJson(actor, id);
    void reply.type('application/json; charset=utf-8');
    return json;
  }

  @Patch(':id')
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '起案中の契約を変更する' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiErrors(400, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateContractRequest,
  ): Promise<ContractResponse> {
    return this.contracts.update(actor, id, body);
  }

  @Put(':id/clauses')
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '条項の選択とパラメータを設定する（必須条項は外せない）' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiErrors(400, 404, 409, 422)
  putClauses(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: PutContractClausesRequest,
  ): Promise<ContractResponse> {
    return this.contracts.putClauses(actor, id, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '契約を承認する（条項の本文を確定し、特記事項の PDF を保存）' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiErrors(400, 404, 409, 422, 503)
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: VersionRequest,
  ): Promise<ContractResponse> {
    return this.documents.approve(actor, id, body);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '契約を終了する（期間満了など）' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiErrors(400, 404, 409)
  end(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CloseContractRequest,
  ): Promise<ContractResponse> {
    return this.contracts.close(actor, id, body, 'ENDED');
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @Roles('OFFICER', 'ADMIN')
  @ApiOperation({ summary: '契約を解除する（契約に基づく措置）' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiErrors(400, 404, 409)
  terminate(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CloseContractRequest,
  ): Promise<ContractResponse> {
    return this.contracts.close(actor, id, body, 'TERMINATED');
  }

  @Get(':id/clauses.pdf')
  @Roles(...STAFF_AND_OWN_CONTRACTOR)
  @ApiOperation({ summary: '情報セキュリティに関する特記事項（PDF）。起案中は「案」を付して生成' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF; X-Document-SHA256 carries its hash',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 404, 422, 429, 500, 503)
  async specialProvisions(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.documents.specialProvisions(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName))
      .header('x-document-sha256', doc.sha256)
      .header('etag', `"${doc.sha256}"`);
    return doc.bytes;
  }
}
