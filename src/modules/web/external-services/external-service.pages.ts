import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource, Not } from 'typeorm';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ATTENTION_KINDS, ATTENTION_WORDS } from '../../external-services/external-service-attention';
import {
  ApplyExternalServiceRequest,
  ConfirmErasureRequest,
  CreateExternalServiceRequest,
  DecideExternalServiceRequest,
  EndExternalServiceRequest,
  ReviewExternalServiceRequest,
  UpdateExternalServiceRequest,
  type ExternalServiceResponse,
} from '../../external-services/dto/external-service.dto';
import {
  CONTRACT_FORMS,
  EXTERNAL_SERVICE_STATUSES,
  ISMAP_KINDS,
  SERVICE_MODELS,
} from '../../external-services/external-service.entity';
import { ExternalServicesService } from '../../external-services/external-services.service';
import { User } from '../../users/user.entity';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import {
  choices,
  currentValue,
  runForm,
  runStepForm,
  typed,
  type FormState,
  type StepPage,
} from '../work/work-forms';
import {
  CHECKLIST_ROWS,
  formValuesOf,
  inUse,
  MONITORED_FORM_FIELDS,
  serviceInput,
} from './external-service-form';
import { ExternalServicePageView } from './external-service-page.view';

const STAFF = ['OFFICER', 'ADMIN'] as const;
const READERS = ['OFFICER', 'ADMIN', 'AUDITOR'] as const;

/** Where a refusal of the service belongs on the form. */
const FIELDS = {
  'EXTERNAL_SERVICE.CORPORATE_NUMBER_INVALID': 'providerCorporateNumber',
  'EXTERNAL_SERVICE.SPECIFIC_WITHOUT_PERSONAL': 'specificPersonalInfo',
  'EXTERNAL_SERVICE.ISMAP_INCOMPLETE': 'ismapKind',
  'EXTERNAL_SERVICE.MANAGER_INVALID': 'managerUserId',
};

/** 外部サービス (Article 6(6)(イ)): the register, the application form, one service with its steps. */
@ApiExcludeController()
@Controller('external-services')
export class ExternalServicePages {
  constructor(
    private readonly page: WebPage,
    private readonly services: ExternalServicesService,
    private readonly dataSource: DataSource,
    private readonly view: ExternalServicePageView,
  ) {}

  @Get()
  @Roles(...READERS)
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const status = EXTERNAL_SERVICE_STATUSES.find((s) => s === query.status);
    const cls = ['1', '2', '3'].find((c) => c === query.confidentialityClass);
    // From the dashboard's counts: only the services needing this action today.
    const attention = ATTENTION_KINDS.find((k) => k === query.attention);
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 400 ? query.cursor : undefined;
    const page = await this.services.list(actor, {
      status,
      confidentialityClass: cls ? Number(cls) : undefined,
      attention,
      cursor,
      limit: 50,
    });
    const filter = {
      ...(status ? { status } : {}),
      ...(cls ? { confidentialityClass: cls } : {}),
      ...(attention ? { attention } : {}),
    };
    const exportQuery = new URLSearchParams(filter).toString();
    const model = await this.page.model(actor, reply, '外部サービス', {
      flash: flashOf(query),
      canRegister: actor.role === 'OFFICER' || actor.role === 'ADMIN',
      services: page.items,
      statusOptions: choices('externalServiceStatus', EXTERNAL_SERVICE_STATUSES, status ?? ''),
      classOptions: choices('confidentiality', ['1', '2', '3'], cls ?? ''),
      attentionWords: attention ? ATTENTION_WORDS[attention] : null,
      exportQuery: exportQuery ? `?${exportQuery}` : '',
      nextUrl: page.nextCursor
        ? `/external-services?${new URLSearchParams({ ...filter, cursor: page.nextCursor }).toString()}`
        : null,
      firstUrl: cursor ? `/external-services?${new URLSearchParams(filter).toString()}` : null,
    });
    await reply.view('external-services/list', model);
  }

  @Get('new')
  @Roles(...STAFF)
  async newForm(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.renderForm(actor, reply, null);
  }

  @Post()
  @Roles(...STAFF)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: CreateExternalServiceRequest,
      input: serviceInput(body, false),
      body,
      fields: FIELDS,
      run: (input) => this.services.create(actor, input),
      show: (state, status) => this.renderForm(actor, reply, null, state, status),
      redirect: (s) => `/external-services/${s.id}?flash=external-service-registered`,
    });
  }

  @Get(':id')
  @Roles(...READERS)
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.view.render(actor, reply, id, {}, 200, query);
  }

  @Get(':id/edit')
  @Roles(...STAFF)
  async editForm(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderForm(actor, reply, await this.services.get(actor, id));
  }

  @Post(':id')
  @Roles(...STAFF)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const current = await this.services.get(actor, id);
    const all = serviceInput(body, true);
    // While in use only the monitored facts are on the form (and may change).
    const input = inUse(current)
      ? Object.fromEntries(Object.entries(all).filter(([k]) => MONITORED_FORM_FIELDS.includes(k)))
      : all;
    await runForm(reply, {
      dto: UpdateExternalServiceRequest,
      input: { ...input, version: formValue.int(body.version) },
      body,
      fields: FIELDS,
      run: (dto) => this.services.update(actor, id, dto),
      show: (state, status) => this.renderForm(actor, reply, current, state, status),
      redirect: () => `/external-services/${id}?flash=external-service-saved`,
    });
  }

  @Post(':id/apply')
  @Roles('OFFICER')
  async apply(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: ApplyExternalServiceRequest,
      input: { version: formValue.int(body.version) },
      run: (input) => this.services.apply(actor, id, input),
      flash: 'external-service-applied',
    });
  }

  @Post(':id/decision')
  @Roles('ADMIN')
  async decide(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const decision = typed(body.decision);
    await runStepForm(this.at(actor, reply, id, body), {
      dto: DecideExternalServiceRequest,
      input: {
        version: formValue.int(body.version),
        decision,
        conditions: decision === 'APPROVE' ? formValue.text(body.conditions) : undefined,
        reason: decision === 'REJECT' ? formValue.text(body.reason) : undefined,
      },
      pageErrors: {
        ...(decision === 'APPROVE' && !formValue.text(body.conditions)
          ? { conditions: '承認する場合は、利用の条件を記入してください。' }
          : {}),
        ...(decision === 'REJECT' && !formValue.text(body.reason)
          ? { reason: '承認しない場合は、その理由を記入してください。' }
          : {}),
      },
      fields: {
        'EXTERNAL_SERVICE.ISMAP_REQUIRED': 'decision',
        'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED': 'decision',
        'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS': 'decision',
      },
      confirm: async (input) => {
        const s = await this.services.get(actor, id);
        const approve = input.decision === 'APPROVE';
        return {
          title: approve ? '外部サービスの利用の承認の確認' : '外部サービスの利用の不承認の確認',
          what: approve
            ? `「${s.name}」の利用を、条件を付して承認します。`
            : `「${s.name}」の利用を承認しないこととします。`,
          consequences: approve
            ? ['承認した後は、承認した内容（機密性の区分、データの保管場所等）を変更できません。']
            : ['承認しないこととした申請は、再び判断できません。利用するには改めて登録してください。'],
          details: [
            approve
              ? { label: '利用の条件', value: input.conditions ?? '' }
              : { label: '理由', value: input.reason ?? '' },
          ],
          danger: !approve,
        };
      },
      run: (input) => this.services.decide(actor, id, input),
      flash: (s) => (s.status === 'APPROVED' ? 'external-service-approved' : 'external-service-rejected'),
    });
  }

  @Post(':id/review')
  @Roles('ADMIN')
  async review(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: ReviewExternalServiceRequest,
      input: { version: formValue.int(body.version), outcome: typed(body.outcome), note: typed(body.note) },
      fields: {
        'EXTERNAL_SERVICE.ISMAP_REQUIRED': 'outcome',
        'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED': 'outcome',
        'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS': 'outcome',
        'EXTERNAL_SERVICE.REASON_REQUIRED': 'note',
      },
      confirm: async (input) => {
        const s = await this.services.get(actor, id);
        const suspend = input.outcome === 'SUSPEND';
        return {
          title: '定期見直しの記録の確認',
          what: suspend
            ? `「${s.name}」の利用を停止します。`
            : `「${s.name}」の見直しを記録し、利用を継続します。`,
          consequences: [`次回の見直しの期限は、本日から${s.reviewIntervalMonths}か月後となります。`],
          details: [{ label: '見直しの結果', value: input.note }],
          danger: suspend,
        };
      },
      run: (input) => this.services.review(actor, id, input),
      flash: 'external-service-reviewed',
    });
  }

  @Post(':id/end')
  @Roles(...STAFF)
  async end(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: EndExternalServiceRequest,
      input: { version: formValue.int(body.version), endedOn: typed(body.endedOn) },
      fields: { 'EXTERNAL_SERVICE.ENDED_IN_FUTURE': 'endedOn' },
      confirm: async (input) => {
        const s = await this.services.get(actor, id);
        return {
          title: '外部サービスの利用の終了の確認',
          what: `「${s.name}」の利用を終了します。`,
          consequences: [
            '終了した後は、再び利用できません。',
            '事業者がこのサービス上の情報を消去したことを確認し、記録してください。',
          ],
          details: [{ label: '利用を終了した日', value: input.endedOn }],
          danger: true,
        };
      },
      run: (input) => this.services.end(actor, id, input),
      flash: 'external-service-ended',
    });
  }

  @Post(':id/erasure-confirmation')
  @Roles(...STAFF)
  async confirmErasure(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runStepForm(this.at(actor, reply, id, body), {
      dto: ConfirmErasureRequest,
      input: { version: formValue.int(body.version), note: typed(body.note) },
      fields: { 'EXTERNAL_SERVICE.REASON_REQUIRED': 'note' },
      confirm: async (input) => {
        const s = await this.services.get(actor, id);
        return {
          title: 'データ消去の確認の記録',
          what: `「${s.name}」上の情報の消去を確認したことを記録し、利用を終了とします。`,
          consequences: ['記録した後は、変更できません。'],
          details: [{ label: '確認の方法', value: input.note }],
        };
      },
      run: (input) => this.services.confirmErasure(actor, id, input),
      flash: 'external-service-erased',
    });
  }

  /** This service's page: each step's form is posted from it, shown again on it when refused, and ends there. */
  private at(actor: Actor, reply: FastifyReply, id: string, body: Record<string, unknown>): StepPage {
    return { page: this.page, view: this.view, url: `/external-services/${id}`, actor, reply, id, body };
  }

  private async renderForm(
    actor: Actor,
    reply: FastifyReply,
    service: ExternalServiceResponse | null,
    state: FormState = {},
    status = 200,
  ): Promise<void> {
    const values = state.values ?? (service ? formValuesOf({ ...service }) : {});
    const staff = await this.dataSource.manager.find(User, {
      select: { id: true, displayName: true },
      where: { role: Not('CONTRACTOR'), active: true },
      order: { displayName: 'ASC' },
    });
    const chosen = (field: string, fallback = ''): string => currentValue(values, field, fallback);
    const model = await this.page.model(
      actor,
      reply,
      service ? `外部サービスの登録内容の変更（${service.name}）` : '外部サービスの登録',
      {
        flash: state.flash ?? null,
        errors: state.errors ?? {},
        formError: state.formError ?? null,
        values,
        service,
        monitoredOnly: service !== null && inUse(service),
        action: service ? `/external-services/${service.id}` : '/external-services',
        models: choices('serviceModel', SERVICE_MODELS, chosen('model', 'SAAS')),
        contractForms: choices('serviceContractForm', CONTRACT_FORMS, chosen('contractForm', 'INDIVIDUAL')),
        classes: choices('confidentiality', ['1', '2', '3'], chosen('confidentialityClass', '1')),
        ismapKinds: [
          { value: '', label: '登録なし', checked: chosen('ismapKind') === '' },
          ...choices('ismapKind', ISMAP_KINDS, chosen('ismapKind')),
        ],
        personalChecked: chosen('personalInfo') === 'true',
        specificChecked: chosen('specificPersonalInfo') === 'true',
        renewalChecked: chosen('ismapRenewalPending') === 'true',
        checklist: CHECKLIST_ROWS.map((row) => ({
          ...row,
          options: [
            { value: '', label: '未確認', selected: chosen(row.field) === '' },
            { value: 'true', label: '定めあり', selected: chosen(row.field) === 'true' },
            { value: 'false', label: '定めなし', selected: chosen(row.field) === 'false' },
          ],
        })),
        managers: staff.map((u) => ({
          value: u.id,
          label: u.displayName,
          selected: chosen('managerUserId') === u.id,
        })),
        reviewInterval: chosen('reviewIntervalMonths', '12'),
      },
    );
    await reply.status(status).view('external-services/form', model);
  }
}
