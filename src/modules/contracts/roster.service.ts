import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { sha256Of } from '../../common/storage/content-store';
import { TransactionService } from '../../database/transaction.service';
import { Contractor } from '../contractors/contractor.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { WorkerRosterInput } from '../documents/worker-roster';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import { isOver } from './contract-lifecycle';
import { contractorNames, findVisibleContract, lockContract } from './contract-access';
import { ContractRoster } from './contract-roster.entity';
import { ContractWorker } from './contract-worker.entity';
import type { Contract } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import type { PdfDocument } from './contract-documents.service';
import type { AcknowledgeRosterRequest, RosterResponse } from './dto/roster.dto';
import { approvedTiers, findRoster, isAcknowledged, rosterSha256 } from './roster-records';
import { RosterErrors } from './roster.errors';
import {
  nextRosterStatus,
  ROSTER_EVENT_ROLES,
  ROSTER_STATUS_LABELS,
  type RosterStatus,
} from './roster.state';
import { employerView } from './workers.service';

/**
 * The roster as the body sees it: whether it has acknowledged (受理) the roster as it stands, the acknowledgement
 * itself, and the printable 従事者名簿. Changes are the worker service's; each counts up the roster's version.
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly renderer: DocumentRenderer,
    private readonly settings: IssuerSettingsService,
  ) {}

  async get(actor: Actor, contractId: string): Promise<RosterResponse> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    const [roster, workers] = await Promise.all([
      findRoster(manager, contractId),
      workersOf(manager, contractId),
    ]);
    return this.respond(manager, actor, contract, roster, workers);
  }

  /**
   * The body acknowledges the roster it has read (version): the state goes to ACKNOWLEDGED by the transition table,
   * and what was acknowledged is recorded — the version, the SHA-256 of the content, each entry's version, who and
   * when — with its audit row.
   */
  async acknowledge(
    actor: Actor,
    contractId: string,
    input: AcknowledgeRosterRequest,
  ): Promise<RosterResponse> {
    return this.tx.run(async (t) => {
      const contract = await findVisibleContract(t.manager, actor, contractId);
      if (isOver(contract.status)) throw ContractErrors.wrongStatus(contract.status, '従事者名簿の受理');
      await lockContract(t.manager, contractId);
      const roster = await findRoster(t.manager, contractId);
      const from: RosterStatus = roster?.status ?? 'UNACKNOWLEDGED';
      const revision = roster?.revision ?? 0;
      if (input.version !== revision) throw RosterErrors.stale();
      const to = nextRosterStatus(from, 'acknowledge');
      if (to === null) throw RosterErrors.invalidTransition(from, 'acknowledge');
      const workers = await workersOf(t.manager, contractId);
      if (workers.length === 0) throw RosterErrors.empty();
      const now = new Date();
      const acknowledged = {
        status: to,
        acknowledgedRevision: revision,
        acknowledgedSha256: rosterSha256(workers),
        acknowledgedWorkers: Object.fromEntries(workers.map((w) => [w.id, w.version])),
        acknowledgedAt: now,
        acknowledgedBy: actor.userId,
        updatedAt: now,
      };
      let next: ContractRoster;
      if (roster) {
        const result = await t.manager.update(ContractRoster, { contractId, revision }, acknowledged);
        if (!result.affected) throw RosterErrors.stale();
        next = { ...roster, ...acknowledged };
      } else {
        // Entries made before rosters were acknowledged have no row yet: version 0.
        next = { contractId, revision, ...acknowledged };
        await t.manager.insert(ContractRoster, next);
      }
      await t.audit({
        actor,
        action: 'roster.acknowledge',
        entityType: 'contract',
        entityId: contractId,
        summary: {
          from,
          to,
          version: revision,
          contentSha256: acknowledged.acknowledgedSha256,
          workers: workers.map((w) => ({ id: w.id, name: w.name, version: w.version })),
        },
      });
      return this.respond(t.manager, actor, contract, next, workers);
    });
  }

  /** The 従事者名簿 PDF of the roster as it stands today (rendered for the request, in the caller's lane). */
  async pdf(actor: Actor, contractId: string): Promise<PdfDocument> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    const [roster, workers, tiers, contractor, settings] = await Promise.all([
      findRoster(manager, contractId),
      workersOf(manager, contractId),
      approvedTiers(manager, contractId),
      manager.findOneByOrFail(Contractor, { id: contract.contractorId }),
      this.settings.current(manager),
    ]);
    const names = await contractorNames(
      manager,
      workers.map((w) => w.employerContractorId),
    );
    const acknowledger = roster?.acknowledgedBy
      ? await manager.findOneBy(User, { id: roster.acknowledgedBy })
      : null;
    const contentSha256 = rosterSha256(workers);
    const input: WorkerRosterInput = {
      orgName: settings.orgName,
      contract: {
        contractNumber: contract.contractNumber,
        title: contract.title,
        startDate: contract.startDate,
        endDate: contract.endDate,
      },
      contractorName: contractor.name,
      asOf: todayInJapan(),
      workLocations: contract.workLocations,
      acknowledgement: {
        status: roster?.status ?? 'UNACKNOWLEDGED',
        date: roster?.acknowledgedAt ? todayInJapan(roster.acknowledgedAt) : null,
        by: acknowledger?.displayName ?? null,
        revision: roster?.acknowledgedRevision ?? null,
      },
      workers: workers.map((w) => {
        const employer = employerView(
          contract,
          w.employerContractorId,
          names.get(w.employerContractorId) ?? '',
          tiers,
        );
        return {
          name: w.name,
          employerName: employer.name,
          employerTier: employer.tier,
          employmentType: w.employmentType,
          dispatchAgencyName: w.dispatchAgencyName,
          role: w.role,
          workLocation: w.workLocation,
          trainingDate: w.trainingDate,
          pledgeDate: w.pledgeDate,
          acknowledged: isAcknowledged(roster, w),
        };
      }),
      removedSinceAcknowledgement: changesSince(roster, workers).removed,
      revision: roster?.revision ?? 0,
      contentSha256,
    };
    const bytes = await this.renderer.renderWorkerRoster(input, { owner: actor.userId });
    return {
      bytes,
      sha256: sha256Of(bytes),
      fileName: `juujisha-meibo-${contract.contractNumber}.pdf`,
      draft: false,
    };
  }

  private async respond(
    manager: EntityManager,
    actor: Actor,
    contract: Contract,
    roster: ContractRoster | null,
    workers: ContractWorker[],
  ): Promise<RosterResponse> {
    const status = roster?.status ?? 'UNACKNOWLEDGED';
    const by = roster?.acknowledgedBy ? await manager.findOneBy(User, { id: roster.acknowledgedBy }) : null;
    const open = contract.status === 'DRAFT' || contract.status === 'ACTIVE';
    return {
      contractId: contract.id,
      status,
      statusLabel: ROSTER_STATUS_LABELS[status],
      version: roster?.revision ?? 0,
      workerCount: workers.length,
      contentSha256: rosterSha256(workers),
      acknowledgedVersion: roster?.acknowledgedRevision ?? null,
      acknowledgedAt: roster?.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: roster?.acknowledgedBy ?? null,
      acknowledgedByName: by?.displayName ?? null,
      acknowledgedSha256: roster?.acknowledgedSha256 ?? null,
      changes: changesSince(roster, workers),
      canAcknowledge:
        open &&
        ROSTER_EVENT_ROLES.acknowledge.includes(actor.role) &&
        workers.length > 0 &&
        nextRosterStatus(status, 'acknowledge') !== null,
    };
  }
}

/** Every entry, oldest first (a roster is tens of people). */
function workersOf(manager: EntityManager, contractId: string): Promise<ContractWorker[]> {
  return manager.find(ContractWorker, { where: { contractId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** Entries added, changed and removed since the last acknowledgement (all are "added" before the first). */
function changesSince(
  roster: ContractRoster | null,
  workers: readonly ContractWorker[],
): { added: number; changed: number; removed: number } {
  const seen = roster?.acknowledgedWorkers ?? {};
  const current = new Set(workers.map((w) => w.id));
  return {
    added: workers.filter((w) => !(w.id in seen)).length,
    changed: workers.filter((w) => w.id in seen && seen[w.id] !== w.version).length,
    removed: Object.keys(seen).filter((id) => !current.has(id)).length,
  };
}
