import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import type { PageQuery } from '../../common/pagination/page.query';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { Contractor } from '../contractors/contractor.entity';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { deciders, rosterChangedNotice } from '../notifications/pending-work-notices';
import { isOver } from './contract-lifecycle';
import { contractorNames, findVisibleContract, lockContract } from './contract-access';
import type { ContractRoster } from './contract-roster.entity';
import { ContractWorker, type EmploymentType } from './contract-worker.entity';
import type { Contract } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import {
  toWorkerResponse,
  type CreateWorkerRequest,
  type EmployerView,
  type UpdateWorkerRequest,
  type WorkerResponse,
} from './dto/worker.dto';
import { approvedTiers, findRoster, isAcknowledged, recordRosterChange } from './roster-records';
import { WorkerRuleErrors } from './roster.errors';
import { checkLocation } from './work-locations';
import { WorkerErrors } from './subcontracts.errors';

interface Employer extends EmployerView {
  /** 個人事業主: registered without a 法人番号. */
  individual: boolean;
}

/**
 * The worker roster (従事者名簿): every named person working on the contract with the company that employs
 * them (MIC guideline item 2), their employment type and a work place the contract names. An employer is the
 * contractor or an APPROVED sub-contractor, never another company: in 尼崎市 (2022) staff of an unapproved second
 * tier were passed off as the prime's own. Every change counts up the roster's revision and, once the body has
 * acknowledged the roster (受理), makes it "changed, not acknowledged" (roster.state.ts).
 */
@Injectable()
export class WorkersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
  ) {}

  /** Oldest entry first. */
  async list(actor: Actor, contractId: string, query: PageQuery): Promise<Page<WorkerResponse>> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    const qb = manager
      .createQueryBuilder(ContractWorker, 'w')
      .where('w.contractId = :contractId', { contractId });
    const page = await pageByCreatedAt(qb, query, 'ASC');
    const [names, tiers, roster] = await Promise.all([
      contractorNames(
        manager,
        page.rows.map((w) => w.employerContractorId),
      ),
      approvedTiers(manager, contractId),
      findRoster(manager, contractId),
    ]);
    return mapPage(page, (w) =>
      toWorkerResponse(
        w,
        employerView(contract, w.employerContractorId, names.get(w.employerContractorId) ?? '', tiers),
        isAcknowledged(roster, w),
      ),
    );
  }

  async add(actor: Actor, contractId: string, input: CreateWorkerRequest): Promise<WorkerResponse> {
    const added = await this.tx.run(async (t) => {
      const contract = await this.findOpenContract(t.manager, actor, contractId);
      const employmentType = input.employmentType ?? 'EMPLOYEE';
      const dispatchAgencyName = input.dispatchAgencyName ?? null;
      checkAgency(employmentType, dispatchAgencyName);
      const workLocation = checkLocation(contract, input.workLocation);
      const employer = await approvedEmployer(t.manager, contract, input.employerContractorId);
      checkFreelance(employmentType, employer);
      const now = new Date();
      const worker: ContractWorker = {
        id: randomUUID(),
        contractId,
        name: input.name,
        employerContractorId: input.employerContractorId,
        employmentType,
        dispatchAgencyName,
        role: input.role,
        workLocation,
        trainingDate: input.trainingDate ?? null,
        pledgeDate: input.pledgeDate ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, ContractWorker, worker);
      const roster = await recordRosterChange(t.manager, contractId, now);
      await t.audit({
        actor,
        action: 'worker.add',
        entityType: 'contract',
        entityId: contractId,
        summary: {
          workerId: worker.id,
          name: worker.name,
          employerContractorId: worker.employerContractorId,
          employerName: employer.name,
          employerTier: employer.tier,
          employmentType: worker.employmentType,
          dispatchAgencyName: worker.dispatchAgencyName,
          role: worker.role,
          workLocation: worker.workLocation,
          trainingDate: worker.trainingDate,
          pledgeDate: worker.pledgeDate,
          rosterRevision: roster.revision,
          rosterStatus: roster.status,
        },
      });
      await this.noticeChange(t.manager, actor, contract, roster);
      return toWorkerResponse(worker, employer, false);
    });
    this.mailer.flushSoon();
    return added;
  }

  async update(
    actor: Actor,
    contractId: string,
    workerId: string,
    input: UpdateWorkerRequest,
  ): Promise<WorkerResponse> {
    const saved = await this.tx.run(async (t) => {
      const contract = await this.findOpenContract(t.manager, actor, contractId);
      const worker = await findWorker(t.manager, contractId, workerId);
      if (worker.version !== input.version)
        throw new StaleVersionError('WORKER', { currentVersion: worker.version });
      const employmentType = input.employmentType ?? worker.employmentType;
      // A worker who stops being DISPATCHED loses the agency unless the request names one (then refused below).
      const dispatchAgencyName =
        input.dispatchAgencyName !== undefined
          ? input.dispatchAgencyName
          : employmentType === 'DISPATCHED'
            ? worker.dispatchAgencyName
            : null;
      checkAgency(employmentType, dispatchAgencyName);
      const changes = diff(worker, {
        name: input.name,
        employerContractorId: input.employerContractorId,
        employmentType,
        dispatchAgencyName,
        role: input.role,
        // A place is checked when sent; an entry already at a place is left as it is.
        workLocation:
          input.workLocation === undefined ? undefined : checkLocation(contract, input.workLocation),
        trainingDate: input.trainingDate,
        pledgeDate: input.pledgeDate,
      });
      const employer = await approvedEmployer(
        t.manager,
        contract,
        changes.employerContractorId ?? worker.employerContractorId,
      );
      if ('employmentType' in changes || 'employerContractorId' in changes)
        checkFreelance(employmentType, employer);
      if (Object.keys(changes).length === 0) {
        return toWorkerResponse(
          worker,
          employer,
          isAcknowledged(await findRoster(t.manager, contractId), worker),
        );
      }
      const now = new Date();
      const next = { ...changes, version: worker.version + 1, updatedAt: now };
      const result = await t.manager.update(ContractWorker, { id: workerId, version: worker.version }, next);
      if (!result.affected) throw new StaleVersionError('WORKER');
      const roster = await recordRosterChange(t.manager, contractId, now);
      const updated = { ...worker, ...next };
      await t.audit({
        actor,
        action: 'worker.update',
        entityType: 'contract',
        entityId: contractId,
        summary: {
          workerId,
          name: updated.name,
          ...changes,
          ...(changes.employerContractorId
            ? { employerName: employer.name, employerTier: employer.tier }
            : {}),
          rosterRevision: roster.revision,
          rosterStatus: roster.status,
        },
      });
      await this.noticeChange(t.manager, actor, contract, roster);
      return toWorkerResponse(updated, employer, false);
    });
    this.mailer.flushSoon();
    return saved;
  }

  async remove(actor: Actor, contractId: string, workerId: string): Promise<void> {
    await this.tx.run(async (t) => {
      const contract = await this.findOpenContract(t.manager, actor, contractId);
      const worker = await findWorker(t.manager, contractId, workerId);
      await t.manager.delete(ContractWorker, { id: workerId });
      const roster = await recordRosterChange(t.manager, contractId, new Date());
      const names = await contractorNames(t.manager, [worker.employerContractorId]);
      // The row is gone; the audit row keeps who was on the roster and for whom they worked.
      await t.audit({
        actor,
        action: 'worker.remove',
        entityType: 'contract',
        entityId: contractId,
        summary: {
          workerId,
          name: worker.name,
          employerContractorId: worker.employerContractorId,
          employerName: names.get(worker.employerContractorId) ?? null,
          employmentType: worker.employmentType,
          role: worker.role,
          workLocation: worker.workLocation,
          rosterRevision: roster.revision,
          rosterStatus: roster.status,
        },
      });
      await this.noticeChange(t.manager, actor, contract, roster);
    });
    this.mailer.flushSoon();
  }

  /**
   * A change to a roster the body had acknowledged (now CHANGED) is notified to the officers who acknowledge it,
   * in the change's transaction: once per change set, whatever the number of edits before the next 受理.
   */
  private async noticeChange(
    manager: EntityManager,
    actor: Actor,
    contract: Contract,
    roster: ContractRoster,
  ): Promise<void> {
    if (roster.status !== 'CHANGED' || roster.acknowledgedRevision === null) return;
    const names = await contractorNames(manager, [contract.contractorId]);
    await this.notifications.notify(
      manager,
      rosterChangedNotice(
        { ...contract, contractorName: names.get(contract.contractorId) ?? '' },
        roster.acknowledgedRevision,
        await deciders(manager, contract, actor.userId),
      ),
    );
  }

  /**
   * The roster of an ended or terminated contract is a record and no longer changes. The contract's row is
   * locked: the roster's changes and its acknowledgement are counted one at a time.
   */
  private async findOpenContract(manager: EntityManager, actor: Actor, id: string): Promise<Contract> {
    const contract = await findVisibleContract(manager, actor, id);
    if (isOver(contract.status)) throw ContractErrors.wrongStatus(contract.status, '従事者名簿の変更');
    await lockContract(manager, id);
    return contract;
  }
}

/** The employer as shown: its name, whether it is the contractor itself, its tier. */
export function employerView(
  contract: Pick<Contract, 'contractorId'>,
  employerId: string,
  name: string,
  tiers: ReadonlyMap<string, number>,
): EmployerView {
  const isPrime = employerId === contract.contractorId;
  return { name, isPrime, tier: isPrime ? 0 : (tiers.get(employerId) ?? 0) };
}

/** 派遣元 exactly for a dispatched worker. */
function checkAgency(type: EmploymentType, agency: string | null): void {
  if (type === 'DISPATCHED' && agency === null) throw WorkerRuleErrors.agencyRequired();
  if (type !== 'DISPATCHED' && agency !== null) throw WorkerRuleErrors.agencyNotAllowed();
}

/**
 * 個人事業主 works in person as the contracting party itself (乙 or an approved sub-contractor being an individual):
 * a company's employer has a 法人番号, and a freelancer engaged by a company is a sub-contract needing approval.
 */
function checkFreelance(type: EmploymentType, employer: Employer): void {
  if (type === 'FREELANCE' && !employer.individual) throw WorkerRuleErrors.freelanceNeedsIndividual();
}

/** The contract's contractor, or the contractor of an APPROVED tier of this contract; anyone else is refused. */
async function approvedEmployer(
  manager: EntityManager,
  contract: Contract,
  employerId: string,
): Promise<Employer> {
  const isPrime = employerId === contract.contractorId;
  const tiers = await approvedTiers(manager, contract.id);
  if (!isPrime && !tiers.has(employerId)) throw WorkerErrors.employerNotApproved();
  const employer = await manager.findOneBy(Contractor, { id: employerId });
  if (!employer) throw WorkerErrors.employerNotApproved();
  return {
    ...employerView(contract, employerId, employer.name, tiers),
    individual: employer.corporateNumber === null,
  };
}

async function findWorker(manager: EntityManager, contractId: string, id: string): Promise<ContractWorker> {
  const worker = await manager.findOneBy(ContractWorker, { id, contractId });
  if (!worker) throw WorkerErrors.notFound();
  return worker;
}

/** The fields whose value differs from the stored row (undefined means "not sent"). */
function diff<T extends object>(current: T, wanted: { [K in keyof T]?: T[K] | undefined }): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(wanted) as (keyof T)[]) {
    const value = wanted[key];
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  return changes;
}
