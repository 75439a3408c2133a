import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { ForbiddenError } from '../../common/errors/domain-error';
import { ATTENTION_KINDS, whereAttention } from '../external-services/external-service-attention';
import {
  EXTERNAL_SERVICE_STATUSES,
  ExternalService,
  type ExternalServiceStatus,
} from '../external-services/external-service.entity';
import type { ExternalServicesOverviewResponse } from './dto/external-services-overview.dto';

/**
 * The external services (Article 6(6)(イ)) on the dashboard: the count in each status and the count needing each
 * kind of action — ISMAP past or near its validity, the 約款 re-check or the review overdue, the erasure after the
 * end unconfirmed — by the same conditions as the register's filter, so a number and the list it links to agree.
 */
@Injectable()
export class ExternalServicesOverview {
  constructor(private readonly dataSource: DataSource) {}

  async overview(actor: Actor, now = new Date()): Promise<ExternalServicesOverviewResponse> {
    if (actor.role === 'CONTRACTOR') throw new ForbiddenError();
    const today = todayInJapan(now);
    const manager = this.dataSource.manager;
    const [grouped, ...attention] = await Promise.all([
      manager
        .createQueryBuilder(ExternalService, 's')
        .select('s.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .groupBy('s.status')
        .getRawMany<{ status: ExternalServiceStatus; count: string | number }>(),
      ...ATTENTION_KINDS.map((kind) =>
        whereAttention(manager.createQueryBuilder(ExternalService, 's'), kind, today).getCount(),
      ),
    ]);
    const counts = new Map(grouped.map((g) => [g.status, Number(g.count)]));
    const byStatus = EXTERNAL_SERVICE_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
    return {
      asOf: today,
      total: byStatus.reduce((n, s) => n + s.count, 0),
      byStatus,
      needingAction: ATTENTION_KINDS.map((kind, i) => ({ kind, count: attention[i] })),
    };
  }
}
