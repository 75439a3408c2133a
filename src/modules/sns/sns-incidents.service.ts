import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import type { ReportSnsIncidentRequest, SnsIncidentResponse } from './dto/sns.dto';
import { SnsAccount } from './sns-account.entity';
import { SnsIncident } from './sns-incident.entity';
import { SnsErrors } from './sns.errors';
import { findAccount } from './sns.service';
import { incidentView } from './sns-views';

/** なりすまし and 乗っ取り of an official account, each with its timeline; a takeover suspends the account. */
@Injectable()
export class SnsIncidentsService {
  constructor(private readonly tx: TransactionService) {}

  /**
   * Records an impersonation or a takeover. A takeover of an ACTIVE account suspends it in the same transaction,
   * so it leaves the public list at once; its 責任者 reactivates it (activate) once it is safe again.
   */
  report(actor: Actor, id: string, input: ReportSnsIncidentRequest): Promise<SnsIncidentResponse> {
    const misplaced =
      input.kind === 'IMPERSONATION'
        ? (['credentialsReset', 'sessionsRevoked', 'postsChecked'] as const).filter(
            (k) => input[k] !== undefined,
          )
        : (['impostorUrl', 'reportedToPlatformOn', 'residentsWarnedWhere'] as const).filter(
            (k) => input[k] !== undefined,
          );
    if (misplaced.length) throw SnsErrors.incidentFieldsMismatch([...misplaced]);
    return this.tx.run(async (t) => {
      const account = await findAccount(t.manager, id);
      if (account.status === 'CLOSED') throw SnsErrors.accountClosed();
      const now = new Date();
      const incident: SnsIncident = {
        id: randomUUID(),
        accountId: account.id,
        kind: input.kind,
        detectedAt: new Date(input.detectedAt),
        summary: input.summary,
        impostorUrl: input.impostorUrl ?? null,
        reportedToPlatformOn: input.reportedToPlatformOn ?? null,
        residentsWarnedWhere: input.residentsWarnedWhere ?? null,
        credentialsReset: input.credentialsReset ?? false,
        sessionsRevoked: input.sessionsRevoked ?? false,
        postsChecked: input.postsChecked ?? false,
        timeline: input.timeline
          .map((e) => ({ at: new Date(e.at).toISOString(), note: e.note }))
          .sort((a, b) => a.at.localeCompare(b.at)),
        reportedBy: actor.userId,
        createdAt: now,
      };
      await insertRows(t.manager, SnsIncident, incident);
      const suspends = input.kind === 'TAKEOVER' && account.status === 'ACTIVE';
      if (suspends) {
        const result = await t.manager.update(
          SnsAccount,
          { id: account.id, version: account.version, status: 'ACTIVE' },
          {
            status: 'SUSPENDED',
            statusReason: '乗っ取りの発生により運用を停止した。',
            version: account.version + 1,
            updatedAt: now,
          },
        );
        if (!result.affected) throw new StaleVersionError('SNS_ACCOUNT');
      }
      await t.audit({
        actor,
        action: 'sns_account.incident',
        entityType: 'sns_account',
        entityId: account.id,
        summary: { incidentId: incident.id, kind: incident.kind, suspended: suspends },
      });
      return incidentView(incident);
    });
  }
}
