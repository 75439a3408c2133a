import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { CERTIFICATION_TYPES } from '../../contractors/certification.entity';
import { CONTRACTOR_STATUSES } from '../../contractors/contractor.entity';
import { ContractorsService } from '../../contractors/contractors.service';
import {
  ArchiveContractorRequest,
  CreateCertificationRequest,
  CreateContractorRequest,
  ListContractorsQuery,
  UpdateContractorRequest,
} from '../../contractors/dto/contractor.requests';
import { confirmFirst } from '../confirmation';
import { LABELS } from '../glossary';
import { formErrorsOf, parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { formValue, pageLinks } from '../web-urls';
import { contractorFields, optional, pick, refusalStatus, text } from './admin-forms';

const READERS = ['OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR'] as const;
const WRITERS = ['OFFICER', 'ADMIN'] as const;
const FILTERS = ['q', 'status', 'certificationAttention', 'limit', 'cursor'] as const;

const canWrite = (actor: Actor): boolean => actor.role === 'OFFICER' || actor.role === 'ADMIN';

/** 委託先: the register of contractors and their certifications (policy Art. 6(6)(ア), selection). */
@ApiExcludeController()
@Controller('contractors')
export class ContractorPages {
  constructor(
    private readonly page: WebPage,
    private readonly contractors: ContractorsService,
  ) {}

  @Get()
  @Roles(...READERS)
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filters = pick(query, FILTERS);
    const extra = {
      flash: flashOf(query),
      filters,
      statuses: CONTRACTOR_STATUSES,
      canWrite: canWrite(actor),
    };
    const form = await parseForm(ListContractorsQuery, filters);
    if (!form.ok) {
      const model = await this.page.model(actor, reply, '委託先', { ...extra, ...form.errors, items: [] });
      await reply.status(400).view('admin/contractors', model);
      return;
    }
    // The register reads in 五十音順 by フリガナ, as a paper register would.
    const page = await this.contractors.list(actor, form.value, 'reading');
    const links = pageLinks('/contractors', filters, page.nextCursor);
    await reply.view(
      'admin/contractors',
      await this.page.model(actor, reply, '委託先', { ...extra, ...links, items: page.items }),
    );
  }

  @Get('new')
  @Roles(...WRITERS)
  async newForm(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await reply.view('admin/contractor-form', await this.page.model(actor, reply, '委託先の登録', {}));
  }

  @Post()
  @Roles(...WRITERS)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(CreateContractorRequest, contractorFields(body, undefined));
    if (!form.ok) {
      const model = await this.page.model(actor, reply, '委託先の登録', { ...form.errors, values: body });
      await reply.status(400).view('admin/contractor-form', model);
      return;
    }
    try {
      const created = await this.contractors.create(actor, form.value);
      await reply.status(303).redirect(`/contractors/${created.id}?flash=contractor-created`);
    } catch (error) {
      const model = await this.page.model(actor, reply, '委託先の登録', {
        ...formErrorsOf(error),
        values: body,
      });
      await reply.status(refusalStatus(error)).view('admin/contractor-form', model);
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
    await this.renderDetail(actor, reply, id, 200, {}, query);
  }

  @Get(':id/edit')
  @Roles(...WRITERS)
  async editForm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderEdit(actor, reply, id, 200, {});
  }

  @Post(':id/edit')
  @Roles(...WRITERS)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(UpdateContractorRequest, {
      ...contractorFields(body, null),
      status: text(body.status),
      version: formValue.int(body.version),
    });
    if (!form.ok) {
      await this.renderEdit(actor, reply, id, 400, { ...form.errors, values: body });
      return;
    }
    try {
      await this.contractors.update(actor, id, form.value);
      await reply.status(303).redirect(`/contractors/${id}?flash=contractor-saved`);
    } catch (error) {
      const status = refusalStatus(error);
      await this.renderEdit(actor, reply, id, status, {
        ...formErrorsOf(error),
        values: body,
        conflict: status === 409,
      });
    }
  }

  @Post(':id/certifications')
  @Roles(...WRITERS)
  async addCertification(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(CreateCertificationRequest, {
      type: text(body.type),
      registrationNumber: text(body.registrationNumber),
      issuer: text(body.issuer),
      validFrom: text(body.validFrom),
      validUntil: text(body.validUntil),
      // 適用範囲: optional; blank is "not recorded" (the selection page then flags an ISMS without it).
      scope: text(body.scope) || undefined,
    });
    if (!form.ok) {
      await this.renderDetail(actor, reply, id, 400, { ...form.errors, values: body });
      return;
    }
    try {
      await this.contractors.addCertification(actor, id, form.value);
      await reply.status(303).redirect(`/contractors/${id}?flash=certification-created`);
    } catch (error) {
      await this.renderDetail(actor, reply, id, refusalStatus(error), {
        ...formErrorsOf(error),
        values: body,
      });
    }
  }

  @Post(':id/certifications/:certificationId/remove')
  @Roles(...WRITERS)
  async removeCertification(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('certificationId', UuidPipe) certificationId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const contractor = await this.contractors.get(actor, id);
    const certification = contractor.certifications.find((c) => c.id === certificationId);
    if (certification) {
      const type = LABELS.certificationType[certification.type] ?? certification.type;
      const what = `「${type}」（登録番号 ${certification.registrationNumber}）`;
      const confirmed = await confirmFirst(this.page, actor, reply, body, {
        title: '認証の削除の確認',
        what: `${contractor.name}の認証${what}を削除します。`,
        consequences: [
          '削除した認証は委託先の詳細に表示されなくなり、元に戻すことはできません（削除したことは監査ログに記録されます。）。',
          '認証を更新した場合は、先に新しい認証を追加してから、古い認証を削除してください。',
        ],
        back: `/contractors/${id}`,
        danger: true,
      });
      if (!confirmed) return;
    }
    await this.contractors.removeCertification(actor, id, certificationId);
    await reply.status(303).redirect(`/contractors/${id}?flash=certification-removed`);
  }

  @Post(':id/archive')
  @Roles(...WRITERS)
  async archive(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(ArchiveContractorRequest, {
      version: formValue.int(body.version),
      reason: optional(body.reason, undefined),
    });
    if (!form.ok) {
      const archive = { ...form.errors, values: body, idPrefix: 'f-' };
      await this.renderDetail(actor, reply, id, 400, { forms: { archive } });
      return;
    }
    const contractor = await this.contractors.get(actor, id);
    const reason = form.value.reason;
    const confirmed = await confirmFirst(
      this.page,
      actor,
      reply,
      body,
      {
        title: '委託先のアーカイブの確認',
        what: `${contractor.name}をアーカイブします。`,
        consequences: [
          'アーカイブすると、この委託先の登録内容及び認証は変更できなくなり、元に戻すことはできません。',
          '契約、自己点検及び改善指示の記録は削除されず、引き続き参照できます。',
        ],
        details: reason ? [{ label: 'アーカイブの理由', value: reason }] : [],
        back: `/contractors/${id}`,
        danger: true,
      },
      () =>
        this.renderDetail(actor, reply, id, 200, { forms: { archive: { values: body, idPrefix: 'f-' } } }),
    );
    if (!confirmed) return;
    try {
      await this.contractors.archive(actor, id, form.value);
      await reply.status(303).redirect(`/contractors/${id}?flash=contractor-archived`);
    } catch (error) {
      const archive = { ...formErrorsOf(error), values: body, idPrefix: 'f-' };
      await this.renderDetail(actor, reply, id, refusalStatus(error), { forms: { archive } });
    }
  }

  private async renderDetail(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    status: number,
    extra: Record<string, unknown>,
    query?: unknown,
  ): Promise<void> {
    const contractor = await this.contractors.get(actor, id);
    const model = await this.page.model(actor, reply, contractor.name, {
      flash: query === undefined ? null : flashOf(query, contractor.name),
      ...extra,
      contractor,
      certificationTypes: CERTIFICATION_TYPES,
      // `scope` here is a certification's 適用範囲, not the 再委託 scope the glossary names.
      fieldNames: { scope: '適用範囲' },
      canWrite: canWrite(actor) && contractor.status !== 'ARCHIVED',
    });
    await reply.status(status).view('admin/contractor', model);
  }

  private async renderEdit(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    status: number,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const contractor = await this.contractors.get(actor, id);
    const model = await this.page.model(actor, reply, `委託先の変更（${contractor.name}）`, {
      ...extra,
      contractor,
    });
    await reply.status(status).view('admin/contractor-form', model);
  }
}
