import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UpdateIssuerSettingsRequest } from '../../settings/dto/issuer-settings.dto';
import { IssuerSettingsService } from '../../settings/issuer-settings.service';
import { formErrorsOf, parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { refusalStatus, text } from './admin-forms';

/** The signers the 専決規程 names, one per kind of document, in the order the form shows them. */
const SIGNER_KINDS = [
  // One signer for every notice the 情報セキュリティ管理者 sends (the setting keeps its first document's code).
  {
    kind: 'IMPROVEMENT_NOTICE',
    label: '改善指示書・事故報告受付通知書・検査結果通知書・外部サービスの利用許可通知書等',
  },
  { kind: 'SUBCONTRACT_DECISION', label: '再委託の承認通知書・不承認通知書' },
] as const;

/** The form's fields, named as the DTO's paths (`signers.IMPROVEMENT_NOTICE.title`), in the DTO's shape. */
function settingsFields(body: Record<string, unknown>): Record<string, unknown> {
  const trimmed = (name: string): string => text(body[name]).trim();
  return {
    version: formValue.int(body.version),
    orgName: trimmed('orgName'),
    orgAddress: trimmed('orgAddress'),
    representativeTitle: trimmed('representativeTitle'),
    representativeName: trimmed('representativeName'),
    signers: Object.fromEntries(
      SIGNER_KINDS.map(({ kind }) => [
        kind,
        { title: trimmed(`signers.${kind}.title`), name: trimmed(`signers.${kind}.name`) },
      ]),
    ),
    sealOmitted: formValue.bool(body.sealOmitted),
    documentNumberPattern: trimmed('documentNumberPattern'),
    contactSection: trimmed('contactSection'),
    contactPerson: trimmed('contactPerson'),
    contactPhone: trimmed('contactPhone'),
    contactEmail: trimmed('contactEmail'),
  };
}

/**
 * 発信者の設定: what the body's documents print as their sender — name, address and representative, the signer
 * of each kind of document, 公印省略, the 文書記号 and the contact block. The ADMIN edits it; the AUDITOR reads it.
 * Documents already issued keep what they printed.
 */
@ApiExcludeController()
@Controller('settings')
export class SettingsPages {
  constructor(
    private readonly page: WebPage,
    private readonly settings: IssuerSettingsService,
  ) {}

  @Get()
  @Roles('ADMIN', 'AUDITOR')
  async show(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(actor, reply, 200, { flash: flashOf(query) });
  }

  @Post()
  @Roles('ADMIN')
  async save(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(UpdateIssuerSettingsRequest, settingsFields(body));
    if (!form.ok) {
      await this.render(actor, reply, 400, { ...form.errors, values: body });
      return;
    }
    try {
      await this.settings.update(actor, form.value);
      await reply.status(303).redirect('/settings?flash=settings-saved');
    } catch (error) {
      const status = refusalStatus(error);
      await this.render(actor, reply, status, {
        ...formErrorsOf(error),
        values: body,
        conflict: status === 409,
      });
    }
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    status: number,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const current = await this.settings.get();
    const model = await this.page.model(actor, reply, '発信者の設定', {
      ...extra,
      s: current,
      canEdit: actor.role === 'ADMIN',
      signers: SIGNER_KINDS.map(({ kind, label }) => ({
        kind,
        label,
        signer: current.signers[kind],
      })),
      example: current.documentNumberPattern.replace('{n}', '12'),
    });
    await reply.status(status).view('admin/settings', model);
  }
}
