import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import {
  DecideSubcontractRequest,
  RegisterSubcontractRequest,
  WithdrawSubcontractRequest,
} from '../../contracts/dto/subcontract.dto';
import { SubcontractDecisionsService } from '../../contracts/subcontract-decisions.service';
import { SubcontractsService } from '../../contracts/subcontracts.service';
import { parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { invalidForm, pick, refusalOf } from './contract-forms';
import { ContractViews, type SubcontractForms } from './contract-views';

const version = (body: Record<string, unknown>): unknown => formValue.int(body.version) ?? body.version;

/**
 * A 再委託 request's page (/contracts/:id/subcontracts/:subcontractId): what the contractor asked for, the officer's
 * registration of the proposed company and decision (which issues the 承認通知書 / 不承認通知書, linked from here),
 * and the contractor's withdrawal.
 */
@ApiExcludeController()
@Controller('contracts/:id/subcontracts/:subcontractId')
export class ContractSubcontractsPages {
  constructor(
    private readonly page: WebPage,
    private readonly subcontracts: SubcontractsService,
    private readonly decisions: SubcontractDecisionsService,
    private readonly views: ContractViews,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('subcontractId', UuidPipe) subcontractId: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(actor, reply, id, subcontractId, 200, {}, flashOf(query));
  }

  @Post('registration')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async register(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('subcontractId', UuidPipe) subcontractId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, ['contractorId']);
    const contractorId = formValue.text(body.contractorId);
    const form = await parseForm(RegisterSubcontractRequest, {
      version: version(body),
      ...(contractorId ? { contractorId } : {}),
    });
    if (!form.ok)
      return this.render(actor, reply, id, subcontractId, 400, {
        register: invalidForm(form.errors, values),
      });
    try {
      await this.decisions.register(actor, subcontractId, form.value);
      await reply.status(303).redirect(`/contracts/${id}/subcontracts/${subcontractId}?flash=created`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.render(actor, reply, id, subcontractId, status, { register: refused });
    }
  }

  @Post('decision')
  @HttpCode(303)
  @Roles('OFFICER', 'ADMIN')
  async decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('subcontractId', UuidPipe) subcontractId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const approved = formValue.bool(body.approved);
    const key = approved === false ? 'reject' : 'approve';
    const values = pick(body, ['note']);
    const form = await parseForm(DecideSubcontractRequest, {
      version: version(body),
      approved: approved ?? body.approved,
      note: formValue.text(body.note),
    });
    if (!form.ok)
      return this.render(actor, reply, id, subcontractId, 400, { [key]: invalidForm(form.errors, values) });
    try {
      const decided = await this.decisions.decide(actor, subcontractId, form.value);
      const flash = decided.status === 'APPROVED' ? 'approved' : 'done';
      await reply.status(303).redirect(`/contracts/${id}/subcontracts/${subcontractId}?flash=${flash}`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.render(actor, reply, id, subcontractId, status, { [key]: refused });
    }
  }

  @Post('withdrawal')
  @HttpCode(303)
  @Roles('CONTRACTOR', 'OFFICER', 'ADMIN')
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('subcontractId', UuidPipe) subcontractId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = pick(body, ['reason']);
    const form = await parseForm(WithdrawSubcontractRequest, { version: version(body), reason: body.reason });
    if (!form.ok)
      return this.render(actor, reply, id, subcontractId, 400, {
        withdraw: invalidForm(form.errors, values),
      });
    try {
      await this.subcontracts.withdraw(actor, subcontractId, form.value);
      await reply.status(303).redirect(`/contracts/${id}/subcontracts/${subcontractId}?flash=done`);
    } catch (error) {
      const { status, form: refused } = refusalOf(error, values);
      await this.render(actor, reply, id, subcontractId, status, { withdraw: refused });
    }
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    subcontractId: string,
    status: number,
    forms: SubcontractForms,
    flash: string | null = null,
  ): Promise<void> {
    const parts = await this.views.subcontractDetail(actor, id, subcontractId, forms);
    const title = `再委託の申請（${parts.sub.contractorName}）`;
    await reply
      .status(status)
      .view('contracts/subcontract', await this.page.model(actor, reply, title, { flash, ...parts }));
  }
}
