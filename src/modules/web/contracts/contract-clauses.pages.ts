import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ClauseCatalogueService } from '../../clauses/clause-catalogue.service';
import { ContractsService } from '../../contracts/contracts.service';
import { ContractErrors } from '../../contracts/contracts.errors';
import { PutContractClausesRequest } from '../../contracts/dto/contract.requests';
import type { ContractResponse } from '../../contracts/dto/contract.response';
import { parseForm } from '../web-forms';
import { WebPage } from '../web-page';
import { clauseForm, clauseSelectionOf, type SubmittedClauses } from './clause-form';
import { clauseErrorsOf, refusalOf } from './contract-forms';

/** 条項を選択: the clauses of a draft and their parameters, replaced as a whole (PUT semantics). */
@ApiExcludeController()
@Controller('contracts/:id/clauses')
export class ContractClausesPages {
  constructor(
    private readonly page: WebPage,
    private readonly contracts: ContractsService,
    private readonly catalogue: ClauseCatalogueService,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN')
  async form(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contract = await this.contracts.get(actor, id);
    if (contract.status !== 'DRAFT') throw ContractErrors.wrongStatus(contract.status, '条項の変更');
    await this.render(actor, reply, 200, contract, String(contract.version));
  }

  @Post()
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async save(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contract = await this.contracts.get(actor, id);
    const posted = typeof body.version === 'string' ? body.version : String(contract.version);
    const form = await parseForm(
      PutContractClausesRequest,
      clauseSelectionOf(this.catalogue.catalogue, contract, body),
    );
    if (!form.ok) {
      const submitted = { body, errors: form.errors.errors };
      return this.render(actor, reply, 400, contract, posted, submitted, form.errors.formError);
    }
    try {
      await this.contracts.putClauses(actor, id, form.value);
      await reply.status(303).redirect(`/contracts/${id}?flash=clauses-saved`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, {});
      const placed = clauseErrorsOf(error);
      const formError = [refused.formError, ...placed.unplaced].filter(Boolean).join(' ');
      const submitted = { body, errors: { ...refused.errors, ...placed.errors } };
      await this.render(actor, reply, status, contract, posted, submitted, formError);
    }
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    status: number,
    contract: ContractResponse,
    version: string,
    submitted?: SubmittedClauses,
    formError: string | null = null,
  ): Promise<void> {
    const { rows, excluded } = clauseForm(this.catalogue.catalogue, contract, submitted);
    // The error summary names each refused clause or value by its title or caption, linked to it.
    const summaryItems = rows.flatMap((row) => [
      ...(row.error ? [{ text: `${row.title}：${row.error}`, href: `#${row.id}` }] : []),
      ...row.params.flatMap((p) =>
        p.error ? [{ text: `${row.title}の${p.caption}：${p.error}`, href: `#${p.id}` }] : [],
      ),
    ]);
    const model = await this.page.model(actor, reply, `条項の選択（${contract.contractNumber}）`, {
      contract,
      version,
      rows,
      excluded,
      formError,
      form: { summaryItems },
    });
    await reply.status(status).view('contracts/clauses', model);
  }
}
