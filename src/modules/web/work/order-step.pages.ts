import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
import type { ErrorKind } from '../../../common/errors/domain-error';
import { EvidenceService } from '../../evidence/evidence.service';
import { OrderTransitionsService } from '../../improvement-orders/order-transitions.service';
import { formValue } from '../web-urls';
import { readPageForm, refusalOfFile } from './evidence-form';
import { OrdersService } from '../../improvement-orders/orders.service';
import { confirmFirst } from '../confirmation';
import { WebPage } from '../web-page';
import { OrderPageView } from './order-page.view';
import { withdrawalConfirmation } from './review-confirmation';
import { listOf, refusalOf, runForm, typed, type FieldOfRefusal } from './work-forms';

/** A file the store does not take is the user's to fix, like a form refusal. */
const UPLOAD_REFUSALS: readonly ErrorKind[] = [
  'INVALID',
  'RULE',
  'CONFLICT',
  'FORBIDDEN',
  'TOO_LARGE',
  'UNSUPPORTED_MEDIA',
];

/** As the API: the transition table decides who takes which step (a contractor deciding its own plan gets 403). */
const PARTIES = ['ADMIN', 'CONTRACTOR'] as const;

/** The steps of an improvement order (DESIGN.md's table), each a form on the order's page. */
@ApiExcludeController()
@Controller('orders/:id')
export class OrderStepPages {
  constructor(
    private readonly transitions: OrderTransitionsService,
    private readonly view: OrderPageView,
    private readonly evidence: EvidenceService,
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
      fields: { 'ORDER.PLAN_AFTER_DUE': 'plannedCompletionDate' },
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

  /**
   * The completion report (multipart, so that evidence goes in the same post as its text; urlencoded without
   * files): 「添付する」 (intent=attach) attaches the chosen files and shows the form again with the text as typed
   * and the new files ticked; 「完了を報告する」 attaches them, then reports. A refused file leaves the text as typed.
   */
  @Post('completion')
  @Roles(...PARTIES)
  async completion(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const posted = await readPageForm(request);
    const attachOnly = posted.body.intent === 'attach';
    const files = posted.files.filter((f) => f.field === 'file');
    const typedBody = { ...posted.body, evidenceIds: listOf(posted.body.evidenceIds) };
    const showAgain = (message: string, error: string | null, status: number) =>
      this.view.render(
        actor,
        reply,
        id,
        error
          ? { values: typedBody, errors: { file: error }, formError: message }
          : { values: typedBody, flash: message },
        status,
      );
    if (files.length !== posted.files.length || (attachOnly && files.length === 0)) {
      await showAgain(NOT_ATTACHED, '添付するファイルを選んでください。', 400);
      return;
    }
    for (const file of files) {
      const refusal = await refusalOfFile(file);
      if (refusal) {
        const { status } = refusalOf(refusal, {}, UPLOAD_REFUSALS);
        await showAgain(NOT_ATTACHED, `${file.fileName}：${refusal.message}`, status);
        return;
      }
    }
    for (const file of files) {
      try {
        const stored = await this.evidence.upload(actor, {
          orderId: id,
          fileName: file.fileName,
          bytes: file.bytes,
        });
        typedBody.evidenceIds.push(stored.id);
      } catch (error) {
        const { status, form } = refusalOf(error, {}, UPLOAD_REFUSALS);
        await showAgain(NOT_ATTACHED, form.formError ?? '', status);
        return;
      }
    }
    if (attachOnly) {
      await showAgain(ATTACHED, null, 200);
      return;
    }
    await this.report(actor, reply, id, typedBody);
  }

  private async report(
    actor: Actor,
    reply: FastifyReply,
    id: string,
    body: Record<string, unknown>,
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
      confirm: (_, edit) =>
        confirmFirst(
          this.page,
          actor,
          reply,
          body,
          async () => withdrawalConfirmation(await this.orders.get(actor, id), input.reason),
          edit,
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
      confirm?: (input: T, edit: () => Promise<void>) => Promise<boolean>;
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

const NOT_ATTACHED =
  '証跡ファイルを添付できませんでした。記入した報告の内容は、送信する前のまま残しています。';
const ATTACHED = '証跡ファイルを添付しました。完了の報告は、まだ送信していません。';
