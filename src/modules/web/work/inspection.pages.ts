import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ContractsService } from '../../contracts/contracts.service';
import { Subcontract } from '../../contracts/subcontract.entity';
import { Contractor } from '../../contractors/contractor.entity';
import {
  CancelInspectionRequest,
  ConductInspectionRequest,
  PlanInspectionRequest,
  RecordItemsRequest,
  ReportInspectionRequest,
  type InspectionResponse,
} from '../../inspections/dto/inspection.dto';
import { INSPECTION_RESULTS } from '../../inspections/inspection-item.entity';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  type InspectionStatus,
} from '../../inspections/inspection.entity';
import { InspectionsService } from '../../inspections/inspections.service';
import { confirmFirst } from '../confirmation';
import { LABELS } from '../glossary';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import {
  choices,
  currentValue,
  itemField,
  itemFields,
  linesOf,
  runForm,
  typed,
  uuidOf,
  type FormState,
} from './work-forms';

const STAFF = ['OFFICER', 'ADMIN'] as const;

/** 立入検査・書面監査: the list, the plan form, one inspection with its checklist and its steps. */
@ApiExcludeController()
@Controller('inspections')
export class InspectionPages {
  constructor(
    private readonly page: WebPage,
    private readonly inspections: InspectionsService,
    private readonly contracts: ContractsService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const status = INSPECTION_STATUSES.find((s) => s === query.status);
    const cursor = typeof query.cursor === 'string' && query.cursor.length <= 400 ? query.cursor : undefined;
    const page = await this.inspections.list(actor, { status, cursor, limit: 50 });
    const staff = actor.role !== 'CONTRACTOR';
    const model = await this.page.model(actor, reply, staff ? '立入検査・書面監査' : '検査の結果', {
      flash: flashOf(query),
      staff,
      canPlan: actor.role === 'OFFICER' || actor.role === 'ADMIN',
      inspections: page.items,
      statusOptions: choices('inspectionStatus', INSPECTION_STATUSES, status ?? ''),
      nextUrl: page.nextCursor
        ? `/inspections?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor }).toString()}`
        : null,
      firstUrl: cursor ? `/inspections${status ? `?status=${status}` : ''}` : null,
    });
    await reply.view('inspections/list', model);
  }

  @Get('new')
  @Roles(...STAFF)
  async planForm(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderPlan(actor, reply, uuidOf(query.contractId));
  }

  @Post()
  @Roles(...STAFF)
  async plan(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const names = (typed(body.inspectors) ?? '').split(/\r\n|\r|\n/u).filter((line) => line.trim() !== '');
    await runForm(reply, {
      dto: PlanInspectionRequest,
      input: {
        contractId: typed(body.contractId),
        kind: typed(body.kind),
        plannedOn: typed(body.plannedOn),
        announced: body.announced === 'true' ? true : body.announced === 'false' ? false : undefined,
        inspectors: names.map((name) => ({ name })),
        place: formValue.text(body.place),
        subcontractId: formValue.text(body.subcontractId),
        purpose: formValue.text(body.purpose),
      },
      body,
      pageErrors: names.length === 0 ? { inspectors: '検査員の氏名を1行に1人ずつ記入してください。' } : {},
      fields: {
        'INSPECTION.PLACE_REQUIRED': 'place',
        'INSPECTION.PLACE_NOT_IN_CONTRACT': 'place',
        'INSPECTION.PLACE_FOR_DOCUMENT': 'place',
        'INSPECTION.SUBCONTRACT_INVALID': 'subcontractId',
        'INSPECTION.PLANNED_IN_PAST': 'plannedOn',
        'INSPECTION.INSPECTOR_NAME_INVALID': 'inspectors',
        'INSPECTION.CONTRACT_NOT_ACTIVE': 'contractId',
      },
      run: (input) => this.inspections.plan(actor, input),
      show: (state, status) => this.renderPlan(actor, reply, uuidOf(body.contractId), state, status),
      redirect: (i) => `/inspections/${i.id}?flash=inspection-planned`,
    });
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(actor, reply, id, { flash: flashOf(query) });
  }

  @Post(':id/items')
  @Roles(...STAFF)
  async record(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const results = itemFields(body, 'result');
    const notes = itemFields(body, 'note');
    const seen = itemFields(body, 'seen');
    const items = [...results.entries()].map(([itemId, result]) => ({
      itemId,
      result,
      ...(notes.get(itemId)?.trim() ? { note: notes.get(itemId) } : {}),
      ...(seen.get(itemId)?.trim() ? { evidence: seen.get(itemId) } : {}),
    }));
    // A nonconformity without what was found: the message beside its note.
    const noteless = items.filter((i) => i.result === 'NONCONFORMING' && !i.note);
    await runForm(reply, {
      dto: RecordItemsRequest,
      input: { version: formValue.int(body.version), items },
      body,
      pageErrors: Object.fromEntries(
        noteless.map((i) => [
          itemField('note', i.itemId),
          '不適合とした項目には、確認した事実を記入してください。',
        ]),
      ),
      run: (input) => this.inspections.recordItems(actor, id, input),
      show: (state, status) => this.render(actor, reply, id, state, status),
      redirect: () => `/inspections/${id}?flash=inspection-recorded`,
    });
  }

  @Post(':id/conduct')
  @Roles(...STAFF)
  async conduct(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: ConductInspectionRequest,
      input: {
        version: formValue.int(body.version),
        conductedOn: typed(body.conductedOn),
        summary: formValue.text(body.summary),
      },
      body,
      fields: {
        'INSPECTION.CONDUCTED_IN_FUTURE': 'conductedOn',
        'INSPECTION.NOTHING_CHECKED': {
          field: 'conductedOn',
          message: '実施を記録する前に、少なくとも一つの項目について適合又は不適合を記録してください。',
        },
      },
      run: (input) => this.inspections.conduct(actor, id, input),
      show: (state, status) => this.render(actor, reply, id, state, status),
      redirect: () => `/inspections/${id}?flash=inspection-conducted`,
    });
  }

  @Post(':id/report')
  @Roles(...STAFF)
  async report(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: ReportInspectionRequest,
      input: { version: formValue.int(body.version) },
      body,
      confirm: async () => {
        const i = await this.inspections.get(actor, id);
        return confirmFirst(this.page, actor, reply, body, {
          title: '検査結果の通知の確認',
          what: `${i.contractorName}に、${i.contractNumber}（${i.contractTitle}）の${LABELS.inspectionKind[i.kind]}の結果を通知します。`,
          consequences: [
            '検査結果通知書（文書番号付き）を発行します。発行した通知書は変更できません。',
            '通知した後は、検査の結果を変更できません。委託先は、この検査の結果を閲覧できるようになります。',
          ],
          back: `/inspections/${id}`,
        });
      },
      run: (input) => this.inspections.report(actor, id, input),
      show: (state, status) => this.render(actor, reply, id, state, status),
      redirect: () => `/inspections/${id}?flash=inspection-reported`,
    });
  }

  @Post(':id/cancel')
  @Roles(...STAFF)
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await runForm(reply, {
      dto: CancelInspectionRequest,
      input: { version: formValue.int(body.version), reason: typed(body.reason) },
      body,
      confirm: (input, edit) =>
        confirmFirst(
          this.page,
          actor,
          reply,
          body,
          {
            title: '検査の中止の確認',
            what: '計画した検査を中止します。',
            consequences: ['中止した検査は、再開できません。改めて行う場合は、新たに計画してください。'],
            details: [{ label: '中止の理由', value: input.reason }],
            back: `/inspections/${id}`,
            danger: true,
          },
          edit,
        ),
      run: (input) => this.inspections.cancel(actor, id, input),
      show: (state, status) => this.render(actor, reply, id, state, status),
      redirect: () => `/inspections/${id}?flash=inspection-cancelled`,
    });
  }

  private async renderPlan(
    actor: Actor,
    reply: FastifyReply,
    contractId: string | undefined,
    state: FormState = {},
    status = 200,
  ): Promise<void> {
    const contract = contractId ? await this.contracts.get(actor, contractId) : null;
    // An ended contract too: an inspection after the end verifies the return and erasure of the data.
    const choosable = contract
      ? []
      : [
          ...(await this.contracts.list(actor, { status: 'ACTIVE', limit: 100 })).items,
          ...(await this.contracts.list(actor, { status: 'ENDED', limit: 100 })).items,
        ];
    const subs = contract
      ? await this.dataSource.manager.find(Subcontract, {
          where: { contractId: contract.id, status: 'APPROVED' },
        })
      : [];
    const companies = subs.length
      ? await this.dataSource.manager.find(Contractor, { select: { id: true, name: true } })
      : [];
    const nameOf = new Map(companies.map((c) => [c.id, c.name]));
    const values = state.values;
    const model = await this.page.model(actor, reply, '検査の計画', {
      flash: state.flash ?? null,
      errors: state.errors ?? {},
      formError: state.formError ?? null,
      values: values ?? {},
      contract,
      contractOptions: choosable.map((c) => ({
        value: c.id,
        label: `${c.contractNumber} ${c.title}（${c.contractorName}${c.status === 'ENDED' ? '、終了' : ''}）`,
      })),
      kinds: choices('inspectionKind', INSPECTION_KINDS, currentValue(values, 'kind', 'ON_SITE')),
      announcedChoices: [
        {
          value: 'true',
          label: '事前に通知する',
          checked: currentValue(values, 'announced', 'true') === 'true',
        },
        {
          value: 'false',
          label: '事前に通知しない（事故の発生その他緊急の必要がある場合）',
          checked: currentValue(values, 'announced', 'true') === 'false',
        },
      ],
      places: contract?.workLocations ?? [],
      subcontracts: subs.map((s) => ({
        value: s.id,
        label: s.contractorId ? (nameOf.get(s.contractorId) ?? s.id) : s.id,
        selected: currentValue(values, 'subcontractId', '') === s.id,
      })),
    });
    await reply.status(status).view('inspections/new', model);
  }

  private async render(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    state: FormState = {},
    status = 200,
  ): Promise<void> {
    const i = await this.inspections.get(actor, id);
    const staff = actor.role === 'OFFICER' || actor.role === 'ADMIN';
    const editable = staff && (i.status === 'PLANNED' || i.status === 'CONDUCTED');
    const values = state.values;
    const articles = new Map<number, { articleNo: number; title: string; items: unknown[] }>();
    for (const item of i.items ?? []) {
      const article = articles.get(item.articleNo) ?? {
        articleNo: item.articleNo,
        title: item.clauseTitle,
        items: [],
      };
      const result = currentValue(values, itemField('result', item.id), item.result);
      article.items.push({
        ...item,
        noteLines: linesOf(item.note),
        resultField: itemField('result', item.id),
        noteField: itemField('note', item.id),
        seenField: itemField('seen', item.id),
        noteValue: currentValue(values, itemField('note', item.id), item.note),
        seenValue: currentValue(values, itemField('seen', item.id), item.evidence),
        results: choices('inspectionResult', INSPECTION_RESULTS, result).map((c) => ({
          ...c,
          id: `${itemField('result', item.id)}-${c.value}`,
        })),
        canOrder:
          actor.role === 'ADMIN' &&
          i.status === 'REPORTED' &&
          item.result === 'NONCONFORMING' &&
          !item.advisory &&
          !item.orderId,
      });
      articles.set(item.articleNo, article);
    }
    const model = await this.page.model(
      actor,
      reply,
      `${LABELS.inspectionKind[i.kind]}（${i.contractNumber}）`,
      {
        flash: state.flash ?? null,
        errors: state.errors ?? {},
        formError: state.formError ?? null,
        values: values ?? {},
        i,
        staff,
        editable,
        articles: [...articles.values()],
        purposeLines: linesOf(i.purpose),
        summaryLines: linesOf(i.summary),
        canConduct: staff && i.status === 'PLANNED',
        canReport: staff && i.status === 'CONDUCTED',
        canCancel: staff && i.status === 'PLANNED',
        reported: i.status === ('REPORTED' satisfies InspectionStatus),
        planned: i.status === ('PLANNED' satisfies InspectionStatus),
        inspectorNames: i.inspectors.map((p) => p.name).join('、'),
      },
    );
    await reply.status(status).view('inspections/detail', model);
  }
}

export type { InspectionResponse };
