import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { CloseOutService } from '../../close-out/close-out.service';
import { DashboardService } from '../../dashboard/dashboard.service';
import { ExternalServicesOverview } from '../../dashboard/external-services-overview';
import { ATTENTION_WORDS } from '../../external-services/external-service-attention';
import { EXTERNAL_SERVICE_STATUS_WORDS } from '../../external-services/external-service-register.csv';
import { WebPage } from '../web-page';
import { pageLinks } from '../web-urls';

/** 状況一覧 (staff only): every contractor side by side, and which clauses fail most. */
@ApiExcludeController()
@Controller('dashboard')
@Roles('OFFICER', 'ADMIN', 'AUDITOR')
export class DashboardPages {
  constructor(
    private readonly page: WebPage,
    private readonly dashboard: DashboardService,
    private readonly closeOuts: CloseOutService,
    private readonly externalServices: ExternalServicesOverview,
  ) {}

  @Get()
  async overview(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // One page of contractors, most urgent first; the next page by the API's cursor (a tampered one answers 400).
    const raw = (query as { cursor?: unknown } | null)?.cursor;
    const cursor = typeof raw === 'string' ? raw : undefined;
    const [overview, outstandingCloseOuts, services] = await Promise.all([
      this.dashboard.overview(actor, { cursor }),
      this.closeOuts.countOutstanding(),
      this.externalServices.overview(actor),
    ]);
    // 外部サービス (Article 6(6)(イ)): how many in each status, and those needing action, each linking to its list.
    const externalServices = {
      total: services.total,
      byStatus: services.byStatus.map((s) => ({
        ...s,
        words: EXTERNAL_SERVICE_STATUS_WORDS[s.status as never],
      })),
      needingAction: services.needingAction.map((a) => ({ ...a, words: ATTENTION_WORDS[a.kind as never] })),
    };
    await reply.view(
      'admin/dashboard',
      await this.page.model(actor, reply, '状況一覧', {
        overview,
        outstandingCloseOuts,
        externalServices,
        ...pageLinks('/dashboard', cursor ? { cursor } : {}, overview.nextCursor),
      }),
    );
  }
}
