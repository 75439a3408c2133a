import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource, Not } from 'typeorm';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { User } from '../../users/user.entity';
import { CreateSnsAccountRequest, type SnsAccountResponse } from '../../sns/dto/sns.dto';
import { SNS_PLATFORMS, TWO_FACTOR_METHODS } from '../../sns/sns-account.entity';
import { SNS_ACCOUNT_TRANSITIONS } from '../../sns/sns-account.state';
import { SnsService } from '../../sns/sns.service';
import { WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { choices, currentValue, listOf, runForm, typed, type FormState } from '../work/work-forms';

/** Checkbox lists arrive as one string or several; an unticked list is absent. */
const ticked = (value: unknown): string[] => listOf(value);

/**
 * The registration form of an SNS account (the officer's draft): every field of the register, the categories
 * from templates/sns/ and the staff as 責任者, 発信担当 and disaster approvers. Sign-in devices one a line.
 */
@ApiExcludeController()
@Controller('sns-accounts/new')
export class SnsRegisterPages {
  constructor(
    private readonly sns: SnsService,
    private readonly page: WebPage,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles(...SNS_ACCOUNT_TRANSITIONS.register.roles)
  async form(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.render(actor, reply, {}, 200);
  }

  @Post()
  @Roles(...SNS_ACCOUNT_TRANSITIONS.register.roles)
  async register(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const devices = typed(body.loginDevices);
    await runForm(reply, {
      dto: CreateSnsAccountRequest,
      input: {
        platform: typed(body.platform),
        handle: typed(body.handle),
        url: typed(body.url),
        displayName: typed(body.displayName),
        operatorName: typed(body.operatorName),
        purpose: typed(body.purpose),
        audience: typed(body.audience),
        allowedCategories: ticked(body.allowedCategories),
        forbiddenCategories: ticked(body.forbiddenCategories),
        managerId: formValue.text(body.managerId),
        posterIds: ticked(body.posterIds),
        fastPathApproverIds: ticked(body.fastPathApproverIds),
        credentialCustodian: formValue.text(body.credentialCustodian),
        loginDevices: devices
          ? devices
              .split(/\r\n|\r|\n/u)
              .map((d) => d.trim())
              .filter((d) => d)
          : [],
        twoFactorEnabled: formValue.bool(body.twoFactorEnabled) ?? false,
        twoFactorMethod: formValue.text(body.twoFactorMethod),
        verified: formValue.bool(body.verified) ?? false,
        unverifiedReason: formValue.text(body.unverifiedReason),
        websiteListingUrl: formValue.text(body.websiteListingUrl),
        profileText: formValue.text(body.profileText),
      },
      body,
      run: (input) => this.sns.register(actor, input),
      show: (state, status) => this.render(actor, reply, state, status),
      redirect: (a: SnsAccountResponse) => `/sns-accounts/${a.id}?flash=sns-registered`,
    });
  }

  private async render(actor: Actor, reply: FastifyReply, state: FormState, status: number): Promise<void> {
    const values = state.values ?? {};
    const staff = await this.dataSource.manager.find(User, {
      select: { id: true, displayName: true },
      where: { role: Not('CONTRACTOR'), active: true },
      order: { displayName: 'ASC' },
      take: 500,
    });
    const list = (name: string): Set<string> => new Set(ticked(values[name]));
    const people = (name: string) => {
      const chosen = list(name);
      return staff.map((u) => ({ id: u.id, name: u.displayName, checked: chosen.has(u.id) }));
    };
    const catalogue = this.sns.categories().categories;
    const categories = (kind: 'ALLOWED' | 'FORBIDDEN', name: string) => {
      const chosen = list(name);
      return catalogue
        .filter((c) => c.kind === kind)
        .map((c) => ({
          code: c.code,
          title: c.title,
          description: c.description,
          checked: chosen.has(c.code),
        }));
    };
    const manager = currentValue(values, 'managerId', null);
    const model = await this.page.model(actor, reply, 'SNSアカウントの登録', {
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values,
      platformChoices: choices('snsPlatform', SNS_PLATFORMS, currentValue(values, 'platform', 'X')),
      methodChoices: choices(
        'twoFactorMethod',
        TWO_FACTOR_METHODS,
        currentValue(values, 'twoFactorMethod', ''),
      ),
      allowed: categories('ALLOWED', 'allowedCategories'),
      forbidden: categories('FORBIDDEN', 'forbiddenCategories'),
      managers: staff.map((u) => ({ id: u.id, name: u.displayName, selected: u.id === manager })),
      posters: people('posterIds'),
      approvers: people('fastPathApproverIds'),
      twoFactorEnabled: values.twoFactorEnabled === 'true',
      verified: values.verified === 'true',
    });
    await reply.status(status).view('sns/new', model);
  }
}
