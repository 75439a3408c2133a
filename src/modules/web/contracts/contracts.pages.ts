import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ContractsService } from '../../contracts/contracts.service';
import { ContractErrors } from '../../contracts/contracts.errors';
import {
  CreateContractRequest,
  ListContractsQuery,
  UpdateContractRequest,
} from '../../contracts/dto/contract.requests';
import type { ContractResponse } from '../../contracts/dto/contract.response';
import { blankToUndefined, parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { pageLinks } from '../web-urls';
import {
  CONTRACT_FIELDS,
  contractInputOf,
  contractUpdateOf,
  invalidForm,
  pick,
  refusalOf,
  type FormState,
} from './contract-forms';
import { ContractViews } from './contract-views';

const READERS = ['OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR'] as const;
const FILTERS = [
  'contractorId',
  'status',
  'department',
  'endingWithinDays',
  'closeOutPending',
  'q',
  'cursor',
] as const;

/** The stored contract as the edit form shows it (every field a string, as the browser sends them back). */
function valuesOf(c: ContractResponse): Record<string, string> {
  return {
    contractNumber: c.contractNumber,
    title: c.title,
    department: c.department,
    startDate: c.startDate,
    endDate: c.endDate,
    confidentialityClass: String(c.confidentialityClass),
    handlesPersonalInfo: String(c.handlesPersonalInfo),
    usesCloud: String(c.usesCloud),
    workLocations: c.workLocations.join('\n'),
    assessmentFrequency: c.assessmentFrequency,
    version: String(c.version),
  };
}

/** 契約: the list with filters, drafting a contract, its page, and changing a draft. */
@ApiExcludeController()
@Controller('contracts')
export class ContractsPages {
  constructor(
    private readonly page: WebPage,
    private readonly contracts: ContractsService,
    private readonly views: ContractViews,
  ) {}

  @Get()
  @Roles(...READERS)
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const filters = pick(query, FILTERS);
    const parsed = await parseForm(ListContractsQuery, blankToUndefined(filters));
    const result = parsed.ok
      ? // The register reads by the start of the term, the latest first (as the paper files are kept).
        await this.contracts.list(actor, { ...parsed.value, sort: 'start' })
      : { items: [], nextCursor: null };
    const model = await this.page.model(actor, reply, '契約の一覧', {
      flash: flashOf(query),
      ...(parsed.ok ? {} : parsed.errors),
      values: filters,
      contracts: result.items,
      contractors: actor.role === 'CONTRACTOR' ? [] : await this.views.contractorChoices(actor),
      isStaffWriter: actor.role === 'OFFICER' || actor.role === 'ADMIN',
      ...pageLinks('/contracts', filters, result.nextCursor),
    });
    await reply.status(parsed.ok ? 200 : 400).view('contracts/list', model);
  }

  @Get('new')
  @Roles('OFFICER', 'ADMIN')
  async newForm(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.renderForm(actor, reply, 200, null, { values: {}, errors: {}, formError: null });
  }

  @Post('new')
  @Roles('OFFICER', 'ADMIN')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, CONTRACT_FIELDS);
    const form = await parseForm(CreateContractRequest, contractInputOf(body));
    if (!form.ok) return this.renderForm(actor, reply, 400, null, invalidForm(form.errors, values));
    try {
      const created = await this.contracts.create(actor, form.value);
      await reply.status(303).redirect(`/contracts/${created.id}?flash=contract-created`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.renderForm(actor, reply, status, null, refused);
    }
  }

  @Get(':id')
  @Roles(...READERS)
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const parts = await this.views.detail(actor, id);
    const title = `契約 ${parts.contract.contractNumber}`;
    await reply.view(
      'contracts/detail',
      await this.page.model(actor, reply, title, { flash: flashOf(query, parts.contract.title), ...parts }),
    );
  }

  @Get(':id/edit')
  @Roles('OFFICER', 'ADMIN')
  async editForm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contract = await this.contracts.get(actor, id);
    if (contract.status !== 'DRAFT') throw ContractErrors.wrongStatus(contract.status, '変更');
    await this.renderForm(actor, reply, 200, contract, {
      values: valuesOf(contract),
      errors: {},
      formError: null,
    });
  }

  @Post(':id/edit')
  @Roles('OFFICER', 'ADMIN')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, [...CONTRACT_FIELDS, 'version']);
    const form = await parseForm(UpdateContractRequest, contractUpdateOf(body));
    if (!form.ok) {
      const contract = await this.contracts.get(actor, id);
      return this.renderForm(actor, reply, 400, contract, invalidForm(form.errors, values));
    }
    try {
      await this.contracts.update(actor, id, form.value);
      await reply.status(303).redirect(`/contracts/${id}?flash=contract-saved`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.renderForm(actor, reply, status, await this.contracts.get(actor, id), refused);
    }
  }

  /** The new-contract form, or the edit form of a draft (contract given). */
  private async renderForm(
    actor: Actor,
    reply: FastifyReply,
    status: number,
    contract: ContractResponse | null,
    form: FormState,
  ): Promise<void> {
    const title = contract ? `契約の変更（${contract.contractNumber}）` : '契約の起案';
    const model = await this.page.model(actor, reply, title, {
      ...form,
      contract,
      isNew: contract === null,
      contractors: contract ? [] : await this.views.contractorChoices(actor, 'ACTIVE'),
      action: contract ? `/contracts/${contract.id}/edit` : '/contracts/new',
    });
    await reply.status(status).view('contracts/form', model);
  }
}
