import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { attachment } from '../../common/http/attachment';
import { CurrentActor, Roles } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import type { Page } from '../../common/pagination/cursor';
import { pageOf } from '../../common/pagination/page.query';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  CheckOverdueRequest,
  CheckOverdueResponse,
  CompletionRequest,
  IssueOrderRequest,
  ListOrdersQuery,
  OrderResponse,
  PlanDecisionRequest,
  PlanRequest,
  VerificationRequest,
  WithdrawalRequest,
} from './dto/order.dto';
import { OrderNoticeService } from './order-notice.service';
import { OrderOverdueService } from './order-overdue.service';
import { OrderTransitionsService } from './order-transitions.service';
import { OrdersService } from './orders.service';

// Steps are open to the roles of DESIGN.md's table; the transition table in order-lifecycle.ts decides each one
// (the contractor's plan and completion, the administrator's decisions), so a contractor verifying its own
// order answers 403 there.
const PARTIES = ['ADMIN', 'CONTRACTOR'] as const;

@ApiTags('improvement-orders')
@Controller('api/improvement-orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly transitions: OrderTransitionsService,
    private readonly overdue: OrderOverdueService,
    private readonly notices: OrderNoticeService,
  ) {}

  @Get()
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '改善指示の一覧' })
  @ApiOkResponse({ type: pageOf(OrderResponse) })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListOrdersQuery): Promise<Page<OrderResponse>> {
    return this.orders.list(actor, query);
  }

  @Post()
  @Roles('ADMIN')
  @ApiOperation({ summary: '改善指示を発出する（自己点検の指摘事項または条項に基づく）' })
  @ApiCreatedResponse({ type: OrderResponse })
  @ApiErrors(400, 409, 422)
  issue(@CurrentActor() actor: Actor, @Body() body: IssueOrderRequest): Promise<OrderResponse> {
    return this.notices.issueOrder(actor, body);
  }

  @Post('check-overdue')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOperation({ summary: '期限超過の記録と措置検討の対象化（日次ジョブと同じ処理）' })
  @ApiOkResponse({ type: CheckOverdueResponse })
  @ApiErrors(400)
  checkOverdue(
    @CurrentActor() actor: Actor,
    @Body() body: CheckOverdueRequest,
  ): Promise<CheckOverdueResponse> {
    return this.overdue.check(body.today ?? todayInJapan(), actor);
  }

  @Get(':id')
  @Roles('OFFICER', 'ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '改善指示の詳細（指摘事項と経過）' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<OrderResponse> {
    return this.orders.get(actor, id);
  }

  @Get(':id/notice.pdf')
  @Roles('ADMIN', 'AUDITOR', 'CONTRACTOR')
  @ApiOperation({ summary: '改善指示書（PDF）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The 改善指示書', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 404, 500, 503)
  async notice(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.notices.notice(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(doc.fileName));
    return doc.bytes;
  }

  @Post(':id/plan')
  @HttpCode(200)
  @Roles(...PARTIES)
  @ApiOperation({
    summary: '改善計画書を提出する（受託者）',
    description: "A completion date after the order's dueDate is refused with 422 ORDER.PLAN_AFTER_DUE",
  })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors(400, 404, 409, 422)
  plan(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: PlanRequest,
  ): Promise<OrderResponse> {
    return this.transitions.submitPlan(actor, id, body);
  }

  @Post(':id/plan-decision')
  @HttpCode(200)
  @Roles(...PARTIES)
  @ApiOperation({ summary: '改善計画を承認し、又は差し戻す（管理者）' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors(400, 404, 409)
  planDecision(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: PlanDecisionRequest,
  ): Promise<OrderResponse> {
    return this.transitions.decidePlan(actor, id, body);
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Roles(...PARTIES)
  @ApiOperation({ summary: '完了を報告する（受託者、証跡を添付）' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors(400, 404, 409, 422)
  completion(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: CompletionRequest,
  ): Promise<OrderResponse> {
    return this.transitions.reportCompletion(actor, id, body);
  }

  @Post(':id/verification')
  @HttpCode(200)
  @Roles(...PARTIES)
  @ApiOperation({ summary: '改善を確認する（管理者。認めない場合は再対応）' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors(400, 404, 409)
  verification(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: VerificationRequest,
  ): Promise<OrderResponse> {
    return this.transitions.verify(actor, id, body);
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles(...PARTIES)
  @ApiOperation({ summary: '改善指示を取り下げる（管理者、理由を記録）' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiErrors(400, 404, 409)
  withdrawal(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: WithdrawalRequest,
  ): Promise<OrderResponse> {
    return this.transitions.withdraw(actor, id, body);
  }
}
