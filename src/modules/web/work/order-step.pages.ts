import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import {
  CompletionRequest,
  PlanDecisionRequest,
  PlanRequest,
  VerificationRequest,
  WithdrawalRequest,
} from '../../improvement-orders/dto/order.dto';
import { OrderTransitionsService } from '../../improvement-orders/order-transitions.service';
import { OrdersService } from '../../improvement-orders/orders.service';
import { confirmFirst } from '../confirmation';
import { WebPage } from '../web-page';
import { formValue } from '../web-urls';
import { OrderPageView } from './order-page.view';
import { withdrawalConfirmation } from './review-confirmation';
import { listOf, runForm, typed, type FieldOfRefusal } from './work-forms';

/** As the API: the transition table decides who takes which step (a contractor deciding its own plan gets 403). */
const PARTIES = ['ADMIN', 'CONTRACTOR'] as const;

/** The steps of an improvement order (DESIGN.md's table), each a form on the order's page. */
@ApiExcludeController()
@Controller('orders/:id')
export class OrderStepPages {
  constructor(
    private readonly transitions: OrderTransitionsService,
    private readonly view: OrderPageView,
    private readonly page: WebPage,
    private readonly orders: OrdersService,
  ) {}

  @Post('plan')
  @Roles(...PARTIES)
  async plan(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = {
      version: formValue.int(body.version),
      rootCause: typed(body.rootCause),
      correctiveAction: typed(body.correctiveAction),
      preventiveAction: typed(body.preventiveAction),
      plannedCompletionDate: typed(body.plannedCompletionDate),
    };
    await this.step(actor, reply, id, body, {
      dto: PlanRequest,
      input,
      flash: 'submitted',
      run: (plan) => this.transitions.submitPlan(actor, id, plan),
    });
  }

  @Post('plan-decision')
  @Roles(...PARTIES)
  async planDecision(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const accepted = formValue.bool(body.accepted);
    const input = { version: formValue.int(body.version), accepted, note: formValue.text(body.note) };
    await this.step(actor, reply, id, body, {
      dto: PlanDecisionRequest,
      input,
      flash: accepted ? 'approved' : 'returned',
      run: (decision) => this.transitions.decidePlan(actor, id, decision),
      fields: { 'ORDER.NOTE_REQUIRED': 'note' },
    });
  }

  @Post('completion')
  @Roles(...PARTIES)
  async completion(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const evidenceIds = listOf(body.evidenceIds);
    const input = {
      version: formValue.int(body.version),
      report: typed(body.report),
      evidenceIds: evidenceIds.length > 0 ? evidenceIds : undefined,
    };
    await this.step(actor, reply, id, body, {
      dto: CompletionRequest,
      input,
      flash: 'submitted',
      run: (report) => this.transitions.reportCompletion(actor, id, report),
      fields: { 'ORDER.EVIDENCE_INVALID': 'evidenceIds' },
    });
  }

  @Post('verification')
  @Roles(...PARTIES)
  async verification(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = {
      version: formValue.int(body.version),
      accepted: formValue.bool(body.accepted),
      effectivenessNote: formValue.text(body.effectivenessNote),
    };
    await this.step(actor, reply, id, body, {
      dto: VerificationRequest,
      input,
      flash: 'order-verified',
      run: (check) => this.transitions.verify(actor, id, check),
      fields: { 'ORDER.NOTE_REQUIRED': 'effectivenessNote' },
    });
  }

  @Post('withdrawal')
  @Roles(...PARTIES)
  async withdrawal(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = { version: formValue.int(body.version), reason: typed(body.reason) };
    await this.step(actor, reply, id, body, {
      dto: WithdrawalRequest,
      input,
      flash: 'order-withdrawn',
      // 取下げ asks first (confirmation.ts).
      confirm: () =>
        confirmFirst(this.page, actor, reply, body, async () =>
          withdrawalConfirmation(await this.orders.get(actor, id), input.reason),
        ),
      run: (withdrawal) => this.transitions.withdraw(actor, id, withdrawal),
    });
  }

  /** One step: the form checked with the API's DTO, handed to the transition, back to the order's page. */
  private step<T extends object>(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    body: Record<string, unknown>,
    spec: {
      dto: new () => T;
      input: Record<string, unknown>;
      flash: string;
      confirm?: (input: T) => Promise<boolean>;
      run: (input: T) => Promise<unknown>;
      fields?: Record<string, FieldOfRefusal>;
    },
  ): Promise<void> {
    return runForm(reply, {
      ...spec,
      body,
      show: (state, status) => this.view.render(actor, reply, id, state, status),
      redirect: () => `/orders/${id}?flash=${spec.flash}`,
    });
  }
}
