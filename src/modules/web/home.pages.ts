import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, SignedIn } from '../../common/auth/access.decorator';
import { todayInJapan } from '../../common/clock';
import { AssessmentGeneratorService } from '../assessments/assessment-generator.service';
import type { Actor } from '../../common/auth/actor';
import { AssessmentsService } from '../assessments/assessments.service';
import { CloseOutService } from '../close-out/close-out.service';
import { ContractsService } from '../contracts/contracts.service';
import { ROSTER_STATUS_LABELS, type RosterStatus } from '../contracts/roster.state';
import { PendingWorkService } from '../dashboard/pending-work.service';
import { OrdersService } from '../improvement-orders/orders.service';
import { IncidentsService } from '../incidents/incidents.service';
import { flashOf, WebPage } from './web-page';

/** ホーム: what needs this person's attention, by role. */
@ApiExcludeController()
@Controller()
export class HomePages {
  constructor(
    private readonly page: WebPage,
    private readonly assessments: AssessmentsService,
    private readonly orders: OrdersService,
    private readonly contracts: ContractsService,
    private readonly generator: AssessmentGeneratorService,
    private readonly pending: PendingWorkService,
    private readonly incidents: IncidentsService,
    private readonly closeOuts: CloseOutService,
  ) {}

  /** The daily job's assessment generation, on demand: a new installation need not wait for the night. */
  @Post('assessments/generate')
  @Roles('ADMIN')
  @HttpCode(303)
  async generate(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.generator.generate(todayInJapan(), actor);
    await reply.status(303).redirect(`/?generated=${result.assessmentsCreated}`);
  }

  @Get()
  @SignedIn()
  async home(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const generated = (query as { generated?: unknown } | null)?.generated;
    const flash =
      typeof generated === 'string' && /^\d{1,6}$/.test(generated)
        ? `自己点検を${generated}件作成しました。`
        : flashOf(query);
    const model = await this.page.model(actor, reply, 'ホーム', { flash });
    if (actor.role === 'CONTRACTOR') {
      const [open, returned, issued, working, incidents] = await Promise.all([
        this.assessments.list(actor, { status: 'OPEN', limit: 20 }),
        this.assessments.list(actor, { status: 'RETURNED', limit: 20 }),
        this.orders.list(actor, { status: 'ISSUED', limit: 20 }),
        this.orders.list(actor, { status: 'IN_PROGRESS', limit: 20 }),
        this.incidents.list(actor, { open: true, limit: 50 }),
      ]);
      await reply.view('home-contractor', {
        ...model,
        assessments: [...returned.items, ...open.items],
        orders: [...issued.items, ...working.items].sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
        // 事故報告書 still owed (the clause makes it due whether asked or not), the earliest due first.
        // 返還・廃棄報告 owed after a contract ended, or sent back for correction.
        closeOutsOwed: (await this.closeOuts.outstanding(actor)).filter((c) => c.status !== 'SUBMITTED'),
        incidentsOwed: incidents.items
          .filter((i) => i.writtenReport.submittedAt === null || i.status === 'DETAILED_REPORT_REQUESTED')
          .sort((a, b) => a.writtenReport.dueDate.localeCompare(b.writtenReport.dueDate)),
      });
      return;
    }
    const [commissionTasks, incidents] = await Promise.all([
      this.incidents.openCommissionTasks(actor),
      this.incidents.list(actor, { open: true, limit: 50 }),
    ]);
    const [subcontracts, rosters, toReview, overdueAssessments, plans, completions, overdueOrders, ending] =
      await Promise.all([
        this.pending.subcontracts(actor),
        this.pending.rosters(actor),
        this.assessments.list(actor, { status: 'SUBMITTED', limit: 20 }),
        this.assessments.list(actor, { overdue: true, limit: 20 }),
        this.orders.list(actor, { status: 'PLAN_SUBMITTED', limit: 20 }),
        this.orders.list(actor, { status: 'COMPLETION_REPORTED', limit: 20 }),
        this.orders.list(actor, { overdue: true, limit: 20 }),
        this.contracts.list(actor, { endingWithinDays: 30, limit: 20 }),
      ]);
    await reply.view('home-staff', {
      ...model,
      isAdmin: actor.role === 'ADMIN',
      subcontracts: subcontracts.map((s) => ({
        ...s,
        waitingFor: s.status === 'REQUESTED' ? '再委託先の登録及び承認の判断' : '承認の判断',
      })),
      rosters: rosters.map((r) => ({
        ...r,
        statusText: ROSTER_STATUS_LABELS[r.status as RosterStatus] ?? r.status,
      })),
      toReview: toReview.items,
      overdueAssessments: overdueAssessments.items,
      ordersToDecide: [...plans.items, ...completions.items],
      overdueOrders: overdueOrders.items,
      ending: ending.items,
      commissionTasks,
      // 返還・廃棄報告 not yet confirmed: submitted ones wait for the officer, the others for the contractor.
      closeOuts: await this.closeOuts.outstanding(actor),
      // Reports waiting for the officer: a first report not yet taken up, a written report not yet checked.
      incidentsToHandle: incidents.items.filter(
        (i) => i.status === 'REPORTED' || i.status === 'DETAILED_REPORT_SUBMITTED',
      ),
    });
  }
}
