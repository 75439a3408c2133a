import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { ForbiddenError } from '../../common/errors/domain-error';
import { rawDate, rawInstant } from '../../database/raw-values';
import { Contractor } from '../contractors/contractor.entity';
import { ContractRoster } from '../contracts/contract-roster.entity';
import { ContractWorker } from '../contracts/contract-worker.entity';
import { Contract } from '../contracts/contract.entity';
import { Subcontract } from '../contracts/subcontract.entity';
import { PENDING_STATUSES } from '../contracts/subcontract.state';

/** Contracts whose 再委託 and rosters are still decided and acknowledged (as the services allow). */
const OPEN_CONTRACT_STATUSES = ['DRAFT', 'ACTIVE'];
const LIMIT = 50;

export interface PendingSubcontract {
  id: string;
  contractId: string;
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
  /** The sub-contractor as registered, or as the request proposes it. */
  subcontractorName: string;
  status: string;
  plannedStartDate: string | null;
  requestedAt: string;
}

export interface PendingRoster {
  contractId: string;
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
  status: string;
  changedAt: string;
}

/**
 * The body's work waiting for staff, for ホーム: 再委託 requests not yet decided (REQUESTED: to register, then
 * decide; REGISTERED: to decide) and worker rosters not acknowledged as they stand (never acknowledged, or
 * changed since). Oldest first: what has waited longest comes first.
 */
@Injectable()
export class PendingWorkService {
  constructor(private readonly dataSource: DataSource) {}

  async subcontracts(actor: Actor): Promise<PendingSubcontract[]> {
    assertStaff(actor);
    const rows = await this.dataSource.manager
      .createQueryBuilder(Subcontract, 's')
      .innerJoin(Contract, 'k', 'k.id = s.contractId')
      .innerJoin(Contractor, 'c', 'c.id = k.contractorId')
      .leftJoin(Contractor, 'sc', 'sc.id = s.contractorId')
      .select('s.id', 'id')
      .addSelect('s.contractId', 'contractId')
      .addSelect('s.status', 'status')
      .addSelect('s.proposed', 'proposed')
      .addSelect('s.plannedStartDate', 'plannedStartDate')
      .addSelect('s.createdAt', 'createdAt')
      .addSelect('k.contractNumber', 'contractNumber')
      .addSelect('k.title', 'contractTitle')
      .addSelect('c.name', 'contractorName')
      .addSelect('sc.name', 'subcontractorName')
      .where('s.status IN (:...pending)', { pending: [...PENDING_STATUSES] })
      .andWhere('k.status IN (:...open)', { open: OPEN_CONTRACT_STATUSES })
      .orderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(LIMIT)
      .getRawMany<RawSubcontract>();
    return rows.map((r) => ({
      id: r.id,
      contractId: r.contractId,
      contractNumber: r.contractNumber,
      contractTitle: r.contractTitle,
      contractorName: r.contractorName,
      subcontractorName: r.subcontractorName ?? proposedName(r.proposed),
      status: r.status,
      plannedStartDate: r.plannedStartDate === null ? null : rawDate(r.plannedStartDate),
      requestedAt: rawInstant(r.createdAt).toISOString(),
    }));
  }

  async rosters(actor: Actor): Promise<PendingRoster[]> {
    assertStaff(actor);
    const qb = this.dataSource.manager.createQueryBuilder(ContractRoster, 'r');
    // A roster whose entries were all removed has nothing to acknowledge (the acknowledgement refuses it).
    const hasWorkers = qb
      .subQuery()
      .select('1')
      .from(ContractWorker, 'w')
      .where('w.contractId = r.contractId')
      .getQuery();
    const rows = await qb
      .innerJoin(Contract, 'k', 'k.id = r.contractId')
      .innerJoin(Contractor, 'c', 'c.id = k.contractorId')
      .select('r.contractId', 'contractId')
      .addSelect('r.status', 'status')
      .addSelect('r.updatedAt', 'updatedAt')
      .addSelect('k.contractNumber', 'contractNumber')
      .addSelect('k.title', 'contractTitle')
      .addSelect('c.name', 'contractorName')
      .where("r.status <> 'ACKNOWLEDGED'")
      .andWhere('k.status IN (:...open)', { open: OPEN_CONTRACT_STATUSES })
      .andWhere(`EXISTS ${hasWorkers}`)
      .orderBy('r.updatedAt', 'ASC')
      .addOrderBy('r.contractId', 'ASC')
      .limit(LIMIT)
      .getRawMany<RawRoster>();
    return rows.map((r) => ({
      contractId: r.contractId,
      contractNumber: r.contractNumber,
      contractTitle: r.contractTitle,
      contractorName: r.contractorName,
      status: r.status,
      changedAt: rawInstant(r.updatedAt).toISOString(),
    }));
  }
}

interface RawSubcontract {
  id: string;
  contractId: string;
  status: string;
  proposed: string | null;
  plannedStartDate: Date | string | null;
  createdAt: Date | string;
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
  subcontractorName: string | null;
}

interface RawRoster {
  contractId: string;
  status: string;
  updatedAt: Date | string;
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
}

/** The proposal's company name from the raw simple-json column. */
function proposedName(json: string | null): string {
  if (json === null) return '';
  try {
    const value = JSON.parse(json) as { name?: unknown } | null;
    return typeof value?.name === 'string' ? value.name : '';
  } catch {
    return '';
  }
}

function assertStaff(actor: Actor): void {
  if (actor.role === 'CONTRACTOR') throw new ForbiddenError();
}
