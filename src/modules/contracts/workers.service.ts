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
import { findVisibleContract } from './contract-access';
import { ContractWorker } from './contract-worker.entity';
import type { Contract } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import {
  toWorkerResponse,
  type CreateWorkerRequest,
  type UpdateWorkerRequest,
  type WorkerResponse,
} from './dto/worker.dto';
import { Subcontract } from './subcontract.entity';
import { WorkerErrors } from './subcontracts.errors';
import { contractorNames } from './contract-access';

interface Employer {
  name: string;
  isPrime: boolean;
}

/**
 * The worker roster (従事者名簿): every named person working on the contract with the company that employs
 * them (MIC guideline item 2). An employer is the contractor or an APPROVED sub-contractor, never another
 * company: in 尼崎市 (2022) staff of an unapproved second tier were passed off as the prime's own.
 */
@Injectable()
export class WorkersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
  ) {}

  /** Oldest entry first. */
  async list(actor: Actor, contractId: string, query: PageQuery): Promise<Page<WorkerResponse>> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    const qb = manager
      .createQueryBuilder(ContractWorker, 'w')
      .where('w.contractId = :contractId', { contractId });
    const page = await pageByCreatedAt(qb, query, 'ASC');
    const names = await contractorNames(
      manager,
      page.rows.map((w) => w.employerContractorId),
    );
    return mapPage(page, (w) =>
      toWorkerResponse(w, {
        name: names.get(w.employerContractorId) ?? '',
        isPrime: w.employerContractorId === contract.contractorId,
      }),
    );
  }

  async add(actor: Actor, contractId: string, input: CreateWorkerRequest): Promise<WorkerResponse> {
    return this.tx.run(async (t) => {
      const contract = await this.findOpenContract(t.manager, actor, contractId);
      const employer = await approvedEmployer(t.manager, contract, input.employerContractorId);
      const now = new Date();
      const worker: ContractWorker = {
        id: randomUUID(),
        contractId,
        name: input.name,
        employerContractorId: input.employerContractorId,
        role: input.role,
        workLocation: input.workLocation,
        trainingDate: input.trainingDate ?? null,
        pledgeDate: input.pledgeDate ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, ContractWorker, worker);
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
          role: worker.role,
          workLocation: worker.workLocation,
          trainingDate: worker.trainingDate,
          pledgeDate: worker.pledgeDate,
        },
      });
      return toWorkerResponse(worker, employer);
    });
  }

  async update(
    actor: Actor,
    contractId: string,
    workerId: string,
    input: UpdateWorkerRequest,
  ): Promise<WorkerResponse> {
    return this.tx.run(async (t) => {
      const contract = await this.findOpenContract(t.manager, actor, contractId);
      const worker = await findWorker(t.manager, contractId, workerId);
      if (worker.version !== input.version)
        throw new StaleVersionError('WORKER', { currentVersion: worker.version });
      const changes = diff(worker, {
        name: input.name,
        employerContractorId: input.employerContractorId,
        role: input.role,
        workLocation: input.workLocation,
        trainingDate: input.trainingDate,
        pledgeDate: input.pledgeDate,
      });
      const employer = await approvedEmployer(
        t.manager,
        contract,
        changes.employerContractorId ?? worker.employerContractorId,
      );
      if (Object.keys(changes).length === 0) return toWorkerResponse(worker, employer);
      const next = { ...changes, version: worker.version + 1, updatedAt: new Date() };
      const result = await t.manager.update(ContractWorker, { id: workerId, version: worker.version }, next);
      if (!result.affected) throw new StaleVersionError('WORKER');
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
          ...(changes.employerContractorId ? { employerName: employer.name } : {}),
        },
      });
      return toWorkerResponse(updated, employer);
    });
  }

  async remove(actor: Actor, contractId: string, workerId: string): Promise<void> {
    await this.tx.run(async (t) => {
      await this.findOpenContract(t.manager, actor, contractId);
      const worker = await findWorker(t.manager, contractId, workerId);
      await t.manager.delete(ContractWorker, { id: workerId });
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
          role: worker.role,
        },
      });
    });
  }

  /** The roster of an ended or terminated contract is a record and no longer changes. */
  private async findOpenContract(manager: EntityManager, actor: Actor, id: string): Promise<Contract> {
    const contract = await findVisibleContract(manager, actor, id);
    if (contract.status === 'ENDED' || contract.status === 'TERMINATED')
      throw ContractErrors.wrongStatus(contract.status, '従事者名簿の変更');
    return contract;
  }
}

/** The contract's contractor, or the contractor of an APPROVED tier of this contract; anyone else is refused. */
async function approvedEmployer(
  manager: EntityManager,
  contract: Contract,
  employerId: string,
): Promise<Employer> {
  const isPrime = employerId === contract.contractorId;
  if (
    !isPrime &&
    !(await manager.existsBy(Subcontract, {
      contractId: contract.id,
      contractorId: employerId,
      status: 'APPROVED',
    }))
  ) {
    throw WorkerErrors.employerNotApproved();
  }
  const employer = await manager.findOneBy(Contractor, { id: employerId });
  if (!employer) throw WorkerErrors.employerNotApproved();
  return { name: employer.name, isPrime };
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
