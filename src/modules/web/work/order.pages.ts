import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { IssueOrderRequest, ListOrdersQuery } from '../../improvement-orders/dto/order.dto';
import { ORDER_STATUSES } from '../../improvement-orders/improvement-order.entity';
import { OrdersService } from '../../improvement-orders/orders.service';
import { OrderNoticeService } from '../../improvement-orders/order-notice.service';
import { flashOf, WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { ListFilters } from './list-filters';
import { OrderPageView } from './order-page.view';
import { listOf, runForm, typed, uuidOf } from './work-forms';

/** 改善指示: the list, the issue form and one order (its step forms are in OrderStepPages). */
@ApiExcludeController()
@Controller('orders')
export class OrderPages {
  constructor(
    private readonly page: WebPage,
    private readonly orders: OrdersService,
    private readonly notices: OrderNoticeService,
    private readonly view: OrderPageView,
    private readonly filters: ListFilters,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = await this.filters.read(
      actor,
      '/orders',
      query,
      ListOrdersQuery,
      'orderStatus',
      ORDER_STATUSES,
    );
    const page = list.query ? await this.orders.list(actor, list.query) : { items: [], nextCursor: null };
    const model = await this.page.model(actor, reply, '改善指示', {
      ...list.model(page.nextCursor),
      flash: flashOf(query),
      orders: page.items,
      staff: actor.role !== 'CONTRACTOR',
      canIssue: actor.role === 'ADMIN',
    });
    await reply.status(list.query ? 200 : 400).view('work/orders', model);
  }

  @Get('new')
  @Roles('ADMIN')
  async issueForm(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.view.renderNew(actor, reply, {
      assessmentId: uuidOf(query.assessmentId),
      contractId: uuidOf(query.contractId),
      inspectionId: uuidOf(query.inspectionId),
      itemId: uuidOf(query.itemId),
      incidentId: uuidOf(query.incidentId),
    });
  }

  @Post()
  @Roles('ADMIN')
  async issue(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const findingItemIds = listOf(body.findingItemIds);
    const nonconformityItemIds = listOf(body.nonconformityItemIds);
    const inspectionId = formValue.text(body.inspectionId);
    const incidentId = formValue.text(body.incidentId);
    await runForm(reply, {
      dto: IssueOrderRequest,
      input: {
        contractId: typed(body.contractId),
        findingItemIds: findingItemIds.length > 0 ? findingItemIds : undefined,
        inspectionId,
        incidentId,
        nonconformityItemIds:
          inspectionId && nonconformityItemIds.length > 0 ? nonconformityItemIds : undefined,
        clauseCode: formValue.text(body.clauseCode),
        clauseParagraphs: paragraphNumbers(body.clauseParagraphs),
        facts: formValue.text(body.facts),
        foundOn: formValue.text(body.foundOn),
        foundHow: formValue.text(body.foundHow),
        title: typed(body.title),
        description: typed(body.description),
        severity: typed(body.severity),
        dueDate: typed(body.dueDate),
      },
      body,
      pageErrors:
        inspectionId && nonconformityItemIds.length === 0
          ? { nonconformityItemIds: '根拠とする不適合項目を選んでください。' }
          : {},
      fields: {
        'ORDER.BASIS_REQUIRED': {
          field: 'clauseCode',
          message: '改善指示の根拠として、指摘事項を選ぶか、条項を選んでください。',
        },
        'ORDER.CLAUSE_NOT_IN_CONTRACT': 'clauseCode',
        'ORDER.FINDING_INVALID': 'findingItemIds',
        'ORDER.FINDING_ALREADY_ORDERED': 'findingItemIds',
        'ORDER.FINDING_ADVISORY': {
          field: 'findingItemIds',
          message:
            '推奨事項（契約上の義務ではない事項）についての指摘は、改善指示の根拠にできません。選択を外してください。',
        },
        'ORDER.DUE_DATE_IN_PAST': 'dueDate',
        'ORDER.NONCONFORMITY_INVALID': 'nonconformityItemIds',
        'ORDER.NONCONFORMITY_ALREADY_ORDERED': 'nonconformityItemIds',
        'ORDER.SOURCE_INVALID': 'nonconformityItemIds',
        'ORDER.FACTS_REQUIRED': {
          field: 'facts',
          message: '指摘事項によらずに発出する場合は、確認した事実及びその方法を記入してください。',
        },
        'ORDER.FOUND_REQUIRED': {
          field: 'foundHow',
          message: '指摘事項によらずに発出する場合は、事実を確認した日及びその方法を記入してください。',
        },
        'ORDER.FOUND_IN_FUTURE': 'foundOn',
        'ORDER.PARAGRAPHS_WITHOUT_CLAUSE': {
          field: 'clauseParagraphs',
          message: '項を記入する場合は、根拠とする条項を選んでください。',
        },
        'ORDER.CLAUSE_IMPOSES_NO_DUTY': 'clauseParagraphs',
      },
      run: (input) => this.notices.issueOrder(actor, input),
      show: (state, status) =>
        this.view.renderNew(
          actor,
          reply,
          {
            assessmentId: uuidOf(body.assessmentId),
            contractId: uuidOf(body.contractId),
            inspectionId: uuidOf(body.inspectionId),
            incidentId: uuidOf(body.incidentId),
          },
          state,
          status,
        ),
      redirect: (order) => `/orders/${order.id}?flash=issued`,
    });
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  async detail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.view.render(actor, reply, id, { flash: flashOf(query) });
  }
}

/**
 * 「2、3」, 「2,3」 or 「２　３」 → [2, 3]; blank → undefined (the article as a whole). Anything else is passed on
 * as it is, so the request's validation names the field.
 */
function paragraphNumbers(value: unknown): unknown {
  const text = formValue.text(value);
  if (text === undefined) return undefined;
  const normalized = text.normalize('NFKC').trim();
  if (!/^\d+(?:\s*[,、・\s]\s*\d+)*$/u.test(normalized)) return [normalized];
  return normalized.split(/[^\d]+/u).map(Number);
}
