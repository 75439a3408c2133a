import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource, Not } from 'typeorm';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { User } from '../../users/user.entity';
import {
  CreateSnsAccountRequest,
  UpdateSnsAccountRequest,
  type SnsAccountResponse,
} from '../../sns/dto/sns.dto';
import { SNS_PLATFORMS, TWO_FACTOR_METHODS } from '../../sns/sns-account.entity';
import { SNS_ACCOUNT_TRANSITIONS } from '../../sns/sns-account.state';
import { SnsService } from '../../sns/sns.service';
import { WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { choices, currentValue, listOf, runForm, typed, type FormState } from '../work/work-forms';

/** Checkbox lists arrive as one string or several; an unticked list is absent. */
const ticked = (value: unknown): string[] => listOf(value);

/** The register's fields as the API takes them, from the posted form (shared by registration and editing). */
function accountInput(body: Record<string, unknown>): Record<string, unknown> {
  const devices = typed(body.loginDevices);
  return {
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
  };
}

/** The stored account as the form's posted values, so the edit form opens prefilled. */
function formValuesOf(a: SnsAccountResponse): Record<string, unknown> {
  return {
    platform: a.platform,
    handle: a.handle,
    url: a.url,
    displayName: a.displayName,
    operatorName: a.operatorName,
    purpose: a.purpose,
    audience: a.audience,
    allowedCategories: a.allowedCategories.map((c) => c.code),
    forbiddenCategories: a.forbiddenCategories.map((c) => c.code),
    managerId: a.managerId ?? '',
    posterIds: a.posters.map((p) => p.id),
    fastPathApproverIds: a.fastPathApprovers.map((p) => p.id),
    credentialCustodian: a.credentialCustodian ?? '',
    loginDevices: a.loginDevices.join('\n'),
    twoFactorEnabled: a.twoFactorEnabled ? 'true' : '',
    twoFactorMethod: a.twoFactorMethod ?? '',
    verified: a.verified ? 'true' : '',
    unverifiedReason: a.unverifiedReason ?? '',
    websiteListingUrl: a.websiteListingUrl ?? '',
    profileText: a.profileText ?? '',
    version: String(a.version),
  };
}

/** What differs between the registration form and the edit form of the same register entry. */
interface FormFrame {
  title: string;
  action: string;
  submit: string;
  back: string | null;
}

const REGISTER_FRAME: FormFrame = {
  title: 'SNSアカウントの登録',
  action: '/sns-accounts/new',
  submit: '登録する',
  back: null,
};

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
    await renderAccountForm(this.sns, this.page, this.dataSource, actor, reply, {}, 200, REGISTER_FRAME);
  }

  @Post()
  @Roles(...SNS_ACCOUNT_TRANSITIONS.register.roles)
  async register(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: CreateSnsAccountRequest,
      input: accountInput(body),
      body,
      run: (input) => this.sns.register(actor, input),
      show: (state, status) =>
        renderAccountForm(this.sns, this.page, this.dataSource, actor, reply, state, status, REGISTER_FRAME),
      redirect: (a: SnsAccountResponse) => `/sns-accounts/${a.id}?flash=sns-registered`,
    });
  }
}

/** The register's form: empty for a new account, prefilled with the stored entry (and its version) for an edit. */
async function renderAccountForm(
  sns: SnsService,
  page: WebPage,
  dataSource: DataSource,
  actor: Actor,
  reply: FastifyReply,
  state: FormState,
  status: number,
  frame: FormFrame,
): Promise<void> {
  const values = state.values ?? {};
  const staff = await dataSource.manager.find(User, {
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
  const catalogue = sns.categories().categories;
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
  const model = await page.model(actor, reply, frame.title, {
    frame,
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

/**
 * The edit form of a registered account (登録内容の変更): the registration form prefilled with the stored entry,
 * sent with its version. The service keeps an ACTIVE account's 2FA and website listing (activation's conditions).
 */
@ApiExcludeController()
@Controller('sns-accounts/:id/edit')
export class SnsEditPages {
  constructor(
    private readonly sns: SnsService,
    private readonly page: WebPage,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles(...SNS_ACCOUNT_TRANSITIONS.edit.roles)
  async form(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const account = await this.sns.get(id);
    await this.render(actor, reply, account, { values: formValuesOf(account) }, 200);
  }

  @Post()
  @Roles(...SNS_ACCOUNT_TRANSITIONS.edit.roles)
  async save(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const account = await this.sns.get(id);
    await runForm(reply, {
      dto: UpdateSnsAccountRequest,
      input: { ...accountInput(body), version: formValue.int(body.version) },
      body,
      run: (input) => this.sns.update(actor, id, input),
      show: (state, status) => this.render(actor, reply, account, state, status),
      redirect: (a: SnsAccountResponse) => `/sns-accounts/${a.id}?flash=sns-edited`,
    });
  }

  private render(
    actor: Actor,
    reply: FastifyReply,
    account: SnsAccountResponse,
    state: FormState,
    status: number,
  ): Promise<void> {
    return renderAccountForm(this.sns, this.page, this.dataSource, actor, reply, state, status, {
      title: `SNSアカウント（${account.handle}）の登録内容の変更`,
      action: `/sns-accounts/${account.id}/edit`,
      submit: '変更を保存する',
      back: `/sns-accounts/${account.id}`,
    });
  }
}
