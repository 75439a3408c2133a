import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ContractorsService } from '../../contractors/contractors.service';
import { CreateUserRequest, ListUsersQuery, UpdateUserRequest } from '../../users/dto/user.requests';
import type { UserResponse } from '../../users/dto/user.response';
import { ROLES } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { formErrorsOf, parseForm, type FormErrors } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { uuidOf } from '../work/work-forms';
import { formValue, pageLinks } from '../web-urls';
import { AdminPageReads } from './admin-page-reads';
import { pick, refusalStatus, text } from './admin-forms';

/** At most this many contractors in the select (100 a page): far more than a body of this size deals with. */
const MAX_CONTRACTOR_PAGES = 20;

/** The shared wording for a too-short value is 「入力してください。」; a typed password needs the rule. */
function withPasswordRule(form: FormErrors, typed: unknown): FormErrors {
  if (!form.errors.password || typeof typed !== 'string' || typed === '') return form;
  return { ...form, errors: { ...form.errors, password: 'パスワードは12文字以上で入力してください。' } };
}

/** What the form keeps after a refusal: everything typed except the password. */
const keep = (body: Record<string, unknown>): Record<string, unknown> => ({ ...body, password: '' });
/** Only a 受託者 is bound to a company; for any other role the select is ignored. */
const contractorIdOf = (body: Record<string, unknown>): string | undefined =>
  body.role === 'CONTRACTOR' ? formValue.text(body.contractorId) : undefined;

/** ユーザー管理 (情報セキュリティ管理者 only): accounts, roles, the company of a 受託者, deactivation. */
@ApiExcludeController()
@Controller('users')
@Roles('ADMIN')
export class UserPages {
  constructor(
    private readonly page: WebPage,
    private readonly users: UsersService,
    private readonly contractors: ContractorsService,
    private readonly reads: AdminPageReads,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filters = pick(query, ['role', 'limit', 'cursor']);
    const extra = { flash: flashOf(query), filters, roles: ROLES };
    const form = await parseForm(ListUsersQuery, filters);
    if (!form.ok) {
      const model = await this.page.model(actor, reply, 'ユーザー管理', {
        ...extra,
        ...form.errors,
        items: [],
      });
      await reply.status(400).view('admin/users', model);
      return;
    }
    const page = await this.users.list(form.value);
    const names = await this.contractorNames(actor, page.items);
    const items = page.items.map((u) => ({
      ...u,
      contractorName: u.contractorId ? names.get(u.contractorId) : null,
    }));
    const links = pageLinks('/users', filters, page.nextCursor);
    // The user a flash is about (?user=<id>, after adding or changing one), who may be on another page.
    const userId = uuidOf((query as { user?: unknown } | null)?.user);
    const named = userId ? await this.reads.user(userId).catch(() => null) : null;
    const flash = flashOf(query, named?.displayName);
    await reply.view(
      'admin/users',
      await this.page.model(actor, reply, 'ユーザー管理', { ...extra, flash, ...links, items }),
    );
  }

  @Get('new')
  async newForm(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.renderForm(actor, reply, 200, null, { values: { role: 'OFFICER' } });
  }

  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = await parseForm(CreateUserRequest, {
      email: text(body.email),
      displayName: text(body.displayName),
      password: text(body.password),
      role: text(body.role),
      contractorId: contractorIdOf(body),
    });
    if (!form.ok) {
      const errors = withPasswordRule(form.errors, body.password);
      await this.renderForm(actor, reply, 400, null, { ...errors, values: keep(body) });
      return;
    }
    try {
      const created = await this.users.create(actor, form.value);
      await reply.status(303).redirect(`/users?flash=user-created&user=${created.id}`);
    } catch (error) {
      await this.renderForm(actor, reply, refusalStatus(error), null, {
        ...formErrorsOf(error),
        values: keep(body),
      });
    }
  }

  @Get(':id/edit')
  async editForm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderForm(actor, reply, 200, await this.reads.user(id), {});
  }

  @Post(':id/edit')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = await this.reads.user(id);
    const form = await parseForm(UpdateUserRequest, {
      version: formValue.int(body.version),
      displayName: text(body.displayName),
      role: text(body.role),
      contractorId: contractorIdOf(body) ?? null,
      active: formValue.bool(body.active),
      // Blank keeps the current password.
      password: formValue.text(body.password),
    });
    if (!form.ok) {
      const errors = withPasswordRule(form.errors, body.password);
      await this.renderForm(actor, reply, 400, user, { ...errors, values: keep(body) });
      return;
    }
    try {
      await this.users.update(actor, id, form.value);
      await reply.status(303).redirect(`/users?flash=user-saved&user=${id}`);
    } catch (error) {
      const status = refusalStatus(error);
      await this.renderForm(actor, reply, status, user, {
        ...formErrorsOf(error),
        values: keep(body),
        conflict: status === 409,
      });
    }
  }

  private async renderForm(
    actor: Actor,
    reply: FastifyReply,
    status: number,
    user: UserResponse | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const title = user ? `ユーザー情報の変更（${user.displayName}）` : 'ユーザーの登録';
    const model = await this.page.model(actor, reply, title, {
      ...extra,
      user,
      roles: ROLES,
      contractors: await this.contractorOptions(actor),
    });
    await reply.status(status).view('admin/user-form', model);
  }

  /** The companies a 受託者 can be bound to (archived ones are refused by the service). */
  private async contractorOptions(actor: Actor): Promise<{ id: string; name: string }[]> {
    const options: { id: string; name: string }[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < MAX_CONTRACTOR_PAGES; i++) {
      const page = await this.contractors.list(actor, { limit: 100, cursor });
      for (const c of page.items) if (c.status !== 'ARCHIVED') options.push({ id: c.id, name: c.name });
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return options.sort((a, b) => a.name.localeCompare(b.name, 'ja'));
  }

  private async contractorNames(actor: Actor, users: UserResponse[]): Promise<Map<string, string>> {
    const ids = [...new Set(users.flatMap((u) => (u.contractorId ? [u.contractorId] : [])))];
    const found = await Promise.all(ids.map((id) => this.contractors.get(actor, id)));
    return new Map(found.map((c) => [c.id, c.name]));
  }
}
