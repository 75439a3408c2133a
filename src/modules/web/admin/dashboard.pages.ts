import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { CloseOutService } from '../../close-out/close-out.service';
import { DashboardService } from '../../dashboard/dashboard.service';
import { WebPage } from '../web-page';

/** 状況一覧 (staff only): every contractor side by side, and which clauses fail most. */
@ApiExcludeController()
@Controller('dashboard')
@Roles('OFFICER', 'ADMIN', 'AUDITOR')
export class DashboardPages {
  constructor(
    private readonly page: WebPage,
    private readonly dashboard: DashboardService,
    private readonly closeOuts: CloseOutService,
  ) {}

  @Get()
  async overview(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const [overview, outstandingCloseOuts] = await Promise.all([
      this.dashboard.overview(actor, {}),
      this.closeOuts.countOutstanding(),
    ]);
    await reply.view(
      'admin/dashboard',
      await this.page.model(actor, reply, '状況一覧', { overview, outstandingCloseOuts }),
    );
  }
}
