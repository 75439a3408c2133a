import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addDays, todayInJapan } from '../../common/clock';
import { insertRows } from '../../database/insert';
import type { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { ContractClause } from '../contracts/contract-clause.entity';
import type { Contract } from '../contracts/contract.entity';
import { ContractCloseOut } from './close-out.entity';

export const RETURN_CLAUSE = 'RETURN_ERASURE';
const RETURN_PARAM = 'returnDays';
const FALLBACK_RETURN_DAYS = 14;

/**
 * Days after the end or termination within which the information assets come back or are erased (情報資産の返還
 * 及び消去 第1項): the contract's own parameter, or, for a clause signed with the default, the number its signed
 * text states; failing both, today's catalogue default.
 */
export async function returnDaysOf(
  manager: EntityManager,
  catalogue: ClauseCatalogueService,
  contract: Pick<Contract, 'id' | 'status'>,
): Promise<number> {
  const row = await manager.findOneBy(ContractClause, { contractId: contract.id, clauseCode: RETURN_CLAUSE });
  const own = row?.params?.[RETURN_PARAM];
  if (typeof own === 'number' && Number.isSafeInteger(own) && own > 0) return own;
  if (contract.status !== 'DRAFT' && row?.renderedText) {
    const signed = /その日から([0-9０-９]+)日以内/u.exec(row.renderedText.normalize('NFKC'));
    if (signed) return Number(signed[1]);
  }
  const param = catalogue.find(RETURN_CLAUSE)?.params.find((p) => p.name === RETURN_PARAM);
  return param?.type === 'integer' ? param.default : FALLBACK_RETURN_DAYS;
}

/**
 * The 返還・廃棄報告 a contract now owes (close-out lifecycle: — → OWED), written in the transaction that ends or
 * terminates the contract. Due `returnDays` after the day of the end (Japan time; the day itself not counted).
 */
export async function openCloseOut(
  manager: EntityManager,
  catalogue: ClauseCatalogueService,
  contract: Contract,
  basis: 'ENDED' | 'TERMINATED',
  now: Date,
): Promise<ContractCloseOut> {
  const returnDays = await returnDaysOf(manager, catalogue, contract);
  const endedOn = todayInJapan(now);
  const row: ContractCloseOut = {
    id: randomUUID(),
    contractId: contract.id,
    contractorId: contract.contractorId,
    status: 'OWED',
    basis,
    endedOn,
    returnDays,
    dueDate: addDays(endedOn, returnDays),
    sections: null,
    submissions: 0,
    submittedAt: null,
    submittedBy: null,
    returnReason: null,
    confirmationNote: null,
    decidedBy: null,
    decidedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await insertRows(manager, ContractCloseOut, row);
  return row;
}
