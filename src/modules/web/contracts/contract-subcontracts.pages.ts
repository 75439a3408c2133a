import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import { todayInJapan } from '../../../common/clock';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import {
  DecideSubcontractRequest,
  RegisterSubcontractRequest,
  WithdrawSubcontractRequest,
} from '../../contracts/dto/subcontract.dto';
import { SubcontractDecisionsService } from '../../contracts/subcontract-decisions.service';
import { SubcontractErrors } from '../../contracts/subcontracts.errors';
import { SubcontractsService } from '../../contracts/subcontracts.service';
import { parseForm } from '../web-forms';
import { confirmFirst } from '../confirmation';
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
    await this.render(actor, reply, id, subcontractId, 200, {}, query);
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
      await reply
        .status(303)
        .redirect(`/contracts/${id}/subcontracts/${subcontractId}?flash=subcontract-registered`);
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
    const note = form.value.note;
    // A refusal needs its reason: asked here, so that the form shows it before the confirmation step.
    if (!form.value.approved && !note?.trim()) {
      const { status, form: refused } = refusalOf(SubcontractErrors.noteRequired(), values);
      return this.render(actor, reply, id, subcontractId, status, { [key]: refused });
    }
    const { contract, sub } = await this.views.subcontractDetail(actor, id, subcontractId);
    // An approval that cannot succeed (the planned start has passed) is refused before the confirmation step.
    const today = todayInJapan();
    if (form.value.approved && sub.plannedStartDate !== null && sub.plannedStartDate < today) {
      const { status, form: refused } = refusalOf(
        SubcontractErrors.startPassed(sub.plannedStartDate, today),
        values,
      );
      return this.render(actor, reply, id, subcontractId, status, { [key]: refused });
    }
    const confirmed = await confirmFirst(
      this.page,
      actor,
      reply,
      body,
      {
        title: form.value.approved ? '再委託の承認の確認' : '再委託の不承認の確認',
        what: form.value.approved
          ? `${sub.contractorName}への再委託（契約「${contract.title}」）を承認し、再委託承認通知書を発行します。`
          : `${sub.contractorName}への再委託（契約「${contract.title}」）を承認せず、再委託不承認通知書を発行します。`,
        consequences: [
          '通知書には文書番号が付され、発行した時点の内容で保存されます。発行した後に承認又は不承認を取り消すことはできません。',
        ],
        details: note ? [{ label: form.value.approved ? '承認の条件' : '承認しない理由', value: note }] : [],
        back: `/contracts/${id}/subcontracts/${subcontractId}`,
        danger: !form.value.approved,
      },
      () =>
        this.render(actor, reply, id, subcontractId, 200, { [key]: { values, errors: {}, formError: null } }),
    );
    if (!confirmed) return;
    try {
      const decided = await this.decisions.decide(actor, subcontractId, form.value);
      const flash = decided.status === 'APPROVED' ? 'subcontract-approved' : 'subcontract-rejected';
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
    const { contract, sub } = await this.views.subcontractDetail(actor, id, subcontractId);
    const confirmed = await confirmFirst(
      this.page,
      actor,
      reply,
      body,
      {
        title: '再委託の申請の取下げの確認',
        what: `${sub.contractorName}への再委託（契約「${contract.title}」）の申請を取り下げます。`,
        consequences: [
          '取り下げた申請は元に戻すことができません。再委託を行う場合は、改めて申請してください。',
        ],
        details: [{ label: '取下げの理由', value: form.value.reason }],
        back: `/contracts/${id}/subcontracts/${subcontractId}`,
        danger: true,
      },
      () =>
        this.render(actor, reply, id, subcontractId, 200, {
          withdraw: { values, errors: {}, formError: null },
        }),
    );
    if (!confirmed) return;
    try {
      await this.subcontracts.withdraw(actor, subcontractId, form.value);
      await reply
        .status(303)
        .redirect(`/contracts/${id}/subcontracts/${subcontractId}?flash=subcontract-withdrawn`);
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
    query?: unknown,
  ): Promise<void> {
    const parts = await this.views.subcontractDetail(actor, id, subcontractId, forms);
    const title = `再委託の申請（${parts.sub.contractorName}）`;
    const flash = query === undefined ? null : flashOf(query, parts.sub.contractorName);
    await reply
      .status(status)
      .view('contracts/subcontract', await this.page.model(actor, reply, title, { flash, ...parts }));
  }
}
